// Start, stop and restart of a running stack's containers, found by their labels.
import type Docker from 'dockerode';
import { reasonOf, StackError } from './errors';
import { LABEL, serviceContainerFilter } from './labels';
import { emitter, throwIfAborted, type RunOptions } from './run';

export type ServiceActionName = 'start' | 'stop' | 'restart';

/** Restarts the stack's containers (or those of `services`), dependencies first as their labels say. */
export async function stackRestart(docker: Docker, projectName: string, options: RunOptions & { services?: string[] } = {}): Promise<void> {
  const containers = await projectContainers(docker, projectName, options.services);
  for (const level of dependencyLevels(containers)) {
    await Promise.all(level.map((info) => act(docker, info, 'restart', options)));
  }
}

export async function serviceAction(
  docker: Docker,
  projectName: string,
  service: string,
  action: ServiceActionName,
  options: RunOptions = {},
): Promise<void> {
  const containers = await projectContainers(docker, projectName, [service]);
  if (containers.length === 0)
    throw new StackError(`Service "${service}" of project "${projectName}" has no container; bring the stack up first.`, service, []);
  await Promise.all(containers.map((info) => act(docker, info, action, options)));
}

async function projectContainers(docker: Docker, projectName: string, services?: string[]): Promise<Docker.ContainerInfo[]> {
  const all = await docker.listContainers({ all: true, filters: serviceContainerFilter(projectName) });
  return all.filter((info) => !services?.length || services.includes(info.Labels[LABEL.service] ?? ''));
}

const PAST: Record<ServiceActionName, string> = { start: 'Starting', stop: 'Stopping', restart: 'Restarting' };

async function act(docker: Docker, info: Docker.ContainerInfo, action: ServiceActionName, options: RunOptions): Promise<void> {
  throwIfAborted(options.signal);
  const name = info.Names[0]?.replace(/^\//, '') ?? info.Id;
  const service = info.Labels[LABEL.service];
  emitter(options).step(`${PAST[action]} ${name}`, service);
  const container = docker.getContainer(info.Id);
  try {
    if (action === 'start' && info.State !== 'running') await container.start();
    else if (action === 'stop' && info.State === 'running') await container.stop();
    else if (action === 'restart') await container.restart();
  } catch (error) {
    throw new StackError(`Service "${service}": ${action} of ${name} failed: ${reasonOf(error)}.`, service, []);
  }
}

/** Groups containers so each group's dependencies (the depends_on label) are in earlier groups. */
export function dependencyLevels(containers: Docker.ContainerInfo[]): Docker.ContainerInfo[][] {
  const services = new Set(containers.map((info) => info.Labels[LABEL.service] ?? ''));
  const dependencies = (info: Docker.ContainerInfo): string[] =>
    (info.Labels[LABEL.dependsOn] ?? '')
      .split(',')
      .map((entry) => entry.split(':')[0] ?? '')
      .filter((name) => services.has(name));
  const levels: Docker.ContainerInfo[][] = [];
  const placed = new Set<string>();
  let remaining = containers;
  while (remaining.length > 0) {
    let level = remaining.filter((info) => dependencies(info).every((name) => placed.has(name)));
    if (level.length === 0) level = remaining; // a cycle: the file was refused before Up, but be safe
    levels.push(level);
    for (const info of level) placed.add(info.Labels[LABEL.service] ?? '');
    remaining = remaining.filter((info) => !level.includes(info));
  }
  return levels;
}
