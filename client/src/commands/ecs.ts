// Commands of the 'ECS (local)' view: Run Task, Run as Service…, Schedule…, Scale, Stop (a modal
// confirmation before a service), Logs per container, and open a published port. Each checks "may this
// run?" first and reports one plain message.
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import type { DocksideContext } from '../ctx';
import { EcsError, LocalFileError } from '@dockside/engine';
import { TaskStartError } from '@dockside/engine';
import { nextRuns, parseSchedule, ScheduleError } from '@dockside/engine';
import { PlanError } from '@dockside/engine';
import { describeStoppedTask, type ContainerState, type TaskState } from '@dockside/engine';
import { parseDesiredCount, portUrl, SCHEDULE_PRESETS, type EcsNode, type WorkspaceTaskDefinition } from '../views/ecsModel';
import { EcsView, findTaskDefinitions } from '../views/ecsView';
import { listNames } from '../views/itemView';
import { confirmModal, withEngineProgress } from './ui';

type DefinitionNode = Extract<EcsNode, { kind: 'definition' }>;
type ServiceNode = Extract<EcsNode, { kind: 'service' }>;
type TaskNode = Extract<EcsNode, { kind: 'task' }>;
type ContainerNode = Extract<EcsNode, { kind: 'container' }>;
type ScheduleNode = Extract<EcsNode, { kind: 'schedule' }>;

/** The 'ECS (local)' view and its commands, on the sidebar's engine session. */
export function registerEcsView(context: vscode.ExtensionContext, ctx: DocksideContext): vscode.Disposable {
  const view = new EcsView(ctx, context.workspaceState);
  return vscode.Disposable.from(view, registerEcsCommands(ctx, view));
}

function registerEcsCommands(ctx: DocksideContext, view: EcsView): vscode.Disposable {
  const commands = new EcsCommands(ctx, view);
  return vscode.Disposable.from(
    vscode.commands.registerCommand('dockside.ecs.runTask', (node?: DefinitionNode | vscode.Uri) => commands.runTask(node)),
    vscode.commands.registerCommand('dockside.ecs.runService', (node?: DefinitionNode | vscode.Uri) => commands.runService(node)),
    vscode.commands.registerCommand('dockside.ecs.schedule', (node?: DefinitionNode | vscode.Uri) => commands.schedule(node)),
    vscode.commands.registerCommand('dockside.ecs.scale', (node: ServiceNode) => commands.scale(node)),
    vscode.commands.registerCommand('dockside.ecs.stopService', (node: ServiceNode) => commands.stopService(node)),
    vscode.commands.registerCommand('dockside.ecs.stopTask', (node: TaskNode) => commands.stopTask(node)),
    vscode.commands.registerCommand('dockside.ecs.removeTask', (node: TaskNode) => commands.removeTask(node)),
    vscode.commands.registerCommand('dockside.ecs.logs', (node: ContainerNode) => commands.logs(node)),
    vscode.commands.registerCommand('dockside.ecs.openPort', (node: ContainerNode) => commands.openPort(node)),
    vscode.commands.registerCommand('dockside.ecs.unschedule', (node: ScheduleNode) => view.cluster?.unschedule(node.schedule.id)),
    vscode.commands.registerCommand('dockside.ecs.refresh', () => view.provider.refresh(true)),
    vscode.commands.registerCommand('dockside.ecs.openDefinition', (file: string) => vscode.window.showTextDocument(vscode.Uri.file(file))),
  );
}

class EcsCommands {
  private readonly logChannels = new Map<string, vscode.OutputChannel>();

  constructor(
    private readonly ctx: DocksideContext,
    private readonly view: EcsView,
  ) {}

  async runTask(node?: DefinitionNode | vscode.Uri): Promise<void> {
    const cluster = this.permit('runTask', 'Run Task');
    const definition = cluster && (await this.pickDefinition(node));
    const request = definition && (await this.request(definition));
    if (!cluster || !request) return;
    await this.guard(`run ${definition.family}`, async () => {
      const task = await withEngineProgress(`Running ${definition.family}`, async (_signal, report) => {
        report.message('starting the containers…');
        const run = await cluster.runTask(request);
        this.logNotes(definition, run.plan.notes);
        return run.whenStarted();
      });
      this.reportStarted(task);
    });
  }

  async runService(node?: DefinitionNode | vscode.Uri): Promise<void> {
    const cluster = this.permit('runService', 'Run as Service');
    const definition = cluster && (await this.pickDefinition(node));
    if (!cluster || !definition) return;
    const name = await vscode.window.showInputBox({
      title: 'Service name',
      value: definition.family,
      validateInput: (v) => (/^[A-Za-z0-9_-]{1,255}$/.test(v) ? undefined : 'Letters, digits, - and _ (as ECS allows).'),
    });
    if (!name) return;
    const count = await this.askCount(`Desired count for ${name}`, 1);
    const request = count !== undefined ? await this.request(definition) : undefined;
    if (!request || count === undefined) return;
    await this.guard(`start service ${name}`, async () => {
      this.logNotes(definition, await withEngineProgress(`Starting service ${name}`, () => cluster.createService(request, name, count)));
      void vscode.window.showInformationMessage(
        `Service ${name} keeps ${count} task${count === 1 ? '' : 's'} of ${definition.family} running.`,
      );
    });
  }

