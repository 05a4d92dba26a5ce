// The Stacks view as plain data: the workspace's Compose projects and the stacks running on the engine,
// matched by project name, down to services, their containers and the containers' mounts; then the
// containers no stack runs, with theirs. Each with its label, state, icon and the actions its state
// allows. No `vscode` import.
import { contextValue, type ContainerAction, type ServiceAction, type StackAction } from './contextValues';
import { listNames, md, type IconView, type ItemView } from './itemView';
import {
  DANGER_NOTE,
  foldState,
  hasDangerousMount,
  mountContainerNodes,
  mountNodes,
  presentMountsNode,
  type ContainerMountsLike,
  type MountContainerNode,
  type MountLike,
  type MountNode,
} from './mountsModel';
import type { SourcePoint, WorkspaceStack } from './workspaceModel';

/** The shape of the Compose runner's listStacks() answer that this view reads. */
export interface RunningPort {
  readonly hostIp?: string;
  readonly hostPort?: number | string;
  readonly containerPort: number | string;
  readonly protocol?: string;
}
export interface RunningContainer {
  readonly id: string;
  readonly name: string;
  /** The engine's state: running, exited, created, paused, restarting, dead, removing. */
  readonly state: string;
  readonly health?: string;
  readonly ports: readonly RunningPort[];
  /** Its volumes, bind mounts and tmpfs mounts, once read (see withMounts). */
  readonly mounts?: readonly MountLike[];
}
export interface RunningStack {
  readonly project: string;
  readonly workingDir?: string;
  readonly configFiles: readonly string[];
  readonly services: ReadonlyArray<{ readonly name: string; readonly containers: readonly RunningContainer[] }>;
}

export interface StackNode {
  readonly kind: 'stack';
  readonly project: string;
  readonly workspace?: WorkspaceStack;
  readonly running?: RunningStack;
}
export interface ServiceNode {
  readonly kind: 'service';
  readonly project: string;
  /** The project folder, against which bind-mount sources read as the Compose file writes them. */
  readonly workingDir?: string;
  readonly name: string;
  /** Declared in the workspace's files (and whether its profiles leave it out). */
  readonly declared?: { readonly active: boolean; readonly profiles: readonly string[]; readonly source?: SourcePoint };
  readonly containers: readonly RunningContainer[];
}
export interface ContainerNode {
  readonly kind: 'container';
  readonly project: string;
  readonly workingDir?: string;
  readonly service: string;
  readonly container: RunningContainer;
}
/** The containers on the engine that no Compose stack (and no local ECS task) runs, for their mounts. */
export interface OtherContainersNode {
  readonly kind: 'otherContainers';
  readonly containers: readonly ContainerMountsLike[];
}
export type StacksNode = StackNode | ServiceNode | ContainerNode | OtherContainersNode | MountContainerNode | MountNode;

/** The view's top level: the stacks, then the other containers when there are any. */
export function stacksRoots(
  workspace: readonly WorkspaceStack[],
  running: readonly RunningStack[],
  mounts: readonly ContainerMountsLike[],
): Array<StackNode | OtherContainersNode> {
  const stacks = stackNodes(workspace, withMounts(running, mounts));
  // Compose containers are the stacks'; a local ECS task's are in the ECS view.
  const others = mounts.filter((c) => c.project === undefined && c.ecsTask === undefined);
  return others.length > 0 ? [...stacks, { kind: 'otherContainers', containers: others }] : stacks;
}

/** The running stacks with each container's mounts (by container id) filled in. */
export function withMounts(running: readonly RunningStack[], mounts: readonly ContainerMountsLike[]): RunningStack[] {
  const byId = new Map(mounts.map((c) => [c.containerId, c.mounts]));
  return running.map((stack) => ({
    ...stack,
    services: stack.services.map((service) => ({
      ...service,
      containers: service.containers.map((c) => ({ ...c, mounts: byId.get(c.id) ?? c.mounts ?? [] })),
    })),
  }));
}

