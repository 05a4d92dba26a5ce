// The Swarm view and its commands: Deploy to Swarm… (a Compose file, a workspace stack, or the palette),
// Remove Stack (a modal naming what goes), Scale, Roll Back, Force Update, Logs, Drain and Activate a
// node, and Initialise a Swarm (saying what it means). Deploying reports what Swarm ignores or refuses
// in the Output first, with file and line, and refuses before changing anything when the stack cannot run.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { shellEnvironment } from '@dockside/core/node';
import {
  ConvergenceError,
  deployable,
  deployStack,
  describeFailure,
  describeProgress,
  forceUpdateService,
  initSwarm,
  loadSwarmStack,
  notManagerReason,
  readSwarm,
  removeStack,
  rollBackService,
  routingMeshWarning,
  scaleSwarmService,
  setNodeAvailability,
  streamServiceLogs,
  swarmState,
  type LoadedSwarmStack,
} from '@dockside/engine';
import type { DocksideContext } from '../ctx';
import { listNames } from '../views/itemView';
import type { StackNode } from '../views/stacksModel';
import { presentSwarmNode, swarmChildren, swarmRoots, type SwarmNode } from '../views/swarmModel';
import { ModelTreeProvider, showRestrictedMode } from '../views/tree';
import type { WorkspaceStacks } from '../views/workspaceStacks';
import { pickProfiles } from './composePicks';
import { confirmModal, withEngineProgress } from './ui';

type Of<K extends SwarmNode['kind']> = Extract<SwarmNode, { kind: K }>;

/** Compose file names docker compose reads together with their override: deploy the project, not the one file. */
const BASE_FILES = /^(docker-)?compose\.ya?ml$/;

export function registerSwarmView(ctx: DocksideContext, workspace: WorkspaceStacks): vscode.Disposable {
  const provider = new ModelTreeProvider<SwarmNode>(
    {
      roots: async () => {
        const docker = ctx.session.docker;
        return docker ? swarmRoots(await readSwarm(docker)) : [];
      },
      children: swarmChildren,
      present: presentSwarmNode,
    },
    ctx.session,
    ['service', 'node', 'container'],
    (error) => ctx.log(`Could not read the swarm: ${error instanceof Error ? error.message : String(error)}`),
  );
  const view = vscode.window.createTreeView('dockside.swarm', { treeDataProvider: provider, showCollapseAll: true });
  const commands = new SwarmCommands(ctx, workspace, () => provider.refresh(true));
  const register = vscode.commands.registerCommand;
  return vscode.Disposable.from(
    provider,
    view,
    showRestrictedMode(view, ctx.session),
    register('dockside.swarm.deploy', (target?: vscode.Uri | StackNode) => commands.deploy(target)),
    register('dockside.swarm.refresh', () => provider.refresh(true)),
    register('dockside.swarm.removeStack', (node: Of<'swarmStack'>) => commands.removeStack(node)),
    register('dockside.swarm.scale', (node: Of<'swarmService'>) => commands.scale(node)),
    register('dockside.swarm.rollback', (node: Of<'swarmService'>) => commands.rollback(node)),
    register('dockside.swarm.forceUpdate', (node: Of<'swarmService'>) => commands.forceUpdate(node)),
    register('dockside.swarm.logs', (node: Of<'swarmService'>) => commands.logs(node)),
    register('dockside.swarm.drainNode', (node: Of<'swarmNode'>) => commands.availability(node, 'drain')),
    register('dockside.swarm.activateNode', (node: Of<'swarmNode'>) => commands.availability(node, 'active')),
    register('dockside.swarm.init', () => commands.init()),
    commands,
  );
}

class SwarmCommands implements vscode.Disposable {
  private readonly logChannels = new Map<string, vscode.OutputChannel>();

  constructor(
    private readonly ctx: DocksideContext,
    private readonly workspace: WorkspaceStacks,
    private readonly refresh: () => void,
  ) {}

  dispose(): void {
    for (const channel of this.logChannels.values()) channel.dispose();
  }

