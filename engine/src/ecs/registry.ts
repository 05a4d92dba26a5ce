// Registered task definitions: families with numbered revisions (`web:1`, `web:2`, …, never reused, as
// on ECS), described with the members ECS adds (ARN, status, compatibilities), deregistered to INACTIVE,
// listed by family prefix and status. The sidebar registers the files it runs too (an unchanged file
// reuses its revision), so a task shows the same `family:revision` in the view and in
// `aws ecs describe-tasks`. Pure functions over the state.
import { asList, asRecord, asString, effectiveNetworkMode, requiresFargate, taskCpu, taskMemory, type Json } from '@dockside/core';
import { READ_ONLY_FIELDS, taskDefinitionShape, validateTaskDefinition } from '@dockside/core';
import { LOCAL_ACCOUNT, taskDefinitionArn, taskDefinitionRef } from './arn';
import { EcsError } from './errors';
import type { EcsState, StoredRevision } from './state';

export interface RegisterOptions {
  /** The file the sidebar runs: relative environment files are read beside it. */
  readonly file?: string;
  /** Reuse the newest ACTIVE revision when it is the same definition (the sidebar running a file again). */
  readonly reuseIdentical?: boolean;
  /** Check with Dockside's rules first; an error refuses the registration (the API does, as ECS would). */
  readonly check?: boolean;
  readonly now?: Date;
}

/** Registers `input` (a register-task-definition input, or describe output) as the family's next revision. */
export function registerRevision(state: EcsState, input: unknown, options: RegisterOptions = {}): StoredRevision {
  const definition = normalizeDefinition(input);
  if (options.check) checkDefinition(definition);
  const family = asString(definition['family']);
  if (!family || !/^[A-Za-z0-9_-]{1,255}$/.test(family))
    throw new EcsError(
      'ClientException',
      family ? `Family "${family}" may hold up to 255 letters, digits, hyphens and underscores.` : 'A task definition needs a "family".',
    );
  const revisions = (state.taskDefinitions[family] ??= []);
  const newest = [...revisions].reverse().find((r) => r.status === 'ACTIVE');
  if (options.reuseIdentical && newest && JSON.stringify(newest.definition) === JSON.stringify(definition) && newest.file === options.file)
    return newest;
  const revision: StoredRevision = {
    family,
    revision: Math.max(0, ...revisions.map((r) => r.revision)) + 1,
    status: 'ACTIVE',
    registeredAt: (options.now ?? new Date()).toISOString(),
    definition,
    ...(options.file ? { file: options.file } : {}),
  };
  revisions.push(revision);
  return revision;
}

/** Dockside's own rules, as the editor shows them: the first error refuses the definition. */
function checkDefinition(definition: Json): void {
  const errors = validateTaskDefinition(JSON.stringify(definition)).filter((f) => f.severity === 'error');
  if (errors.length === 0) return;
  const more =
    errors.length > 1 ? ` (${errors.length - 1} more problem${errors.length > 2 ? 's' : ''}: dockside validate lists them all)` : '';
  throw new EcsError('ClientException', `${errors[0]!.message}${more}`);
}

/** The definition as ECS keeps it: task size as strings of units, and the defaults describe output shows. */
export function normalizeDefinition(input: unknown): Json {
  const source = asRecord(taskDefinitionShape(input).definition) ?? {};
  const definition: Json = Object.fromEntries(
    Object.entries(source).filter(([key, value]) => !READ_ONLY_FIELDS.includes(key) && key !== 'tags' && value !== null),
  );
  const cpu = taskCpu(definition);
  const memory = taskMemory(definition);
  if (cpu !== undefined) definition['cpu'] = String(cpu);
  if (memory !== undefined) definition['memory'] = String(memory);
  const networkMode = effectiveNetworkMode(definition);
  definition['containerDefinitions'] = asList(definition['containerDefinitions']).map((entry) => normalizeContainer(entry, networkMode));
  definition['volumes'] ??= [];
  definition['placementConstraints'] ??= [];
  return definition;
}

function normalizeContainer(entry: unknown, networkMode: string): unknown {
  const container = asRecord(entry);
  if (!container) return entry;
  const ports = asList(container['portMappings']).map((p) => {
    const port = asRecord(p);
    if (!port) return p;
    const fixedHostPort = (networkMode === 'awsvpc' || networkMode === 'host') && port['containerPort'] !== undefined;
    return {
      ...port,
      ...(fixedHostPort && port['hostPort'] === undefined ? { hostPort: port['containerPort'] } : {}),
      protocol: port['protocol'] ?? 'tcp',
    };
  });
  return {
    ...container,
    portMappings: ports,
    essential: container['essential'] ?? true,
    environment: container['environment'] ?? [],
    mountPoints: container['mountPoints'] ?? [],
    volumesFrom: container['volumesFrom'] ?? [],
  };
}

/** The revision a reference names (the newest ACTIVE one for a bare family), or undefined. */
export function findRevision(state: EcsState, reference: string): StoredRevision | undefined {
  const ref = taskDefinitionRef(reference);
  if (!ref) return undefined;
  const revisions = state.taskDefinitions[ref.family] ?? [];
  if (ref.revision !== undefined) return revisions.find((r) => r.revision === ref.revision);
  return [...revisions].reverse().find((r) => r.status === 'ACTIVE');
}

