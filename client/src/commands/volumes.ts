// Commands of the Volumes view: create, inspect, export/import, clone, empty, browse and download,
// remove, prune. Destruction is confirmed in a modal naming the volume; a volume in use is never
// removed, and the refusal names the containers; long work shows cancellable progress.
import * as vscode from 'vscode';
import {
  cloneVolume,
  createVolume,
  downloadVolume,
  downloadVolumeFile,
  emptyVolume,
  exportVolume,
  importVolume,
  listVolumes,
  pruneVolumes,
  removeVolume,
  unusedVolumes,
  usersOfVolume,
  VolumeInUseError,
  type HelperOptions,
} from '@dockside/engine';
import type { DocksideContext } from '../ctx';
import { formatBytes, listNames } from '../views/itemView';
import { emptyVolumeDecision, importVolumeDecision, pruneDecision, removeVolumeDecision, type Decision } from '../views/safetyModel';
import { fileUri, inspectUri } from '../views/volumeDocuments';
import { cloneName, parseLabels, volumeNameProblem, type VolumeFileNode, type VolumeNode } from '../views/volumesModel';
import { confirmModal, withEngineProgress } from './ui';

/** Shows a refusal or "nothing to do" as it is; asks for a confirmation. True when the work may go ahead. */
async function decide(decision: Decision): Promise<boolean> {
  if (decision.kind === 'refuse') {
    // Nothing destructive is offered instead: the user decides what to stop.
    void vscode.window.showWarningMessage(decision.message);
    return false;
  }
  if (decision.kind === 'nothing') {
    void vscode.window.showInformationMessage(decision.message);
    return false;
  }
  return confirmModal(decision.confirmation);
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.fsPath;
}

/** A save dialog starting in the first workspace folder (else where VS Code likes). */
function saveTarget(
  title: string,
  defaultName: string,
  saveLabel: string,
  filters?: Record<string, string[]>,
): Thenable<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({
    title,
    saveLabel,
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, defaultName) } : {}),
    ...(filters ? { filters } : {}),
  });
}

class VolumeCommands {
  constructor(private readonly ctx: DocksideContext) {}

  private helper(): { helperImage: string } {
    return { helperImage: this.ctx.helperImage };
  }

  async create(): Promise<void> {
    const docker = this.ctx.permit('create', 'Create Volume');
    if (!docker) return;
    const existing = (await listVolumes(docker).catch(() => [])).map((v) => v.name);
    const name = await vscode.window.showInputBox({
      title: 'Create Volume (1/3)',
      prompt: 'Name of the new volume',
      validateInput: (value) => volumeNameProblem(value.trim(), existing),
    });
    if (name === undefined) return;
    const driver = await vscode.window.showInputBox({
      title: 'Create Volume (2/3)',
      prompt: 'Volume driver',
      value: 'local',
      validateInput: (value) => (value.trim() ? undefined : "Give a driver (local is the engine's own)."),
    });
    if (driver === undefined) return;
    const labelText = await vscode.window.showInputBox({
      title: 'Create Volume (3/3)',
      prompt: 'Labels, as key=value separated by commas (optional)',
      validateInput: (value) => {
        const parsed = parseLabels(value);
        return 'problem' in parsed ? parsed.problem : undefined;
      },
    });
    if (labelText === undefined) return;
    const parsed = parseLabels(labelText);
    if ('problem' in parsed) return;
    try {
      const created = await createVolume(docker, { name: name.trim(), driver: driver.trim(), labels: parsed.labels });
      void vscode.window.showInformationMessage(`Created volume "${created.name}" (${created.driver}).`);
    } catch (error) {
      this.ctx.reportFailure(`create volume "${name.trim()}"`, error);
    }
  }

  async inspect(node: VolumeNode): Promise<void> {
    if (!this.ctx.permit('inspect', 'Inspect Volume')) return;
    try {
      const document = await vscode.workspace.openTextDocument(inspectUri(node.volume.name));
      await vscode.languages.setTextDocumentLanguage(document, 'json');
      await vscode.window.showTextDocument(document, { preview: true });
    } catch (error) {
      this.ctx.reportFailure(`inspect volume "${node.volume.name}"`, error);
    }
  }