  async deploy(target?: vscode.Uri | StackNode): Promise<void> {
    const docker = this.ctx.permit('deploy', 'Deploy to Swarm');
    const source = docker && (await this.pickSource(target));
    if (!docker || !source) return;
    const state = await swarmState(docker);
    const reason = notManagerReason(state);
    if (reason) {
      const init = 'Initialise a Swarm…';
      const choice = await vscode.window.showWarningMessage(reason, ...(state.role === 'inactive' ? [init] : []));
      if (choice === init) await this.init();
      return;
    }
    const context = state.nodes === undefined ? {} : { nodes: state.nodes };
    const asFound = { ...source, env: shellEnvironment() };
    let loaded = loadSwarmStack(asFound, context);
    // As `dockside swarm deploy --profile …`: when the project has profiles, which to deploy.
    const profiles = loaded.files.length > 0 ? await pickProfiles(loaded.files, 'Deploy to Swarm: profiles', 'deploy') : undefined;
    if (profiles === null) return;
    // The profiles picked replace COMPOSE_PROFILES, which picked them first: none picked is none.
    const chosen = profiles ? { ...asFound, profiles, env: { ...asFound.env, COMPOSE_PROFILES: profiles.join(',') } } : asFound;
    if (profiles) loaded = loadSwarmStack(chosen, context);
    const name = await vscode.window.showInputBox({
      title: 'Deploy to Swarm: stack name',
      value: loaded.namespace,
      validateInput: (value) =>
        /^[a-z0-9][a-z0-9_-]*$/.test(value) ? undefined : 'Lower-case letters, digits, - and _, as Compose project names.',
    });
    if (!name) return;
    const stack = name === loaded.namespace ? loaded : loadSwarmStack({ ...chosen, projectName: name }, context);
    if (!this.reportBeforeDeploy(stack)) return;
    const mesh = routingMeshWarning(stack.plan, { engine: this.ctx.engineAddress().label, platform: process.platform });
    if (mesh) this.ctx.log(`Swarm: ${mesh}`);
    try {
      const result = await withEngineProgress(`Deploying ${stack.namespace} to Swarm`, (signal, report) =>
        deployStack(docker, stack, {
          signal,
          onEvent: (event) => {
            const text = event.kind === 'step' ? event.message : describeProgress(event.progress);
            report.message(text);
            this.ctx.log(`${stack.namespace}: ${text}`);
          },
        }),
      );
      const counts = ['created', 'updated', 'unchanged'].map(
        (change) => `${result.services.filter((service) => service.change === change).length} ${change}`,
      );
      void vscode.window.showInformationMessage(
        `Stack ${stack.namespace} is deployed: ${result.services.length} services (${counts.join(', ')}).`,
      );
    } catch (error) {
      if (!(error instanceof ConvergenceError)) {
        this.ctx.reportFailure(`deploy ${stack.namespace}`, error);
        return;
      }
      for (const failed of error.failed) {
        this.ctx.log(describeFailure(failed));
        for (const line of failed.failure?.logs ?? []) this.ctx.log(`  ${line}`);
      }
      const show = 'Show Output';
      const choice = await vscode.window.showErrorMessage(describeFailure(error.failed[0]!), show);
      if (choice === show) this.ctx.output.show(true);
    } finally {
      this.refresh();
    }
  }

  /** The report in the Output; false (with an error naming the first problem) when the stack cannot be deployed. */
  private reportBeforeDeploy(stack: LoadedSwarmStack): boolean {
    for (const error of stack.errors) this.ctx.log(`${stack.namespace}: ${error}`);
    for (const loss of stack.report)
      this.ctx.log(
        `${loss.file ? `${loss.file}:${loss.line ?? 1}: ` : ''}${loss.kind} ${loss.path}: ${loss.reason}${loss.action ? ` ${loss.action}` : ''}`,
      );
    if (deployable(stack)) return true;
    const first = stack.errors[0] ?? stack.report.find((loss) => loss.kind === 'error')?.reason ?? '';
    const show = 'Show Output';
    void vscode.window
      .showErrorMessage(`Stack ${stack.namespace} cannot be deployed; nothing was changed. ${first}`, show)
      .then((choice) => choice === show && this.ctx.output.show(true));
    return false;
  }

  private async pickSource(target?: vscode.Uri | StackNode): Promise<{ workingDir: string; files: string[] } | undefined> {
    if (target && 'kind' in target)
      return target.workspace ? { workingDir: target.workspace.workingDir, files: [...target.workspace.files] } : undefined;
    const file = target instanceof vscode.Uri ? target.fsPath : vscode.window.activeTextEditor?.document.uri.fsPath;
    if (
      file &&
      (target instanceof vscode.Uri || vscode.window.activeTextEditor?.document.languageId === 'dockercompose' || /\.ya?ml$/.test(file))
    )
      return { workingDir: dirname(file), files: BASE_FILES.test(basename(file)) ? [] : [file] };
    const stacks = await this.workspace.stacks();
    if (stacks.length === 0) {
      void vscode.window.showInformationMessage('No Compose project in this workspace: open a Compose file to deploy it to Swarm.');
      return undefined;
    }
    const picked =
      stacks.length === 1
        ? { stack: stacks[0]! }
        : await vscode.window.showQuickPick(
            stacks.map((stack) => ({ label: stack.projectName, description: stack.workingDir, stack })),
            { placeHolder: 'Which project to deploy to Swarm?' },
          );
    return picked ? { workingDir: picked.stack.workingDir, files: [...picked.stack.files] } : undefined;
  }