/** ECS's answer to a reference it cannot resolve. */
export function revisionNotFound(reference: string): EcsError {
  return new EcsError('ClientException', `Unable to describe task definition ${reference}: no such family or revision is registered.`);
}

export function requireRevision(state: EcsState, reference: string): StoredRevision {
  const found = findRevision(state, reference);
  if (!found) throw revisionNotFound(reference);
  return found;
}

/** Marks a revision INACTIVE: running tasks and services keep it, new ones cannot start from it. */
export function deregisterRevision(state: EcsState, reference: string, now = new Date()): StoredRevision {
  const ref = taskDefinitionRef(reference);
  if (!ref || ref.revision === undefined)
    throw new EcsError('ClientException', `Name the revision to deregister: family:revision or its ARN, not "${reference}".`);
  const found = requireRevision(state, reference);
  if (found.status === 'ACTIVE') {
    found.status = 'INACTIVE';
    found.deregisteredAt = now.toISOString();
  }
  return found;
}

/** The task definition as DescribeTaskDefinition returns it. */
export function describeRevision(revision: StoredRevision, region: string): Json {
  const fargateReady = requiresFargate(revision.definition) || effectiveNetworkMode(revision.definition) === 'awsvpc';
  return {
    ...revision.definition,
    taskDefinitionArn: taskDefinitionArn(region, revision.family, revision.revision),
    family: revision.family,
    revision: revision.revision,
    status: revision.status,
    requiresAttributes: [],
    compatibilities: fargateReady && taskCpu(revision.definition) !== undefined ? ['EC2', 'FARGATE'] : ['EC2'],
    registeredAt: new Date(revision.registeredAt),
    registeredBy: `arn:aws:iam::${LOCAL_ACCOUNT}:root`,
    ...(revision.deregisteredAt ? { deregisteredAt: new Date(revision.deregisteredAt) } : {}),
  };
}

export interface ListFilter {
  readonly familyPrefix?: string;
  readonly status?: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  readonly descending?: boolean;
}

/** Revisions by family then revision number, as ListTaskDefinitions orders them. */
export function listRevisions(state: EcsState, filter: ListFilter = {}): StoredRevision[] {
  const status = filter.status ?? 'ACTIVE';
  const found = Object.keys(state.taskDefinitions)
    .filter((family) => family.startsWith(filter.familyPrefix ?? ''))
    .sort()
    .flatMap((family) => state.taskDefinitions[family]!.filter((r) => r.status === status));
  return filter.descending ? found.reverse() : found;
}

/** A family is ACTIVE while one of its revisions is; INACTIVE once all are deregistered. */
export function listFamilies(state: EcsState, filter: { familyPrefix?: string; status?: 'ACTIVE' | 'INACTIVE' | 'ALL' } = {}): string[] {
  const status = filter.status ?? 'ACTIVE';
  return Object.keys(state.taskDefinitions)
    .filter((family) => family.startsWith(filter.familyPrefix ?? ''))
    .filter((family) => {
      const active = state.taskDefinitions[family]!.some((r) => r.status === 'ACTIVE');
      return status === 'ALL' || (status === 'ACTIVE') === active;
    })
    .sort();
}

/**
 * The definition a task runs with RunTask's `overrides`: per container `command` replaces, `environment`
 * adds and replaces by name, `cpu`/`memory`/`memoryReservation` replace; task-level `cpu`/`memory` replace.
 */
export function applyOverrides(definition: Json, overrides: unknown): Json {
  const task = asRecord(overrides);
  if (!task) return definition;
  const byName = new Map(
    asList(task['containerOverrides']).flatMap((o) => {
      const record = asRecord(o);
      const name = asString(record?.['name']);
      return record && name !== undefined ? [[name, record] as const] : [];
    }),
  );
  const containers = asList(definition['containerDefinitions']).map((entry) => {
    const container = asRecord(entry);
    const override = container ? byName.get(asString(container['name']) ?? '') : undefined;
    if (!container || !override) return entry;
    const result: Json = { ...container };
    if (Array.isArray(override['command'])) result['command'] = override['command'];
    for (const key of ['cpu', 'memory', 'memoryReservation']) if (override[key] !== undefined) result[key] = override[key];
    if (Array.isArray(override['environment'])) result['environment'] = mergeEnvironment(container['environment'], override['environment']);
    return result;
  });
  return {
    ...definition,
    containerDefinitions: containers,
    ...(asString(task['cpu']) ? { cpu: task['cpu'] } : {}),
    ...(asString(task['memory']) ? { memory: task['memory'] } : {}),
  };
}

function mergeEnvironment(base: unknown, extra: unknown[]): unknown[] {
  const merged = new Map<string, unknown>();
  for (const entry of [...asList(base), ...extra]) {
    const name = asString(asRecord(entry)?.['name']);
    if (name !== undefined) merged.set(name, entry);
  }
  return [...merged.values()];
}

/** Names of the containers an override names that the definition does not have. */
export function unknownOverrideContainers(definition: Json, overrides: unknown): string[] {
  const names = new Set(asList(definition['containerDefinitions']).map((c) => asString(asRecord(c)?.['name'])));
  return asList(asRecord(overrides)?.['containerOverrides']).flatMap((o) => {
    const name = asString(asRecord(o)?.['name']);
    return name !== undefined && !names.has(name) ? [name] : [];
  });
}
