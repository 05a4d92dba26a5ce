// What a tree shows, as one string, so a refresh can tell whether anything visible changed. The views
// re-read the engine on its events; firing a tree change for each would close any context menu the user
// has open and re-list every expanded folder of a volume (a helper container each time), though nothing
// the user sees has changed. No `vscode` import: tested as a plain function.
import type { ItemView } from './itemView';

export interface FingerprintedModel<N> {
  children(node: N): N[] | Promise<N[]>;
  present(node: N): ItemView;
  /** Nodes whose children cost engine work (a volume folder listed by a helper container): not walked. */
  isLazy?(node: N): boolean;
}

function describe(view: ItemView): string {
  const { command, ...shown } = view;
  return JSON.stringify({ ...shown, command: command && { id: command.id, title: command.title } });
}

/** The items under `roots`, `maxDepth` levels deep, as a string equal for trees that look the same. */
export async function treeFingerprint<N>(model: FingerprintedModel<N>, roots: readonly N[], maxDepth = 4): Promise<string> {
  const lines: string[] = [];
  const walk = async (nodes: readonly N[], depth: number): Promise<void> => {
    for (const node of nodes) {
      const view = model.present(node);
      lines.push(`${depth} ${describe(view)}`);
      if (depth + 1 < maxDepth && view.collapsible !== 'none' && !model.isLazy?.(node)) await walk(await model.children(node), depth + 1);
    }
  };
  await walk(roots, 0);
  return lines.join('\n');
}
