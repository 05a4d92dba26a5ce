// "Deploy to Amazon ECS…": a Compose file or a task definition onto a cluster of the account the 'ECS
// (AWS)' view reads, in the steps `dockside ecs deploy` takes (engine/src/deploy): a Compose project's
// profiles and shape (one ECS service, or one per Compose service) picked, the conversion and its
// report (what a container needs and was dropped asks first), the cluster picked, the subnets and
// security groups asked for when a new awsvpc service has none (listed from EC2 where the user may read
// them), what would change shown and confirmed, then the changes and the rollout under a cancellable
// progress notification, with every step and service event in the "Dockside: ECS Deploy" output.
import * as vscode from 'vscode';
import { DEFAULT_COMPOSE_FILE_NAMES, DEFAULT_TASK_DEFINITION_GLOBS, formatLoss } from '@dockside/core';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import {
  applyDeploy,
  describeAwsError,
  describeOutcome,
  describePreview,
  listClusters,
  listSecurityGroups,
  listSubnets,
  loadDeploySource,
  previewDeploy,
  type AwsConnection,
  type DeployPreview,
  type DeployRequest,
  type DeploySource,
  type DeploySourceRequest,
  type NetworkSettings,
} from '@dockside/engine';
import { subnetChoice } from '../views/awsModel';
import type { AwsView } from '../views/awsView';
import { signalOf } from '../ctx';
import { pickProfilesFor } from './composePicks';

export interface DeployTargetHint {
  readonly cluster?: string;
  readonly service?: string;
}

export class DeployCommand {
  private readonly output = vscode.window.createOutputChannel('Dockside: ECS Deploy');

  constructor(private readonly view: AwsView) {}

