// Commands on a container's mounts in the Stacks view: reveal a bind mount's host path, inspect a mounted volume.
import * as vscode from 'vscode';
import type { DocksideContext } from '../ctx';
import type { MountNode } from '../views/mountsModel';
import { inspectUri } from '../views/volumeDocuments';

async function reveal(node: MountNode): Promise<void> {
  const uri = vscode.Uri.file(node.mount.source);
  const exists = await vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
  if (!exists) {
    void vscode.window.showInformationMessage(
      `${node.mount.source} does not exist on this machine (the engine may run elsewhere, or the path was removed).`,
    );
    return;
  }
  // Inside the workspace the Explorer shows it; elsewhere the operating system's file manager does.
  const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', uri);
}

async function inspectVolume(ctx: DocksideContext, node: MountNode): Promise<void> {
  if (!ctx.permit('inspect', 'Inspect Volume')) return;
  try {
    const document = await vscode.workspace.openTextDocument(inspectUri(node.mount.source));
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
  } catch (error) {
    ctx.reportFailure(`inspect volume "${node.mount.source}"`, error);
  }
}

export function registerMountCommands(ctx: DocksideContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('dockside.mount.reveal', reveal),
    vscode.commands.registerCommand('dockside.mount.inspectVolume', (node: MountNode) => inspectVolume(ctx, node)),
  );
}
