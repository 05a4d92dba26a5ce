// The 'ECS (AWS)' view as plain data: the profile and Region at the top, then the account's clusters,
// their services (desired / running / pending, the rollout, the last events), each service's tasks (last
// status, health, stop reason) and their containers (exit code, logs). Children are read when the user
// expands an item, through an `AwsExplorerSource` (the engine's explorer on one connection). ECS sends no
// events: the view refreshes on a back-off while it is visible (`nextRefreshDelay`) and says when it last
// did. What each item offers is in its contextValue (`awsService scale redeploy`). No `vscode` import.
import type { ClusterView, ContainerView, ServiceView, SubnetChoice, TaskView } from '@dockside/engine';
import { containerIcon } from './ecsModel';
import { md, type ItemView } from './itemView';

export interface AwsExplorerSource {
  clusters(): Promise<ClusterView[]>;
  services(cluster: string): Promise<ServiceView[]>;
  tasks(cluster: string, service: string): Promise<TaskView[]>;
}

/** Where the view reads from: the profile (undefined: the SDK's default chain), the Region, another endpoint. */
export interface AwsViewTarget {
  readonly profile?: string;
  readonly region: string;
  readonly endpoint?: string;
}

export type AwsNode =
  | { readonly kind: 'target'; readonly target: AwsViewTarget }
  /** What keeps the view from listing (no Region, no credentials, access denied), with a way forward. */
  | { readonly kind: 'message'; readonly id: string; readonly text: string; readonly command?: { id: string; title: string } }
  | { readonly kind: 'cluster'; readonly cluster: ClusterView }
  | { readonly kind: 'service'; readonly service: ServiceView }
  | { readonly kind: 'task'; readonly task: TaskView }
  | { readonly kind: 'container'; readonly task: TaskView; readonly container: ContainerView };

/** The command each item action runs; package.json's menus use the same pairs (a test checks). */
export const AWS_ACTION_COMMANDS = {
  awsCluster: { deploy: 'dockside.aws.deployHere' },
  awsService: {
    deploy: 'dockside.aws.deployHere',
    scale: 'dockside.aws.scale',
    redeploy: 'dockside.aws.forceNewDeployment',
    openDefinition: 'dockside.aws.openTaskDefinition',
    compare: 'dockside.aws.compareTaskDefinition',
  },
  awsTask: {
    stop: 'dockside.aws.stopTask',
    openDefinition: 'dockside.aws.openTaskDefinition',
    compare: 'dockside.aws.compareTaskDefinition',
  },
  awsContainer: { logs: 'dockside.aws.tailLogs' },
} as const;

export type AwsItemKind = keyof typeof AWS_ACTION_COMMANDS;

/** Actions that change something in the account: disabled in Restricted Mode, and their menus gated on trust. */
export const AWS_CHANGES = new Set(['deploy', 'scale', 'redeploy', 'stop']);

/** The `when` clause a menu entry uses to show `action` on items of `kind`. */
export function awsMenuCondition(kind: AwsItemKind, action: string): string {
  return `viewItem =~ /^${kind}\\b.*\\b${action}\\b/`;
}

function contextValue(kind: AwsItemKind, actions: readonly string[]): string {
  return [kind, ...actions].join(' ');
}

/** The view's one top item: whose account and where; the clusters are below it. */
export function awsRoots(target: AwsViewTarget | string): AwsNode[] {
  if (typeof target === 'string')
    return [
      { kind: 'message', id: 'setup', text: target, command: { id: 'dockside.aws.selectProfile', title: 'Select Profile and Region' } },
    ];
  return [{ kind: 'target', target }];
}

/** An item's children, read from AWS as it is expanded; a failure becomes one item saying why. */
export async function awsChildren(node: AwsNode, source: AwsExplorerSource, describeError: (error: unknown) => string): Promise<AwsNode[]> {
  try {
    switch (node.kind) {
      case 'target': {
        const clusters = await source.clusters();
        if (clusters.length === 0) return [{ kind: 'message', id: 'no-clusters', text: `No ECS cluster in ${node.target.region}.` }];
        return clusters.map((cluster) => ({ kind: 'cluster', cluster }));
      }
      case 'cluster': {
        const services = await source.services(node.cluster.name);
        if (services.length === 0)
          return [
            { kind: 'message', id: `no-services:${node.cluster.arn}`, text: 'No service: deploy a Compose file or task definition here.' },
          ];
        return services.map((service) => ({ kind: 'service', service }));
      }
      case 'service':
        return (await source.tasks(node.service.cluster, node.service.name)).map((task) => ({ kind: 'task', task }));
      case 'task':
        return node.task.containers.map((container) => ({ kind: 'container', task: node.task, container }));
      default:
        return [];
    }
  } catch (error) {
    return [{ kind: 'message', id: `error:${awsNodeId(node)}`, text: describeError(error) }];
  }
}