  async schedule(node?: DefinitionNode | vscode.Uri): Promise<void> {
    const cluster = this.permit('schedule', 'Schedule');
    const definition = cluster && (await this.pickDefinition(node));
    const expression = definition && (await this.askSchedule());
    const request = expression && definition ? await this.request(definition) : undefined;
    if (!cluster || !request || !expression || !definition) return;
    await this.guard(`schedule ${definition.family}`, async () => {
      const entry = await cluster.schedule(request, expression);
      const next = entry.state.nextRunAt;
      void vscode.window.showInformationMessage(
        `${definition.family} runs ${expression}; next run ${next ? `${next.toISOString().replace('T', ' ').slice(0, 16)} UTC` : 'never (the schedule has ended)'}.`,
      );
    });
  }

  async scale(node: ServiceNode): Promise<void> {
    const cluster = this.permit('scale', 'Scale');
    const count = cluster && (await this.askCount(`Desired count for ${node.service.name}`, node.service.desiredCount));
    if (cluster && count !== undefined)
      await this.guard(`scale ${node.service.name}`, () => cluster.scale(node.service.name, count, node.service.cluster));
  }

  async stopService(node: ServiceNode): Promise<void> {
    const cluster = this.permit('stopService', 'Stop Service');
    if (!cluster) return;
    const tasks = node.service.tasks.map((t) => t.taskId.slice(0, 8));
    const confirmed = await confirmModal({
      message: `Stop service ${node.service.name}?`,
      detail:
        tasks.length > 0
          ? `Its ${tasks.length} task${tasks.length === 1 ? '' : 's'} (${listNames(tasks)}) stop and their containers and task volumes are removed. Shared volumes stay.`
          : 'It has no task running.',
      confirm: 'Stop Service',
    });
    if (!confirmed) return;
    await this.guard(`stop service ${node.service.name}`, () =>
      withEngineProgress(`Stopping service ${node.service.name}`, () => cluster.stopService(node.service.name, node.service.cluster)),
    );
  }

  async stopTask(node: TaskNode): Promise<void> {
    const cluster = this.permit('stopTask', 'Stop Task');
    if (!cluster) return;
    await this.guard(`stop task ${node.task.taskId}`, async () => {
      const stopped = await withEngineProgress(`Stopping task ${node.task.taskId.slice(0, 8)}`, () => cluster.stopTask(node.task.taskId));
      if (stopped) this.ctx.log(describeStoppedTask(stopped).join('\n'));
    });
  }

  async removeTask(node: TaskNode): Promise<void> {
    const cluster = this.permit('removeTask', 'Remove Task');
    if (cluster) await this.guard(`remove task ${node.task.taskId}`, () => cluster.removeTask(node.task.taskId));
  }

  /**
   * Follows the container's log into an output channel of its own (awslogs falls back to these); asking
   * again shows the same channel rather than a second copy of the stream.
   */
  async logs(node: ContainerNode): Promise<void> {
    const docker = this.ctx.permit('logs', 'Logs');
    const id = node.container.dockerId;
    if (!docker || !id) return;
    const open = this.logChannels.get(id);
    if (open) return open.show(true);
    const channel = vscode.window.createOutputChannel(`ECS ${node.task.family} ${node.container.name} ${node.task.taskId.slice(0, 8)}`);
    this.logChannels.set(id, channel);
    this.ctx.push(channel);
    channel.show(true);
    await this.guard(`read the logs of ${node.container.name}`, () =>
      followLogs(docker, id, node.container.lastStatus === 'RUNNING', (line) => channel.append(line)),
    );
  }

  async openPort(node: ContainerNode): Promise<void> {
    const port = await pickPort(node.container);
    if (port) await vscode.env.openExternal(vscode.Uri.parse(portUrl(port)));
  }

  // ---------------------------------------------------------------------------------------- asking

  private permit(action: string, what: string): EcsView['cluster'] {
    if (!this.ctx.permit(action, what)) return undefined;
    const cluster = this.view.cluster;
    if (!cluster) void vscode.window.showWarningMessage(`${what}: the local cluster is still reading the engine; try again in a moment.`);
    return cluster;
  }

  private async pickDefinition(node?: DefinitionNode | vscode.Uri): Promise<WorkspaceTaskDefinition | undefined> {
    if (node && 'kind' in node) return node.definition;
    const all = await findTaskDefinitions();
    const file = node instanceof vscode.Uri ? node.fsPath : vscode.window.activeTextEditor?.document.uri.fsPath;
    const direct = all.find((d) => d.file === file);
    if (direct) return direct;
    if (all.length === 0) {
      void vscode.window.showInformationMessage('No task definition in this workspace (files matching dockside.taskDefinition.files).');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      all.map((d) => ({ label: d.family, description: d.relativePath, definition: d })),
      { placeHolder: 'Which task definition?' },
    );
    return picked?.definition;
  }

