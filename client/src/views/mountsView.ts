// The Mounts view: every container's volumes, bind mounts and tmpfs mounts (mountsModel.ts decides
// what each item shows; dangerous bind mounts carry a warning).
import * as vscode from 'vscode';
import { listContainerMounts } from '@dockside/engine';
import type { DocksideContext } from '../ctx';
import { mountContainerNodes, mountNodes, presentMountsNode, withContainerFact, type MountsNode } from './mountsModel';
import { ModelTreeProvider, showRestrictedMode } from './tree';

export function createMountsView(ctx: DocksideContext): ModelTreeProvider<MountsNode> {
  const provider = new ModelTreeProvider<MountsNode>(
    {
      roots: async () => {
        const docker = ctx.session.docker;
        return docker ? mountContainerNodes(await listContainerMounts(docker)) : [];
      },
      children: (node) => (node.kind === 'mountContainer' ? mountNodes(node) : []),
      present: presentMountsNode,
      withContainerFact,
    },
    ctx.session,
    ['container', 'volume'],
    (error) => ctx.log(`Could not list the mounts: ${error instanceof Error ? error.message : String(error)}`),
  );
  const view = vscode.window.createTreeView('dockside.mounts', { treeDataProvider: provider, showCollapseAll: true });
  ctx.push(provider, view, showRestrictedMode(view, ctx.session));
  return provider;
}
