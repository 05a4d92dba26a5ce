// The one TreeDataProvider the Docker views share: it asks a pure model for nodes and their ItemView,
// and refreshes, debounced, when the engine session reports a change the view cares about.
import * as vscode from 'vscode';
import type { ChangeScope, EngineSession } from '@dockside/engine';
import type { ItemView } from './itemView';
import { refreshesViews } from './refreshModel';
import { treeFingerprint } from './treeFingerprint';
import { restrictedViewMessage } from './safetyModel';

export interface TreeModel<N> {
  /** Top-level nodes; called on every refresh. May throw: the failure is logged and the tree shows nothing new. */
  roots(): Promise<N[]>;
  children(node: N): N[] | Promise<N[]>;
  present(node: N): ItemView;
  /** Nodes whose children cost engine work (listing a volume's folder): a refresh does not look inside. */
  isLazy?(node: N): boolean;
}

export function toTreeItem(view: ItemView): vscode.TreeItem {
  const state = {
    none: vscode.TreeItemCollapsibleState.None,
    collapsed: vscode.TreeItemCollapsibleState.Collapsed,
    expanded: vscode.TreeItemCollapsibleState.Expanded,
  }[view.collapsible];
  const item = new vscode.TreeItem(view.label, state);
  item.id = view.id;
  if (view.description !== undefined) item.description = view.description;
  if (view.tooltip !== undefined) {
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    item.tooltip = tooltip;
  }
  if (view.icon) item.iconPath = new vscode.ThemeIcon(view.icon.id, view.icon.color ? new vscode.ThemeColor(view.icon.color) : undefined);
  if (view.contextValue !== undefined) item.contextValue = view.contextValue;
  if (view.command) item.command = { command: view.command.id, title: view.command.title, arguments: [...view.command.arguments] };
  return item;
}

export class ModelTreeProvider<N> implements vscode.TreeDataProvider<N>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<N | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** What the tree showed last time, and the roots a refresh already read for the next getChildren. */
  private shown: string | undefined;
  private prefetched: N[] | undefined;

  constructor(
    private readonly model: TreeModel<N>,
    session: EngineSession,
    scopes: readonly ChangeScope[],
    private readonly onError: (error: unknown) => void,
    private readonly debounceMs = 300,
  ) {
    this.subscriptions.push(
      session.onDidChange((change) => refreshesViews(change, scopes) && this.refresh()),
      session.onDidChangeState(() => this.refresh(true)),
    );
  }

  /**
   * Coalesces bursts (a stack's Up fires dozens of events) into one refresh, and shows it only when
   * something visible changed. `force` (the Refresh button, a finished action) re-reads everything,
   * the files listed inside volumes included.
   */
  refresh(force = false): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void (force ? this.show(undefined) : this.showIfChanged());
    }, this.debounceMs);
  }

  private async showIfChanged(): Promise<void> {
    let roots: N[];
    try {
      roots = await this.model.roots();
    } catch {
      return this.show(undefined); // the tree shows the failure (empty, with the welcome message)
    }
    const fingerprint = await treeFingerprint(this.model, roots).catch(() => undefined);
    if (fingerprint !== undefined && fingerprint === this.shown) return;
    this.show(roots, fingerprint);
  }

  private show(roots: N[] | undefined, fingerprint?: string): void {
    this.prefetched = roots;
    this.shown = fingerprint;
    this.changed.fire(undefined);
  }

  getTreeItem(node: N): vscode.TreeItem {
    return toTreeItem(this.model.present(node));
  }

  async getChildren(node?: N): Promise<N[]> {
    try {
      if (node !== undefined) return await this.model.children(node);
      const roots = this.prefetched ?? (await this.model.roots());
      this.prefetched = undefined;
      if (this.shown === undefined) this.shown = await treeFingerprint(this.model, roots).catch(() => undefined);
      return roots;
    } catch (error) {
      this.onError(error);
      return [];
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/** Keeps the view's message saying, in Restricted Mode, why its actions are missing. */
export function showRestrictedMode(view: vscode.TreeView<unknown>, session: EngineSession): vscode.Disposable {
  const update = (): void => {
    view.message = restrictedViewMessage(vscode.workspace.isTrusted, session.state.kind === 'connected');
  };
  update();
  const subscription = session.onDidChangeState(update);
  return vscode.Disposable.from(vscode.workspace.onDidGrantWorkspaceTrust(update), { dispose: () => subscription.dispose() });
}
