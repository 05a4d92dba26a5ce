// From a Compose file to the engine and back: "Run all" / "Run service" lenses above the services, and
// a hover on a named volume or a bind-mount source showing the live volume or the host path (it adds to
// the language server's hover, which explains the keys).
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { projectFilesFor } from '@dockside/core';
import { normalizeProjectName } from '@dockside/core';
import { diskHost } from '@dockside/core/node';
import type { StackCommands } from '../commands/stacks';
import type { Config } from '../config';
import { dangerousHostPath } from '@dockside/engine';
import { listVolumes } from '@dockside/engine';
import type { DocksideContext } from '../ctx';
import { bindHover, composeLenses, hoverTargetAt, resolveHostPath, volumeHover, type HostPathKind } from './composeLensModel';
import type { WorkspaceStacks } from './workspaceStacks';

const RUN_SERVICE = 'dockside.compose.runService';
const RUN_ALL = 'dockside.compose.runAll';

function composeSelector(config: Config): vscode.DocumentSelector {
  return [
    { scheme: 'file', language: 'dockercompose' },
    ...config.composeFiles.map((glob) => ({ scheme: 'file', language: 'yaml', pattern: glob.includes('/') ? glob : `**/${glob}` })),
  ];
}

function folderOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));
}

/** The files a Run lens starts: the project the file belongs to (base, override, or base + this partial file). */
export function projectSource(documentPath: string): { workingDir: string; files: string[] } {
  const files = projectFilesFor(documentPath, diskHost());
  return { workingDir: folderOf(documentPath), files: files.length ? files : [documentPath] };
}

class RunLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  constructor(private readonly ctx: DocksideContext) {
    ctx.push(
      this.changed,
      ctx.session.onDidChangeState(() => this.changed.fire()),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    // Without an engine there is nothing to run on; the status bar says why.
    if (this.ctx.session.state.kind !== 'connected' || document.uri.scheme !== 'file') return [];
    const lenses = composeLenses(document.getText());
    const at = (offset: number): vscode.Range => new vscode.Range(document.positionAt(offset), document.positionAt(offset));
    const result = lenses.services.map(
      ({ name, offset }) =>
        new vscode.CodeLens(at(offset), {
          title: '$(play) Run service',
          tooltip: `Up ${name} (and what it depends on)`,
          command: RUN_SERVICE,
          arguments: [document.uri, name],
        }),
    );
    if (lenses.runAll !== undefined)
      result.unshift(
        new vscode.CodeLens(at(lenses.runAll), {
          title: '$(run-all) Run all',
          tooltip: 'Up every service of this project',
          command: RUN_ALL,
          arguments: [document.uri],
        }),
      );
    return result;
  }
}

class LiveHover implements vscode.HoverProvider {
  constructor(
    private readonly ctx: DocksideContext,
    private readonly workspace: WorkspaceStacks,
  ) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const target = hoverTargetAt(document.getText(), document.offsetAt(position));
    if (!target) return undefined;
    const range = new vscode.Range(document.positionAt(target.span[0]), document.positionAt(target.span[1]));
    const text =
      target.kind === 'volume'
        ? await this.volumeText(document.uri.fsPath, target.name, token)
        : await bindText(document.uri.fsPath, target.path);
    return text === undefined ? undefined : new vscode.Hover(new vscode.MarkdownString(text, true), range);
  }

  private async volumeText(path: string, key: string, token: vscode.CancellationToken): Promise<string | undefined> {
    const folder = folderOf(path);
    const stack = (await this.workspace.stacks()).find((s) => s.files.includes(path) || s.workingDir === folder);
    const engineName =
      stack?.volumes.find((v) => v.key === key)?.engineName ?? `${normalizeProjectName(folder.split(/[\\/]/).pop() ?? '')}_${key}`;
    const docker = this.ctx.session.docker;
    if (!docker) return volumeHover(engineName, undefined, false);
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    try {
      const volumes = await listVolumes(docker, { sizes: this.ctx.showSizes, sizeTimeoutMs: 2000, signal: abort.signal });
      return volumeHover(
        engineName,
        volumes.find((v) => v.name === engineName),
        true,
      );
    } catch {
      // A hover is no place for an error; the Volumes view reports engine failures.
      return undefined;
    }
  }
}

async function bindText(documentPath: string, written: string): Promise<string> {
  const resolved = resolveHostPath(written, folderOf(documentPath), homedir());
  const kind: HostPathKind = await vscode.workspace.fs.stat(vscode.Uri.file(resolved)).then(
    (stat) => (stat.type & vscode.FileType.Directory ? 'directory' : 'file'),
    () => 'missing',
  );
  return bindHover(written, resolved, kind, dangerousHostPath(resolved));
}

export function registerComposeLens(
  ctx: DocksideContext,
  config: Config,
  workspace: WorkspaceStacks,
  stacks: StackCommands,
): vscode.Disposable {
  const selector = composeSelector(config);
  return vscode.Disposable.from(
    vscode.languages.registerCodeLensProvider(selector, new RunLenses(ctx)),
    vscode.languages.registerHoverProvider(selector, new LiveHover(ctx, workspace)),
    vscode.commands.registerCommand('dockside.compose.runService', (uri: vscode.Uri, service: string) =>
      stacks.upFiles(projectSource(uri.fsPath), { services: [service] }),
    ),
    vscode.commands.registerCommand('dockside.compose.runAll', (uri: vscode.Uri) => stacks.upFiles(projectSource(uri.fsPath))),
  );
}
