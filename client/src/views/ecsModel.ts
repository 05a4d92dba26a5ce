// The 'ECS (local)' view as plain data: task definitions in the workspace; services with desired and
// running counts; tasks with status, stop reason and each container's exit code, the containers unfolding
// to their mounts; scheduled runs with their next time. What each item offers is in its contextValue
// (`ecsTask stop`), matched by package.json's menus. No `vscode` import: tested as plain functions.
import type { ClusterSnapshot, ScheduleEntry, ServiceSummary } from '@dockside/engine';
import { DEFAULT_CLUSTER, describeWait } from '@dockside/engine';
import type { ContainerState, TaskState } from '@dockside/engine';
import { taskExitStatus } from '@dockside/engine';
import { md, type ItemView } from './itemView';
import {
  DANGER_NOTE,
  foldState,
  hasDangerousMount,
  mountNodes,
  presentMountsNode,
  type ContainerMountsLike,
  type MountNode,
} from './mountsModel';

export interface WorkspaceTaskDefinition {
  readonly file: string;
  readonly relativePath: string;
  readonly family: string;
  readonly containers: readonly string[];
  /** Secret names its containers need: running asks for a secrets file first. */
  readonly secrets: readonly string[];
}

export type EcsGroup = 'definitions' | 'services' | 'tasks' | 'schedules';

export type EcsNode =
  | { readonly kind: 'endpoint'; readonly url: string; readonly pid: number }
  | { readonly kind: 'group'; readonly group: EcsGroup; readonly children: readonly EcsNode[] }
  | { readonly kind: 'definition'; readonly definition: WorkspaceTaskDefinition }
  | { readonly kind: 'service'; readonly service: ServiceSummary }
  | { readonly kind: 'task'; readonly task: TaskState; readonly inService: boolean }
  | { readonly kind: 'container'; readonly task: TaskState; readonly container: ContainerState; readonly mounts?: ContainerMountsLike }
  | { readonly kind: 'schedule'; readonly schedule: ScheduleEntry }
  | MountNode;

/** The engine's containers' mounts by container id, read with the cluster's state. */
export type MountsById = ReadonlyMap<string, ContainerMountsLike>;

/** The command each item action runs; package.json's menus use the same pairs (a test checks). */
export const ECS_ACTION_COMMANDS = {
  ecsDefinition: { runTask: 'dockside.ecs.runTask', runService: 'dockside.ecs.runService', schedule: 'dockside.ecs.schedule' },
  ecsService: { scale: 'dockside.ecs.scale', stop: 'dockside.ecs.stopService' },
  ecsTask: { stop: 'dockside.ecs.stopTask', remove: 'dockside.ecs.removeTask' },
  ecsContainer: { logs: 'dockside.ecs.logs', openPort: 'dockside.ecs.openPort' },
  ecsSchedule: { unschedule: 'dockside.ecs.unschedule' },
} as const;

export type EcsItemKind = keyof typeof ECS_ACTION_COMMANDS;

/** The `when` clause a menu entry uses to show `action` on items of `kind`. */
export function ecsMenuCondition(kind: EcsItemKind, action: string): string {
  return `viewItem =~ /^${kind}\\b.*\\b${action}\\b/`;
}

function contextValue(kind: EcsItemKind, actions: readonly string[]): string {
  return [kind, ...actions].join(' ');
}

/** How many stopped tasks a service shows under its running ones. */
const STOPPED_SHOWN = 3;

export function ecsRoots(definitions: readonly WorkspaceTaskDefinition[], snapshot: ClusterSnapshot): EcsNode[] {
  // An empty view shows its welcome text instead of empty groups.
  const groups: EcsNode[] = [];
  if (snapshot.endpoint) groups.push({ kind: 'endpoint', url: snapshot.endpoint.url, pid: snapshot.endpoint.pid });
  if (definitions.length > 0)
    groups.push({ kind: 'group', group: 'definitions', children: definitions.map((definition) => ({ kind: 'definition', definition })) });
  if (snapshot.services.length > 0)
    groups.push({ kind: 'group', group: 'services', children: snapshot.services.map((service) => ({ kind: 'service', service })) });
  if (snapshot.tasks.length > 0)
    groups.push({ kind: 'group', group: 'tasks', children: snapshot.tasks.map((task) => ({ kind: 'task', task, inService: false })) });
  if (snapshot.schedules.length > 0)
    groups.push({ kind: 'group', group: 'schedules', children: snapshot.schedules.map((schedule) => ({ kind: 'schedule', schedule })) });
  return groups;
}

export function ecsChildren(node: EcsNode, mounts: MountsById = new Map()): EcsNode[] {
  switch (node.kind) {
    case 'group':
      return [...node.children];
    case 'service':
      return [...node.service.tasks, ...node.service.stoppedTasks.slice(0, STOPPED_SHOWN)].map((task) => ({
        kind: 'task',
        task,
        inService: true,
      }));
    case 'task':
      return node.task.containers.map((container) => {
        const found = container.dockerId === undefined ? undefined : mounts.get(container.dockerId);
        return { kind: 'container', task: node.task, container, ...(found ? { mounts: found } : {}) };
      });
    case 'container':
      return node.mounts ? mountNodes({ kind: 'mountContainer', container: node.mounts }) : [];
    case 'schedule':
      return node.schedule.state.tasks.map((task) => ({ kind: 'task', task, inService: true }));
    default:
      return [];
  }
}

