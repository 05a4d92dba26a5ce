import * as vscode from 'vscode';
import { registerConvertCommands } from './commands/convert';
import { registerEffectiveConfiguration } from './commands/effectiveConfiguration';
import { Config } from './config';
import { LanguageServer } from './lsp/languageServer';
import { activateSidebar } from './sidebar';
import { composeClientExtension } from './views/composeLens';

let server: LanguageServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Dockside');
  const docker = activateSidebar(context, output);
  const languageServer = new LanguageServer(context, new Config(), output, (client) => composeClientExtension(docker, client));
  server = languageServer;
  context.subscriptions.push(
    languageServer,
    docker,
    output,
    vscode.commands.registerCommand('dockside.output.show', () => output.show()),
    registerEffectiveConfiguration(() => languageServer.client),
    registerConvertCommands(() => languageServer.client),
  );
  await languageServer.start();
}

/** Waits for the server to stop (VS Code gives deactivation a few seconds); the lifecycle bounds the stop. */
export function deactivate(): Promise<void> | undefined {
  return server?.dispose();
}
