// The one TreeDataProvider the Docker views share: it asks a pure model for nodes and their ItemView,
// and refreshes, debounced, when the engine session reports a change the view cares about.
import * as vscode from 'vscode';
import type { ChangeScope, EngineChange, EngineSession } from '@dockside/engine';
import type { ItemView } from './itemView';
import { containerFact, refreshesViews, type ContainerFact } from './refreshModel';
import { treeFingerprint } from './treeFingerprint';
import { restrictedViewMessage } from './safetyModel';

export interface TreeModel<N> {
  /** Top-level nodes; called on every refresh. May throw: the failure is logged and the tree shows nothing new. */
  roots(): Promise<N[]>;
  children(node: N): N[] | Promise<N[]>;
  present(node: N): ItemView;
  /** Nodes whose children cost engine work (listing a volume's folder): a refresh does not look inside. */
  isLazy?(node: N): boolean;
  /** `roots` with what a container event says applied (it is gone, it stopped); undefined when nothing shown changes. */
  withContainerFact?(roots: readonly N[], fact: ContainerFact): N[] | undefined;
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
  /** The roots last given to the tree: what a container event is applied to. */
  private current: N[] | undefined;
  /** Re-reads of the roots under way, and the container events that came meanwhile (their answers may predate them). */
  private reads = 0;
  private factsDuringReads: ContainerFact[] = [];

  constructor(
    private readonly model: TreeModel<N>,
    session: EngineSession,
    scopes: readonly ChangeScope[],
    private readonly onError: (error: unknown) => void,
    private readonly debounceMs = 300,
  ) {
    this.subscriptions.push(
      session.onDidChange((change) => {
        if (!refreshesViews(change, scopes)) return;
        this.applyAtOnce(change);
        this.refresh();
      }),
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

  /** Shows at once what a container's `destroy` or `die` says, before the re-read it also schedules. */
  private applyAtOnce(change: EngineChange): void {
    const fact = containerFact(change);
    if (!fact || !this.model.withContainerFact) return;
    if (this.reads > 0) this.factsDuringReads.push(fact);
    const roots = this.prefetched ?? this.current;
    const patched = roots && this.model.withContainerFact(roots, fact);
    // Shown unfingerprinted: getChildren takes the fingerprint of what it hands the tree.
    if (patched) this.show(patched);
  }

  /** The model's roots, with the container events that came while they were read applied to them. */
  private async readRoots(): Promise<N[]> {
    const from = this.factsDuringReads.length;
    this.reads++;
    try {
      let roots = await this.model.roots();
      for (const fact of this.factsDuringReads.slice(from)) roots = this.model.withContainerFact?.(roots, fact) ?? roots;
      return roots;
    } finally {
      if (--this.reads === 0) this.factsDuringReads = [];
    }
  }

  private async showIfChanged(): Promise<void> {
    let roots: N[];
    try {
      roots = await this.readRoots();
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
      const roots = this.prefetched ?? (await this.readRoots());
      this.prefetched = undefined;
      this.current = roots;
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
