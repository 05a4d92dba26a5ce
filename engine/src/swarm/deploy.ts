// `dockside swarm deploy`: creates or updates what `docker stack deploy` creates, with its labels —
// overlay networks, secrets and configs, one service per Compose service — then (unless detached)
// waits until every service converges. Differences from docker stack deploy, on purpose: a service
// whose spec the files do not change is left alone (no new spec version, nothing restarts); secrets and
// configs are named after their content, so new content rolls the services over instead of failing, and
// the versions no service (nor the spec a rollback would return to) uses any more are removed; services
// are created and updated several at a time, and waited for together. No `vscode` import.
import type Docker from 'dockerode';
import { deepEqual } from '@dockside/core';
import { eachLimited, throwIfAborted } from '../compose/run';
import { engineMessage } from '../engine';
import {
  createService,
  listConfigs,
  listSecrets,
  listStackServices,
  notManagerReason,
  removeIgnoringMissing,
  swarmState,
  type SwarmState,
  updateService,
} from './api';
import { STACK_LABEL, SWARM_LABEL } from './labels';
import { deployable, type LoadedSwarmStack } from './load';
import type { SwarmFilePlan, SwarmServicePlan } from './plan';
import type { ServiceSpec, SwarmObject, SwarmService } from './types';
import { waitForConvergence, type ServiceProgress, type WaitTarget } from './wait';

export type SwarmEvent = { kind: 'step'; message: string; service?: string } | { kind: 'progress'; progress: ServiceProgress };

export interface DeployOptions {
  /** Remove the stack's services the files no longer define (`--prune`). */
  prune?: boolean;
  /** Return once the services are created or updated, without waiting for them to converge (`--detach`). */
  detach?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: SwarmEvent) => void;
  /** Failed tasks after which a service counts as failed (see waitForConvergence). */
  maxFailures?: number;
  /** The engine's Swarm state when the caller has just read it; read here otherwise. */
  state?: SwarmState;
}

export type ServiceChange = 'created' | 'updated' | 'unchanged';

export interface DeployResult {
  namespace: string;
  services: Array<{ key: string; name: string; id: string; change: ServiceChange }>;
  /** Services `--prune` removed. */
  pruned: string[];
  /** Earlier versions of secrets and configs that nothing uses any more, removed. */
  removedVersions: string[];
  /** Where each service ended up; empty when detached. */
  progress: ServiceProgress[];
  /** What the engine warned about while creating or updating (an image it cannot pin, …). */
  warnings: string[];
}

/** Refused before anything is changed: not a manager, a project that cannot be deployed, a spec Swarm will not accept. */
export class SwarmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SwarmError';
  }
}

/** Services created or updated at a time; the manager takes them one by one anyway, but not round trip by round trip. */
const PARALLEL = 8;

