import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { Config } from '../config';
import { stopAtWork } from './lifecycle';

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

/** The language client, telling a stop apart from a failure: what a stop it asked for does is not an error. */
export class DocksideLanguageClient extends LanguageClient {
  private stopRequested = false;

  override stop(timeout?: number): Promise<void> {
    this.stopRequested = true;
    return super.stop(timeout);
  }

  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    const information = stopAtWork(message, this.stopRequested);
    if (information) this.info(information, undefined, false);
    else super.error(message, data, showNotification);
  }
}

/** What another part of the extension adds to the client: middleware, and the commands it registers for the server to use. */
export interface ClientExtension {
  middleware: Middleware;
  clientCommands: readonly string[];
  disposable: vscode.Disposable;
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  config: Config,
  output: vscode.OutputChannel,
  extension: Pick<ClientExtension, 'middleware' | 'clientCommands'>,
): DocksideLanguageClient {
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
    // granting trust restarts the client (see languageServer.ts), which then says so.
    initializationOptions: {
      settings: config.serverSettings,
      workspaceTrusted: vscode.workspace.isTrusted,
      clientCommands: extension.clientCommands,
    },
    middleware: extension.middleware,
    outputChannel: output,
  };
  return new DocksideLanguageClient('dockside', 'Dockside Language Server', serverOptions, clientOptions);
}
