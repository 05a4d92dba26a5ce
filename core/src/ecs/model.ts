/**
 * Read-only helpers over a task definition's plain value. The value may be anything a user typed, so
 * every helper is defensive and simply yields nothing for shapes it does not recognise.
 */
import { asList, asRecord, asString, type Json } from '../json';
import type { Path } from '../types';

export { asList, asNumber, asRecord, asString, type Json } from '../json';

/** Values a deployment tool fills in later (`{{ env "TAG" }}`, `${TAG}`, ecs-agent's `$$$TAG$$$`): not checkable yet. */
export function isTemplated(value: string): boolean {
  return /\{\{|\$\{|\$\$\$/.test(value);
}

/** One entry of `containerDefinitions` that is a mapping. */
export interface Container {
  index: number;
  /** The container's `name` when it is a string. */
  name?: string;
  value: Json;
  path: Path;
}

const containersCache = new WeakMap<object, Container[]>();

/** The containers that are mappings, in order; computed once per definition, since every rule asks. */
export function containersOf(definition: unknown): Container[] {
  const record = asRecord(definition);
  if (!record) return [];
  let containers = containersCache.get(record);
  if (!containers) {
    containers = asList(record['containerDefinitions']).flatMap((entry, index): Container[] => {
      const value = asRecord(entry);
      if (!value) return [];
      return [{ index, name: asString(value['name']), value, path: ['containerDefinitions', index] }];
    });
    containersCache.set(record, containers);
  }
  return containers;
}

/** How messages name a container: by its `name`, or by its position when it has none. */
export function containerLabel(container: Container): string {
  return container.name !== undefined ? `container "${container.name}"` : `container ${container.index + 1}`;
}

export function containersByName(definition: unknown): Map<string, Container> {
  const byName = new Map<string, Container>();
  for (const container of containersOf(definition)) {
    if (container.name !== undefined && !byName.has(container.name)) byName.set(container.name, container);
  }
  return byName;
}

/** Omitted `essential` means true. */
export function isEssential(container: Container): boolean {
  return container.value['essential'] !== false;
}

export interface Volume {
  index: number;
  name?: string;
  value: Json;
  path: Path;
}

export function volumesOf(definition: unknown): Volume[] {
  return asList(asRecord(definition)?.['volumes']).flatMap((entry, index): Volume[] => {
    const value = asRecord(entry);
    return value ? [{ index, name: asString(value['name']), value, path: ['volumes', index] }] : [];
  });
}

/** Where `FARGATE` sits in `requiresCompatibilities`, or -1 when the task definition does not ask for Fargate. */
export function fargateIndex(definition: unknown): number {
  return asList(asRecord(definition)?.['requiresCompatibilities']).indexOf('FARGATE');
}

export function requiresFargate(definition: unknown): boolean {
  return fargateIndex(definition) >= 0;
}

/**
 * The network mode the task runs with: the declared one; Fargate's only mode when it asks for Fargate
 * (a missing mode is reported once, by the Fargate rule); otherwise Linux's default, `bridge`.
 */
export function effectiveNetworkMode(definition: unknown): string {
  const declared = asString(asRecord(definition)?.['networkMode']);
  if (declared !== undefined) return declared;
  return requiresFargate(definition) ? 'awsvpc' : 'bridge';
}

export function isWindows(definition: unknown): boolean {
  const family = asString(asRecord(asRecord(definition)?.['runtimePlatform'])?.['operatingSystemFamily']);
  return family !== undefined && family.startsWith('WINDOWS');
}

/**
 * Task-level `cpu` in CPU units, as ECS converts it at registration: `1024`, `"1024"`, `"1 vCPU"`.
 * Undefined when absent or unreadable (the task-size rule reports unreadable values).
 */
export function taskCpu(definition: unknown): number | undefined {
  return parseTaskSize(asRecord(definition)?.['cpu'], 'cpu');
}

/** Task-level `memory` in MiB, as ECS converts it: `2048`, `"2048"`, `"2 GB"`, `"2GB"`. */
export function taskMemory(definition: unknown): number | undefined {
  return parseTaskSize(asRecord(definition)?.['memory'], 'memory');
}

const UNIT_PATTERNS = { cpu: /^(\d+(?:\.\d+)?)\s*vcpu$/i, memory: /^(\d+(?:\.\d+)?)\s*gb$/i };

export function parseTaskSize(value: unknown, field: 'cpu' | 'memory'): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const match = UNIT_PATTERNS[field].exec(text);
  return match ? Math.round(Number(match[1]) * 1024) : undefined;
}

export function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** One `portMappings` entry that is a mapping, with the container that holds it. */
export interface PortMapping {
  container: Container;
  value: Json;
  path: Path;
}

export function portMappingsOf(definition: unknown): PortMapping[] {
  return containersOf(definition).flatMap((container) =>
    asList(container.value['portMappings']).flatMap((entry, i): PortMapping[] => {
      const value = asRecord(entry);
      return value ? [{ container, value, path: [...container.path, 'portMappings', i] }] : [];
    }),
  );
}

/** A container named by another setting, and where: the path of the string that names it. */
export interface ContainerReference {
  name: string;
  path: Path;
  /** For `links` ("name:alias"), where the name sits inside the string. */
  within?: { start: number; length: number };
  via: 'dependsOn' | 'links' | 'volumesFrom' | 'proxyConfiguration';
  /** The `dependsOn` condition, when given. */
  condition?: string;
  /** The `dependsOn` entry, for pointing at its condition. */
  entryPath?: Path;
}

function dependsOnOf(container: Container): ContainerReference[] {
  return asList(container.value['dependsOn']).flatMap((entry, i): ContainerReference[] => {
    const record = asRecord(entry);
    const name = asString(record?.['containerName']);
    if (name === undefined) return [];
    const entryPath = [...container.path, 'dependsOn', i];
    return [{ name, path: [...entryPath, 'containerName'], via: 'dependsOn', condition: asString(record?.['condition']), entryPath }];
  });
}

function linksOf(container: Container): ContainerReference[] {
  return asList(container.value['links']).flatMap((link, i): ContainerReference[] => {
    if (typeof link !== 'string') return [];
    const name = link.split(':')[0] ?? link;
    return [{ name, path: [...container.path, 'links', i], within: { start: 0, length: name.length }, via: 'links' }];
  });
}

function volumesFromOf(container: Container): ContainerReference[] {
  return asList(container.value['volumesFrom']).flatMap((entry, i): ContainerReference[] => {
    const name = asString(asRecord(entry)?.['sourceContainer']);
    return name === undefined ? [] : [{ name, path: [...container.path, 'volumesFrom', i, 'sourceContainer'], via: 'volumesFrom' }];
  });
}

/** Every container this one waits for or borrows from: `dependsOn`, `links` and `volumesFrom`. */
export function containerReferences(container: Container): ContainerReference[] {
  return [...dependsOnOf(container), ...linksOf(container), ...volumesFromOf(container)];
}

/** The App Mesh proxy container named by the task-level `proxyConfiguration`. */
export function proxyReference(definition: unknown): ContainerReference | undefined {
  const name = asString(asRecord(asRecord(definition)?.['proxyConfiguration'])?.['containerName']);
  return name === undefined ? undefined : { name, path: ['proxyConfiguration', 'containerName'], via: 'proxyConfiguration' };
}

/** A volume named by a container's `mountPoints[].sourceVolume`. */
export interface VolumeReference {
  container: Container;
  name: string;
  path: Path;
}

export function mountedVolumes(definition: unknown): VolumeReference[] {
  return containersOf(definition).flatMap((container) =>
    asList(container.value['mountPoints']).flatMap((entry, i): VolumeReference[] => {
      const name = asString(asRecord(entry)?.['sourceVolume']);
      return name === undefined ? [] : [{ container, name, path: [...container.path, 'mountPoints', i, 'sourceVolume'] }];
    }),
  );
}
