/**
 * Which schema a document is read against, and where its parts sit. A task definition may be the
 * `register-task-definition` input (the usual file), `describe-task-definition` output (wrapped in
 * `taskDefinition`), or a bare array of container definitions.
 */
import composeSchema from '../../../schemas/compose.schema.json';
import ecsSchema from '../../../schemas/ecs-task-definition.schema.json';
import type { SchemaNode, SchemaRoot } from '../schema/navigate';
import type { Path } from '../types';
import { asRecord } from '../compose/model';

export type Language = 'compose' | 'taskdef';

export interface Profile {
  language: Language;
  root: SchemaRoot;
  /** Task definitions: where the task definition object sits (undefined for a bare container list). */
  taskPath?: Path;
  /** Task definitions: the path of the container definitions array. */
  containersPath: Path;
}

const COMPOSE: SchemaNode = composeSchema as unknown as SchemaNode;
const ECS: SchemaNode = ecsSchema as unknown as SchemaNode;

// Entry points are module constants so that the navigator's per-schema caches keep working.
const WRAPPED_ENTRY: SchemaNode = { $ref: '#/definitions/describeTaskDefinitionOutput' };
const CONTAINER_LIST_ENTRY: SchemaNode = { type: 'array', items: { $ref: '#/definitions/containerDefinition' } };

const composeProfile: Profile = { language: 'compose', root: { document: COMPOSE }, containersPath: [] };
const taskProfile: Profile = { language: 'taskdef', root: { document: ECS }, taskPath: [], containersPath: ['containerDefinitions'] };
const wrappedProfile: Profile = {
  language: 'taskdef',
  root: { document: ECS, entry: WRAPPED_ENTRY },
  taskPath: ['taskDefinition'],
  containersPath: ['taskDefinition', 'containerDefinitions'],
};
const containerListProfile: Profile = { language: 'taskdef', root: { document: ECS, entry: CONTAINER_LIST_ENTRY }, containersPath: [] };

const CONTAINER_ENTRY: SchemaNode = { $ref: '#/definitions/containerDefinition' };

/** The schema, path and value a question about `path` should be asked of. */
export interface SchemaView {
  root: SchemaRoot;
  path: Path;
  value: unknown;
}

/**
 * Inside a Compose file's `x-ecs` extension the keys are ECS's: the task definition's at the top level,
 * a container definition's under a service. Everywhere else the profile's own schema answers.
 */
export function schemaView(profile: Profile, path: Path, value: unknown): SchemaView {
  if (profile.language === 'compose') {
    if (path[0] === 'x-ecs') return { root: { document: ECS }, path: path.slice(1), value: asRecord(value)?.['x-ecs'] };
    if (path[0] === 'services' && path.length >= 3 && path[2] === 'x-ecs') {
      const service = asRecord(asRecord(asRecord(value)?.['services'])?.[String(path[1])]);
      return { root: { document: ECS, entry: CONTAINER_ENTRY }, path: path.slice(3), value: service?.['x-ecs'] };
    }
  }
  return { root: profile.root, path, value };
}

/** Picks the profile the way the server's validator sniffs a task definition. */
export function profileFor(language: Language, value: unknown): Profile {
  if (language === 'compose') return composeProfile;
  if (Array.isArray(value)) return containerListProfile;
  const record = asRecord(value);
  if (record && asRecord(record['taskDefinition']) && !('containerDefinitions' in record)) return wrappedProfile;
  return taskProfile;
}

/** The part of `path` after `prefix`, or undefined when `path` does not start with it. */
export function under(path: Path, prefix: Path): Path | undefined {
  if (path.length < prefix.length) return undefined;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return undefined;
  return path.slice(prefix.length);
}
