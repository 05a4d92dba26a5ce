// The Docker sidebar: the engine session, its status-bar item, the Stacks and Mounts views and
// their commands. Activating never waits for, or fails without, an engine: the session connects in the
// background and the views say why while it cannot.
import type * as vscode from 'vscode';
import { registerStackCommands } from './commands/stacks';
import type { Config } from './config';
import { DocksideContext } from './ctx';
import { registerComposeLens } from './views/composeLens';
import { registerEngineStatus } from './views/statusBar';
import { createMountsView } from './views/mountsView';
import { createStacksView } from './views/stacksView';
import { WorkspaceStacks } from './views/workspaceStacks';

export function activateSidebar(context: vscode.ExtensionContext, output: vscode.OutputChannel, config: Config): DocksideContext {
  const ctx = new DocksideContext(output, context.extensionUri);
  const workspace = new WorkspaceStacks();
  ctx.push(workspace, registerEngineStatus(ctx.session));
  const stacks = createStacksView(ctx, workspace);
  createMountsView(ctx);
  const stackCommands = registerStackCommands(ctx, workspace, () => stacks.refresh());
  ctx.push(
    stackCommands.disposable,
    registerComposeLens(ctx, config, workspace, stackCommands.commands),
  );
  void ctx.session.connect();
  return ctx;
}