export async function deployStack(docker: Docker, stack: LoadedSwarmStack, options: DeployOptions = {}): Promise<DeployResult> {
  const step = (message: string, service?: string): void => options.onEvent?.({ kind: 'step', message, ...(service ? { service } : {}) });
  const reason = notManagerReason(options.state ?? (await swarmState(docker)));
  if (reason) throw new SwarmError(reason);
  if (!deployable(stack)) {
    const first = stack.errors[0] ?? stack.report.find((loss) => loss.kind === 'error')?.reason ?? '';
    throw new SwarmError(`Stack "${stack.namespace}" cannot be deployed: ${first}`);
  }
  const since = Date.now();
  const { plan } = stack;
  const existing = await listStackServices(docker, plan.namespace);
  refuseModeChanges(plan.services, existing);

  const networkIds = await ensureNetworks(docker, stack, step, options.signal);
  const objectIds = new Map<string, string>();
  for (const kind of ['secret', 'config'] as const) {
    const ids = await ensureObjects(docker, kind === 'secret' ? plan.secrets : plan.configs, kind, step);
    for (const [name, id] of ids) objectIds.set(`${kind}:${name}`, id);
  }

  const warnings: string[] = [];
  const services: DeployResult['services'] = [];
  /** When the engine answered each create or update: see WaitTarget.answeredAt. */
  const answeredAt = new Map<string, number>();
  await eachLimited(plan.services, PARALLEL, async (planned) => {
    throwIfAborted(options.signal);
    const spec = resolvedSpec(planned.spec, networkIds, objectIds);
    const current = existing.find((service) => service.Spec.Name === spec.Name);
    if (!current) {
      step(`Creating service ${spec.Name}`, planned.key);
      const id = await failing(`create service ${spec.Name}`, () => createService(docker, spec, options.signal));
      answeredAt.set(id, Date.now());
      services.push({ key: planned.key, name: spec.Name, id, change: 'created' });
      return;
    }
    // Stack deploy has no --force: keep the service's force-update counter, so an unchanged service stays as it runs.
    spec.TaskTemplate.ForceUpdate = current.Spec.TaskTemplate.ForceUpdate ?? 0;
    if (specCovers(spec, current.Spec, networkIds)) {
      step(`Service ${spec.Name} is unchanged`, planned.key);
      services.push({ key: planned.key, name: spec.Name, id: current.ID, change: 'unchanged' });
      return;
    }
    step(`Updating service ${spec.Name} (spec version ${current.Version.Index})`, planned.key);
    warnings.push(
      ...(await failing(`update service ${spec.Name}`, () =>
        updateService(docker, current.ID, current.Version.Index, spec, { signal: options.signal }),
      )),
    );
    answeredAt.set(current.ID, Date.now());
    services.push({ key: planned.key, name: spec.Name, id: current.ID, change: 'updated' });
  });
  services.sort((a, b) => plan.services.findIndex((s) => s.key === a.key) - plan.services.findIndex((s) => s.key === b.key));

  const pruned: string[] = [];
  if (options.prune) {
    for (const service of existing.filter((candidate) => !plan.services.some((planned) => planned.spec.Name === candidate.Spec.Name))) {
      step(`Removing service ${service.Spec.Name}, which the files no longer define`);
      if (await removeIgnoringMissing(() => docker.getService(service.ID).remove())) pruned.push(service.Spec.Name);
    }
  }

  const result: DeployResult = { namespace: plan.namespace, services, pruned, removedVersions: [], progress: [], warnings };
  if (!options.detach) {
    const targets = services.map((service): WaitTarget => {
      const answered = answeredAt.get(service.id);
      return {
        id: service.id,
        key: service.key,
        name: service.name,
        changed: service.change !== 'unchanged',
        ...(answered !== undefined ? { answeredAt: answered } : {}),
      };
    });
    result.progress = await waitForConvergence(docker, targets, {
      since,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.maxFailures !== undefined ? { maxFailures: options.maxFailures } : {}),
      onProgress: (progress) => options.onEvent?.({ kind: 'progress', progress }),
    });
  }
  result.removedVersions = await removeUnusedVersions(docker, plan.namespace, step);
  return result;
}

async function failing<T>(doing: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { name?: string }).name === 'AbortError') throw error;
    throw new SwarmError(`Could not ${doing}: ${engineMessage(error)}`);
  }
}

/** Swarm cannot turn a replicated service into a global one (or back): say so before changing anything. */
function refuseModeChanges(planned: readonly SwarmServicePlan[], existing: readonly SwarmService[]): void {
  const kind = (spec: ServiceSpec): string =>
    Object.keys(spec.Mode).find((key) => spec.Mode[key as keyof ServiceSpec['Mode']] !== undefined) ?? 'Replicated';
  for (const service of planned) {
    const current = existing.find((candidate) => candidate.Spec.Name === service.spec.Name);
    if (current && kind(current.Spec) !== kind(service.spec))
      throw new SwarmError(
        `Service ${service.spec.Name} runs in ${kind(current.Spec).toLowerCase()} mode and the files ask for ${kind(service.spec).toLowerCase()}: Swarm cannot change a service's mode. Remove the service (or the stack) first.`,
      );
  }
}