/** One stack per project name: workspace projects, running stacks, and those that are both. */
export function stackNodes(workspace: readonly WorkspaceStack[], running: readonly RunningStack[]): StackNode[] {
  const byName = new Map<string, { workspace?: WorkspaceStack; running?: RunningStack }>();
  for (const stack of workspace) byName.set(stack.projectName, { ...byName.get(stack.projectName), workspace: stack });
  for (const stack of running) byName.set(stack.project, { ...byName.get(stack.project), running: stack });
  return [...byName.entries()]
    .map(([project, parts]) => ({ kind: 'stack' as const, project, ...parts }))
    .sort((a, b) => Number(!a.workspace) - Number(!b.workspace) || a.project.localeCompare(b.project));
}

/** Services in the files' order, then any running service the files no longer declare. */
export function serviceNodes(stack: StackNode): ServiceNode[] {
  const running = new Map((stack.running?.services ?? []).map((s) => [s.name, s.containers]));
  const workingDir = stack.running?.workingDir ?? stack.workspace?.workingDir;
  const where = { project: stack.project, ...(workingDir ? { workingDir } : {}) };
  const nodes: ServiceNode[] = (stack.workspace?.services ?? []).map((service) => ({
    kind: 'service',
    ...where,
    name: service.name,
    declared: { active: service.active, profiles: service.profiles, ...(service.source ? { source: service.source } : {}) },
    containers: running.get(service.name) ?? [],
  }));
  const declared = new Set(nodes.map((n) => n.name));
  for (const [name, containers] of running) if (!declared.has(name)) nodes.push({ kind: 'service', ...where, name, containers });
  return nodes;
}

export function containerNodes(service: ServiceNode): ContainerNode[] {
  const { project, workingDir } = service;
  return service.containers.map((container) => ({
    kind: 'container',
    project,
    ...(workingDir ? { workingDir } : {}),
    service: service.name,
    container,
  }));
}

function containerMountNodes(container: RunningContainer, workingDir: string | undefined): MountNode[] {
  const mounts: ContainerMountsLike = {
    containerId: container.id,
    containerName: container.name,
    state: container.state,
    mounts: container.mounts ?? [],
  };
  return mountNodes({ kind: 'mountContainer', container: mounts }, workingDir);
}

export function childrenOf(node: StacksNode): StacksNode[] {
  switch (node.kind) {
    case 'stack':
      return serviceNodes(node);
    case 'service': {
      // One container is the usual case: its details live on the service item, and its mounts under it.
      const [only, ...more] = node.containers;
      if (more.length > 0) return containerNodes(node);
      return only ? containerMountNodes(only, node.workingDir) : [];
    }
    case 'container':
      return containerMountNodes(node.container, node.workingDir);
    case 'otherContainers':
      return mountContainerNodes(node.containers);
    case 'mountContainer':
      return mountNodes(node);
    case 'mount':
      return [];
  }
}

// ---------------------------------------------------------------------------------------------------
// States

export type ServiceState = 'running' | 'partial' | 'stopped' | 'not created' | 'inactive';

export function isRunning(container: RunningContainer): boolean {
  return container.state === 'running';
}

export function serviceState(service: ServiceNode): ServiceState {
  const running = service.containers.filter(isRunning).length;
  if (service.containers.length === 0) return service.declared && !service.declared.active ? 'inactive' : 'not created';
  if (running === service.containers.length) return 'running';
  return running > 0 ? 'partial' : 'stopped';
}

/** Services counted in "2/3 running": those the files activate, plus any that run anyway. */
export function stackSummary(stack: StackNode): { running: number; total: number; containers: number } {
  const services = serviceNodes(stack).filter((s) => s.declared?.active !== false || s.containers.length > 0);
  return {
    running: services.filter((s) => s.containers.some(isRunning)).length,
    total: services.length,
    containers: services.reduce((sum, s) => sum + s.containers.length, 0),
  };
}

/** The service's health when every running container reports one: unhealthy wins, then starting. */
export function serviceHealth(service: ServiceNode): string | undefined {
  const healths = service.containers
    .filter(isRunning)
    .map((c) => c.health)
    .filter((h): h is string => !!h);
  if (healths.length === 0) return undefined;
  return healths.find((h) => h === 'unhealthy') ?? healths.find((h) => h === 'starting') ?? healths[0];
}

export function publishedPorts(containers: readonly RunningContainer[]): RunningPort[] {
  const seen = new Set<string>();
  return containers
    .filter(isRunning)
    .flatMap((c) => c.ports)
    .filter((p) => p.hostPort !== undefined && p.hostPort !== '' && p.hostPort !== 0)
    .filter((p) => {
      const key = `${p.hostPort}/${p.protocol ?? 'tcp'}`;
      return !seen.has(key) && (seen.add(key), true);
    });
}

