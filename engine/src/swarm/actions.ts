// What the Swarm view and `dockside swarm` do to what runs: remove a stack (its services, then its
// secrets, configs and networks, as `docker stack rm` does, waiting for the networks to be free), scale
// a service, roll it back, force an update, drain or activate a node, and initialise a swarm. Each is
// one engine change with the spec version the engine asks for. No `vscode` import.
import type Docker from 'dockerode';
import { sleep, throwIfAborted } from '../compose/run';
import { engineMessage } from '../engine';
import { inspectService, listConfigs, listSecrets, listStackServices, listTasks, removeIgnoringMissing, updateService } from './api';
import { stackFilter } from './labels';
import { SwarmError, type SwarmEvent } from './deploy';
import type { SwarmNode } from './types';

export interface RemovedStack {
  services: string[];
  networks: string[];
  secrets: string[];
  configs: string[];
}

export interface RemoveOptions {
  signal?: AbortSignal;
  onEvent?: (event: SwarmEvent) => void;
  /** How long to wait for a network's last task to leave it (60 s by default). */
  networkTimeoutMs?: number;
}

/** Everything of the stack but its named volumes (which `docker stack rm` keeps too). */
export async function removeStack(docker: Docker, namespace: string, options: RemoveOptions = {}): Promise<RemovedStack> {
  const step = (message: string): void => options.onEvent?.({ kind: 'step', message });
  const filters = stackFilter(namespace);
  const services = await listStackServices(docker, namespace);
  const removed: RemovedStack = { services: [], networks: [], secrets: [], configs: [] };
  for (const service of services) {
    step(`Removing service ${service.Spec.Name}`);
    if (await removeIgnoringMissing(() => docker.getService(service.ID).remove())) removed.services.push(service.Spec.Name);
  }
  for (const secret of await listSecrets(docker, filters)) {
    step(`Removing secret ${secret.Spec.Name}`);
    if (await removeIgnoringMissing(() => docker.getSecret(secret.ID).remove())) removed.secrets.push(secret.Spec.Name);
  }
  for (const config of await listConfigs(docker, filters)) {
    step(`Removing config ${config.Spec.Name}`);
    if (await removeIgnoringMissing(() => docker.getConfig(config.ID).remove())) removed.configs.push(config.Spec.Name);
  }
  const networks = await docker.listNetworks({ filters });
  const serviceIds = services.map((service) => service.ID);
  const deadline = Date.now() + (options.networkTimeoutMs ?? 60_000);
  for (const network of networks) {
    step(`Removing network ${network.Name}`);
    // A network is free once the tasks of the removed services have left it; the engine refuses until then.
    for (;;) {
      throwIfAborted(options.signal);
      try {
        if (await removeIgnoringMissing(() => docker.getNetwork(network.Id).remove())) removed.networks.push(network.Name);
        break;
      } catch (error) {
        const inUse = /active endpoints|in use/i.test(error instanceof Error ? error.message : String(error));
        if (!inUse || Date.now() > deadline) throw new SwarmError(`Could not remove network ${network.Name}: ${engineMessage(error)}`);
        const left = await listTasks(docker, serviceIds).catch(() => []);
        step(`Waiting for ${left.length || 'the'} task${left.length === 1 ? '' : 's'} of the stack to leave network ${network.Name}`);
        await sleep(250, options.signal);
      }
    }
  }
  // The manager accepts a removal before the engine's own list forgets the network: return once it has, so nothing is seen left behind.
  while ((await docker.listNetworks({ filters })).some((network) => removed.networks.includes(network.Name)) && Date.now() <= deadline) {
    await sleep(100, options.signal);
  }
  return removed;
}

/** Sets a replicated service's number of tasks. */
export async function scaleSwarmService(docker: Docker, serviceId: string, replicas: number): Promise<void> {
  const service = await inspectService(docker, serviceId);
  if (!service.Spec.Mode.Replicated)
    throw new SwarmError(
      `Service ${service.Spec.Name} is not replicated (it runs in ${Object.keys(service.Spec.Mode)[0]?.toLowerCase()} mode): it cannot be scaled.`,
    );
  const spec = structuredClone(service.Spec);
  spec.Mode = { Replicated: { Replicas: replicas } };
  await updateService(docker, service.ID, service.Version.Index, spec);
}

/** Returns the service to the spec it had before its last update, as `docker service rollback` does. */
export async function rollBackService(docker: Docker, serviceId: string): Promise<void> {
  const service = await inspectService(docker, serviceId);
  if (!service.PreviousSpec)
    throw new SwarmError(`Service ${service.Spec.Name} has no previous spec to roll back to: it was never updated.`);
  await updateService(docker, service.ID, service.Version.Index, service.Spec, { rollback: true });
}

/** Replaces every task of the service with a new one of the same spec (`docker service update --force`). */
export async function forceUpdateService(docker: Docker, serviceId: string): Promise<void> {
  const service = await inspectService(docker, serviceId);
  const spec = structuredClone(service.Spec);
  spec.TaskTemplate.ForceUpdate = (spec.TaskTemplate.ForceUpdate ?? 0) + 1;
  await updateService(docker, service.ID, service.Version.Index, spec);
}

/** `drain` moves a node's tasks elsewhere and schedules none there; `active` takes tasks again. */
export async function setNodeAvailability(docker: Docker, nodeId: string, availability: 'active' | 'pause' | 'drain'): Promise<void> {
  const node = (await docker.getNode(nodeId).inspect()) as SwarmNode;
  await docker.getNode(nodeId).update({ _query: { version: node.Version.Index }, _body: { ...node.Spec, Availability: availability } });
}

/**
 * Makes this engine the manager of a new swarm of one node (`docker swarm init`). When the engine
 * cannot choose an address to advertise (several networks), the swarm listens on 127.0.0.1 only:
 * enough to deploy stacks on this machine; other machines cannot join it.
 */
export async function initSwarm(docker: Docker): Promise<{ advertised?: string }> {
  try {
    await docker.swarmInit({ ListenAddr: '0.0.0.0:2377' });
    return {};
  } catch (error) {
    const message = engineMessage(error);
    if (!/advertise/i.test(message)) throw new SwarmError(`Could not initialise a swarm: ${message}`);
  }
  try {
    await docker.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
    return { advertised: '127.0.0.1' };
  } catch (error) {
    throw new SwarmError(`Could not initialise a swarm: ${engineMessage(error)}`);
  }
}

/** A service by its name (`shop_web`), its short name within one stack, or its id. */
export async function findService(docker: Docker, name: string, stack?: string): Promise<{ id: string; name: string } | undefined> {
  const all =
    stack === undefined
      ? ((await docker.listServices()) as Array<{ ID: string; Spec: { Name: string } }>)
      : await listStackServices(docker, stack);
  const found =
    all.find((service) => service.Spec.Name === name) ??
    all.find((service) => stack !== undefined && service.Spec.Name === `${stack}_${name}`) ??
    all.find((service) => service.ID === name || (name.length >= 6 && service.ID.startsWith(name)));
  return found ? { id: found.ID, name: found.Spec.Name } : undefined;
}