/** Creates the stack's networks that are missing; external ones must exist and span the swarm. Names to ids, for the specs. */
async function ensureNetworks(
  docker: Docker,
  stack: LoadedSwarmStack,
  step: (message: string) => void,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const all = await docker.listNetworks();
  const byName = new Map(all.map((network) => [network.Name, network]));
  const ids = new Map(all.map((network) => [network.Name, network.Id]));
  for (const network of stack.plan.networks) {
    throwIfAborted(signal);
    const found = byName.get(network.name);
    if (network.external) {
      if (!found)
        throw new SwarmError(
          `Network "${network.name}" is declared as external, but it does not exist. Create a swarm-scoped (overlay) network of that name first.`,
        );
      if (found.Scope !== 'swarm' && !['host', 'none', 'bridge'].includes(found.Driver))
        throw new SwarmError(
          `Network "${network.name}" is declared as external, but it is a ${found.Scope} network: Swarm services need a swarm-scoped one.`,
        );
      continue;
    }
    if (found) {
      if (found.Labels?.[STACK_LABEL.namespace] !== stack.namespace && found.Scope !== 'swarm')
        throw new SwarmError(
          `A ${found.Scope} network named "${network.name}" already exists; Swarm services need a swarm-scoped one. Remove it, or name the network otherwise.`,
        );
      continue;
    }
    step(`Creating network ${network.name}`);
    const created = await failing(`create network ${network.name}`, () =>
      docker.createNetwork({ ...network.options, CheckDuplicate: true }),
    );
    ids.set(network.name, created.id);
  }
  return ids;
}

/**
 * Creates the secrets or configs that do not exist yet (a name with the content's digest exists only
 * with that content). A name the file gives that exists with other content cannot be changed: Swarm
 * keeps a secret's data for good, so that is refused. Names to ids.
 */
async function ensureObjects(
  docker: Docker,
  planned: readonly SwarmFilePlan[],
  kind: 'secret' | 'config',
  step: (message: string) => void,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (planned.length === 0) return ids;
  const existing = await (kind === 'secret' ? listSecrets(docker) : listConfigs(docker));
  for (const object of planned) {
    const found = existing.find((candidate) => candidate.Spec.Name === object.name);
    if (object.external) {
      if (!found)
        throw new SwarmError(
          `The ${kind} "${object.name}" is declared as external, but it does not exist: create it first (docker ${kind} create).`,
        );
      ids.set(object.name, found.ID);
      continue;
    }
    if (found) {
      const digest = found.Spec.Labels?.[SWARM_LABEL.digest];
      const sameData = kind === 'config' && found.Spec.Data !== undefined ? found.Spec.Data === object.data?.toString('base64') : undefined;
      if ((digest !== undefined && digest !== object.labels[SWARM_LABEL.digest]) || sameData === false)
        throw new SwarmError(
          `The ${kind} "${object.name}" exists with other content, and Swarm cannot change a ${kind}'s content. Remove its "name:" (Dockside then names each content on its own), or give it a new name.`,
        );
      ids.set(object.name, found.ID);
      continue;
    }
    step(`Creating ${kind} ${object.name}`);
    const spec = {
      Name: object.name,
      Labels: object.labels,
      Data: object.data?.toString('base64') ?? '',
      ...(object.driver ? { Driver: object.driver } : {}),
      ...(object.templating ? { Templating: object.templating } : {}),
    };
    const created = (await failing(`create ${kind} ${object.name}`, () =>
      kind === 'secret' ? docker.createSecret(spec) : docker.createConfig(spec),
    )) as { id?: string; ID?: string };
    ids.set(object.name, created.id ?? created.ID ?? '');
  }
  return ids;
}