export function portLabel(port: RunningPort): string {
  const host = port.hostIp && port.hostIp !== '0.0.0.0' && port.hostIp !== '::' ? `${port.hostIp}:` : '';
  const protocol = port.protocol && port.protocol !== 'tcp' ? `/${port.protocol}` : '';
  return `${host}${port.hostPort}→${port.containerPort}${protocol}`;
}

/** The address a browser opens for a published port; 0.0.0.0 and :: mean "any", so localhost. */
export function portUrl(port: RunningPort): string {
  const ip =
    !port.hostIp || port.hostIp === '0.0.0.0' || port.hostIp === '::'
      ? 'localhost'
      : port.hostIp.includes(':')
        ? `[${port.hostIp}]`
        : port.hostIp;
  const scheme = String(port.containerPort) === '443' || String(port.hostPort) === '443' ? 'https' : 'http';
  return `${scheme}://${ip}:${port.hostPort}`;
}

// ---------------------------------------------------------------------------------------------------
// Actions

export function stackActions(stack: StackNode): StackAction[] {
  const { running, containers } = stackSummary(stack);
  const actions: StackAction[] = [];
  if (stack.workspace) actions.push('up', 'openFile', 'deploy');
  if (stack.workspace && stack.workspace.profiles.length > 0) actions.push('upProfiles');
  if (running > 0) actions.push('restart');
  if (containers > 0) actions.push('down', 'downVolumes', 'logs');
  return actions;
}

export function serviceActions(service: ServiceNode): ServiceAction[] {
  const state = serviceState(service);
  const actions: ServiceAction[] = [];
  if (service.declared && state !== 'running') actions.push('run');
  if (state === 'stopped' || state === 'partial') actions.push('start');
  if (state === 'running' || state === 'partial') actions.push('stop', 'restart', 'shell');
  if (service.containers.length > 0) actions.push('logs');
  if (publishedPorts(service.containers).length > 0) actions.push('openPort');
  return actions;
}

export function containerActions(node: ContainerNode): ContainerAction[] {
  const actions: ContainerAction[] = [];
  if (isRunning(node.container)) actions.push('shell');
  if (publishedPorts([node.container]).length > 0) actions.push('openPort');
  return actions;
}

// ---------------------------------------------------------------------------------------------------
// Presentation

const GREEN = 'charts.green';
const YELLOW = 'charts.yellow';
const RED = 'charts.red';

function stackIcon(stack: StackNode): IconView {
  const { running, total } = stackSummary(stack);
  if (stack.workspace && stack.workspace.errors.length > 0 && running === 0) return { id: 'layers', color: RED };
  if (running === 0) return { id: 'layers' };
  return running === total ? { id: 'layers-active', color: GREEN } : { id: 'layers-dot', color: YELLOW };
}

function stackDescription(stack: StackNode): string {
  const { running, total } = stackSummary(stack);
  const state = running === 0 ? (total === 0 ? 'no services' : 'not running') : `${running}/${total} running`;
  return stack.workspace ? state : `${state} · not in this workspace`;
}

