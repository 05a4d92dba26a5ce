// The Stacks view: workspace Compose projects and the stacks running on the engine down to their
// containers' mounts, then the other containers with theirs (stacksModel.ts decides what each item
// shows and offers).
import * as vscode from 'vscode';
import { listContainerMounts, listStacks } from '@dockside/engine';
import type { DocksideContext } from '../ctx';
import { childrenOf, presentStacksNode, stacksRoots, type StacksNode } from './stacksModel';
import { ModelTreeProvider, showRestrictedMode } from './tree';
import type { WorkspaceStacks } from './workspaceStacks';

export function createStacksView(ctx: DocksideContext, workspace: WorkspaceStacks): ModelTreeProvider<StacksNode> {
  const provider = new ModelTreeProvider<StacksNode>(
    {
      roots: async () => {
        const docker = ctx.session.docker;
        // With the engine away the tree is empty, so the welcome content gives the reason and Retry.
        if (!docker) return [];
        const [local, running, mounts] = await Promise.all([workspace.stacks(), listStacks(docker), listContainerMounts(docker)]);
        return stacksRoots(local, running, mounts);
      },
      children: childrenOf,
      present: presentStacksNode,
    },
    ctx.session,
    ['container', 'network'],
    (error) => ctx.log(`Could not list the stacks: ${error instanceof Error ? error.message : String(error)}`),
  );
  const view = vscode.window.createTreeView('dockside.stacks', { treeDataProvider: provider, showCollapseAll: true });
  ctx.push(
    provider,
    view,
    showRestrictedMode(view, ctx.session),
    workspace.onDidChange(() => provider.refresh()),
  );
  return provider;
}