export function presentEcsNode(node: EcsNode, now: Date): ItemView {
  switch (node.kind) {
    case 'endpoint':
      return presentEndpoint(node.url, node.pid);
    case 'group':
      return presentGroup(node.group, node.children.length);
    case 'definition':
      return presentDefinition(node.definition);
    case 'service':
      return presentService(node.service, now);
    case 'task':
      return presentTask(node.task, node.inService);
    case 'container':
      return presentContainer(node.task, node.container, node.mounts);
    case 'mount':
      return presentMountsNode(node);
    case 'schedule':
      return presentSchedule(node.schedule, now);
  }
}

const GROUPS: Record<EcsGroup, { label: string; icon: string }> = {
  definitions: { label: 'Task definitions', icon: 'file-code' },
  services: { label: 'Services', icon: 'server-process' },
  tasks: { label: 'Tasks', icon: 'run-all' },
  schedules: { label: 'Scheduled', icon: 'watch' },
};

function presentGroup(group: EcsGroup, count: number): ItemView {
  return {
    id: `ecs:${group}`,
    label: GROUPS[group].label,
    description: String(count),
    icon: { id: GROUPS[group].icon },
    collapsible: 'expanded',
  };
}

/** `dockside ecs serve` running beside the view: what the AWS CLI and SDKs start there shows here too. */
function presentEndpoint(url: string, pid: number): ItemView {
  return {
    id: 'ecs:endpoint',
    label: 'ECS API endpoint',
    description: url,
    tooltip: `\`dockside ecs serve\` (process ${pid}) answers the ECS API at ${url}: its clusters, services and tasks show here, and what you start here shows there.\n\n\`aws --endpoint-url ${url} ecs list-tasks\``,
    icon: { id: 'plug', color: 'charts.green' },
    collapsible: 'none',
  };
}

/** A cluster other than `default` is named before the item's own name. */
function inCluster(cluster: string, name: string): string {
  return cluster && cluster !== DEFAULT_CLUSTER ? `${cluster}/${name}` : name;
}

function presentDefinition(definition: WorkspaceTaskDefinition): ItemView {
  return {
    id: `ecs:definition:${definition.file}`,
    label: definition.family,
    description: definition.relativePath,
    tooltip: `**${md(definition.family)}** — ${definition.containers.map(md).join(', ')}${definition.secrets.length ? `\n\nNeeds secrets: ${definition.secrets.map(md).join(', ')} (from a local file you choose)` : ''}`,
    icon: { id: 'symbol-class' },
    contextValue: contextValue('ecsDefinition', ['runTask', 'runService', 'schedule']),
    collapsible: 'none',
    command: { id: 'dockside.ecs.openDefinition', title: 'Open Task Definition', arguments: [definition.file] },
  };
}

function presentService(service: ServiceSummary, now: Date): ItemView {
  const steady = service.runningCount === service.desiredCount && service.pendingCount === 0 && service.deployments.length <= 1;
  const retry = service.nextLaunchAt ? `, next start ${describeWait(now, service.nextLaunchAt)}` : '';
  const pending = service.pendingCount > 0 ? `, ${service.pendingCount} pending` : '';
  const primary = service.deployments[0];
  const rolling = service.deployments.length > 1 ? `, deploying ${primary?.taskDefinition ?? ''}` : '';
  const failed = primary?.rolloutState === 'FAILED' ? ', deployment failed' : '';
  const status = service.status === 'ACTIVE' ? '' : `, ${service.status.toLowerCase()}`;
  return {
    id: `ecs:service:${service.cluster}/${service.name}`,
    label: inCluster(service.cluster, service.name),
    description: `${service.runningCount}/${service.desiredCount} running${pending}${rolling}${failed}${retry}${status}`,
    tooltip: [
      `**${md(service.name)}** (${service.status}) in cluster ${md(service.cluster)}, ${primary ? md(primary.taskDefinition) : 'no deployment'}`,
      ...(service.scheduledHere ? [] : ['Scheduled by another Dockside process (the ECS endpoint or another window).']),
      ...service.deployments.map(
        (d) => `${d.status} ${md(d.taskDefinition)}: ${d.runningCount} running, ${d.rolloutState} — ${md(d.rolloutStateReason)}`,
      ),
      ...service.events.slice(0, 5).map((e) => `- ${e.at.toISOString()} ${md(e.message)}`),
    ].join('\n\n'),
    icon: { id: 'server-process', color: steady ? 'charts.green' : 'charts.yellow' },
    contextValue: service.status === 'ACTIVE' ? contextValue('ecsService', ['scale', 'stop']) : contextValue('ecsService', []),
    collapsible: 'collapsed',
  };
}

