import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { Config } from '../config';

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

export function createLanguageClient(context: vscode.ExtensionContext, config: Config, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  // The server keeps V8's code cache of its bundle in the extension's own storage (core/node/codeCache.ts).
  const env = { ...process.env, DOCKSIDE_CACHE_DIR: context.globalStorageUri.fsPath };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(config.composeFiles),
    synchronize: { configurationSection: 'dockside' },
    // In an untrusted workspace the server reads no `.env` or env files (they may hold secrets);
    // granting trust restarts the client (see extension.ts), which then says so.
    initializationOptions: { settings: config.serverSettings, workspaceTrusted: vscode.workspace.isTrusted },
    outputChannel: output,
  };
  return new LanguageClient('dockside', 'Dockside Language Server', serverOptions, clientOptions);
}
