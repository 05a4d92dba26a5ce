import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EFFECTIVE_CONFIGURATION_METHOD, type EffectiveConfigurationParams, type EffectiveConfigurationResult } from '@dockside/core';

const SCHEME = 'dockside-effective';

/** Read-only documents holding a project's merged configuration, fetched from the server on open. */
class EffectiveConfigurationProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: () => LanguageClient | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const client = this.client();
    if (!client) return '# The Dockside language server is not running.\n';
    const source = uri.query;
    const result = await client.sendRequest<EffectiveConfigurationResult>(EFFECTIVE_CONFIGURATION_METHOD, {
      uri: source,
    } satisfies EffectiveConfigurationParams);
    const header = [
      '# The effective configuration: the files below merged and interpolated as Docker Compose does.',
      '# Read-only; edit the files themselves.',
      ...result.files.map((file) => `#   ${file}`),
      ...result.problems.map((problem) => `# Problem: ${problem}`),
    ];
    return `${header.join('\n')}\n${result.yaml}`;
  }
}

/** "Dockside: Show Effective Configuration" for the active (or right-clicked) Compose file. */
export function registerEffectiveConfiguration(client: () => LanguageClient | undefined): vscode.Disposable {
  const provider = vscode.workspace.registerTextDocumentContentProvider(SCHEME, new EffectiveConfigurationProvider(client));
  const command = vscode.commands.registerCommand('dockside.compose.showEffectiveConfiguration', async (target?: vscode.Uri) => {
    const source = target ?? vscode.window.activeTextEditor?.document.uri;
    if (!source) {
      void vscode.window.showInformationMessage('Open a Compose file first, then show its effective configuration.');
      return;
    }
    const name = source.path.split('/').pop() ?? 'compose.yaml';
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name.replace(/\.ya?ml$/, '')}.effective.yaml`, query: source.toString() });
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(document, 'yaml');
      await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Dockside could not build the effective configuration: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
  return vscode.Disposable.from(provider, command);
}
