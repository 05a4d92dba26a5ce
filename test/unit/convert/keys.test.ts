/**
 * Nothing is dropped silently: every key the Compose schema allows on a service (and at the top level)
 * is either mapped by a converter module or reported with a reason; and every container field of the
 * ECS schema either maps to a Compose key or is kept in x-ecs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import composeSchema from '../../../schemas/compose.schema.json';
import ecsSchema from '../../../schemas/ecs-task-definition.schema.json';
import {
  composeToTaskDefinitions,
  MAPPED_CONTAINER_FIELDS,
  MAPPED_SERVICE_KEYS,
  MAPPED_TOP_LEVEL_KEYS,
  REPORTED_SERVICE_KEYS,
  REPORTED_TOP_LEVEL_KEYS,
} from '../../../core/src/convert';

type Schema = { properties: Record<string, unknown>; definitions: Record<string, { properties: Record<string, unknown> }> };
const compose = composeSchema as unknown as Schema;
const ecs = ecsSchema as unknown as Schema;

test('every service property of the Compose schema is mapped or explicitly reported', () => {
  const keys = Object.keys(compose.definitions['service']!.properties);
  assert.ok(keys.length > 80);
  const neither = keys.filter((key) => !MAPPED_SERVICE_KEYS.has(key) && !REPORTED_SERVICE_KEYS.has(key));
  assert.deepEqual(neither, []);
});

test('every top-level property of the Compose schema is mapped or explicitly reported', () => {
  const neither = Object.keys(compose.properties).filter((key) => !MAPPED_TOP_LEVEL_KEYS.has(key) && !REPORTED_TOP_LEVEL_KEYS.has(key));
  assert.deepEqual(neither, []);
});

test('the mapped and reported sets are disjoint, and name only keys the schema knows', () => {
  const schemaKeys = new Set(Object.keys(compose.definitions['service']!.properties));
  for (const key of MAPPED_SERVICE_KEYS) assert.ok(!REPORTED_SERVICE_KEYS.has(key), key);
  for (const key of [...MAPPED_SERVICE_KEYS, ...REPORTED_SERVICE_KEYS]) assert.ok(schemaKeys.has(key), `${key} is not a service key`);
  for (const key of MAPPED_TOP_LEVEL_KEYS) assert.ok(!REPORTED_TOP_LEVEL_KEYS.has(key), key);
});

test('a service using every reported key gets an entry for each, at its path', () => {
  const service: Record<string, unknown> = { image: 'a' };
  for (const key of REPORTED_SERVICE_KEYS) service[key] = 'x';
  const { report } = composeToTaskDefinitions({ services: { web: service } }, { projectName: 'p' });
  const reported = new Set(
    [...report.dropped, ...report.notes].filter((e) => e.path.length === 3 && e.path[1] === 'web').map((e) => e.path[2]),
  );
  assert.deepEqual(
    [...REPORTED_SERVICE_KEYS].filter((key) => !reported.has(key)),
    [],
  );
});

test('every container field the converter maps back is a field of the ECS schema (the rest goes to x-ecs)', () => {
  const fields = new Set(Object.keys(ecs.definitions['containerDefinition']!.properties));
  assert.deepEqual(
    [...MAPPED_CONTAINER_FIELDS].filter((field) => !fields.has(field)),
    [],
  );
});
