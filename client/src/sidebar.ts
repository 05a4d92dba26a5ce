// The Docker sidebar: the engine session, its status-bar item, the Stacks, Volumes, Mounts, ECS and Swarm
// views and their commands. Activating never waits for, or fails without, an engine: the session connects in the
// background and the views say why while it cannot.
import type * as vscode from 'vscode';
import { registerAwsView } from './commands/aws';
import { registerEcsView } from './commands/ecs';
import { registerMountCommands } from './commands/mounts';
import { registerStackCommands } from './commands/stacks';
import { registerSwarmView } from './commands/swarm';
import { registerVolumeCommands } from './commands/volumes';
import { DocksideContext } from './ctx';
import { removeLeftoverHelpers } from '@dockside/engine';
import { registerRunCommands } from './views/composeLens';
import { registerEngineStatus } from './views/statusBar';
import { createStacksView } from './views/stacksView';
import { registerVolumeDocuments } from './views/volumeDocuments';
import { createVolumesView } from './views/volumesView';
import { WorkspaceStacks } from './views/workspaceStacks';

export function activateSidebar(context: vscode.ExtensionContext, output: vscode.OutputChannel): DocksideContext {
  const ctx = new DocksideContext(output, context.extensionUri);
  const workspace = new WorkspaceStacks();
  ctx.push(workspace, registerEngineStatus(ctx.session));
  const stacks = createStacksView(ctx, workspace);
  const volumes = createVolumesView(ctx, workspace);
  const stackCommands = registerStackCommands(ctx, workspace, () => stacks.refresh(true));
  ctx.push(
    stackCommands.disposable,
    registerRunCommands(stackCommands.commands),
    registerVolumeCommands(ctx, () => volumes.refresh(true)),
    registerVolumeDocuments(ctx),
    registerMountCommands(ctx),
  );
  ctx.push(cleanUpAfterCrashes(ctx));
  ctx.push(registerEcsView(context, ctx));
  ctx.push(registerAwsView((line) => ctx.log(line)));
  ctx.push(registerSwarmView(ctx, workspace));
  void ctx.session.connect();
  return ctx;
}

/** Each time the engine connects, removes the volume helpers a crashed window left behind. */
function cleanUpAfterCrashes(ctx: DocksideContext): vscode.Disposable {
  const subscription = ctx.session.onDidChangeState((state) => {
    const docker = ctx.session.docker;
    if (state.kind !== 'connected' || !docker) return;
    removeLeftoverHelpers(docker).then(
      (removed) =>
        removed.length > 0 &&
        ctx.log(
          `Removed ${removed.length} helper container${removed.length === 1 ? '' : 's'} left behind by a window that closed mid-operation.`,
        ),
      (error: unknown) =>
        ctx.log(`Could not look for leftover helper containers: ${error instanceof Error ? error.message : String(error)}`),
    );
  });
  return { dispose: () => subscription.dispose() };
}
