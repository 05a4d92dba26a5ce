import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Config } from '../config';

/** Compose documents: the `dockercompose` language, plus YAML files matching `dockside.compose.files`. */
export function composeSelector(globs: readonly string[]): DocumentSelector {
  const selector: DocumentSelector = [];
  for (const scheme of ['file', 'untitled']) {
    selector.push({ scheme, language: 'dockercompose' });
    for (const glob of globs) selector.push({ scheme, language: 'yaml', pattern: glob.includes('/') ? glob : `**/${glob}` });
  }
  return selector;
}

export function createLanguageClient(context: vscode.ExtensionContext, config: Config, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: composeSelector(config.composeFiles),
    synchronize: { configurationSection: 'dockside' },
    initializationOptions: { settings: config.serverSettings },
    outputChannel: output,
  };
  return new LanguageClient('dockside', 'Dockside Language Server', serverOptions, clientOptions);
}