/** The spec with engine ids where the engine answers with ids (networks, secrets, configs), so it compares with what runs. */
function resolvedSpec(spec: ServiceSpec, networkIds: ReadonlyMap<string, string>, objectIds: ReadonlyMap<string, string>): ServiceSpec {
  const copy = structuredClone(spec);
  const task = copy.TaskTemplate;
  task.Networks = task.Networks?.map((network) => ({ ...network, Target: networkIds.get(network.Target) ?? network.Target })).sort((a, b) =>
    a.Target.localeCompare(b.Target),
  );
  if (!task.Networks?.length) delete task.Networks;
  const container = task.ContainerSpec;
  container.Secrets = container.Secrets?.map((ref) => ({ ...ref, SecretID: objectIds.get(`secret:${ref.SecretName}`) ?? '' }));
  container.Configs = container.Configs?.map((ref) => ({ ...ref, ConfigID: objectIds.get(`config:${ref.ConfigName}`) ?? '' }));
  return copy;
}

/** Maps whose keys must match exactly (a label removed from the file is removed from the service). */
const EXACT_MAPS = new Set(['Labels', 'Options', 'Sysctls', 'DriverOpts']);

/**
 * Whether a running service already has everything the planned spec says. The engine fills in defaults
 * the plan leaves out (Isolation, DNSConfig, update_config's FailureAction…), so a key the plan does
 * not set is not compared; false, 0, "" and empty lists equal an absent value.
 */
export function specCovers(mine: unknown, theirs: unknown, networkIds?: ReadonlyMap<string, string>, key = ''): boolean {
  if (isBlank(mine)) return isBlank(theirs) || typeof theirs === 'object';
  if (Array.isArray(mine)) {
    if (!Array.isArray(theirs) || mine.length !== theirs.length) return false;
    const order = (list: unknown[]): unknown[] =>
      key === 'Networks'
        ? [...list].sort((a, b) => String((a as { Target?: string }).Target).localeCompare(String((b as { Target?: string }).Target)))
        : list;
    const left = order(mine);
    const right = order(theirs);
    return left.every((item, index) => specCovers(item, right[index], networkIds, key));
  }
  if (typeof mine === 'object' && mine !== null) {
    if (typeof theirs !== 'object' || theirs === null || Array.isArray(theirs)) return false;
    if (EXACT_MAPS.has(key)) return deepEqual(mine, theirs);
    return Object.entries(mine).every(([field, value]) => specCovers(value, (theirs as Record<string, unknown>)[field], networkIds, field));
  }
  return mine === theirs;
}

function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === false ||
    value === 0 ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

/** The stack's secrets and configs Dockside versioned that no service uses, in its spec or the one a rollback would return to. */
async function removeUnusedVersions(docker: Docker, namespace: string, step: (message: string) => void): Promise<string[]> {
  const services = await listStackServices(docker, namespace);
  const used = new Set<string>();
  for (const service of services) {
    for (const spec of [service.Spec, service.PreviousSpec]) {
      for (const ref of spec?.TaskTemplate.ContainerSpec.Secrets ?? []) used.add(`secret:${ref.SecretName}`);
      for (const ref of spec?.TaskTemplate.ContainerSpec.Configs ?? []) used.add(`config:${ref.ConfigName}`);
    }
  }
  const removed: string[] = [];
  const filters = JSON.stringify({ label: [`${STACK_LABEL.namespace}=${namespace}`, SWARM_LABEL.key] });
  const candidates: Array<[SwarmObject, 'secret' | 'config']> = [
    ...(await listSecrets(docker, filters)).map((object): [SwarmObject, 'secret'] => [object, 'secret']),
    ...(await listConfigs(docker, filters)).map((object): [SwarmObject, 'config'] => [object, 'config']),
  ];
  for (const [object, kind] of candidates) {
    if (used.has(`${kind}:${object.Spec.Name}`)) continue;
    try {
      await removeIgnoringMissing(() => (kind === 'secret' ? docker.getSecret(object.ID).remove() : docker.getConfig(object.ID).remove()));
      step(`Removed ${kind} ${object.Spec.Name}, which no service uses any more`);
      removed.push(object.Spec.Name);
    } catch {
      // Still in use by a task that is stopping: the next deploy removes it.
    }
  }
  return removed;
}
