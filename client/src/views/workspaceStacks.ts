// The workspace's Compose projects, found with VS Code's file search and loaded with the core (the same
// merge, `.env` and profiles the language server and the runner use), kept until a Compose file or
// `.env` changes.
import * as vscode from 'vscode';
import { loadProjectFromDisk, shellEnvironment } from '@dockside/core/node';
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
    const readsEnvFiles = vscode.workspace.isTrusted;
    const env = shellEnvironment();
    // Files are read asynchronously: the extension host stays free while hundreds of projects load.
    return Promise.all(
      composeFolders(uris.map((uri) => uri.fsPath)).map((folder) =>
        loadProjectFromDisk({ files: [...folder.files], env }, { readsEnvFiles })
          .then(workspaceStackOf)
          // One unreadable project must not hide the others.
          .catch((error: unknown) => unreadableStack(folder, error)),
      ),
    );
  }

  dispose(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.changed.dispose();
  }
}