  /** Runs one helper operation under progress; ends with one message, the success sentence or the engine's reason. */
  private async transfer(doing: string, title: string, work: (options: HelperOptions) => Promise<string>): Promise<void> {
    try {
      const done = await withEngineProgress(title, (signal, report) => work({ ...this.helper(), signal, onProgress: report.bytes }));
      void vscode.window.showInformationMessage(done);
    } catch (error) {
      this.ctx.reportFailure(doing, error);
    }
  }

  async export(node: VolumeNode): Promise<void> {
    const name = node.volume.name;
    const docker = this.ctx.permit('export', 'Export Volume');
    const target =
      docker && (await saveTarget(`Export volume "${name}"`, `${name}.tar.gz`, 'Export', { 'Compressed tar archive': ['tar.gz', 'tgz'] }));
    if (!docker || !target) return;
    await this.transfer(`export volume "${name}"`, `Exporting volume "${name}"`, async (options) => {
      const result = await exportVolume(docker, name, target.fsPath, options);
      return `Exported volume "${name}" to ${baseName(target)} (${formatBytes(result.bytes)} of files, ${formatBytes(result.fileBytes)} compressed).`;
    });
  }

  async import(node: VolumeNode): Promise<void> {
    const name = node.volume.name;
    const docker = this.ctx.permit('import', 'Import into Volume');
    if (!docker) return;
    const [source] =
      (await vscode.window.showOpenDialog({
        title: `Import into volume "${name}"`,
        canSelectMany: false,
        filters: { 'Tar archive': ['tar', 'gz', 'tgz', 'bz2', 'xz'] },
        openLabel: 'Import',
      })) ?? [];
    if (!source || !(await decide(importVolumeDecision(name, baseName(source), await usersOfVolume(docker, name).catch(() => []))))) return;
    await this.transfer(
      `import ${baseName(source)} into volume "${name}"`,
      `Importing ${baseName(source)} into "${name}"`,
      async (options) => {
        await importVolume(docker, name, source.fsPath, options);
        return `Imported ${baseName(source)} into volume "${name}".`;
      },
    );
  }

  async clone(node: VolumeNode): Promise<void> {
    const name = node.volume.name;
    const docker = this.ctx.permit('clone', 'Clone Volume');
    if (!docker) return;
    const existing = (await listVolumes(docker).catch(() => [])).map((v) => v.name);
    const answer = await vscode.window.showInputBox({
      title: `Clone volume "${name}"`,
      prompt: 'Name of the new volume',
      value: cloneName(name, existing),
      validateInput: (value) => volumeNameProblem(value.trim(), existing),
    });
    const target = answer?.trim();
    if (!target) return;
    await this.transfer(`clone volume "${name}"`, `Cloning "${name}" into "${target}"`, async (options) => {
      await cloneVolume(docker, name, target, options);
      return `Cloned volume "${name}" into "${target}".`;
    });
  }

  async empty(node: VolumeNode): Promise<void> {
    const name = node.volume.name;
    const docker = this.ctx.permit('empty', 'Empty Volume');
    if (!docker) return;
    try {
      if (!(await decide(emptyVolumeDecision(name, await usersOfVolume(docker, name))))) return;
      await withEngineProgress(`Emptying volume "${name}"`, (signal) => emptyVolume(docker, name, { ...this.helper(), signal }));
      void vscode.window.showInformationMessage(`Volume "${name}" is empty.`);
    } catch (error) {
      this.ctx.reportFailure(`empty volume "${name}"`, error);
    }
  }

