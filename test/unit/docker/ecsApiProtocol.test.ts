// The endpoint's protocol pieces as plain functions: requests checked against the ECS API model's
// shapes, who called and from which region, pagination, ARNs, CloudWatch term patterns, and the state
// file's lock holding when several processes write at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { clusterName, serviceRef, taskDefinitionRef, taskIdOf } from '../../../engine/src/ecs/arn';
import { compileFilterPattern } from '../../../engine/src/ecs/api/logs';
import { AwsError, callerOf, paginate, parseBody, parseTarget, toWire } from '../../../engine/src/ecs/api/protocol';
import { checkInput, ECS_OPERATIONS, ECS_SHAPES } from '../../../engine/src/ecs/api/shapes';
import { StateError, StateStore } from '../../../engine/src/ecs/state';
import { projectRoot } from '../../helpers/paths';

const folder = mkdtempSync(join(tmpdir(), 'dockside-ecs-api-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function refusal(operation: string, input: unknown): string {
  try {
    checkInput(ECS_SHAPES, ECS_OPERATIONS[operation]!.input, input);
  } catch (error) {
    assert.ok(error instanceof AwsError && error.type === 'InvalidParameterException');
    return error.message;
  }
  return 'accepted';
}

test('requests are checked against the model: required members, JSON types, enums, with the member named', () => {
  assert.equal(
    refusal('RunTask', { taskDefinition: 'web:1', count: 2, overrides: { containerOverrides: [{ name: 'web', command: ['x'] }] } }),
    'accepted',
  );
  assert.equal(refusal('RunTask', { count: 1 }), 'Missing required parameter taskDefinition.');
  assert.equal(
    refusal('RunTask', { taskDefinition: 'web', count: '2' }),
    'Invalid type for count: expected an integer, got the string "2".',
  );
  assert.equal(
    refusal('RunTask', { taskDefinition: 'web', launchType: 'SPOT' }),
    'Invalid value "SPOT" for launchType: expected one of EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES.',
  );
  assert.equal(
    refusal('RegisterTaskDefinition', { family: 'web', containerDefinitions: [{ name: 'web', memory: 'lots' }] }),
    'Invalid type for containerDefinitions[0].memory: expected an integer, got the string "lots".',
  );
  assert.equal(
    refusal('CreateService', { serviceName: 'web', desiredCount: 1.5 }),
    'Invalid type for desiredCount: expected an integer, got the number 1.5.',
  );
  assert.equal(refusal('DescribeTasks', { tasks: 'abc' }), 'Invalid type for tasks: expected a list, got the string "abc".');
  assert.equal(refusal('ListClusters', { somethingNew: true }), 'accepted', 'unknown members are ignored, as AWS ignores them');
});

test('the shapes file is what the generator writes from the model, for the operations served', () => {
  const shapes = JSON.parse(readFileSync(join(projectRoot, 'engine/src/ecs/api/ecsShapes.json'), 'utf8')) as {
    targetPrefix: string;
    operations: object;
  };
  assert.equal(shapes.targetPrefix, 'AmazonEC2ContainerServiceV20141113');
  assert.equal(Object.keys(shapes.operations).length, 21);
});

test('bodies, targets and callers: empty is {}, anything but an object is a SerializationException', () => {
  assert.deepEqual(parseBody(Buffer.from('')), {});
  assert.throws(
    () => parseBody(Buffer.from('{"a":')),
    (e: unknown) => e instanceof AwsError && e.type === 'SerializationException',
  );
  assert.throws(() => parseBody(Buffer.from('[1]')), /must be a JSON object/);
  assert.deepEqual(parseTarget('AmazonEC2ContainerServiceV20141113.RunTask'), {
    prefix: 'AmazonEC2ContainerServiceV20141113',
    operation: 'RunTask',
  });
  assert.equal(parseTarget('RunTask'), undefined);
  assert.deepEqual(
    callerOf('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/eu-central-1/ecs/aws4_request, SignedHeaders=host, Signature=x'),
    {
      accessKeyId: 'AKIDEXAMPLE',
      region: 'eu-central-1',
      service: 'ecs',
    },
  );
  assert.deepEqual(callerOf(undefined), { region: 'us-east-1' });
  assert.deepEqual(toWire({ at: new Date(1500), gone: undefined, list: [new Date(0)] }), { at: 1.5, list: [0] });
});

test('pages come with a token for the next one; a token not given out is refused', () => {
  const items = Array.from({ length: 25 }, (_, i) => i);
  const first = paginate(items, { maxResults: 10 }, { defaultSize: 100, maxSize: 100 });
  assert.deepEqual(first.page, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const third = paginate(
    items,
    {
      maxResults: 10,
      nextToken: paginate(items, { maxResults: 10, nextToken: first.nextToken }, { defaultSize: 100, maxSize: 100 }).nextToken,
    },
    { defaultSize: 100, maxSize: 100 },
  );
  assert.deepEqual(third.page, [20, 21, 22, 23, 24]);
  assert.equal(third.nextToken, undefined);
  assert.throws(() => paginate(items, { nextToken: 'forged' }, { defaultSize: 10, maxSize: 10 }), /not one this endpoint gave out/);
  assert.throws(() => paginate(items, { maxResults: 101 }, { defaultSize: 10, maxSize: 100 }), /between 1 and 100/);
});

test('ARNs and short names name the same things, in any region', () => {
  assert.equal(clusterName('arn:aws:ecs:eu-west-1:000000000000:cluster/web'), 'web');
  assert.equal(clusterName('web'), 'web');
  assert.equal(clusterName('arn:aws:ecs:eu-west-1:000000000000:service/web/api'), undefined);
  assert.equal(taskIdOf('arn:aws:ecs:us-east-1:000000000000:task/web/0123abcd'), '0123abcd');
  assert.equal(taskIdOf('arn:aws:ecs:us-east-1:000000000000:task/0123abcd'), '0123abcd');
  assert.deepEqual(serviceRef('arn:aws:ecs:us-east-1:000000000000:service/web/api'), { cluster: 'web', name: 'api' });
  assert.deepEqual(taskDefinitionRef('arn:aws:ecs:us-east-1:000000000000:task-definition/api:12'), { family: 'api', revision: 12 });
  assert.deepEqual(taskDefinitionRef('api'), { family: 'api', revision: undefined });
  assert.equal(taskDefinitionRef('api:x'), undefined);
});

test('CloudWatch term patterns: all terms, quoted phrases, -excluded, ?either; JSON patterns are refused', () => {
  const lines = ['ERROR timeout talking to db', 'INFO connection refused by peer', 'ERROR disk full', 'WARN slow'];
  const match = (pattern: string) => lines.filter(compileFilterPattern(pattern));
  assert.deepEqual(match(''), lines);
  assert.deepEqual(match('ERROR timeout'), ['ERROR timeout talking to db']);
  assert.deepEqual(match('"connection refused"'), ['INFO connection refused by peer']);
  assert.deepEqual(match('ERROR -disk'), ['ERROR timeout talking to db']);
  assert.deepEqual(match('?WARN ?disk'), ['ERROR disk full', 'WARN slow']);
  assert.throws(() => compileFilterPattern('{ $.level = "error" }'), /term patterns only/);
});

test('the state file keeps every change when several processes write it at once', async () => {
  const dir = join(folder, 'shared');
  const script = `
    const { StateStore } = require(${JSON.stringify(join(projectRoot, 'engine/src/ecs/state.ts'))});
    const store = new StateStore(${JSON.stringify(dir)});
    for (let i = 0; i < 40; i++) store.update((s) => { s.logGroups['n'] = { createdAt: String(Number(s.logGroups['n']?.createdAt ?? 0) + 1) }; });
  `;
  const writers = Array.from(
    { length: 4 },
    () =>
      new Promise<number | null>((resolve) =>
        spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: projectRoot, stdio: 'inherit' }).on('close', resolve),
      ),
  );
  assert.deepEqual(await Promise.all(writers), [0, 0, 0, 0]);
  assert.equal(new StateStore(dir).read().logGroups['n']?.createdAt, '160');
});

test('a state file that is not one refuses to load, naming it, rather than being overwritten', () => {
  const store = new StateStore(join(folder, 'broken'));
  store.update(() => undefined);
  const file = store.file;
  rmSync(file);
  writeFileSync(file, '{"version": 9}');
  assert.throws(
    () => new StateStore(join(folder, 'broken')).read(),
    (e: unknown) => e instanceof StateError && e.message.includes(file),
  );
});
