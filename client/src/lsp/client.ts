import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { Config } from '../config';
import { isExpectedExit } from './lifecycle';

/**
 * Compose documents (the `dockercompose` language, plus YAML files matching `dockside.compose.files`)
 * and JSON documents: the server recognises task definitions by name or by content and ignores the rest.
 */
export function documentSelector(composeGlobs: readonly string[]): DocumentSelector {
  const selector: DocumentSelector = [];
  for (const scheme of ['file', 'untitled']) {
    selector.push({ scheme, language: 'dockercompose' }, { scheme, language: 'json' }, { scheme, language: 'jsonc' });
    for (const glob of composeGlobs) selector.push({ scheme, language: 'yaml', pattern: glob.includes('/') ? glob : `**/${glob}` });
  }
  return selector;
}

/** The language client, told apart from a crash: the exit of a server it asked to stop is not an error. */
export class DocksideLanguageClient extends LanguageClient {
  private stopRequested = false;

  override stop(timeout?: number): Promise<void> {
    this.stopRequested = true;
    return super.stop(timeout);
  }

  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    if (isExpectedExit(message, this.stopRequested)) this.info(message, undefined, false);
    else super.error(message, data, showNotification);
  }
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  config: Config,
  output: vscode.OutputChannel,
): DocksideLanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(config.composeFiles),
    synchronize: { configurationSection: 'dockside' },
    // In an untrusted workspace the server reads no `.env` or env files (they may hold secrets);
    // granting trust restarts the client (see languageServer.ts), which then says so.
    initializationOptions: { settings: config.serverSettings, workspaceTrusted: vscode.workspace.isTrusted },
    outputChannel: output,
  };
  return new DocksideLanguageClient('dockside', 'Dockside Language Server', serverOptions, clientOptions);
}