function stackTooltip(stack: StackNode): string {
  const lines = [`**${md(stack.project)}** — ${stackDescription(stack)}`];
  const files = stack.workspace?.files ?? stack.running?.configFiles ?? [];
  if (files.length) lines.push('', 'Files:', ...files.map((f) => `- \`${f}\``));
  if (stack.workspace?.profiles.length) lines.push('', `Profiles: ${stack.workspace.profiles.map((p) => `\`${p}\``).join(', ')}`);
  for (const error of stack.workspace?.errors ?? []) lines.push('', `$(error) ${md(error)}`);
  return lines.join('\n');
}

function serviceIcon(service: ServiceNode): IconView {
  const state = serviceState(service);
  const health = serviceHealth(service);
  if (state === 'running') {
    if (health === 'unhealthy') return { id: 'warning', color: RED };
    if (health === 'starting') return { id: 'loading~spin', color: YELLOW };
    return { id: 'pass-filled', color: GREEN };
  }
  if (state === 'partial') return { id: 'circle-filled', color: YELLOW };
  if (state === 'stopped') {
    const failed = service.containers.some((c) => c.state === 'dead' || c.state === 'restarting');
    return failed ? { id: 'error', color: RED } : { id: 'debug-stop' };
  }
  if (state === 'inactive') return { id: 'circle-slash' };
  return { id: 'circle-large-outline' };
}

function serviceDescription(service: ServiceNode): string {
  const state = serviceState(service);
  const running = service.containers.filter(isRunning).length;
  const parts: string[] = [];
  if (state === 'inactive') parts.push(`profile ${service.declared?.profiles.join(', ')}`);
  else if (state === 'partial') parts.push(`${running}/${service.containers.length} running`);
  else if (state === 'stopped') parts.push(listNames([...new Set(service.containers.map((c) => c.state))]));
  else parts.push(state);
  const health = serviceHealth(service);
  if (health) parts.push(health);
  const ports = publishedPorts(service.containers).map(portLabel);
  if (ports.length) parts.push(ports.join(', '));
  if (!service.declared && service.containers.length > 0) parts.push('not in the files');
  if (service.containers.some(mountsDangerously)) parts.push('dangerous mount');
  return parts.join(' · ');
}

function mountsDangerously(container: RunningContainer): boolean {
  return (container.mounts ?? []).some((m) => m.danger);
}

function containerTooltip(container: RunningContainer): string {
  const ports = publishedPorts([container]).map(portLabel);
  return [
    `**${md(container.name)}** — ${container.state}${container.health ? ` (${container.health})` : ''}`,
    `ID \`${container.id.slice(0, 12)}\``,
    ...(mountsDangerously(container) ? [DANGER_NOTE] : []),
    ...(ports.length ? [`Ports: ${ports.join(', ')}`] : []),
  ].join('\n\n');
}

export function presentStacksNode(node: StacksNode): ItemView {
  switch (node.kind) {
    case 'mountContainer':
    case 'mount':
      return presentMountsNode(node);
    case 'otherContainers': {
      const dangerous = node.containers.filter(hasDangerousMount).length;
      const count = node.containers.length;
      return {
        id: 'otherContainers',
        label: 'Other containers',
        description: [`${count} not in a stack`, ...(dangerous ? [`${dangerous} with a dangerous mount`] : [])].join(' · '),
        tooltip: `Containers on the engine that no Compose stack runs (a local ECS task's are in the ECS view), with their volumes, bind mounts and tmpfs mounts.${dangerous ? `\n\n${DANGER_NOTE}` : ''}`,
        icon: dangerous ? { id: 'warning', color: 'list.warningForeground' } : { id: 'vm' },
        collapsible: foldState(count, dangerous > 0),
      };
    }
    case 'stack':
      return {
        id: `stack:${node.project}`,
        label: node.project,
        description: stackDescription(node),
        tooltip: stackTooltip(node),
        icon: stackIcon(node),
        contextValue: contextValue('stack', stackActions(node)),
        collapsible: 'collapsed',
      };
    case 'service': {
      const source = node.declared?.source;
      return {
        id: `service:${node.project}/${node.name}`,
        label: node.name,
        description: serviceDescription(node),
        tooltip: [
          `**${md(node.name)}** in ${md(node.project)} — ${serviceDescription(node)}`,
          ...node.containers.map(containerTooltip),
        ].join('\n\n---\n\n'),
        icon: serviceIcon(node),
        contextValue: contextValue('service', serviceActions(node)),
        collapsible: foldState(childrenOf(node).length, node.containers.some(mountsDangerously)),
        ...(source ? { command: { id: 'dockside.openSource', title: 'Open in the Compose file', arguments: [source] } } : {}),
      };
    }
    case 'container': {
      const ports = publishedPorts([node.container]).map(portLabel);
      return {
        id: `container:${node.container.id}`,
        label: node.container.name,
        description: [node.container.state, node.container.health, ...ports, mountsDangerously(node.container) && 'dangerous mount']
          .filter(Boolean)
          .join(' · '),
        tooltip: containerTooltip(node.container),
        icon: isRunning(node.container)
          ? { id: 'vm-running', color: node.container.health === 'unhealthy' ? RED : GREEN }
          : { id: 'vm-outline' },
        contextValue: contextValue('container', containerActions(node)),
        collapsible: foldState(node.container.mounts?.length ?? 0, mountsDangerously(node.container)),
      };
    }
  }
}
