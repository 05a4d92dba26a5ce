/**
 * The fixture project in test/fixtures/convert/shop (always present, unlike the shared corpus): a
 * Compose project with most attribute families, and an ECS task definition, each converted in every
 * variant, every output validated.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadProject, type ProjectHost } from '../../../core/src/compose/project';
import { composeToTaskDefinitions, renderTaskDefinition, type ComposeConversionOptions } from '../../../core/src/convert';
import { fixtures } from '../../helpers/paths';
import {
  comparableTaskDefinition,
  containerOf,
  ecsRoundTrip,
  entries,
  hasEntry,
  taskDefinitionErrors,
  toCompose,
  type Json,
} from './helpers';

const folder = join(fixtures, 'convert', 'shop');

/** The fixture folder, read into an in-memory host rooted at /shop. */
function shopHost(): ProjectHost {
  const files = new Map(readdirSync(folder).map((name) => [`/shop/${name}`, readFileSync(join(folder, name), 'utf8')]));
  return { readFile: (path) => files.get(path), fileExists: (path) => files.has(path) };
}

function convertShop(options: Partial<ComposeConversionOptions>) {
  const host = shopHost();
  const project = loadProject({ files: ['/shop/compose.yaml'], host });
  assert.deepEqual(project.findings, []);
  return composeToTaskDefinitions(project.model, { projectName: project.name, readFile: host.readFile, ...options });
}

test('the shop project converts for Fargate and EC2, as one task or one per service, with zero errors', () => {
  for (const launchType of ['FARGATE', 'EC2'] as const) {
    for (const perService of [false, true]) {
      const result = convertShop({ launchType, perService });
      assert.equal(result.taskDefinitions.length, perService ? 4 : 1);
      for (const { name, definition } of result.taskDefinitions)
        assert.deepEqual(taskDefinitionErrors(definition), [], `${launchType} ${name}:\n${renderTaskDefinition(definition)}`);
    }
  }
});

test('the shop project as one Fargate task: what each service became', () => {
  const result = convertShop({ launchType: 'FARGATE' });
  const task = result.taskDefinitions[0]!.definition;
  assert.equal(task['family'], 'shop');
  assert.equal(task['executionRoleArn'], 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole');
  assert.deepEqual([task['cpu'], task['memory']], ['1024', '2048']);
  const api = containerOf(task, 'api');
  assert.equal(api['image'], 'shop/api:1.4.2');
  assert.deepEqual(api['command'], ['gunicorn', 'app:app', '--bind', '0.0.0.0:8000']);
  assert.deepEqual(api['environment'], [
    { name: 'LOG_LEVEL', value: 'info' },
    { name: 'FEATURE_FLAGS', value: 'checkout,search' },
    { name: 'DATABASE_URL', value: 'postgres://shop@db:5432/shop' },
    { name: 'WORKERS', value: '4' },
  ]);
  assert.deepEqual(api['dependsOn'], [
    { containerName: 'migrate', condition: 'SUCCESS' },
    { containerName: 'db', condition: 'START' },
  ]);
  assert.equal(containerOf(task, 'migrate')['essential'], false);
  assert.deepEqual(containerOf(task, 'web')['dependsOn'], [{ containerName: 'api', condition: 'HEALTHY' }]);
  assert.deepEqual(containerOf(task, 'db')['secrets'], [
    { name: 'POSTGRES_PASSWORD', valueFrom: 'arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:db_password' },
  ]);
  // What Fargate cannot carry is reported where it was written.
  assert.ok(hasEntry(result.report, 'dropped', 'services', 'web', 'volumes', 1), 'bind mount');
  assert.ok(hasEntry(result.report, 'dropped', 'services', 'web', 'tmpfs', 0), 'tmpfs');
  assert.ok(hasEntry(result.report, 'dropped', 'services', 'db', 'shm_size'), 'shm_size');
  assert.ok(hasEntry(result.report, 'dropped', 'services', 'api', 'deploy', 'replicas'), 'replicas');
  assert.ok(hasEntry(result.report, 'notes', 'services', 'api', 'environment', 'DATABASE_URL'), 'db host → localhost');
  assert.ok(hasEntry(result.report, 'notes', 'services', 'api', 'build'), 'build beside image');
  assert.equal(entries(result.report, 'errors').length, 0);
});

test('the orders task definition converts to Compose and back unchanged, with zero errors both ways', () => {
  const definition = JSON.parse(readFileSync(join(folder, 'task-definition.json'), 'utf8')) as Json;
  assert.deepEqual(taskDefinitionErrors(definition), []);
  const { compose } = toCompose(definition);
  assert.deepEqual(Object.keys(compose['services'] as Json), ['orders', 'migrate', 'envoy']);
  const back = ecsRoundTrip(definition);
  assert.deepEqual(taskDefinitionErrors(back), []);
  assert.deepEqual(comparableTaskDefinition(back), comparableTaskDefinition(definition));
});
