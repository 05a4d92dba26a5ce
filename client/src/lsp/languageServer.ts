import * as vscode from 'vscode';
import { Config } from '../config';
import { createLanguageClient, type ClientExtension, type DocksideLanguageClient } from './client';
import { ClientLifecycle } from './lifecycle';

/** How long the server has to stop (it answers `shutdown` at once when healthy) before it is disposed regardless. */
const STOP_TIMEOUT_MS = 2000;

/**
 * The one owner of the language client. Its three restart triggers — a change of a setting the client
 * is built from, the "Restart Language Server" command, workspace trust granted — go through one
 * lifecycle, so they queue instead of racing; commands read the client from here at each use.
 */
export class LanguageServer implements vscode.Disposable {
  private readonly lifecycle: ClientLifecycle<DocksideLanguageClient>;
  private readonly subscriptions: vscode.Disposable[];

  /** `extend` gives the client its middleware and the commands it has (once; every new client gets the same). */
  constructor(
    context: vscode.ExtensionContext,
    config: Config,
    output: vscode.OutputChannel,
    extend: (client: () => DocksideLanguageClient | undefined) => ClientExtension,
  ) {
    const extension = extend(() => this.client);
    const log = (level: 'Info' | 'Error', message: string): void =>
      output.appendLine(`[${level.padEnd(5)} - ${new Date().toLocaleTimeString()}] ${message}`);
    this.lifecycle = new ClientLifecycle({
      create: () => createLanguageClient(context, config, output, extension),
      log: { info: (message) => log('Info', message), error: (message) => log('Error', message) },
      stopTimeoutMs: STOP_TIMEOUT_MS,
    });
    this.subscriptions = [
      extension.disposable,
      vscode.workspace.onDidChangeConfiguration((event) => {
        const changed = Config.restartOn.find((setting) => event.affectsConfiguration(setting));
        // The document selector is fixed when a client starts, so a new file pattern needs a new client.
        if (changed) void this.restart(`${changed} changed`);
      }),
      vscode.commands.registerCommand('dockside.server.restart', () => this.restart('asked for')),
      // The server reads `.env` and env files only in a trusted workspace, and learns which at start.
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.restart('the workspace is now trusted, so .env and env files are read')),
    ];
  }

  /** The client to send requests to; undefined while the server is not running (restarting, failed to start). */
  get client(): DocksideLanguageClient | undefined {
    return this.lifecycle.client;
  }

  start(): Promise<void> {
    return this.lifecycle.start();
  }

  restart(reason: string): Promise<void> {
    return this.lifecycle.restart(reason);
  }

  /** Stops the server (within the timeout) and lets the client go; deactivation waits for it. */
  dispose(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    return this.lifecycle.dispose();
  }
}
