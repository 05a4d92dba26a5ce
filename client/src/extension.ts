import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerConvertCommands } from './commands/convert';
import { registerEffectiveConfiguration } from './commands/effectiveConfiguration';
import { Config } from './config';
import { createLanguageClient } from './lsp/client';
import { activateSidebar } from './sidebar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Dockside');
  const config = new Config();
  context.subscriptions.push(output);

  const start = async (): Promise<void> => {
    client = createLanguageClient(context, config, output);
    await client.start();
  };
  const restart = async (): Promise<void> => {
    await client?.stop();
    await start();
  };

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!Config.restartOn.some((s) => event.affectsConfiguration(s))) return;
      // The document selector is fixed when a client starts, so a new file pattern needs a new client.
      await restart();
    }),
    vscode.commands.registerCommand('dockside.server.restart', restart),
    // The server reads `.env` and env files only in a trusted workspace, and learns which at start.
    vscode.workspace.onDidGrantWorkspaceTrust(restart),
    vscode.commands.registerCommand('dockside.output.show', () => output.show()),
    registerEffectiveConfiguration(() => client),
    registerConvertCommands(() => client),
    activateSidebar(context, output, config),
  );
  await start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
