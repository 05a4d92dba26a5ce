// The 'ECS (AWS)' view and its commands: pick the profile and Region, deploy (from the explorer, the
// editor, or onto a cluster or service of the view), scale, force a new deployment, stop a task, tail a
// container's CloudWatch Logs, open a registered task definition read-only. What changes something in
// the account is refused in Restricted Mode (its menus are hidden there too).
import * as vscode from 'vscode';
import { formatLoss } from '@dockside/core';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import {
  comparableText,
  containerLogSource,
  describeAwsError,
  describeRegistered,
  forceNewDeployment,
  listAwsProfiles,
  loadDeploySource,
  readLogLines,
  scaleService,
  stopTask,
  type AwsConnection,
} from '@dockside/engine';
import { parseAwsDesiredCount, type AwsNode } from '../views/awsModel';
import { AwsView } from '../views/awsView';
import { taskDefinitionTextToCompose } from './convert';
import { DeployCommand, pickWorkspaceFile } from './deploy';

type Node<K extends AwsNode['kind']> = Extract<AwsNode, { kind: K }>;

const DEFINITION_SCHEME = 'dockside-ecs-task-definition';
/** Both sides of Compare with Local File, as ECS would compare them (normalised, keys in order). */
const COMPARE_SCHEME = 'dockside-ecs-compare';
/** How long Tail Logs follows a stream before it says so and stops. */
const FOLLOW_MS = 15 * 60_000;
const FOLLOW_EVERY_MS = 3_000;

export function registerAwsView(log: (line: string) => void): vscode.Disposable {
  const view = new AwsView(log);
  const deploy = new DeployCommand(view);
  const commands = new AwsCommands(view, log);
  return vscode.Disposable.from(
    view,
    deploy,
    commands,
    vscode.workspace.registerTextDocumentContentProvider(DEFINITION_SCHEME, commands.definitions),
    vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, commands.comparisons),
    // From the explorer and editor menus a file; from the Stacks view a stack of the workspace; from the palette nothing.
    vscode.commands.registerCommand(
      'dockside.aws.deploy',
      (target?: vscode.Uri | { readonly workspace?: { readonly files: readonly string[] } }) => deploy.run(deployFile(target)),
    ),
    vscode.commands.registerCommand('dockside.aws.deployHere', (node: Node<'cluster'> | Node<'service'>) =>
      deploy.run(
        undefined,
        node.kind === 'cluster' ? { cluster: node.cluster.name } : { cluster: node.service.cluster, service: node.service.name },
      ),
    ),
    vscode.commands.registerCommand('dockside.aws.refresh', () => view.refresh(true)),
    vscode.commands.registerCommand('dockside.aws.selectProfile', () => commands.selectProfile()),
    vscode.commands.registerCommand('dockside.aws.scale', (node: Node<'service'>) => commands.scale(node)),
    vscode.commands.registerCommand('dockside.aws.forceNewDeployment', (node: Node<'service'>) => commands.forceNewDeployment(node)),
    vscode.commands.registerCommand('dockside.aws.stopTask', (node: Node<'task'>) => commands.stopTask(node)),
    vscode.commands.registerCommand('dockside.aws.tailLogs', (node: Node<'container'>) => commands.tailLogs(node)),
    vscode.commands.registerCommand('dockside.aws.openTaskDefinition', (node: Node<'service'> | Node<'task'>) =>
      commands.openTaskDefinition(node),
    ),
    vscode.commands.registerCommand('dockside.aws.convertToCompose', (node: Node<'service'> | Node<'task'>) =>
      commands.convertToCompose(node),
    ),
    vscode.commands.registerCommand('dockside.aws.compareTaskDefinition', (node: Node<'service'> | Node<'task'>) =>
      commands.compareTaskDefinition(node),
    ),
  );
}

