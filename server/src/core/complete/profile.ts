/**
 * Which schema a document is read against, and where its parts sit. A task definition may be the
 * `register-task-definition` input (the usual file), `describe-task-definition` output (wrapped in
 * `taskDefinition`), or a bare array of container definitions.
 */
import composeSchema from '../../../../schemas/compose.schema.json';
import ecsSchema from '../../../../schemas/ecs-task-definition.schema.json';
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
