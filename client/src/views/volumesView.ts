// The Volumes view: the engine's volumes (volumesModel.ts decides what each item shows), their users,
// the workspace services that declare them, and their files, listed on demand by the helper container.
import * as vscode from 'vscode';
import { browseVolume, listVolumes } from '@dockside/engine';
import type { DocksideContext } from '../ctx';
import { entryNodes, presentVolumesNode, volumeChildren, volumeNodes, withContainerFact, type VolumesNode } from './volumesModel';
import { ModelTreeProvider, showRestrictedMode } from './tree';
import type { WorkspaceStacks } from './workspaceStacks';

export function createVolumesView(ctx: DocksideContext, workspace: WorkspaceStacks): ModelTreeProvider<VolumesNode> {
  const provider = new ModelTreeProvider<VolumesNode>(
    {
      roots: async () => {
        const docker = ctx.session.docker;
        if (!docker) return [];
        const showSizes = ctx.showSizes;
        const [volumes, stacks] = await Promise.all([listVolumes(docker, { sizes: showSizes }), workspace.stacks()]);
        return volumeNodes(volumes, stacks, showSizes);
      },
      children: async (node) => {
        if (node.kind === 'volume') return volumeChildren(node);
        if (node.kind !== 'volumeFolder') return [];
        const docker = ctx.session.docker;
        if (!docker) return [];
        try {
          return entryNodes(node.volume, await browseVolume(docker, node.volume, node.path, { helperImage: ctx.helperImage }));
        } catch (error) {
          ctx.reportFailure(`list the files of volume "${node.volume}"`, error);
          return [];
        }
      },
      present: presentVolumesNode,
      isLazy: (node) => node.kind === 'volumeFolder',
      withContainerFact,
    },
    ctx.session,
    ['volume', 'container'],
    (error) => ctx.log(`Could not list the volumes: ${error instanceof Error ? error.message : String(error)}`),
    // Sizes come from the engine's disk-usage walk: refresh less eagerly than the other views.
    1000,
  );
  const view = vscode.window.createTreeView('dockside.volumes', { treeDataProvider: provider, showCollapseAll: true });
  ctx.push(
    provider,
    view,
    showRestrictedMode(view, ctx.session),
    workspace.onDidChange(() => provider.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('dockside.volumes') && provider.refresh()),
  );
  return provider;
}
