// The workspace's Compose projects, found with VS Code's file search and loaded with the core (the same
// merge, `.env` and profiles the language server and the runner use), kept until a Compose file or
// `.env` changes.
import * as vscode from 'vscode';
import { loadProject } from '@dockside/core';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import { composeFolders, unreadableStack, workspaceStackOf, type WorkspaceStack } from './workspaceModel';

const COMPOSE_GLOB = '**/{compose,docker-compose}*.{yml,yaml}';

export class WorkspaceStacks implements vscode.Disposable {
  private cached: Promise<WorkspaceStack[]> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly watchers: vscode.Disposable[] = [];

  constructor() {
    for (const glob of [COMPOSE_GLOB, '**/.env']) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      this.watchers.push(
        watcher,
        watcher.onDidCreate(() => this.reload()),
        watcher.onDidChange(() => this.reload()),
        watcher.onDidDelete(() => this.reload()),
      );
    }
    this.watchers.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()),
    );
  }

  private reload(): void {
    this.cached = undefined;
    this.changed.fire();
  }

  stacks(): Promise<WorkspaceStack[]> {
    this.cached ??= this.load();
    return this.cached;
  }

  async find(projectName: string): Promise<WorkspaceStack | undefined> {
    return (await this.stacks()).find((stack) => stack.projectName === projectName);
  }

  private async load(): Promise<WorkspaceStack[]> {
    if (!vscode.workspace.workspaceFolders?.length) return [];
    const uris = await vscode.workspace.findFiles(COMPOSE_GLOB, '**/node_modules/**', 500);
    // As the language server does: `.env` may hold secrets and steer what runs, so it is read only once the workspace is trusted.
    const host = diskHost(undefined, { readsEnvFiles: vscode.workspace.isTrusted });
    const env = shellEnvironment();
    return composeFolders(uris.map((uri) => uri.fsPath)).map((folder) => {
      try {
        return workspaceStackOf(loadProject({ files: [...folder.files], host, env }));
      } catch (error) {
        // One unreadable project must not hide the others.
        return unreadableStack(folder, error);
      }
    });
  }

  dispose(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.changed.dispose();
  }
}