/** The registered task definition an item runs: its ARN and `family:revision`. */
function registeredOf(node: Node<'service'> | Node<'task'>): { arn?: string; revision: string } {
  return node.kind === 'service'
    ? { arn: node.service.taskDefinitionArn, revision: node.service.taskDefinition ?? 'registered' }
    : { arn: node.task.taskDefinitionArn, revision: node.task.taskDefinition };
}

function deployFile(
  target: vscode.Uri | { readonly workspace?: { readonly files: readonly string[] } } | undefined,
): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  const file = target?.workspace?.files[0];
  return file ? vscode.Uri.file(file) : undefined;
}

class AwsCommands implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly followers = new Set<NodeJS.Timeout>();
  /** Registered task definitions, read-only, by the ARN in their URI. */
  readonly definitions: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: async (uri) => {
      const aws = this.connection();
      if (!aws) return '';
      const described = (await describeRegistered(aws, decodeURIComponent(uri.query))) as { taskDefinition?: unknown };
      return `${JSON.stringify(described.taskDefinition ?? {}, null, 2)}\n`;
    },
  };

  private readonly compared = new Map<string, string>();
  readonly comparisons: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: (uri) => this.compared.get(uri.toString()) ?? '',
  };

  constructor(
    private readonly view: AwsView,
    private readonly log: (line: string) => void,
  ) {}

  async selectProfile(): Promise<void> {
    const profiles = listAwsProfiles();
    const chain = { label: 'Default credentials', description: 'AWS_PROFILE, the environment, SSO… (the SDK default chain)', name: '' };
    const picked = await vscode.window.showQuickPick(
      [
        chain,
        ...profiles.map((p) => ({
          label: p.name,
          description: [p.region, p.sso ? 'SSO' : undefined].filter(Boolean).join(' · '),
          detail: `in ${p.files.join(' and ')}`,
          name: p.name,
        })),
      ],
      {
        title: 'ECS (AWS): profile',
        placeHolder: 'Whose credentials? Dockside stores none: only the profile name is kept in your settings.',
      },
    );
    if (!picked) return;
    const section = vscode.workspace.getConfiguration('dockside.aws');
    const profileRegion = profiles.find((p) => p.name === picked.name)?.region ?? '';
    const region = await vscode.window.showInputBox({
      title: 'ECS (AWS): Region',
      prompt: `Empty: ${profileRegion ? `the profile's ${profileRegion}` : "AWS_REGION, else the profile's region"}`,
      value: section.get<string>('region') ?? '',
      placeHolder: profileRegion || 'eu-west-1',
      validateInput: (v) => (v.trim() === '' || /^[a-z]{2}(-[a-z]+)+-\d$/.test(v.trim()) ? undefined : 'A Region code such as eu-west-1.'),
    });
    if (region === undefined) return;
    await section.update('profile', picked.name, vscode.ConfigurationTarget.Global);
    await section.update('region', region.trim(), vscode.ConfigurationTarget.Global);
    this.view.reconnect();
  }

  async scale(node: Node<'service'>): Promise<void> {
    const aws = this.permit('Scale');
    if (!aws) return;
    const text = await vscode.window.showInputBox({
      title: `Desired count for ${node.service.name}`,
      value: String(node.service.desired),
      validateInput: (v) => {
        const parsed = parseAwsDesiredCount(v);
        return typeof parsed === 'string' ? parsed : undefined;
      },
    });
    const count = text === undefined ? undefined : parseAwsDesiredCount(text);
    if (typeof count !== 'number') return;
    await this.change(`scale ${node.service.name}`, () => scaleService(aws, node.service.cluster, node.service.name, count));
  }

  async forceNewDeployment(node: Node<'service'>): Promise<void> {
    const aws = this.permit('Force New Deployment');
    if (!aws) return;
    const go = 'Force New Deployment';
    const answer = await vscode.window.showWarningMessage(
      `Start a new deployment of ${node.service.name}?`,
      {
        modal: true,
        detail: `ECS replaces its ${node.service.running} running task${node.service.running === 1 ? '' : 's'} with new ones of ${node.service.taskDefinition ?? 'the same revision'} (pulling the image again).`,
      },
      go,
    );
    if (answer === go)
      await this.change(`start a new deployment of ${node.service.name}`, () =>
        forceNewDeployment(aws, node.service.cluster, node.service.name),
      );
  }

  async stopTask(node: Node<'task'>): Promise<void> {
    const aws = this.permit('Stop Task');
    if (!aws) return;
    const go = 'Stop Task';
    const answer = await vscode.window.showWarningMessage(
      `Stop task ${node.task.id.slice(0, 8)} (${node.task.taskDefinition})?`,
      { modal: true, detail: 'A service starts another in its place.' },
      go,
    );
    if (answer === go)
      await this.change(`stop task ${node.task.id}`, () => stopTask(aws, node.task.cluster, node.task.arn, 'Stopped from Dockside'));
  }

  /** The container's CloudWatch Logs stream in an output channel of its own: the last lines, then what comes, for a while. */
  async tailLogs(node: Node<'container'>): Promise<void> {
    const aws = this.connection();
    if (!aws) return;
    const key = `${node.task.arn}/${node.container.name}`;
    const open = this.channels.get(key);
    if (open) return open.show(true);
    let source;
    try {
      source = await containerLogSource(aws, node.task, node.container);
    } catch (error) {
      return this.report(`read where ${node.container.name} logs`, error);
    }
    if (typeof source === 'string') {
      void vscode.window.showInformationMessage(source);
      return;
    }
    const channel = vscode.window.createOutputChannel(`ECS ${node.task.taskDefinition} ${node.container.name} ${node.task.id.slice(0, 8)}`);
    this.channels.set(key, channel);
    channel.appendLine(`${source.group} ${source.stream} (${source.region})`);
    channel.show(true);
    const { lines, token } = await readLogLines(aws, source, undefined).catch((error: unknown) => {
      channel.appendLine(`Could not read the log: ${describeAwsError(error)}`);
      return { lines: [] as string[], token: undefined };
    });
    for (const line of lines) channel.appendLine(line);
    let next = token;
    const started = Date.now();
    const follow = (): void => {
      const timer = setTimeout(() => {
        this.followers.delete(timer);
        if (Date.now() - started > FOLLOW_MS) {
          channel.appendLine(`— Stopped following after ${FOLLOW_MS / 60_000} minutes; Tail Logs again to go on.`);
          this.channels.delete(key);
          return;
        }
        readLogLines(aws, source, next).then(
          (page) => {
            for (const line of page.lines) channel.appendLine(line);
            next = page.token;
            follow();
          },
          (error: unknown) => {
            channel.appendLine(`— Stopped following: ${describeAwsError(error)}`);
            this.channels.delete(key);
          },
        );
      }, FOLLOW_EVERY_MS);
      this.followers.add(timer);
    };
    follow();
  }

  async openTaskDefinition(node: Node<'service'> | Node<'task'>): Promise<void> {
    const arn = node.kind === 'service' ? node.service.taskDefinitionArn : node.task.taskDefinitionArn;
    const name = node.kind === 'service' ? node.service.taskDefinition : node.task.taskDefinition;
    if (!arn) return;
    const uri = vscode.Uri.from({
      scheme: DEFINITION_SCHEME,
      path: `/${name ?? 'task-definition'}.task-definition.json`,
      query: encodeURIComponent(arn),
    });
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: true });
    } catch (error) {
      this.report(`open ${name ?? arn}`, error);
    }
  }

  /** The registered revision as a Compose file (a new, unsaved document), with what could not be carried over in the output. */
  async convertToCompose(node: Node<'service'> | Node<'task'>): Promise<void> {
    const aws = this.connection();
    const { arn, revision } = registeredOf(node);
    if (!aws || !arn) return;
    try {
      const registered = (await describeRegistered(aws, arn)) as { taskDefinition?: unknown };
      const text = JSON.stringify(registered.taskDefinition ?? {}, null, 2);
      const result = taskDefinitionTextToCompose(text, `${revision.replace(':', '-')}.task-definition.json`);
      for (const loss of result.losses) this.log(`ECS (AWS) ${revision} → Compose: ${formatLoss(loss)}`);
      const file = result.files[0];
      if (!file) {
        void vscode.window.showErrorMessage(`${revision} could not be converted: ${result.losses[0]?.reason ?? 'no result'}`);
        return;
      }
      const document = await vscode.workspace.openTextDocument({ language: 'dockercompose', content: file.text });
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
      if (result.losses.length > 0)
        void vscode.window.showInformationMessage(
          `${revision} converted; ${result.losses.length} thing${result.losses.length === 1 ? '' : 's'} could not be carried over exactly (see the Dockside output).`,
        );
    } catch (error) {
      this.report(`convert ${revision}`, error);
    }
  }

  /**
   * The registered revision beside a local Compose file or task definition, both as a deploy compares
   * them: what ECS fills in or reorders is no difference, so what differs is what a deploy would change.
   */
  async compareTaskDefinition(node: Node<'service'> | Node<'task'>): Promise<void> {
    const aws = this.connection();
    const { arn, revision } = registeredOf(node);
    if (!aws || !arn) return;
    const file = await pickWorkspaceFile(`Compare ${revision} with a local file`, 'Which Compose file or task definition?');
    if (!file) return;
    const source = loadDeploySource({ file: file.fsPath, host: diskHost(), env: shellEnvironment() });
    if (source.errors.length > 0 || source.targets.length === 0) {
      void vscode.window.showErrorMessage(
        `${vscode.workspace.asRelativePath(file)} cannot be compared: ${source.errors[0] ?? 'it holds no task definition'}`,
      );
      return;
    }
    const family = revision.split(':')[0];
    const target =
      source.targets.find((t) => t.family === family) ??
      (source.targets.length === 1
        ? source.targets[0]
        : (
            await vscode.window.showQuickPick(
              source.targets.map((t) => ({ label: t.family, target: t })),
              { placeHolder: `Which task definition of ${vscode.workspace.asRelativePath(file)}?` },
            )
          )?.target);
    if (!target) return;
    try {
      const registered = (await describeRegistered(aws, arn)) as { taskDefinition?: unknown };
      const left = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${revision}.registered.json` });
      const right = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${target.family}.local.json`, query: file.fsPath });
      this.compared.set(left.toString(), comparableText(registered.taskDefinition ?? {}));
      this.compared.set(right.toString(), comparableText(target.definition));
      await vscode.commands.executeCommand(
        'vscode.diff',
        left,
        right,
        `${revision} (registered) ↔ ${vscode.workspace.asRelativePath(file)}`,
      );
    } catch (error) {
      this.report(`compare ${revision}`, error);
    }
  }

  private connection(): AwsConnection | undefined {
    const connection = this.view.connection();
    if (typeof connection !== 'string') return connection;
    void vscode.window.showErrorMessage(`ECS (AWS): ${connection}`);
    return undefined;
  }

  /** The connection, when changing things in the account is allowed (a trusted workspace). */
  private permit(what: string): AwsConnection | undefined {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        `${what} is disabled in Restricted Mode. Trust the workspace to change things in your AWS account.`,
      );
      return undefined;
    }
    return this.connection();
  }

  private async change(doing: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
      this.view.refresh(true);
    } catch (error) {
      this.report(doing, error);
    }
  }

  private report(doing: string, error: unknown): void {
    const message = `Could not ${doing}: ${describeAwsError(error)}`;
    this.log(`ECS (AWS): ${message}`);
    void vscode.window.showErrorMessage(message);
  }

  dispose(): void {
    for (const timer of this.followers) clearTimeout(timer);
    for (const channel of this.channels.values()) channel.dispose();
  }
}
