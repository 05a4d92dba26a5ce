// Commands on stacks, services and containers of the Stacks view: Up (with profiles), Down, Down and
// Remove Volumes, Restart, Logs; start/stop/restart a service, open a shell in its container, open a
// published port. Each checks "may this run?" first, shows progress while the engine works, and ends
// with one plain message.
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { shellEnvironment } from '@dockside/core/node';
import {
  listStacks,
  loadStack,
  serviceAction,
  stackDown,
  stackRestart,
  stackUp,
  streamLogs,
  volumesRemovedByDown,
  type StackEvent,
} from '@dockside/engine';
import type { DocksideContext } from '../ctx';
import { confirmModal, withEngineProgress, type ProgressReport } from './ui';
import { listNames } from '../views/itemView';
import { logLineFormatter, STDERR_MARK, type LogLineFormatter } from '../views/logsModel';
import { confirmDown, confirmDownVolumes } from '../views/safetyModel';
import {
  publishedPorts,
  portLabel,
  portUrl,
  serviceNodes,
  stackNodes,
  type ContainerNode,
  type RunningContainer,
  type ServiceNode,
  type StackNode,
} from '../views/stacksModel';
import type { SourcePoint } from '../views/workspaceModel';
import type { WorkspaceStacks } from '../views/workspaceStacks';

interface UpChoice {
  profiles?: string[];
  services?: string[];
}

export class StackCommands {
  constructor(
    private readonly ctx: DocksideContext,
    private readonly workspace: WorkspaceStacks,
  ) {}

  /** From the palette there is no item: ask which stack. */
  private async pickStack(node: StackNode | undefined, want: 'workspace' | 'running'): Promise<StackNode | undefined> {
    if (node) return node;
    const docker = this.ctx.session.docker;
    const nodes = stackNodes(await this.workspace.stacks(), docker ? await listStacks(docker) : []).filter((n) =>
      want === 'workspace' ? n.workspace : n.running,
    );
    if (nodes.length <= 1) {
      if (nodes.length === 0)
        void vscode.window.showInformationMessage(
          want === 'workspace' ? 'No Compose project in this workspace: open a folder with a compose.yaml.' : 'No stack is running.',
        );
      return nodes[0];
    }
    const picked = await vscode.window.showQuickPick(
      nodes.map((n) => ({ label: n.project, description: n.workspace?.workingDir ?? n.running?.workingDir, node: n })),
      { placeHolder: 'Which stack?' },
    );
    return picked?.node;
  }

  private onEvent(project: string, report: ProgressReport): (event: StackEvent) => void {
    return (event) => {
      if (event.kind === 'step') {
        report.message(event.message);
        this.ctx.log(`${project}: ${event.message}`);
      } else {
        this.ctx.log(`${project} ${event.service} | ${event.line}`);
      }
    };
  }

  async up(node: StackNode | undefined, options: UpChoice = {}): Promise<void> {
    const stack = await this.pickStack(node, 'workspace');
    if (!stack) return;
    const local = stack.workspace ?? (await this.workspace.find(stack.project));
    if (local) await this.upFiles({ workingDir: local.workingDir, files: [...local.files] }, options);
  }

