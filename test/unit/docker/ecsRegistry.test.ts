// Registered task definitions: revisions numbered per family and never reused, described as ECS
// describes them, checked with Dockside's own rules, and RunTask's overrides applied to them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EcsError } from '../../../engine/src/ecs/errors';
import {
  applyOverrides,
  deregisterRevision,
  describeRevision,
  findRevision,
  listFamilies,
  listRevisions,
  registerRevision,
} from '../../../engine/src/ecs/registry';
import { emptyState } from '../../../engine/src/ecs/state';

const web = (command: string) => ({
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '0.25 vCPU',
  memory: '0.5GB',
  containerDefinitions: [{ name: 'web', image: 'nginx', command: ['sh', '-c', command], portMappings: [{ containerPort: 80 }] }],
});

test('each registration is the next revision of its family; numbers are never reused after deregistering', () => {
  const state = emptyState();
  assert.equal(registerRevision(state, web('a')).revision, 1);
  assert.equal(registerRevision(state, web('b')).revision, 2);
  assert.equal(registerRevision(state, { ...web('c'), family: 'worker' }).revision, 1);
  deregisterRevision(state, 'web:2');
  assert.equal(registerRevision(state, web('d')).revision, 3);
  assert.equal(findRevision(state, 'web')?.revision, 3, 'a bare family is its newest ACTIVE revision');
  deregisterRevision(state, 'arn:aws:ecs:eu-west-1:000000000000:task-definition/web:3');
  assert.equal(findRevision(state, 'web')?.revision, 1);
  assert.equal(findRevision(state, 'web:2')?.status, 'INACTIVE', 'an INACTIVE revision can still be described');
  assert.deepEqual(
    listRevisions(state).map((r) => `${r.family}:${r.revision}`),
    ['web:1', 'worker:1'],
  );
  assert.deepEqual(
    listRevisions(state, { status: 'INACTIVE', descending: true }).map((r) => `${r.family}:${r.revision}`),
    ['web:3', 'web:2'],
  );
  assert.deepEqual(listFamilies(state, { familyPrefix: 'w' }), ['web', 'worker']);
  deregisterRevision(state, 'worker:1');
  assert.deepEqual(listFamilies(state), ['web']);
  assert.deepEqual(listFamilies(state, { status: 'INACTIVE' }), ['worker']);
  assert.throws(() => deregisterRevision(state, 'web'), /Name the revision to deregister/);
});

test('described as ECS describes it: ARN in the caller region, task size in units, defaults filled in', () => {
  const state = emptyState();
  const described = describeRevision(registerRevision(state, web('a')), 'eu-west-1');
  assert.equal(described['taskDefinitionArn'], 'arn:aws:ecs:eu-west-1:000000000000:task-definition/web:1');
  assert.equal(described['cpu'], '256');
  assert.equal(described['memory'], '512');
  assert.deepEqual(described['compatibilities'], ['EC2', 'FARGATE']);
  assert.equal(described['status'], 'ACTIVE');
  const [container] = described['containerDefinitions'] as Array<Record<string, unknown>>;
  assert.deepEqual(container!['portMappings'], [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }]);
  assert.equal(container!['essential'], true);
  assert.deepEqual(container!['environment'], []);
});

test('describe-task-definition output registers as its inner definition; the sidebar reuses an unchanged revision', () => {
  const state = emptyState();
  const first = registerRevision(
    state,
    { taskDefinition: { ...web('a'), revision: 7, status: 'ACTIVE' } },
    { file: '/w/web.json', reuseIdentical: true },
  );
  assert.equal(first.revision, 1);
  assert.equal(first.definition['status'], undefined);
  assert.equal(registerRevision(state, web('a'), { file: '/w/web.json', reuseIdentical: true }).revision, 1);
  assert.equal(registerRevision(state, web('changed'), { file: '/w/web.json', reuseIdentical: true }).revision, 2);
});

test("Dockside's rules refuse a definition ECS would refuse, with the rule's message", () => {
  const state = emptyState();
  const wrongSize = { ...web('a'), memory: '4096' };
  assert.throws(
    () => registerRevision(state, wrongSize, { check: true }),
    (error: unknown) =>
      error instanceof EcsError &&
      error.code === 'ClientException' &&
      /Fargate has no task size with cpu 256 and memory 4096/.test(error.message),
  );
  assert.deepEqual(state.taskDefinitions['web'] ?? [], [], 'nothing is registered');
  assert.throws(() => registerRevision(state, { containerDefinitions: [] }), /needs a "family"/);
});

test('overrides replace a command, add to and replace environment by name, and set the task size', () => {
  const definition = {
    family: 'job',
    containerDefinitions: [
      {
        name: 'job',
        image: 'busybox',
        command: ['true'],
        environment: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
      { name: 'side', image: 'busybox' },
    ],
  };
  const result = applyOverrides(definition, {
    cpu: '512',
    containerOverrides: [
      {
        name: 'job',
        command: ['echo', 'hi'],
        environment: [
          { name: 'B', value: 'two' },
          { name: 'C', value: '3' },
        ],
      },
    ],
  });
  const [job, side] = result['containerDefinitions'] as Array<Record<string, unknown>>;
  assert.deepEqual(job!['command'], ['echo', 'hi']);
  assert.deepEqual(job!['environment'], [
    { name: 'A', value: '1' },
    { name: 'B', value: 'two' },
    { name: 'C', value: '3' },
  ]);
  assert.deepEqual(side, definition.containerDefinitions[1]);
  assert.equal(result['cpu'], '512');
  assert.equal(applyOverrides(definition, undefined), definition);
});
