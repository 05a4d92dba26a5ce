// From a Compose file to the engine and back: the language server places the "Run all" / "Run service"
// lenses and knows which volume a hover is on; this middleware adds what needs the engine: lenses only
// while there is an engine to run on, and the volume's live state in the hover. The run commands too.
import * as vscode from 'vscode';
import { CodeLensRequest, type LanguageClient, type Middleware } from 'vscode-languageclient/node';
import { projectFilesFor, RUN_ALL_COMMAND, RUN_SERVICE_COMMAND, VOLUME_AT_METHOD } from '@dockside/core';
import type { DocumentPosition, VolumeAtResult } from '@dockside/core';
import { diskHost } from '@dockside/core/node';
import { listVolumes } from '@dockside/engine';
import type { StackCommands } from '../commands/stacks';
import type { DocksideContext } from '../ctx';
import type { ClientExtension } from '../lsp/client';
import { runLensView, volumeHover } from './composeLensModel';

function folderOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
}

/** The files a Run lens starts: the project the file belongs to (base, override, or base + this partial file). */
export function projectSource(documentPath: string): { workingDir: string; files: string[] } {
  const files = projectFilesFor(documentPath, diskHost());
  return { workingDir: folderOf(documentPath), files: files.length ? files : [documentPath] };
}

/** The commands the server's lenses carry: their argument is the document's URI as the server knows it. */
export function registerRunCommands(stacks: StackCommands): vscode.Disposable {
  const fileOf = (uri: vscode.Uri | string): string => (typeof uri === 'string' ? vscode.Uri.parse(uri) : uri).fsPath;
  return vscode.Disposable.from(
    vscode.commands.registerCommand(
      'dockside.compose.runService' satisfies typeof RUN_SERVICE_COMMAND,
      (uri: vscode.Uri | string, service: string) => stacks.upFiles(projectSource(fileOf(uri)), { services: [service] }),
    ),
    vscode.commands.registerCommand('dockside.compose.runAll' satisfies typeof RUN_ALL_COMMAND, (uri: vscode.Uri | string) =>
      stacks.upFiles(projectSource(fileOf(uri))),
    ),
  );
}

/** What the language client gets for Compose files: the middleware, the commands its lenses may carry, the lens refresh that follows the engine. */
export function composeClientExtension(ctx: DocksideContext, client: () => LanguageClient | undefined): ClientExtension {
  const middleware: Middleware = {
    async provideCodeLenses(document, token, next) {
      // Without an engine there is nothing to run on; the status bar says why.
      if (ctx.session.state.kind !== 'connected') return [];
      const lenses = (await next(document, token)) ?? [];
      for (const lens of lenses) {
        const view = lens.command && runLensView(lens.command.command, lens.command.title, lens.command.arguments ?? []);
        if (lens.command && view) Object.assign(lens.command, view);
      }
      return lenses;
    },
    async provideHover(document, position, token, next) {
      const [hover, volume] = await Promise.all([next(document, position, token), volumeAt(client(), document, position, token)]);
      if (!volume) return hover;
      const live = await liveVolume(ctx, volume.engineName, token);
      if (live === undefined) return hover;
      const { start, end } = volume.range;
      const range = hover?.range ?? new vscode.Range(start.line, start.character, end.line, end.character);
      return new vscode.Hover([...(hover?.contents ?? []), new vscode.MarkdownString(live)], range);
    },
  };
  // The lenses show only while the engine is connected: ask for them again when that changes.
  const disposable = ctx.session.onDidChangeState(() => refreshCodeLenses(client()));
  return { middleware, clientCommands: [RUN_SERVICE_COMMAND, RUN_ALL_COMMAND], disposable: { dispose: () => disposable.dispose() } };
}

async function volumeAt(
  client: LanguageClient | undefined,
  document: vscode.TextDocument,
  position: vscode.Position,
  token: vscode.CancellationToken,
): Promise<VolumeAtResult | null> {
  if (!client || document.uri.scheme !== 'file' || !['dockercompose', 'yaml'].includes(document.languageId)) return null;
  const params: DocumentPosition = {
    textDocument: { uri: document.uri.toString() },
    position: { line: position.line, character: position.character },
  };
  // A hover is no place for an error: without an answer the hover is the server's alone.
  return client.sendRequest<VolumeAtResult | null>(VOLUME_AT_METHOD, params, token).catch(() => null);
}

/** The volume as the engine has it now, or that the engine is not connected; undefined when the engine failed (the Volumes view says why). */
async function liveVolume(ctx: DocksideContext, engineName: string, token: vscode.CancellationToken): Promise<string | undefined> {
  const docker = ctx.session.docker;
  if (!docker) return volumeHover(engineName, undefined, false);
  const abort = new AbortController();
  token.onCancellationRequested(() => abort.abort());
  try {
    const volumes = await listVolumes(docker, { sizes: ctx.showSizes, sizeTimeoutMs: 2000, signal: abort.signal });
    return volumeHover(
      engineName,
      volumes.find((v) => v.name === engineName),
      true,
    );
  } catch {
    return undefined;
  }
}

function refreshCodeLenses(client: LanguageClient | undefined): void {
  const feature = client?.getFeature(CodeLensRequest.method);
  if (!feature) return;
  const providers = new Set(vscode.workspace.textDocuments.map((document) => feature.getProvider(document)));
  for (const provider of providers) provider?.onDidChangeCodeLensEmitter.fire();
}