function presentTask(task: TaskState, inService: boolean): ItemView {
  const reason = task.stoppedReason ? ` — ${task.stoppedReason}` : '';
  const actions = task.lastStatus === 'STOPPED' ? (inService ? [] : ['remove']) : ['stop'];
  return {
    id: `ecs:task:${task.taskId}`,
    label: inCluster(task.cluster, `${task.family}:${task.revision} ${task.taskId.slice(0, 8)}`),
    description: `${task.lastStatus}${reason}`,
    tooltip: taskTooltip(task),
    icon: taskIcon(task),
    contextValue: contextValue('ecsTask', actions),
    collapsible: 'collapsed',
  };
}

function taskTooltip(task: TaskState): string {
  const lines = [`**Task ${task.taskId}** (${md(task.family)}:${task.revision}) ${task.lastStatus}`];
  if (task.stopCode) lines.push(`Stop code: ${task.stopCode}`, `Stopped reason: ${md(task.stoppedReason ?? '-')}`);
  for (const container of task.containers) lines.push(`- ${md(container.name)}: ${containerStatus(container)}`);
  return lines.join('\n\n');
}

function taskIcon(task: TaskState): ItemView['icon'] {
  if (task.lastStatus === 'RUNNING') return { id: 'vm-running', color: 'charts.green' };
  if (task.lastStatus !== 'STOPPED') return { id: 'loading~spin' };
  return taskExitStatus(task) === 0 ? { id: 'pass', color: 'charts.green' } : { id: 'error', color: 'charts.red' };
}

function containerStatus(container: ContainerState): string {
  const parts: string[] = [];
  if (container.exitCode !== undefined) parts.push(`exit ${container.exitCode}`);
  else parts.push(container.lastStatus);
  if (container.health !== 'UNKNOWN' && container.lastStatus === 'RUNNING') parts.push(container.health.toLowerCase());
  if (!container.essential) parts.push('not essential');
  parts.push(...container.ports.map((p) => `${p.hostIp}:${p.hostPort}→${p.containerPort}/${p.protocol}`));
  if (container.reason) parts.push(container.reason);
  return parts.join(' · ');
}

function presentContainer(task: TaskState, container: ContainerState, mounts: ContainerMountsLike | undefined): ItemView {
  const actions = [
    ...(container.dockerId ? ['logs'] : []),
    ...(container.ports.length > 0 && container.lastStatus === 'RUNNING' ? ['openPort'] : []),
  ];
  return {
    id: `ecs:container:${task.taskId}:${container.name}`,
    label: container.name,
    description: containerStatus(container),
    icon: containerIcon(container),
    ...(mounts && hasDangerousMount(mounts) ? { tooltip: `**${md(container.name)}** — ${container.lastStatus}\n\n${DANGER_NOTE}` } : {}),
    contextValue: contextValue('ecsContainer', actions),
    collapsible: foldState(mounts?.mounts.length ?? 0, mounts !== undefined && hasDangerousMount(mounts)),
  };
}

function presentSchedule(schedule: ScheduleEntry, now: Date): ItemView {
  const next = schedule.state.nextRunAt;
  const when = next ? `next ${describeWait(now, next)} (${next.toISOString().slice(0, 16).replace('T', ' ')} UTC)` : 'no more runs';
  return {
    id: `ecs:schedule:${schedule.id}`,
    label: `${schedule.family} ${schedule.state.expression}`,
    description: when,
    tooltip: schedule.state.lastError
      ? `The last run could not start: ${md(schedule.state.lastError)}`
      : `Runs ${md(schedule.state.expression)} (UTC), as EventBridge would.`,
    icon: { id: 'watch', color: schedule.state.lastError ? 'charts.red' : undefined },
    contextValue: contextValue('ecsSchedule', ['unschedule']),
    collapsible: schedule.state.tasks.length > 0 ? 'collapsed' : 'none',
  };
}

/** A container running (green), exited with an error (red), or ended otherwise; in both ECS views. */
export function containerIcon(container: { readonly lastStatus: string; readonly exitCode?: number }): ItemView['icon'] {
  const failed = container.exitCode !== undefined && container.exitCode !== 0;
  return container.lastStatus === 'RUNNING'
    ? { id: 'circle-filled', color: 'charts.green' }
    : { id: failed ? 'error' : 'circle-outline', color: failed ? 'charts.red' : undefined };
}

/** The URL a published port opens at: loopback when it listens on every address. */
export function portUrl(port: ContainerState['ports'][number]): string {
  const host = port.hostIp === '0.0.0.0' || port.hostIp === '' ? '127.0.0.1' : port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp;
  return `http://${host}:${port.hostPort}`;
}

/** Schedule presets offered first; "Custom…" takes any expression. */
export const SCHEDULE_PRESETS = [
  'rate(5 minutes)',
  'rate(1 hour)',
  'rate(1 day)',
  'cron(0 12 * * ? *)',
  'cron(0 9 ? * MON-FRI *)',
] as const;

/** A desired count as typed: a whole number 0…100, or the reason it is not. */
export function parseDesiredCount(text: string): number | string {
  if (!/^\d+$/.test(text.trim())) return 'A whole number of tasks, 0 or more.';
  const value = Number(text.trim());
  return value > 100 ? 'At most 100 tasks on one engine.' : value;
}
