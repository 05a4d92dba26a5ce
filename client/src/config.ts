import * as vscode from 'vscode';
import { readSettings, type DocksideSettings } from '@dockside/core';

/** Typed getters over the `dockside.*` settings. */
export class Config {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('dockside');
  }

  /** What the server receives at start (later it pulls the `dockside` section itself). */
  get serverSettings(): DocksideSettings {
    const section = this.section;
    const read = (key: string): unknown => section.get(key);
    return readSettings({
      compose: { files: read('compose.files') },
      taskDefinition: { files: read('taskDefinition.files') },
      diagnostics: { enable: read('diagnostics.enable'), delay: read('diagnostics.delay') },
      completion: { enable: read('completion.enable') },
      hover: { enable: read('hover.enable') },
      outline: { enable: read('outline.enable') },
      quickFixes: { enable: read('quickFixes.enable') },
    });
  }

  get composeFiles(): string[] {
    return this.serverSettings.compose.files;
  }

  /** Settings the document selector is built from: changing them restarts the language client. */
  static readonly restartOn = ['dockside.compose.files'];
}
