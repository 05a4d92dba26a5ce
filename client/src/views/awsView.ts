// The 'ECS (AWS)' view: a thin adapter over awsModel.ts. It holds one connection to AWS (or the endpoint
// set in dockside.aws.endpointUrl, such as `dockside ecs serve`) for the profile and Region of the
// settings, the AWS environment variables or the shared config, remade when they change. While the view
// is visible it looks again on a back-off (ECS sends no events) and says when it last did.
import * as vscode from 'vscode';
import {
  AwsSetupError,
  connectAws,
  describeAwsError,
  listClusters,
  listServices,
  listServiceTasks,
  type AwsConnection,
  type AwsTarget,
} from '@dockside/engine';
import { awsChildren, awsRoots, describeLastRefresh, nextRefreshDelay, presentAwsNode, type AwsNode } from './awsModel';
import { toTreeItem } from './tree';

/** The dockside.aws settings a connection is made from; empty strings are unset. */
export function awsSettings(): AwsTarget {
  const section = vscode.workspace.getConfiguration('dockside.aws');
  const text = (key: string) => section.get<string>(key)?.trim() || undefined;
  return { profile: text('profile'), region: text('region'), endpoint: text('endpointUrl') };
}

export class AwsView implements vscode.TreeDataProvider<AwsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AwsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<AwsNode>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private current?: AwsConnection | string;
  private timer: NodeJS.Timeout | undefined;
  private delay: number | undefined;
  private acted = false;

  constructor(private readonly log: (line: string) => void) {
    this.view = vscode.window.createTreeView('dockside.aws', { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(
      this.view,
      this.changed,
      this.view.onDidChangeVisibility(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('dockside.aws')) this.reconnect();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
  }

  /** The connection for the settings of now, or why there is none. */
  connection(): AwsConnection | string {
    if (this.current === undefined) {
      try {
        this.current = connectAws(awsSettings());
      } catch (error) {
        if (!(error instanceof AwsSetupError)) throw error;
        this.current = error.message;
      }
    }
    return this.current;
  }

  reconnect(): void {
    if (typeof this.current === 'object') this.current.dispose();
    this.current = undefined;
    this.refresh();
  }

  /** Reads AWS again now; `acted`: something was just changed there, so the next looks come quickly. */
  refresh(acted = false): void {
    this.acted ||= acted;
    this.changed.fire(undefined);
  }

  getTreeItem(node: AwsNode): vscode.TreeItem {
    return toTreeItem(presentAwsNode(node, vscode.workspace.isTrusted));
  }

  async getChildren(node?: AwsNode): Promise<AwsNode[]> {
    const connection = this.connection();
    if (!node) {
      this.read();
      return awsRoots(
        typeof connection === 'string'
          ? connection
          : { profile: connection.profile, region: connection.region, endpoint: connection.endpoint },
      );
    }
    if (typeof connection === 'string') return [];
    return awsChildren(
      node,
      {
        clusters: () => listClusters(connection),
        services: (cluster) => listServices(connection, cluster),
        tasks: (cluster, service) => listServiceTasks(connection, cluster, service),
      },
      (error) => {
        const message = describeAwsError(error);
        this.log(`ECS (AWS): ${message}`);
        return message;
      },
    );
  }

  /** Notes a look at AWS, shows when, and plans the next one. */
  private read(): void {
    this.view.description = describeLastRefresh(new Date());
    this.delay = nextRefreshDelay(this.delay, this.acted);
    this.acted = false;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.view.visible) {
      // Back from hidden: the first look comes soon.
      this.delay = undefined;
      return;
    }
    this.timer = setTimeout(() => this.changed.fire(undefined), this.delay ?? 0);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (typeof this.current === 'object') this.current.dispose();
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}