  /** Up from the project's files (also the Compose file's "Run" lenses), with its `.env` and override files applied. */
  async upFiles(source: { workingDir: string; files: string[] }, options: UpChoice = {}): Promise<void> {
    const docker = this.ctx.permit('up', 'Up');
    if (!docker) return;
    const loaded = loadStack({ ...source, profiles: options.profiles ?? [], env: shellEnvironment() });
    if (loaded.errors.length > 0) {
      for (const error of loaded.errors) this.ctx.log(`${loaded.projectName}: ${error}`);
      const open = 'Open File';
      const choice = await vscode.window.showErrorMessage(
        `Stack "${loaded.projectName}" cannot start: ${loaded.errors[0]}${loaded.errors.length > 1 ? ` (and ${loaded.errors.length - 1} more in the output)` : ''}`,
        open,
      );
      if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(loaded.files[0]!));
      return;
    }
    const what = options.services ? `${listNames(options.services)} of "${loaded.projectName}"` : `stack "${loaded.projectName}"`;
    try {
      const result = await withEngineProgress(`Starting ${what}`, (signal, report) =>
        stackUp(docker, loaded, {
          signal,
          onEvent: this.onEvent(loaded.projectName, report),
          ...(options.services ? { services: options.services } : {}),
        }),
      );
      const count = result.containers.length;
      const unchanged = result.containers.filter((c) => c.action === 'unchanged').length;
      void vscode.window.showInformationMessage(
        `Started ${what}: ${count} container${count === 1 ? '' : 's'}${unchanged ? `, ${unchanged} of them unchanged` : ''}.`,
      );
    } catch (error) {
      this.ctx.reportFailure(`start ${what}`, error);
    }
  }

  async upWithProfiles(node: StackNode | undefined): Promise<void> {
    const stack = await this.pickStack(node, 'workspace');
    const profiles = stack?.workspace?.profiles ?? [];
    if (!stack) return;
    if (profiles.length === 0) {
      void vscode.window.showInformationMessage(`Stack "${stack.project}" has no profiles.`);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      profiles.map((profile) => ({
        label: profile,
        description: stack.workspace?.services
          .filter((s) => s.profiles.includes(profile))
          .map((s) => s.name)
          .join(', '),
      })),
      {
        canPickMany: true,
        title: `Up "${stack.project}" with profiles`,
        placeHolder: 'Services without a profile always start; pick the profiles to add',
      },
    );
    if (!picked) return;
    await this.up(stack, { profiles: picked.map((p) => p.label) });
  }

  async down(node: StackNode | undefined, removeVolumes: boolean): Promise<void> {
    const stack = await this.pickStack(node, 'running');
    if (!stack) return;
    const docker = this.ctx.permit(removeVolumes ? 'downVolumes' : 'down', removeVolumes ? 'Down and Remove Volumes' : 'Down');
    if (!docker) return;
    try {
      const confirmation = removeVolumes
        ? confirmDownVolumes(stack.project, await volumesRemovedByDown(docker, stack.project))
        : confirmDown(
            stack.project,
            containersOf(stack).map((c) => c.name),
          );
      if (!(await confirmModal(confirmation))) return;
      const removed = await withEngineProgress(`Stopping stack "${stack.project}"`, (signal, report) =>
        stackDown(docker, stack.project, { signal, removeVolumes, onEvent: this.onEvent(stack.project, report) }),
      );
      const parts = [
        `${removed.containers.length} container${removed.containers.length === 1 ? '' : 's'}`,
        `${removed.networks.length} network${removed.networks.length === 1 ? '' : 's'}`,
      ];
      if (removeVolumes) parts.push(`${removed.volumes.length} volume${removed.volumes.length === 1 ? '' : 's'}`);
      void vscode.window.showInformationMessage(`Stack "${stack.project}" is down: removed ${listNames(parts)}.`);
    } catch (error) {
      this.ctx.reportFailure(`bring stack "${stack.project}" down`, error);
    }
  }

  async restart(node: StackNode | undefined, services?: string[]): Promise<void> {
    const stack = await this.pickStack(node, 'running');
    if (!stack) return;
    const docker = this.ctx.permit('restart', 'Restart');
    if (!docker) return;
    const what = services ? `${listNames(services)} of "${stack.project}"` : `stack "${stack.project}"`;
    try {
      await withEngineProgress(`Restarting ${what}`, (signal, report) =>
        stackRestart(docker, stack.project, { signal, onEvent: this.onEvent(stack.project, report), ...(services ? { services } : {}) }),
      );
      void vscode.window.showInformationMessage(`Restarted ${what}.`);
    } catch (error) {
      this.ctx.reportFailure(`restart ${what}`, error);
    }
  }

  async serviceAction(node: ServiceNode, action: 'start' | 'stop' | 'restart'): Promise<void> {
    const docker = this.ctx.permit(action, action[0]!.toUpperCase() + action.slice(1));
    if (!docker) return;
    const verb = { start: 'Starting', stop: 'Stopping', restart: 'Restarting' }[action];
    try {
      await withEngineProgress(`${verb} ${node.name} of "${node.project}"`, (signal, report) =>
        serviceAction(docker, node.project, node.name, action, { signal, onEvent: this.onEvent(node.project, report) }),
      );
      void vscode.window.showInformationMessage(
        `${node.name} of "${node.project}" ${{ start: 'started', stop: 'stopped', restart: 'restarted' }[action]}.`,
      );
    } catch (error) {
      this.ctx.reportFailure(`${action} ${node.name} of "${node.project}"`, error);
    }
  }

  /** Logs in a terminal, each line prefixed by its service; closing the terminal stops the stream. */
  async logs(node: StackNode | ServiceNode | undefined): Promise<void> {
    const target = node?.kind === 'service' ? node : await this.pickStack(node, 'running');
    if (!target) return;
    const docker = this.ctx.permit('logs', 'Logs');
    if (!docker) return;
    const services = target.kind === 'service' ? [target.name] : serviceNodes(target).map((s) => s.name);
    const title = target.kind === 'service' ? `Logs: ${target.project} › ${target.name}` : `Logs: ${target.project}`;
    const terminal = vscode.window.createTerminal({
      name: title,
      pty: logsTerminal(
        docker,
        target.project,
        target.kind === 'service' ? [target.name] : undefined,
        logLineFormatter(services),
        (error) => this.ctx.reportFailure(`follow the logs of "${target.project}"`, error),
      ),
      iconPath: new vscode.ThemeIcon('output'),
    });
    terminal.show();
  }

  /** `docker exec -it <container> sh` in an integrated terminal: the arguments as a list, never a shell string. */
  shell(containers: readonly RunningContainer[]): void {
    if (!this.ctx.permit('shell', 'Open Shell')) return;
    const container = containers.find((c) => c.state === 'running');
    if (!container) {
      void vscode.window.showInformationMessage('No running container to open a shell in.');
      return;
    }
    const terminal = vscode.window.createTerminal({
      name: `Shell: ${container.name}`,
      shellPath: 'docker',
      shellArgs: ['exec', '-it', container.name, 'sh'],
      // The same engine the sidebar shows, even when it is not the docker CLI's default.
      env: { DOCKER_HOST: this.ctx.engineAddress().label },
      iconPath: new vscode.ThemeIcon('terminal'),
    });
    terminal.show();
  }

  async openPort(containers: readonly RunningContainer[]): Promise<void> {
    const ports = publishedPorts(containers);
    const port =
      ports.length <= 1
        ? ports[0]
        : (
            await vscode.window.showQuickPick(
              ports.map((p) => ({ label: portUrl(p), description: portLabel(p), port: p })),
              { placeHolder: 'Which port?' },
            )
          )?.port;
    if (!port) {
      if (ports.length === 0) void vscode.window.showInformationMessage('No published port to open.');
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(portUrl(port)));
  }
}

