// The Engine API's Swarm calls as Dockside uses them, typed with ./types (dockerode passes bodies and
// answers through as plain JSON). No `vscode` import.
import type Docker from 'dockerode';
import { engineFrames } from '../frames';
import { engineMessage } from '../engine';
import { stackFilter } from './labels';
import type { ServiceSpec, SwarmNode, SwarmObject, SwarmService, SwarmTask } from './types';

export type SwarmRole = 'inactive' | 'pending' | 'worker' | 'manager' | 'locked' | 'error';

export interface SwarmState {
  readonly role: SwarmRole;
  /** This engine's node, when it is part of a swarm. */
  readonly nodeId?: string;
  readonly nodes?: number;
  readonly managers?: number;
  /** The engine's own words when the swarm is in error. */
  readonly error?: string;
}

interface SwarmInfo {
  Swarm?: { NodeID?: string; LocalNodeState?: string; ControlAvailable?: boolean; Nodes?: number; Managers?: number; Error?: string };
}

/** Whether the engine is part of a swarm, and as what. */
export async function swarmState(docker: Docker): Promise<SwarmState> {
  const info = ((await docker.info()) as SwarmInfo).Swarm ?? {};
  const state = info.LocalNodeState ?? 'inactive';
  const nodeId = info.NodeID || undefined;
  if (state === 'active') {
    return info.ControlAvailable
      ? { role: 'manager', ...(nodeId ? { nodeId } : {}), nodes: info.Nodes ?? 1, managers: info.Managers ?? 1 }
      : { role: 'worker', ...(nodeId ? { nodeId } : {}) };
  }
  if (state === 'pending' || state === 'locked') return { role: state };
  if (state === 'error') return { role: 'error', ...(info.Error ? { error: info.Error } : {}) };
  return { role: 'inactive' };
}

/** What a state means to someone who wants to deploy, as one sentence; undefined for a manager. */
export function notManagerReason(state: SwarmState): string | undefined {
  switch (state.role) {
    case 'manager':
      return undefined;
    case 'inactive':
      return 'This Docker Engine is not part of a Swarm. Initialise one (docker swarm init, or Dockside: Initialise a Swarm…) or point DOCKER_HOST at a Swarm manager.';
    case 'worker':
      return 'This Docker Engine is a Swarm worker: stacks are deployed through a manager. Point DOCKER_HOST (or dockside.docker.host) at a manager node.';
    case 'pending':
      return 'This Docker Engine is still joining its Swarm; try again in a moment.';
    case 'locked':
      return 'This Swarm manager is locked: unlock it with docker swarm unlock first.';
    default:
      return `This Docker Engine's Swarm is in error${state.error ? `: ${state.error}` : ''}.`;
  }
}

export function listStackServices(docker: Docker, namespace?: string): Promise<SwarmService[]> {
  return docker.listServices({ filters: stackFilter(namespace), status: true }) as unknown as Promise<SwarmService[]>;
}

export function listServicesById(docker: Docker, ids: readonly string[]): Promise<SwarmService[]> {
  return docker.listServices({ filters: JSON.stringify({ id: ids }), status: true }) as unknown as Promise<SwarmService[]>;
}

/** Tasks of these services; `upToDate` keeps those of each service's current spec (the engine's `_up-to-date` filter, as docker's progress uses). */
export function listTasks(docker: Docker, serviceIds: readonly string[], upToDate = false): Promise<SwarmTask[]> {
  if (serviceIds.length === 0) return Promise.resolve([]);
  const filters: Record<string, string[]> = { service: [...serviceIds] };
  if (upToDate) filters['_up-to-date'] = ['true'];
  return docker.listTasks({ filters: JSON.stringify(filters) }) as Promise<SwarmTask[]>;
}

export function listNodes(docker: Docker): Promise<SwarmNode[]> {
  return docker.listNodes() as Promise<SwarmNode[]>;
}

export function listSecrets(docker: Docker, filters?: string): Promise<SwarmObject[]> {
  return docker.listSecrets(filters ? { filters } : {}) as Promise<SwarmObject[]>;
}

export function listConfigs(docker: Docker, filters?: string): Promise<SwarmObject[]> {
  return docker.listConfigs(filters ? { filters } : {}) as Promise<SwarmObject[]>;
}

export async function createService(docker: Docker, spec: ServiceSpec, signal?: AbortSignal): Promise<string> {
  const created = await docker.createService({
    ...(spec as object),
    ...(signal ? { abortSignal: signal } : {}),
  } as Docker.CreateServiceOptions);
  return created.id;
}

/** Updates a service in place: a new spec version. `rollback` asks the engine for the previous spec instead. */
export async function updateService(
  docker: Docker,
  id: string,
  version: number,
  spec: ServiceSpec,
  options: { rollback?: boolean; signal?: AbortSignal } = {},
): Promise<string[]> {
  const query: Record<string, string | number> = { version };
  if (options.rollback) query['rollback'] = 'previous';
  const answer = (await docker
    .getService(id)
    .update({ _query: query, _body: spec, ...(options.signal ? { abortSignal: options.signal } : {}) })) as
    { Warnings?: string[] | null } | undefined;
  return answer?.Warnings ?? [];
}

export async function inspectService(docker: Docker, id: string): Promise<SwarmService> {
  return (await docker.getService(id).inspect()) as SwarmService;
}

/** The last `tail` lines a task wrote (stdout and stderr), through the manager, whichever node ran it. */
export async function taskLogLines(docker: Docker, taskId: string, tail: number): Promise<string[]> {
  const raw = await new Promise<Buffer>((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/tasks/${taskId}/logs?`,
        method: 'GET',
        options: { stdout: true, stderr: true, tail },
        isStream: false,
        statusCodes: { 200: true, 404: 'no such task', 500: 'server error', 503: 'node is not part of a swarm' },
      },
      (error: unknown, data: unknown) =>
        error ? reject(error as Error) : resolve(Buffer.isBuffer(data) ? data : Buffer.from(String(data ?? ''))),
    );
  });
  // Tasks without a TTY answer with the multiplexed frames; a TTY task sends plain text.
  const frames = raw.length >= 8 && (raw[0] === 1 || raw[0] === 2) && raw[1] === 0 ? engineFrames(raw) : [{ data: raw }];
  return Buffer.concat(frames.map((frame) => frame.data))
    .toString('utf8')
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line, index, lines) => line !== '' || index < lines.length - 1);
}

/** Removes, ignoring what is already gone; any other failure is thrown with the engine's words. */
export async function removeIgnoringMissing(remove: () => Promise<unknown>): Promise<boolean> {
  try {
    await remove();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw new Error(engineMessage(error), { cause: error });
  }
}