  /** Secrets come from a local file the user picks, never from AWS; asked only when the definition has any. */
  private async request(definition: WorkspaceTaskDefinition): Promise<{ file: string; secretsFile?: string } | undefined> {
    if (definition.secrets.length === 0) return { file: definition.file };
    const picked = await vscode.window.showOpenDialog({
      title: `Secrets for ${definition.family}: ${listNames([...definition.secrets])} (a JSON object or KEY=value lines; never read from AWS)`,
      canSelectMany: false,
      openLabel: 'Use These Secrets',
      defaultUri: vscode.Uri.file(definition.file),
    });
    return picked?.[0] ? { file: definition.file, secretsFile: picked[0].fsPath } : undefined;
  }

  private async askCount(title: string, value: number): Promise<number | undefined> {
    const text = await vscode.window.showInputBox({
      title,
      value: String(value),
      validateInput: (v) => {
        const parsed = parseDesiredCount(v);
        return typeof parsed === 'string' ? parsed : undefined;
      },
    });
    if (text === undefined) return undefined;
    const parsed = parseDesiredCount(text);
    return typeof parsed === 'number' ? parsed : undefined;
  }

  private async askSchedule(): Promise<string | undefined> {
    const now = new Date();
    const custom = { label: 'Custom…', description: 'rate(…) or cron(…), as EventBridge writes them', expression: undefined };
    const presets = SCHEDULE_PRESETS.map((expression) => ({
      label: expression,
      description: `next ${nextRuns(expression, now, 1)[0]?.toISOString().replace('T', ' ').slice(0, 16)} UTC`,
      expression,
    }));
    const picked = await vscode.window.showQuickPick([...presets, custom], { placeHolder: 'Run this task definition on a schedule (UTC)' });
    if (!picked) return undefined;
    if (picked.expression) return picked.expression;
    return vscode.window.showInputBox({
      title: 'Schedule expression',
      placeHolder: 'cron(0/15 * * * ? *)',
      validateInput: scheduleProblem,
    });
  }

  /** What runs differently from ECS (awslogs falling back to the engine's logs, …), said in the output. */
  private logNotes(definition: WorkspaceTaskDefinition, notes: readonly string[]): void {
    for (const note of notes) this.ctx.log(`ECS (local) ${definition.family}: ${note}`);
  }

  private reportStarted(task: TaskState): void {
    if (task.lastStatus === 'STOPPED') {
      void vscode.window.showWarningMessage(`Task ${task.taskId.slice(0, 8)} stopped: ${task.stoppedReason ?? 'no reason given'}`);
      return;
    }
    const ports = task.containers.flatMap((c) => c.ports.map((p) => `${c.name} ${portUrl(p)}`));
    void vscode.window.showInformationMessage(
      `Task ${task.family}:${task.revision} ${task.taskId.slice(0, 8)} is ${task.lastStatus}${ports.length ? ` — ${ports.join(', ')}` : ''}.`,
    );
  }

  /** Input problems are said as they are; anything else is a failure with the engine's reason. */
  private async guard(doing: string, work: () => Thenable<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (
        error instanceof PlanError ||
        error instanceof TaskStartError ||
        error instanceof LocalFileError ||
        error instanceof ScheduleError ||
        error instanceof EcsError
      ) {
        void vscode.window.showErrorMessage(`Could not ${doing}: ${error.message}`);
      } else {
        this.ctx.reportFailure(doing, error);
      }
    }
  }
}

function scheduleProblem(text: string): string | undefined {
  try {
    parseSchedule(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

async function pickPort(container: ContainerState): Promise<ContainerState['ports'][number] | undefined> {
  if (container.ports.length <= 1) return container.ports[0];
  const picked = await vscode.window.showQuickPick(
    container.ports.map((p) => ({ label: portUrl(p), description: `${p.containerPort}/${p.protocol}`, port: p })),
    { placeHolder: 'Which port?' },
  );
  return picked?.port;
}

async function followLogs(docker: Docker, id: string, follow: boolean, write: (text: string) => void): Promise<void> {
  const container = docker.getContainer(id);
  const sink = { write: (chunk: Buffer) => (write(chunk.toString()), true) } as unknown as NodeJS.WritableStream;
  if (!follow) {
    const buffer = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    docker.modem.demuxStream(bufferStream(buffer), sink, sink);
    return;
  }
  const stream = (await container.logs({ stdout: true, stderr: true, follow: true })) as NodeJS.ReadableStream;
  docker.modem.demuxStream(stream, sink, sink);
}

function bufferStream(buffer: Buffer): NodeJS.ReadableStream {
  return Readable.from([buffer]);
}
