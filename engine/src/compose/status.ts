// The stacks on the engine, read back from the labels Compose (and Dockside) put on containers: what
// the sidebar and `dockside compose ps` show.
import type Docker from 'dockerode';
import { LABEL } from './labels';

export interface ContainerPort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

export interface StackContainer {
  id: string;
  name: string;
  /** The engine's state: running, exited, created, restarting, paused, dead. */
  state: string;
  /** The engine's status sentence ("Up 3 minutes (healthy)"). */
  status: string;
  health?: 'starting' | 'healthy' | 'unhealthy';
  ports: ContainerPort[];
}

export interface RunningStack {
  project: string;
  workingDir?: string;
  configFiles: string[];
  services: { name: string; containers: StackContainer[] }[];
}

export async function listStacks(docker: Docker): Promise<RunningStack[]> {
  const containers = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [LABEL.project] }) });
  return groupStacks(containers);
}

/** Pure: containers grouped by project and service, sorted by name. */
export function groupStacks(containers: Docker.ContainerInfo[]): RunningStack[] {
  const stacks = new Map<string, RunningStack>();
  for (const info of containers) {
    if (info.Labels[LABEL.oneoff] === 'True') continue;
    const project = info.Labels[LABEL.project]!;
    const stack = stacks.get(project) ?? { project, configFiles: [], services: [] };
    stacks.set(project, stack);
    stack.workingDir ??= info.Labels[LABEL.workingDir];
    if (stack.configFiles.length === 0 && info.Labels[LABEL.configFiles]) stack.configFiles = info.Labels[LABEL.configFiles]!.split(',');
    const serviceName = info.Labels[LABEL.service] ?? '';
    let service = stack.services.find((candidate) => candidate.name === serviceName);
    if (!service) stack.services.push((service = { name: serviceName, containers: [] }));
    service.containers.push(stackContainer(info));
  }
  const sorted = [...stacks.values()].sort((a, b) => a.project.localeCompare(b.project));
  for (const stack of sorted) {
    stack.services.sort((a, b) => a.name.localeCompare(b.name));
    for (const service of stack.services) service.containers.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  }
  return sorted;
}

function stackContainer(info: Docker.ContainerInfo): StackContainer {
  const health = healthOf(info.Status);
  return {
    id: info.Id,
    name: info.Names[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12),
    state: info.State,
    status: info.Status,
    ...(health ? { health } : {}),
    ports: portsOf(info.Ports),
  };
}

/** The list call has no health field; its status sentence ends in "(healthy)", "(health: starting)" or "(unhealthy)". */
function healthOf(status: string): StackContainer['health'] {
  if (/\(healthy\)/.test(status)) return 'healthy';
  if (/\(unhealthy\)/.test(status)) return 'unhealthy';
  if (/\(health: starting\)/.test(status)) return 'starting';
  return undefined;
}

/** Published ports only, once each (the engine lists IPv4 and IPv6 bindings separately). */
function portsOf(ports: Docker.Port[]): ContainerPort[] {
  const seen = new Set<string>();
  const result: ContainerPort[] = [];
  for (const port of ports) {
    if (!port.PublicPort) continue;
    const mapped = { hostIp: port.IP ?? '', hostPort: port.PublicPort, containerPort: port.PrivatePort, protocol: port.Type };
    const key = `${mapped.hostIp}|${mapped.hostPort}|${mapped.containerPort}|${mapped.protocol}`;
    if (!seen.has(key)) result.push(mapped);
    seen.add(key);
  }
  return result.sort((a, b) => a.containerPort - b.containerPort || a.hostPort - b.hostPort);
}