export function awsNodeId(node: AwsNode): string {
  switch (node.kind) {
    case 'target':
      return `aws:target:${node.target.profile ?? ''}:${node.target.region}:${node.target.endpoint ?? ''}`;
    case 'message':
      return `aws:message:${node.id}`;
    case 'cluster':
      return `aws:cluster:${node.cluster.arn}`;
    case 'service':
      return `aws:service:${node.service.arn}`;
    case 'task':
      return `aws:task:${node.task.arn}`;
    case 'container':
      return `aws:container:${node.task.arn}:${node.container.name}`;
  }
}

export function presentAwsNode(node: AwsNode, trusted: boolean): ItemView {
  const id = awsNodeId(node);
  const offer = (kind: AwsItemKind, actions: readonly string[]) =>
    contextValue(
      kind,
      actions.filter((a) => trusted || !AWS_CHANGES.has(a)),
    );
  switch (node.kind) {
    case 'target':
      return {
        id,
        label: node.target.profile ? `profile ${node.target.profile}` : 'default credentials',
        description: `${node.target.region}${node.target.endpoint ? ` · ${node.target.endpoint}` : ''}`,
        tooltip: `Credentials from ${node.target.profile ? `the profile **${md(node.target.profile)}**` : "the SDK's default chain (environment, shared files, SSO)"}, Region ${node.target.region}${node.target.endpoint ? `, at ${md(node.target.endpoint)}` : ''}. Dockside stores no credential.`,
        icon: { id: 'cloud' },
        collapsible: 'expanded',
        command: { id: 'dockside.aws.selectProfile', title: 'Select Profile and Region', arguments: [] },
      };
    case 'message':
      return {
        id,
        label: node.text,
        tooltip: md(node.text),
        icon: { id: 'info' },
        collapsible: 'none',
        ...(node.command ? { command: { ...node.command, arguments: [] } } : {}),
      };
    case 'cluster':
      return {
        id,
        label: node.cluster.name,
        description: `${node.cluster.services} service${node.cluster.services === 1 ? '' : 's'}, ${node.cluster.running} running${node.cluster.pending ? `, ${node.cluster.pending} pending` : ''}${node.cluster.status === 'ACTIVE' ? '' : `, ${node.cluster.status.toLowerCase()}`}`,
        tooltip: `**${md(node.cluster.name)}** (${node.cluster.status})\n\n${md(node.cluster.arn)}`,
        icon: { id: 'server-environment' },
        contextValue: offer('awsCluster', node.cluster.status === 'ACTIVE' ? ['deploy'] : []),
        collapsible: 'collapsed',
      };
    case 'service':
      return presentService(node.service, id, offer);
    case 'task':
      return presentTask(node.task, id, offer);
    case 'container':
      return presentContainer(node.container, id);
  }
}

function presentService(service: ServiceView, id: string, offer: (kind: AwsItemKind, actions: readonly string[]) => string): ItemView {
  const primary = service.deployments.find((d) => d.status === 'PRIMARY');
  const rolling = service.deployments.length > 1 || primary?.rolloutState === 'IN_PROGRESS';
  const failed = primary?.rolloutState === 'FAILED';
  const steady = !rolling && !failed && service.running === service.desired && service.pending === 0;
  const state = failed ? ', deployment failed' : rolling ? `, deploying ${primary?.taskDefinition ?? ''}` : '';
  const status = service.status === 'ACTIVE' ? '' : `, ${service.status.toLowerCase()}`;
  return {
    id,
    label: service.name,
    description: `${service.running}/${service.desired} running${service.pending ? `, ${service.pending} pending` : ''}${state}${status}`,
    tooltip: [
      `**${md(service.name)}** (${service.status}) in cluster ${md(service.cluster)}, ${md(service.taskDefinition ?? 'no task definition')}${service.launchType ? `, ${service.launchType}` : ''}`,
      ...service.deployments.map(
        (d) =>
          `${d.status} ${md(d.taskDefinition)}: ${d.running}/${d.desired} running${d.pending ? `, ${d.pending} pending` : ''}${d.failed ? `, ${d.failed} failed` : ''}${d.rolloutState ? `, ${d.rolloutState}` : ''}${d.rolloutStateReason ? ` — ${md(d.rolloutStateReason)}` : ''}`,
      ),
      ...service.events.slice(0, 5).map((e) => `- ${e.at.toISOString().replace('T', ' ').slice(0, 19)} ${md(e.message)}`),
    ].join('\n\n'),
    icon: { id: 'server-process', color: failed ? 'charts.red' : steady ? 'charts.green' : 'charts.yellow' },
    contextValue: offer(
      'awsService',
      service.status === 'ACTIVE'
        ? ['deploy', 'scale', 'redeploy', ...(service.taskDefinitionArn ? ['openDefinition', 'compare', 'convert'] : [])]
        : [],
    ),
    collapsible: 'collapsed',
  };
}