function containersOf(stack: StackNode): RunningContainer[] {
  return (stack.running?.services ?? []).flatMap((s) => s.containers);
}

function logsTerminal(
  docker: Docker,
  project: string,
  services: string[] | undefined,
  format: LogLineFormatter,
  onError: (error: unknown) => void,
): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const abort = new AbortController();
  return {
    onDidWrite: write.event,
    open: () => {
      write.fire(
        `\x1b[2mFollowing the logs of ${services ? listNames(services) : `every service of "${project}"`} (${STDERR_MARK} marks a line written to stderr). Close the terminal to stop.\x1b[0m\r\n`,
      );
      streamLogs(docker, project, {
        ...(services ? { services } : {}),
        follow: true,
        tail: 200,
        signal: abort.signal,
        onLine: (service, line, stream) => write.fire(format(service, line, stream)),
      })
        .then(() => write.fire('\r\n\x1b[2mThe log stream ended (the containers stopped).\x1b[0m\r\n'))
        .catch((error: unknown) => {
          if (abort.signal.aborted) return;
          write.fire(`\r\n\x1b[31m${error instanceof Error ? error.message : String(error)}\x1b[0m\r\n`);
          onError(error);
        });
    },
    close: () => {
      abort.abort();
      write.dispose();
    },
  };
}

async function openSource(point: SourcePoint | undefined): Promise<void> {
  if (!point) return;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(point.file));
  const position = document.positionAt(point.offset);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
}

export function registerStackCommands(
  ctx: DocksideContext,
  workspace: WorkspaceStacks,
  refresh: () => void,
): { commands: StackCommands; disposable: vscode.Disposable } {
  const commands = new StackCommands(ctx, workspace);
  const register = vscode.commands.registerCommand;
  const running = (node: ServiceNode | ContainerNode): RunningContainer[] =>
    node.kind === 'service' ? [...node.containers] : [node.container];
  const disposable = vscode.Disposable.from(
    register('dockside.docker.retry', () => ctx.session.connect()),
    register('dockside.stacks.refresh', refresh),
    register('dockside.openSource', openSource),
    register('dockside.stack.up', (node?: StackNode) => commands.up(node)),
    register('dockside.stack.upWithProfiles', (node?: StackNode) => commands.upWithProfiles(node)),
    register('dockside.stack.down', (node?: StackNode) => commands.down(node, false)),
    register('dockside.stack.downRemoveVolumes', (node?: StackNode) => commands.down(node, true)),
    register('dockside.stack.restart', (node?: StackNode) => commands.restart(node)),
    register('dockside.stack.logs', (node?: StackNode) => commands.logs(node)),
    register(
      'dockside.stack.openFile',
      (node: StackNode) => node.workspace && vscode.window.showTextDocument(vscode.Uri.file(node.workspace.files[0]!)),
    ),
    // A service behind a profile runs with its profile switched on, as `docker compose up <service>` does.
    register('dockside.service.run', (node: ServiceNode) =>
      commands.up({ kind: 'stack', project: node.project }, { services: [node.name], profiles: [...(node.declared?.profiles ?? [])] }),
    ),
    register('dockside.service.start', (node: ServiceNode) => commands.serviceAction(node, 'start')),
    register('dockside.service.stop', (node: ServiceNode) => commands.serviceAction(node, 'stop')),
    register('dockside.service.restart', (node: ServiceNode) => commands.serviceAction(node, 'restart')),
    register('dockside.service.logs', (node: ServiceNode) => commands.logs(node)),
    register('dockside.service.shell', (node: ServiceNode) => commands.shell(running(node))),
    register('dockside.service.openPort', (node: ServiceNode) => commands.openPort(running(node))),
    register('dockside.container.shell', (node: ContainerNode) => commands.shell(running(node))),
    register('dockside.container.openPort', (node: ContainerNode) => commands.openPort(running(node))),
  );
  return { commands, disposable };
}
