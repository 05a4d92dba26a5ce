import ecsSchema from '../../../schemas/ecs-task-definition.schema.json';
import type { Vocabulary } from '../schema/messages';
import { closest } from '../suggest';
import type { Path } from '../types';
import { asList, asRecord, asString } from './model';

const definitions = (ecsSchema as { definitions: Record<string, { properties?: object }> }).definitions;
const TASK_KEYS = new Set(Object.keys(definitions['registerTaskDefinitionInput']?.properties ?? {}));
const CONTAINER_KEYS = new Set(Object.keys(definitions['containerDefinition']?.properties ?? {}));

/**
 * Compose habits that ECS spells differently, with where the setting lives in a container. `closest`
 * already catches case and small typos (`healthcheck`, `entrypoint`), so only real renames are here.
 */
const COMPOSE_NAMES: Record<string, string> = {
  ports: '"portMappings"',
  volumes: '"mountPoints" (the volumes themselves are declared in the task-level "volumes")',
  env_file: '"environmentFiles"',
  working_dir: '"workingDirectory"',
  mem_limit: '"memory"',
  cap_add: '"linuxParameters.capabilities.add"',
  cap_drop: '"linuxParameters.capabilities.drop"',
  read_only: '"readonlyRootFilesystem"',
  stop_grace_period: '"stopTimeout" (in seconds)',
  dns: '"dnsServers"',
  tmpfs: '"linuxParameters.tmpfs"',
  devices: '"linuxParameters.devices"',
  init: '"linuxParameters.initProcessEnabled"',
  shm_size: '"linuxParameters.sharedMemorySize"',
  labels: '"dockerLabels"',
  logging: '"logConfiguration"',
  restart: '"restartPolicy"',
  container_name: '"name"',
};

/** The name of the list entry at `path[1]` of `section`, when the definition gives it one. */
function entryName(definition: unknown, section: string, index: number): string | undefined {
  return asString(asRecord(asList(asRecord(definition)?.[section])[index])?.['name']);
}

/** `"portMappings[0].hostPort"`, or `entry 2 of "links"` for a list entry itself. */
function describeRest(rest: Path): string {
  const last = rest[rest.length - 1];
  if (typeof last === 'number') {
    const parent = describeRest(rest.slice(0, -1)).replace(/^"|"$/g, '');
    return `entry ${last + 1} of "${parent}"`;
  }
  return `"${rest
    .map((s) => (typeof s === 'number' ? `[${s}]` : s))
    .join('.')
    .replace(/\.\[/g, '[')}"`;
}

const OWNERS: Record<string, string> = { containerDefinitions: 'container', volumes: 'volume' };

/** Names a place in a task definition as its author thinks of it: `"portMappings[0].hostPort" in container "web"`. */
export function describeTaskDefinitionPath(path: Path, definition: unknown): string {
  if (path.length === 0) return 'the task definition';
  const [section, index, ...rest] = path;
  const noun = OWNERS[String(section)];
  if (noun && typeof index === 'number') {
    const name = entryName(definition, String(section), index);
    const owner = name !== undefined ? `${noun} "${name}"` : `${noun} ${index + 1}`;
    return rest.length === 0 ? owner : `${describeRest(rest)} in ${owner}`;
  }
  return describeRest(path);
}

function isContainerPath(path: Path): boolean {
  return path.length === 2 && path[0] === 'containerDefinitions' && typeof path[1] === 'number';
}

/** A better sentence for keys written at the wrong level, or under their Compose name. */
function misplacedKey(parent: Path, key: string, allowed: string[], where: string): string | undefined {
  if (closest(key, allowed)) return undefined;
  if (parent.length === 0 && CONTAINER_KEYS.has(key)) {
    return `"${key}" is a container setting, not a task-level one: move it into a container under "containerDefinitions".`;
  }
  if (!isContainerPath(parent)) return undefined;
  const renamed = COMPOSE_NAMES[key];
  if (renamed) return `Unknown key "${key}" in ${where}. ECS calls this ${renamed}.`;
  if (TASK_KEYS.has(key)) return `"${key}" is a task-level setting: move it out of ${where} to the top level of the task definition.`;
  return undefined;
}

/**
 * The vocabulary for one task definition: containers and volumes are named from the value itself.
 * `prefix` is where the definition sits in the checked value (`['taskDefinition']` for describe output).
 */
export function ecsVocabulary(definition: unknown, prefix: Path = []): Vocabulary {
  const inside = (path: Path): Path | undefined =>
    prefix.every((segment, i) => path[i] === segment) && path.length >= prefix.length ? path.slice(prefix.length) : undefined;
  const describe = (path: Path): string => {
    const relative = inside(path);
    if (relative) return describeTaskDefinitionPath(relative, definition);
    return path.length === 0 ? 'the describe-task-definition output' : describeRest(path);
  };
  return {
    describe,
    unknownKey(parent, key, _value, allowed) {
      const relative = inside(parent);
      return relative ? misplacedKey(relative, key, allowed, describe(parent)) : undefined;
    },
  };
}
