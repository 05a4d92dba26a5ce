// The 'ECS (local)' view: a thin adapter over ecsModel.ts. It owns the local cluster while the engine is
// connected (taking over, on connect, the tasks and services the engine already runs) and lists the
// workspace's task definitions. `dockside ecs serve`, in its own process, drives the same local cluster:
// both read tasks from the engine's labels and the rest from the state file in the user's data folder,
// and the cluster calls back here when either changes, so the view shows what the endpoint runs.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { asList, asRecord, asString, containersOf } from '@dockside/core';
import { taskDefinitionShape } from '@dockside/core';
import { DEFAULT_TASK_DEFINITION_GLOBS } from '@dockside/core';
import type { DocksideContext } from '../ctx';
import type Docker from 'dockerode';
import { ECS_LABELS, listContainerMounts, LocalCluster, type ClusterSettings, type ClusterSnapshot } from '@dockside/engine';
import { DEFAULT_SANDBOX } from '@dockside/engine';
import { ecsChildren, ecsRoots, presentEcsNode, type EcsNode, type MountsById, type WorkspaceTaskDefinition } from './ecsModel';
import type { ContainerMountsLike } from './mountsModel';
import { ModelTreeProvider, showRestrictedMode } from './tree';

const METADATA_PORT_KEY = 'dockside.ecs.metadataPort';
const EMPTY: ClusterSnapshot = { services: [], tasks: [], schedules: [] };

export class EcsView implements vscode.Disposable {
  readonly provider: ModelTreeProvider<EcsNode>;
  private current?: LocalCluster;
  private mounts: MountsById = new Map();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly ctx: DocksideContext,
    private readonly state: vscode.Memento,
  ) {
    this.provider = new ModelTreeProvider<EcsNode>(
      {
        roots: async () => {
          // What other Dockside processes (the ECS endpoint, another window) run is read from the engine.
          await this.current?.refresh();
          await this.current?.refreshHealth();
          const docker = this.current ? this.ctx.session.docker : undefined;
          const [definitions, mounts] = await Promise.all([findTaskDefinitions(), docker ? this.readMounts(docker) : []]);
          // A task's containers unfold to their mounts (the Stacks view shows everyone else's).
          this.mounts = new Map(mounts.map((c) => [c.containerId, c]));
          return ecsRoots(definitions, this.current?.snapshot() ?? EMPTY);
        },
        children: (node) => ecsChildren(node, this.mounts),
        present: (node) => presentEcsNode(node, new Date()),
      },
      ctx.session,
      ['container'],
      (error) => ctx.log(`Could not list the local ECS tasks: ${error instanceof Error ? error.message : String(error)}`),
    );
    const view = vscode.window.createTreeView('dockside.ecs', { treeDataProvider: this.provider, showCollapseAll: true });
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.json');
    this.subscriptions.push(
      this.provider,
      view,
      watcher,
      showRestrictedMode(view, ctx.session),
      watcher.onDidCreate(() => this.provider.refresh()),
      watcher.onDidDelete(() => this.provider.refresh()),
      watcher.onDidChange(() => this.provider.refresh()),
      ctx.session.onDidChangeState((state) => void (state.kind === 'connected' ? this.connect() : this.disconnect())),
      // Next run times ("in 4 minutes") move with the clock.
      intervalDisposable(() => this.current?.snapshot().schedules.length && this.provider.refresh(), 30_000),
    );
    if (ctx.session.state.kind === 'connected') void this.connect();
  }

  /** The local ECS tasks' containers' mounts; the tasks still show when they cannot be read. */
  private async readMounts(docker: Docker): Promise<ContainerMountsLike[]> {
    try {
      return await listContainerMounts(docker, ECS_LABELS.taskArn);
    } catch (error) {
      this.ctx.log(`Could not read the local ECS tasks' mounts: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  /** The cluster, when the engine is connected. */
  get cluster(): LocalCluster | undefined {
    return this.current;
  }

  private async connect(): Promise<void> {
    const docker = this.ctx.session.docker;
    if (!docker || this.current) return;
    const cluster = new LocalCluster(
      docker,
      clusterSettings,
      () => this.provider.refresh(),
      this.state.get<number>(METADATA_PORT_KEY) ?? 0,
    );
    this.current = cluster;
    try {
      const found = await cluster.rebuild();
      if (found.length > 0)
        this.ctx.log(`ECS (local): found ${found.length} task${found.length === 1 ? '' : 's'} on the engine and took them over.`);
      await this.state.update(METADATA_PORT_KEY, cluster.metadataPortInUse);
    } catch (error) {
      this.ctx.reportFailure('read the local ECS tasks from the engine', error);
    }
  }

  private disconnect(): void {
    void this.current?.dispose();
    this.current = undefined;
    this.provider.refresh();
  }

  dispose(): void {
    void this.current?.dispose();
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}

function clusterSettings(): ClusterSettings {
  const section = vscode.workspace.getConfiguration('dockside.ecs');
  const image = section.get<string>('sandboxImage')?.trim() || DEFAULT_SANDBOX.image;
  const command = section.get<string[]>('sandboxCommand') ?? [];
  return {
    sandbox: { image, command: command.length > 0 ? command : undefined },
    publishAddress: section.get<string>('publishAddress')?.trim() || '127.0.0.1',
    forwardAwsCredentials: section.get<boolean>('forwardAwsCredentials') ?? false,
    pull: 'missing',
  };
}

/** Task definitions in the workspace, by the dockside.taskDefinition.files patterns. */
export async function findTaskDefinitions(): Promise<WorkspaceTaskDefinition[]> {
  const patterns = vscode.workspace.getConfiguration('dockside').get<string[]>('taskDefinition.files') ?? DEFAULT_TASK_DEFINITION_GLOBS;
  const found = new Map<string, vscode.Uri>();
  for (const pattern of patterns) {
    // A pattern matches the file name (or the end of the path) anywhere in the workspace.
    for (const uri of await vscode.workspace.findFiles(`**/${pattern}`, '**/node_modules/**', 200)) found.set(uri.fsPath, uri);
  }
  // Read asynchronously: the extension host stays free while many files load.
  const definitions = await Promise.all([...found.values()].map((uri) => readDefinition(uri)));
  return definitions.flat().sort((a, b) => a.relativePath.localeCompare(b.relativePath));
}

async function readDefinition(uri: vscode.Uri): Promise<WorkspaceTaskDefinition[]> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(uri.fsPath, 'utf8'));
  } catch {
    return [];
  }
  const shape = taskDefinitionShape(value);
  if (shape.kind === 'other') return [];
  const containers = containersOf(shape.definition);
  return [
    {
      file: uri.fsPath,
      relativePath: vscode.workspace.asRelativePath(uri),
      family: asString(asRecord(shape.definition)?.['family']) ?? '(no family)',
      containers: containers.map((c) => c.name ?? '?'),
      secrets: containers.flatMap((c) => asList(c.value['secrets']).flatMap((s) => asString(asRecord(s)?.['name']) ?? [])),
    },
  ];
}

function intervalDisposable(callback: () => unknown, ms: number): vscode.Disposable {
  const timer = setInterval(callback, ms);
  return { dispose: () => clearInterval(timer) };
}