  async download(node: VolumeNode): Promise<void> {
    const name = node.volume.name;
    const docker = this.ctx.permit('download', 'Download Volume');
    const target = docker && (await saveTarget(`Download volume "${name}"`, `${name}.tar`, 'Download', { 'Tar archive': ['tar'] }));
    if (!docker || !target) return;
    await this.transfer(`download volume "${name}"`, `Downloading volume "${name}"`, async (options) => {
      await downloadVolume(docker, name, target.fsPath, options);
      return `Downloaded volume "${name}" to ${baseName(target)}.`;
    });
  }

  async remove(node: VolumeNode): Promise<void> {
    const name = node.volume.name;
    const docker = this.ctx.permit('remove', 'Remove Volume');
    if (!docker) return;
    try {
      if (!(await decide(removeVolumeDecision(name, await usersOfVolume(docker, name))))) return;
      await removeVolume(docker, name);
      void vscode.window.showInformationMessage(`Deleted volume "${name}".`);
    } catch (error) {
      // A container may have started using it while the dialog was open.
      if (error instanceof VolumeInUseError) void decide(removeVolumeDecision(name, error.users));
      else this.ctx.reportFailure(`remove volume "${name}"`, error);
    }
  }

  async prune(): Promise<void> {
    const docker = this.ctx.permit('prune', 'Prune Volumes');
    if (!docker) return;
    try {
      const unused = (await unusedVolumes(docker)).map((v) => v.name);
      if (!(await decide(pruneDecision(unused)))) return;
      const result = await withEngineProgress('Deleting unused volumes', () => pruneVolumes(docker));
      void vscode.window.showInformationMessage(
        result.removed.length
          ? `Deleted ${result.removed.length === 1 ? 'volume' : `${result.removed.length} volumes`} ${listNames(result.removed)}; reclaimed ${formatBytes(result.spaceReclaimed)}.`
          : 'No volume was deleted: each is in use again.',
      );
    } catch (error) {
      this.ctx.reportFailure('prune the unused volumes', error);
    }
  }

  async openFile(node: VolumeFileNode): Promise<void> {
    if (!this.ctx.permit('open', 'Open File')) return;
    try {
      await vscode.window.showTextDocument(fileUri(node.volume, node.entry.path), { preview: true });
    } catch (error) {
      this.ctx.reportFailure(`open ${node.entry.path} from volume "${node.volume}"`, error);
    }
  }

  async downloadFile(node: VolumeFileNode): Promise<void> {
    const { volume, entry } = node;
    const docker = this.ctx.permit('download', 'Download File');
    const target = docker && (await saveTarget(`Download ${entry.path} from "${volume}"`, entry.name, 'Download'));
    if (!docker || !target) return;
    await this.transfer(`download ${entry.path} from volume "${volume}"`, `Downloading ${entry.name}`, async (options) => {
      await downloadVolumeFile(docker, volume, entry.path, target.fsPath, options);
      return `Downloaded ${entry.path} from volume "${volume}" to ${baseName(target)}.`;
    });
  }
}

export function registerVolumeCommands(ctx: DocksideContext, refresh: () => void): vscode.Disposable {
  const commands = new VolumeCommands(ctx);
  const register = vscode.commands.registerCommand;
  return vscode.Disposable.from(
    register('dockside.volumes.refresh', refresh),
    register('dockside.volume.create', () => commands.create()),
    register('dockside.volumes.prune', () => commands.prune()),
    register('dockside.volume.inspect', (node: VolumeNode) => commands.inspect(node)),
    register('dockside.volume.export', (node: VolumeNode) => commands.export(node)),
    register('dockside.volume.import', (node: VolumeNode) => commands.import(node)),
    register('dockside.volume.clone', (node: VolumeNode) => commands.clone(node)),
    register('dockside.volume.empty', (node: VolumeNode) => commands.empty(node)),
    register('dockside.volume.download', (node: VolumeNode) => commands.download(node)),
    register('dockside.volume.remove', (node: VolumeNode) => commands.remove(node)),
    register('dockside.volume.openFile', (node: VolumeFileNode) => commands.openFile(node)),
    register('dockside.volume.downloadFile', (node: VolumeFileNode) => commands.downloadFile(node)),
  );
}
