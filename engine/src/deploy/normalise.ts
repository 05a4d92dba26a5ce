// A task definition as a comparison sees it: what RegisterTaskDefinition takes, with what ECS fills in
// or reorders made one way. ECS answers DescribeTaskDefinition with read-only members (ARN, revision,
// status, compatibilities…), defaults written out (`essential: true`, `protocol: "tcp"`, the awsvpc host
// port, `cpu: 0`, empty lists) and the task size as strings; a file says less. Both sides normalised,
// "unchanged" means ECS would run the same thing, so a deploy registers a new revision only when it would
// not. Pure functions.
import { asList, asRecord, effectiveNetworkMode, type Json } from '@dockside/core';
import { normalizeDefinition } from '../ecs/registry';

/** Lists whose order ECS does not keep or does not mean anything by: sorted by this member. */
const KEYED_LISTS: Readonly<Record<string, string>> = {
  containerDefinitions: 'name',
  volumes: 'name',
  environment: 'name',
  secrets: 'name',
  environmentFiles: 'value',
  ulimits: 'name',
  systemControls: 'namespace',
  dependsOn: 'containerName',
  extraHosts: 'hostname',
};

/** The canonical form: register-input members only, defaults made explicit, empties and order left out. */
export function normaliseTaskDefinition(input: unknown): Json {
  const definition = normalizeDefinition(input);
  const bridge = effectiveNetworkMode(definition) === 'bridge';
  definition['containerDefinitions'] = asList(definition['containerDefinitions']).map((entry) => {
    const container = asRecord(entry);
    if (!container) return entry;
    const copy: Json = { ...container };
    // A container's cpu of 0 is no reservation at all, which is what leaving it out means.
    if (copy['cpu'] === 0) delete copy['cpu'];
    copy['portMappings'] = asList(copy['portMappings']).map((p) => {
      const port = asRecord(p);
      // In bridge mode a host port of 0 is a dynamic one, as is none.
      return port && bridge && port['hostPort'] === 0 ? withoutKey(port, 'hostPort') : p;
    });
    return copy;
  });
  if (Array.isArray(definition['requiresCompatibilities']))
    definition['requiresCompatibilities'] = [...definition['requiresCompatibilities']].sort();
  return canonical(definition) as Json;
}

/** True when registering `next` would give ECS the same task definition as `registered`. */
export function sameTaskDefinition(registered: unknown, next: unknown): boolean {
  return JSON.stringify(normaliseTaskDefinition(registered)) === JSON.stringify(normaliseTaskDefinition(next));
}

function withoutKey(record: Json, key: string): Json {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

function canonical(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item)).filter((item) => item !== undefined);
    const by = key === undefined ? undefined : KEYED_LISTS[key];
    if (by !== undefined && items.every((item) => typeof asRecord(item)?.[by] === 'string'))
      items.sort((a, b) => String(asRecord(a)![by]).localeCompare(String(asRecord(b)![by])));
    return items.length > 0 ? items : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Json)[k], k)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  return value === null ? undefined : value;
}

/** The canonical form as text with its keys in order, so that a side-by-side diff shows only real differences. */
export function comparableText(definition: unknown): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
          )
        : value;
  return `${JSON.stringify(sorted(normaliseTaskDefinition(definition)), null, 2)}\n`;
}
