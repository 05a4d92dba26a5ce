import * as vscode from 'vscode';
import { DEFAULT_COMPOSE_GLOBS, type DocksideSettings } from '../../server/src/settings';

/** Typed getters over the `dockside.*` settings. */
export class Config {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('dockside');
  }

  get composeFiles(): string[] {
    return this.section.get<string[]>('compose.files') ?? [...DEFAULT_COMPOSE_GLOBS];
  }

  get diagnosticsDelay(): number {
    return this.section.get<number>('diagnostics.delay') ?? 50;
  }

  /** What the server receives at start and through `workspace/configuration`. */
  get serverSettings(): DocksideSettings {
    return { compose: { files: this.composeFiles }, diagnostics: { delay: this.diagnosticsDelay } };
  }

  /** Settings the document selector is built from: changing them restarts the language client. */
  static readonly restartOn = ['dockside.compose.files'];
}
