import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MetadataServer } from '../../engine/src/ecs/metadata';
import { runTask } from '../../engine/src/ecs/runTask';
import { removeLabelled, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { shContainer, testPlan } from '../helpers/ecs';

const { docker } = testEngine();
const runId = uniqueName('ecs-meta');
let metadata: MetadataServer;

before(async () => {
  metadata = await MetadataServer.start(docker);
});

after(async () => {
  await metadata.close();
  await removeLabelled(docker, `${TEST_LABEL}=${runId}`);
});

describe('the task metadata endpoint', () => {
  test('containers read their task and themselves from ECS_CONTAINER_METADATA_URI_V4 (and v3)', async () => {
    const family = uniqueName('meta');
    const script = [
      'wget -q -O /task.json "$ECS_CONTAINER_METADATA_URI_V4/task"',
      `grep -q '"Family":"${family}"' /task.json`,
      'grep -q \'"Name":"sidecar"\' /task.json',
      'wget -q -O - "$ECS_CONTAINER_METADATA_URI_V4" | grep -q \'"Name":"app"\'',
      'wget -q -O - "$ECS_CONTAINER_METADATA_URI/task" | grep -q \'"TaskARN":"arn:aws:ecs:local:000000000000:task/default/\'',
      'wget -q -O - "$ECS_CONTAINER_METADATA_URI_V4/stats" | grep -q \'"memory_stats"\'',
    ].join(' && ');
    const definition = {
      family,
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        shContainer('sidecar', 'sleep 600', { essential: false }),
        shContainer('app', script, { dependsOn: [{ containerName: 'sidecar', condition: 'START' }] }),
      ],
    };
    const run = await runTask({ docker, plan: testPlan(definition, runId, { metadata: metadata.endpoint }), pollMs: 100 });
    metadata.register(run);
    const stopped = await run.stopped;
    assert.equal(stopped.containers.find((c) => c.name === 'app')!.exitCode, 0, 'every check inside the container passed');
  });

  test('the task document has the shape ECS returns: limits, statuses, the shared awsvpc address', async () => {
    const family = uniqueName('meta-shape');
    const definition = {
      family,
      networkMode: 'awsvpc',
      cpu: '512',
      memory: '1024',
      containerDefinitions: [shContainer('web', 'sleep 600', { cpu: 128, memory: 64 })],
    };
    const plan = testPlan(definition, runId, { metadata: metadata.endpoint });
    const run = await runTask({ docker, plan, pollMs: 100 });
    metadata.register(run);
    await run.whenStarted();
    const token = plan.containers[0]!.metadataToken;
    const task = (await (await fetch(`${metadata.localUrl}/v4/${token}/task`)).json()) as Record<string, unknown> & {
      Containers: Array<Record<string, unknown>>;
    };
    assert.equal(task.Family, family);
    assert.equal(task.Revision, '1');
    assert.equal(task.KnownStatus, 'RUNNING');
    assert.equal(task.DesiredStatus, 'RUNNING');
    assert.deepEqual(task.Limits, { CPU: 0.5, Memory: 1024 });
    assert.equal(task.LaunchType, 'EC2');
    const [web] = task.Containers;
    assert.equal(web!.Name, 'web');
    assert.equal(web!.DockerName, plan.containers[0]!.dockerName);
    assert.deepEqual(web!.Limits, { CPU: 128, Memory: 64 });
    assert.equal(web!.KnownStatus, 'RUNNING');
    const network = (web!.Networks as Array<{ NetworkMode: string; IPv4Addresses: string[] }>)[0]!;
    assert.equal(network.NetworkMode, 'awsvpc');
    const sandbox = await docker.getContainer(plan.sandbox!.dockerName).inspect();
    assert.deepEqual(network.IPv4Addresses, [sandbox.NetworkSettings.Networks.bridge!.IPAddress]);
    assert.equal((await fetch(`${metadata.localUrl}/v4/${'0'.repeat(32)}-0`)).status, 404);
    await run.stop();
    assert.equal((await fetch(`${metadata.localUrl}/v4/${token}`)).status, 404, 'a stopped task is no longer served');
  });
});