function presentTask(task: TaskView, id: string, offer: (kind: AwsItemKind, actions: readonly string[]) => string): ItemView {
  const health = task.health && task.health !== 'UNKNOWN' && task.lastStatus === 'RUNNING' ? ` · ${task.health.toLowerCase()}` : '';
  const reason = task.lastStatus === 'STOPPED' && task.stoppedReason ? ` — ${task.stoppedReason}` : '';
  const failed = task.lastStatus === 'STOPPED' && task.containers.some((c) => c.exitCode !== undefined && c.exitCode !== 0);
  return {
    id,
    label: `${task.taskDefinition} ${task.id.slice(0, 8)}`,
    description: `${task.lastStatus}${health}${reason}`,
    tooltip: [
      `**Task ${md(task.id)}** (${md(task.taskDefinition)}) ${task.lastStatus}, desired ${task.desiredStatus}`,
      ...(task.stopCode ? [`Stop code: ${task.stopCode}`, `Stopped reason: ${md(task.stoppedReason ?? '-')}`] : []),
      ...task.containers.map((c) => `- ${md(c.name)}: ${containerStatus(c)}`),
    ].join('\n\n'),
    icon:
      task.lastStatus === 'RUNNING'
        ? { id: 'vm-running', color: task.health === 'UNHEALTHY' ? 'charts.yellow' : 'charts.green' }
        : task.lastStatus === 'STOPPED'
          ? failed || task.stopCode === 'TaskFailedToStart'
            ? { id: 'error', color: 'charts.red' }
            : { id: 'circle-slash' }
          : { id: 'loading~spin' },
    contextValue: offer('awsTask', [...(task.desiredStatus !== 'STOPPED' ? ['stop'] : []), 'openDefinition', 'compare', 'convert']),
    collapsible: task.containers.length > 0 ? 'collapsed' : 'none',
  };
}

function containerStatus(container: ContainerView): string {
  const parts = [container.exitCode !== undefined ? `exit ${container.exitCode}` : container.lastStatus];
  if (container.health && container.health !== 'UNKNOWN' && container.lastStatus === 'RUNNING') parts.push(container.health.toLowerCase());
  if (container.reason) parts.push(container.reason);
  return parts.join(' · ');
}

function presentContainer(container: ContainerView, id: string): ItemView {
  return {
    id,
    label: container.name,
    description: containerStatus(container),
    icon: containerIcon(container),
    contextValue: contextValue('awsContainer', ['logs']),
    collapsible: 'none',
  };
}

// ------------------------------------------------------------------------------------------ refreshing

/** The first look after the view shows or something was done in it; then each quiet look waits longer. */
export const REFRESH_FIRST_MS = 10_000;
export const REFRESH_MOST_MS = 120_000;

/** The wait before the next look: short again after a change (a deploy, a scale), doubling up to two minutes while nothing is done. */
export function nextRefreshDelay(previousMs: number | undefined, actedSince: boolean): number {
  if (previousMs === undefined || actedSince) return REFRESH_FIRST_MS;
  return Math.min(previousMs * 2, REFRESH_MOST_MS);
}

/** The view's description: when it last read AWS (local time). */
export function describeLastRefresh(at: Date): string {
  return `updated at ${at.toTimeString().slice(0, 8)}`;
}

// ------------------------------------------------------------------------------------------ asking

/** A desired count as typed for a service in AWS: a whole number, or the reason it is not. */
export function parseAwsDesiredCount(text: string): number | string {
  if (!/^\d+$/.test(text.trim())) return 'A whole number of tasks, 0 or more.';
  const value = Number(text.trim());
  return value > 5000 ? 'ECS runs at most 5000 tasks per service.' : value;
}

/** Subnets as a picker lists them: the id, then where it is; those that give public IPs say so. */
export function subnetChoice(subnet: SubnetChoice): { label: string; description: string; detail?: string } {
  return {
    label: subnet.id,
    description: [subnet.name, subnet.zone, subnet.cidr].filter(Boolean).join(' · '),
    detail: `${subnet.vpcId}${subnet.publicIpOnLaunch ? ' · public IPs on launch' : ''}`,
  };
}