  async removeStack(node: Of<'swarmStack'>): Promise<void> {
    const docker = this.ctx.permit('removeStack', 'Remove Stack');
    if (!docker) return;
    const { stack } = node;
    const what = [
      stack.services.length
        ? `services ${listNames(
            stack.services.map((service) => service.name),
            5,
          )}`
        : '',
      stack.networks.length ? `networks ${listNames([...stack.networks], 5)}` : '',
      stack.secrets.length ? `secrets ${listNames([...stack.secrets], 5)}` : '',
      stack.configs.length ? `configs ${listNames([...stack.configs], 5)}` : '',
    ].filter(Boolean);
    const confirmed = await confirmModal({
      message: `Remove stack ${stack.name} from the swarm?`,
      detail: `Its ${what.join('; ')} are removed, and their tasks stop on every node. Named volumes stay on the nodes.`,
      confirm: 'Remove Stack',
    });
    if (!confirmed) return;
    await this.guard(`remove stack ${stack.name}`, () =>
      withEngineProgress(`Removing stack ${stack.name}`, (signal, report) =>
        removeStack(docker, stack.name, { signal, onEvent: (event) => event.kind === 'step' && report.message(event.message) }),
      ),
    );
  }

  async scale(node: Of<'swarmService'>): Promise<void> {
    const docker = this.ctx.permit('scale', 'Scale');
    if (!docker) return;
    const text = await vscode.window.showInputBox({
      title: `Replicas of ${node.service.name}`,
      value: String(node.service.desired),
      validateInput: (value) => (/^\d{1,4}$/.test(value.trim()) ? undefined : 'A whole number of tasks (0 stops them all).'),
    });
    if (text !== undefined)
      await this.guard(`scale ${node.service.name}`, () => scaleSwarmService(docker, node.service.id, Number(text.trim())));
  }

  async rollback(node: Of<'swarmService'>): Promise<void> {
    const docker = this.ctx.permit('rollback', 'Roll Back');
    if (docker) await this.guard(`roll back ${node.service.name}`, () => rollBackService(docker, node.service.id));
  }

  async forceUpdate(node: Of<'swarmService'>): Promise<void> {
    const docker = this.ctx.permit('forceUpdate', 'Force Update');
    if (docker) await this.guard(`force an update of ${node.service.name}`, () => forceUpdateService(docker, node.service.id));
  }

  async availability(node: Of<'swarmNode'>, availability: 'drain' | 'active'): Promise<void> {
    const docker = this.ctx.permit(
      availability === 'drain' ? 'drainNode' : 'activateNode',
      availability === 'drain' ? 'Drain' : 'Activate',
    );
    if (!docker) return;
    if (availability === 'drain') {
      const confirmed = await confirmModal({
        message: `Drain node ${node.node.hostname}?`,
        detail:
          'Its tasks stop there and the managers start them on other nodes (where none can take them, they wait). No new task is placed on it until it is activated.',
        confirm: 'Drain',
      });
      if (!confirmed) return;
    }
    await this.guard(`${availability === 'drain' ? 'drain' : 'activate'} node ${node.node.hostname}`, () =>
      setNodeAvailability(docker, node.node.id, availability),
    );
  }

  async init(): Promise<void> {
    const docker = this.ctx.permit('initSwarm', 'Initialise a Swarm');
    if (!docker) return;
    const confirmed = await confirmModal({
      message: 'Initialise a Swarm on this Docker Engine?',
      detail:
        'The engine becomes the manager of a new swarm of one node (docker swarm init): stacks can be deployed to it, and other engines can join it. Containers it runs now are not affected. To undo, run docker swarm leave --force, which removes the swarm\u2019s services, secrets and configs.',
      confirm: 'Initialise',
    });
    if (!confirmed) return;
    await this.guard('initialise a swarm', async () => {
      const result = await initSwarm(docker);
      void vscode.window.showInformationMessage(
        result.advertised
          ? `This engine manages a new swarm, listening on ${result.advertised} only (this machine).`
          : 'This engine manages a new swarm.',
      );
    });
  }

  /** Follows the service's logs, from every node, into an output channel of its own. */
  async logs(node: Of<'swarmService'>): Promise<void> {
    const docker = this.ctx.permit('logs', 'Logs');
    if (!docker) return;
    const open = this.logChannels.get(node.service.id);
    if (open) return open.show(true);
    const channel = vscode.window.createOutputChannel(`Swarm ${node.service.name}`);
    this.logChannels.set(node.service.id, channel);
    channel.show(true);
    const controller = new AbortController();
    const stop = { dispose: () => controller.abort() };
    this.ctx.push(stop);
    await this.guard(`read the logs of ${node.service.name}`, () =>
      streamServiceLogs(docker, node.service.id, {
        follow: true,
        tail: 500,
        signal: controller.signal,
        onLine: (task, line) => channel.appendLine(`${task} | ${line}`),
      }),
    );
  }

  private async guard(doing: string, work: () => Thenable<unknown> | Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.ctx.reportFailure(doing, error);
    } finally {
      this.refresh();
    }
  }
}