  /** Deploys `file` (else the active editor's, else one picked from the workspace) to `hint.cluster` (else one picked). */
  async run(file: vscode.Uri | undefined, hint: DeployTargetHint = {}): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      const manage = 'Manage Workspace Trust';
      const choice = await vscode.window.showWarningMessage(
        "Deploying to Amazon ECS is disabled in Restricted Mode: it registers what this workspace's files describe in your AWS account. Trust the workspace to deploy.",
        manage,
      );
      if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
      return;
    }
    const uri = file ?? (await pickFile());
    if (!uri) return;
    const connection = this.view.connection();
    if (typeof connection === 'string') {
      const select = 'Select Profile and Region';
      if ((await vscode.window.showErrorMessage(`Cannot deploy: ${connection}`, select)) === select)
        await vscode.commands.executeCommand('dockside.aws.selectProfile');
      return;
    }
    try {
      await this.deploy(uri, hint, connection);
    } catch (error) {
      this.fail(`Could not deploy ${vscode.workspace.asRelativePath(uri)}: ${describeAwsError(error)}`);
    }
  }

  private async deploy(uri: vscode.Uri, hint: DeployTargetHint, aws: AwsConnection): Promise<void> {
    const out = this.output;
    out.appendLine(`— ${new Date().toLocaleString()}: deploying ${uri.fsPath} (${aws.describe()})`);
    const source = await this.loadSource(uri, hint);
    if (!source) return;
    if (source.kind === 'compose' && source.losses.length > 0) {
      out.appendLine('What the conversion could not carry over exactly:');
      for (const loss of source.losses) out.appendLine(`  ${formatLoss(loss, loss.file)}`);
    }
    if (source.errors.length > 0) {
      for (const error of source.errors) out.appendLine(`Error: ${error}`);
      return this.fail(`${vscode.workspace.asRelativePath(uri)} cannot be deployed: ${source.errors[0]}`);
    }
    if (source.needsConfirmation.length > 0) {
      const go = 'Deploy Anyway';
      const answer = await vscode.window.showWarningMessage(
        `The conversion dropped what ${source.needsConfirmation.length === 1 ? 'a container needs' : 'containers need'}. Deploy what it could carry over?`,
        { modal: true, detail: source.needsConfirmation.map((loss) => formatLoss(loss, loss.file)).join('\n') },
        go,
      );
      if (answer !== go) return;
    }
    const cluster = hint.cluster ?? (await this.pickCluster(aws));
    if (!cluster) return;
    const settings = vscode.workspace.getConfiguration('dockside.aws');
    let request: DeployRequest = {
      cluster,
      service: hint.service,
      network: {
        subnets: nonEmpty(settings.get<string[]>('subnets')),
        securityGroups: nonEmpty(settings.get<string[]>('securityGroups')),
        assignPublicIp: settings.get<boolean>('assignPublicIp') || undefined,
      },
    };
    let preview = await this.withProgress('Reading what is deployed', () => previewDeploy(source, request, aws));
    if (preview.problems.length > 0 && preview.problems.every((p) => p.code === 'network')) {
      const network = await this.askNetwork(aws, preview);
      if (!network) return;
      request = { ...request, network };
      preview = await this.withProgress('Reading what is deployed', () => previewDeploy(source, request, aws));
    }
    const lines = describePreview(preview);
    for (const line of lines) out.appendLine(line);
    if (preview.problems.length > 0) {
      for (const problem of preview.problems) out.appendLine(`Error: ${problem.message}`);
      return this.fail(preview.problems.map((p) => p.message).join(' '));
    }
    if (preview.services.some((s) => s.action !== 'none')) {
      const go = 'Deploy';
      const answer = await vscode.window.showWarningMessage(
        `Deploy to cluster ${preview.cluster} in account ${preview.account} (${preview.region})?`,
        { modal: true, detail: lines.join('\n') },
        go,
      );
      if (answer !== go) return;
    }
    out.show(true);
    await this.apply(preview, aws);
  }

  /**
   * The file as it deploys. For a Compose project, as `dockside ecs deploy --profile … --per-service` would
   * have it: which profiles (when it has some), and, with more than one service and no service named by
   * the view, one ECS service for all or one per Compose service. Undefined when a question is cancelled.
   */
  private async loadSource(uri: vscode.Uri, hint: DeployTargetHint): Promise<DeploySource | undefined> {
    const load = (choices: Pick<DeploySourceRequest, 'profiles' | 'perService'> = {}) =>
      loadDeploySource({ file: uri.fsPath, host: diskHost(), env: shellEnvironment(), ...choices });
    let source = load();
    if (source.kind !== 'compose') return source;
    const profiles = await pickProfilesFor(uri, 'Deploy to Amazon ECS: profiles', 'deploy');
    if (profiles === null) return undefined;
    if (profiles) source = load({ profiles });
    const services = source.targets.flatMap((target) => target.composeServices);
    if (hint.service !== undefined || services.length < 2) return source;
    const shape = await vscode.window.showQuickPick(
      [
        { label: 'One ECS service', description: `${services.join(', ')}: containers of one task`, perService: false },
        { label: 'One ECS service per Compose service', description: 'each its own task definition and service', perService: true },
      ],
      { title: 'Deploy to Amazon ECS: services', placeHolder: `How to deploy ${services.length} Compose services` },
    );
    if (!shape) return undefined;
    return shape.perService ? load({ perService: true, ...(profiles ? { profiles } : {}) }) : source;
  }

  private async apply(preview: DeployPreview, aws: AwsConnection): Promise<void> {
    const out = this.output;
    const names = preview.services.map((s) => s.serviceName).join(', ');
    const outcomes = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deploying ${names} to ${preview.cluster}`, cancellable: true },
      (progress, token) =>
        applyDeploy(
          preview,
          aws,
          {
            step: (message) => {
              out.appendLine(message);
              progress.report({ message });
            },
            status: (service, text) => {
              out.appendLine(`${service}: ${text}`);
              progress.report({ message: `${service}: ${text}` });
            },
            event: (service, at, message) => out.appendLine(`${service}: ${at.toISOString()} ${message}`),
          },
          { wait: true, timeoutMs: 15 * 60_000, signal: signalOf(token) },
        ),
    );
    this.view.refresh(true);
    for (const outcome of outcomes) {
      const report = describeOutcome(outcome, preview);
      out.appendLine(report.message);
      for (const line of report.details) out.appendLine(line);
      if (report.result === 'deployed') void vscode.window.showInformationMessage(report.message);
      else if (report.result === 'cancelled') void vscode.window.showInformationMessage(report.message);
      else this.fail(report.message);
    }
  }

  private async pickCluster(aws: AwsConnection): Promise<string | undefined> {
    const clusters = await this.withProgress('Listing the clusters', () => listClusters(aws));
    const active = clusters.filter((c) => c.status === 'ACTIVE');
    if (active.length === 0) {
      this.fail(`There is no ECS cluster in ${aws.region} to deploy to. Create one first (aws ecs create-cluster --cluster-name NAME).`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      active.map((c) => ({ label: c.name, description: `${c.services} services, ${c.running} tasks running`, cluster: c.name })),
      { title: 'Deploy to Amazon ECS', placeHolder: `Which cluster (${aws.describe()})?` },
    );
    return picked?.cluster;
  }

  /** The subnets, security groups and public IP of a new awsvpc service, listed from EC2 where allowed, else typed. */
  private async askNetwork(aws: AwsConnection, preview: DeployPreview): Promise<NetworkSettings | undefined> {
    const service = preview.problems.find((p) => p.code === 'network')?.service ?? preview.services[0]?.serviceName ?? '';
    const title = `Network of the new service ${service}`;
    let subnets: string[] | undefined;
    let vpcs: string[] = [];
    try {
      const listed = await this.withProgress('Listing the subnets', () => listSubnets(aws));
      const picked = await vscode.window.showQuickPick(
        listed.map((s) => ({ ...subnetChoice(s), subnet: s })),
        { title, placeHolder: 'Its tasks run in the subnets you pick (awsvpc)', canPickMany: true, ignoreFocusOut: true },
      );
      subnets = picked?.map((p) => p.subnet.id);
      vpcs = [...new Set(picked?.map((p) => p.subnet.vpcId) ?? [])];
    } catch (error) {
      this.output.appendLine(`Could not list the subnets (${describeAwsError(error)}): asking for their ids.`);
      subnets = splitIds(await vscode.window.showInputBox({ title, prompt: 'Subnet ids, separated by commas', ignoreFocusOut: true }));
    }
    if (!subnets || subnets.length === 0) return undefined;
    let securityGroups: string[] | undefined;
    try {
      const listed = await this.withProgress('Listing the security groups', () => listSecurityGroups(aws, vpcs));
      const picked = await vscode.window.showQuickPick(
        listed.map((g) => ({ label: g.id, description: g.name, detail: `${g.vpcId} · ${g.description}`, group: g.id })),
        { title, placeHolder: 'Security groups (none picked: the VPC default group)', canPickMany: true, ignoreFocusOut: true },
      );
      if (!picked) return undefined;
      securityGroups = picked.map((p) => p.group);
    } catch (error) {
      this.output.appendLine(`Could not list the security groups (${describeAwsError(error)}): asking for their ids.`);
      const typed = await vscode.window.showInputBox({ title, prompt: 'Security group ids, separated by commas (empty: the VPC default)' });
      if (typed === undefined) return undefined;
      securityGroups = splitIds(typed);
    }
    const publicIp = await vscode.window.showQuickPick(
      [
        { label: 'No public IP', description: 'tasks reach the internet through a NAT gateway or VPC endpoints', value: false },
        { label: 'Assign a public IP', description: 'needed in a public subnet without NAT to pull images', value: true },
      ],
      { title, placeHolder: 'Public IP' },
    );
    if (!publicIp) return undefined;
    return { subnets, securityGroups, assignPublicIp: publicIp.value };
  }

  private withProgress<T>(title: string, work: () => Promise<T>): Thenable<T> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, work);
  }

  private fail(message: string): void {
    this.output.appendLine(message);
    const show = 'Show Output';
    void vscode.window.showErrorMessage(message, show).then((choice) => choice === show && this.output.show(true));
  }

  dispose(): void {
    this.output.dispose();
  }
}

/** A Compose file or task definition of the workspace: the active editor's when it is one, else picked. */
async function pickFile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && (active.languageId === 'dockercompose' || /task-?def/i.test(active.fileName)) && active.uri.scheme === 'file')
    return active.uri;
  return pickWorkspaceFile('Deploy to Amazon ECS', 'Which Compose file or task definition?');
}

/** A Compose file (by its default names) or a task definition of the workspace, picked from a list. */
export async function pickWorkspaceFile(title: string, placeHolder: string): Promise<vscode.Uri | undefined> {
  const globs = [...DEFAULT_COMPOSE_FILE_NAMES, ...DEFAULT_TASK_DEFINITION_GLOBS].map((g) => `**/${g}`);
  const found = new Map<string, vscode.Uri>();
  for (const glob of globs) for (const uri of await vscode.workspace.findFiles(glob, '**/node_modules/**', 100)) found.set(uri.fsPath, uri);
  if (found.size === 0) {
    void vscode.window.showInformationMessage('No Compose file or task definition in this workspace to deploy.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    [...found.values()].map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })).sort((a, b) => a.label.localeCompare(b.label)),
    { title, placeHolder },
  );
  return picked?.uri;
}

function nonEmpty(list: string[] | undefined): string[] | undefined {
  const items = (list ?? []).map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

function splitIds(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : nonEmpty(text.split(','));
}
