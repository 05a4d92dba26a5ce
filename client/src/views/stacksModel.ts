// The Stacks view as plain data: the workspace's Compose projects and the stacks running on the engine,
// matched by project name, down to services and their containers; each with its label, state, icon and
// the actions its state allows. No `vscode` import.
import { contextValue, type ContainerAction, type ServiceAction, type StackAction } from './contextValues';
import { listNames, md, type IconView, type ItemView } from './itemView';
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
  readonly name: string;
  /** Declared in the workspace's files (and whether its profiles leave it out). */
  readonly declared?: { readonly active: boolean; readonly profiles: readonly string[]; readonly source?: SourcePoint };
  readonly containers: readonly RunningContainer[];
}
export interface ContainerNode {
  readonly kind: 'container';
  readonly project: string;
  readonly service: string;
  readonly container: RunningContainer;
}
export type StacksNode = StackNode | ServiceNode | ContainerNode;

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
  const nodes: ServiceNode[] = (stack.workspace?.services ?? []).map((service) => ({
    kind: 'service',
    project: stack.project,
    name: service.name,
    declared: { active: service.active, profiles: service.profiles, ...(service.source ? { source: service.source } : {}) },
    containers: running.get(service.name) ?? [],
  }));
  const declared = new Set(nodes.map((n) => n.name));
  for (const [name, containers] of running)
    if (!declared.has(name)) nodes.push({ kind: 'service', project: stack.project, name, containers });
  return nodes;
}

export function containerNodes(service: ServiceNode): ContainerNode[] {
  return service.containers.map((container) => ({ kind: 'container', project: service.project, service: service.name, container }));
}

export function childrenOf(node: StacksNode): StacksNode[] {
  if (node.kind === 'stack') return serviceNodes(node);
  // One container is the usual case: its details live on the service item, so it has no children.
  if (node.kind === 'service') return node.containers.length > 1 ? containerNodes(node) : [];
  return [];
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
  return parts.join(' · ');
}

function containerTooltip(container: RunningContainer): string {
  const ports = publishedPorts([container]).map(portLabel);
  return [
    `**${md(container.name)}** — ${container.state}${container.health ? ` (${container.health})` : ''}`,
    `ID \`${container.id.slice(0, 12)}\``,
    ...(ports.length ? [`Ports: ${ports.join(', ')}`] : []),
  ].join('\n\n');
}

export function presentStacksNode(node: StacksNode): ItemView {
  switch (node.kind) {
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
        collapsible: node.containers.length > 1 ? 'collapsed' : 'none',
        ...(source ? { command: { id: 'dockside.openSource', title: 'Open in the Compose file', arguments: [source] } } : {}),
      };
    }
    case 'container': {
      const ports = publishedPorts([node.container]).map(portLabel);
      return {
        id: `container:${node.container.id}`,
        label: node.container.name,
        description: [node.container.state, node.container.health, ...ports].filter(Boolean).join(' · '),
        tooltip: containerTooltip(node.container),
        icon: isRunning(node.container)
          ? { id: 'vm-running', color: node.container.health === 'unhealthy' ? RED : GREEN }
          : { id: 'vm-outline' },
        contextValue: contextValue('container', containerActions(node)),
        collapsible: 'none',
      };
    }
  }
}
