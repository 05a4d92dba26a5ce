// What the "ECS (AWS)" view reads and does (engine/src/deploy/explorer.ts), through the AWS SDK against
// `dockside ecs serve` on the real engine: clusters with their counts, a service with its deployment and
// events, its tasks and containers, a container's CloudWatch Logs stream read and then followed, the
// registered task definition; scaling, stopping a task and forcing a new deployment, each seen in ECS's
// answers; and the subnets and security groups the deploy's pickers list.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateClusterCommand, CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  connectAws,
  containerLogSource,
  describeRegistered,
  forceNewDeployment,
  listClusters,
  listSecurityGroups,
  listServices,
  listServiceTasks,
  listSubnets,
  readLogLines,
  scaleService,
  stopTask,
  type AwsConnection,
  type LogSource,
  type TaskView,
} from '../../engine/src/deploy';
import { removeLabelled, TEST_IMAGE, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { startEndpoint, type RunningEndpoint } from '../helpers/ecsEndpoint';
import { until } from '../helpers/until';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { docker } = testEngine();
const runId = uniqueName('ecs-explorer');
const folder = mkdtempSync(join(tmpdir(), 'dockside-ecs-explorer-'));
const cluster = 'explore';
const family = 'explorer-app';
let endpoint: RunningEndpoint;
let aws: AwsConnection;

before(async () => {
  endpoint = await startEndpoint({ stateDir: join(folder, 'state'), runId, cwd: folder, args: ['--backoff-ms', '300', '--no-pull'] });
  // The SDK's default chain reads the credentials from this process's environment.
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'explorer', AWS_SECRET_ACCESS_KEY: 'explorer', AWS_CONFIG_FILE: join(folder, 'none') });
  aws = connectAws({ region: 'eu-west-1', endpoint: endpoint.url });
  await aws.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  await aws.ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'app',
          image: TEST_IMAGE,
          command: ['sh', '-c', 'echo hello from $HOSTNAME; while true; do sleep 1; done'],
          stopTimeout: 2,
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/ecs/explorer', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'web' },
          },
        },
        { name: 'quiet', image: TEST_IMAGE, command: ['sh', '-c', 'exec sleep 3600'], stopTimeout: 2, essential: false },
      ],
    }),
  );
  await aws.ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: 'web',
      taskDefinition: family,
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a'] } },
    }),
  );
});

after(async () => {
  aws?.dispose();
  await endpoint?.interrupt();
  await removeLabelled(docker, `${TEST_LABEL}=${runId}`);
  rmSync(folder, { recursive: true, force: true });
});

const running = (tasks: readonly TaskView[]) => tasks.filter((t) => t.lastStatus === 'RUNNING');

describe('the ECS (AWS) explorer against the local ECS endpoint', () => {
  test('clusters, a service with its counts, deployment and events, its tasks and their containers', { timeout: 90_000 }, async () => {
    await until('two running tasks', async () => (await listServices(aws, cluster))[0]?.running === 2, 60_000, 250);
    const clusters = await listClusters(aws);
    const explore = clusters.find((c) => c.name === cluster);
    assert.deepEqual(explore && { status: explore.status, services: explore.services, running: explore.running }, {
      status: 'ACTIVE',
      services: 1,
      running: 2,
    });
    assert.match(explore!.arn, /^arn:aws:ecs:eu-west-1:\d{12}:cluster\/explore$/);

    const [web] = await listServices(aws, cluster);
    assert.equal(web?.name, 'web');
    assert.deepEqual(
      [web.status, web.desired, web.running, web.pending, web.taskDefinition, web.launchType],
      ['ACTIVE', 2, 2, 0, `${family}:1`, 'FARGATE'],
    );
    assert.deepEqual(
      web.deployments.map((d) => [d.status, d.taskDefinition, d.desired, d.running]),
      [['PRIMARY', `${family}:1`, 2, 2]],
    );
    assert.ok(web.events.length > 0 && web.events.every((e) => e.message.includes('(service web)')), JSON.stringify(web.events));

    const tasks = await listServiceTasks(aws, cluster, 'web');
    assert.equal(running(tasks).length, 2);
    for (const task of tasks) {
      assert.equal(task.taskDefinition, `${family}:1`);
      assert.equal(task.arn.split('/').at(-1), task.id);
      assert.deepEqual(
        task.containers.map((c) => [c.name, c.lastStatus]),
        [
          ['app', 'RUNNING'],
          ['quiet', 'RUNNING'],
        ],
      );
    }
  });

  test('a container logging with awslogs: its stream read, then followed; one that does not: why not', { timeout: 60_000 }, async () => {
    const [task] = running(await listServiceTasks(aws, cluster, 'web'));
    assert.ok(task);
    const app = task.containers.find((c) => c.name === 'app')!;
    const source = (await containerLogSource(aws, task, app)) as LogSource;
    assert.deepEqual(source, { group: '/ecs/explorer', stream: `web/app/${task.id}`, region: 'eu-west-1' });
    let read = { lines: [] as string[], token: undefined as string | undefined };
    await until('the first log line', async () => (read = await readLogLines(aws, source, undefined)).lines.length > 0, 20_000, 200);
    assert.match(read.lines[0]!, /^hello from \S+$/);
    // Nothing new since: following from the token reads no line again.
    const next = await readLogLines(aws, source, read.token);
    assert.ok(!next.lines.some((line) => line.startsWith('hello from')), JSON.stringify(next.lines));

    const quiet = task.containers.find((c) => c.name === 'quiet')!;
    assert.equal(
      await containerLogSource(aws, task, quiet),
      'quiet logs with no log driver, not awslogs: its output is not in CloudWatch Logs.',
    );
    const missing = await readLogLines(aws, { ...source, stream: 'web/app/no-such-task' }, undefined);
    assert.deepEqual(missing.lines, []);
  });

  test('the registered task definition, as describe-task-definition prints it', async () => {
    const registered = (await describeRegistered(aws, `${family}:1`)) as {
      taskDefinition: { family: string; revision: number; containerDefinitions: Array<{ name: string }> };
      tags: unknown[];
    };
    assert.equal(registered.taskDefinition.family, family);
    assert.equal(registered.taskDefinition.revision, 1);
    assert.deepEqual(
      registered.taskDefinition.containerDefinitions.map((c) => c.name),
      ['app', 'quiet'],
    );
    assert.deepEqual(registered.tags, []);
  });

  test('scale, stop a task, force a new deployment: each seen in what ECS answers next', { timeout: 120_000 }, async () => {
    await scaleService(aws, cluster, 'web', 1);
    await until('one running task', async () => running(await listServiceTasks(aws, cluster, 'web')).length === 1, 60_000, 250);
    const [web] = await listServices(aws, cluster);
    assert.deepEqual([web?.desired, web?.running], [1, 1]);

    const [survivor] = running(await listServiceTasks(aws, cluster, 'web'));
    await stopTask(aws, cluster, survivor!.arn, 'Stopped from the ECS (AWS) view');
    await until(
      'the stopped task listed with its reason',
      async () => (await listServiceTasks(aws, cluster, 'web')).some((t) => t.id === survivor!.id && t.lastStatus === 'STOPPED'),
      60_000,
      250,
    );
    const stopped = (await listServiceTasks(aws, cluster, 'web')).find((t) => t.id === survivor!.id)!;
    assert.deepEqual([stopped.stopCode, stopped.stoppedReason], ['UserInitiated', 'Stopped from the ECS (AWS) view']);
    assert.ok(stopped.stoppedAt instanceof Date);
    // The service starts another in its place; stopped tasks come after the running ones.
    await until('a replacement task', async () => running(await listServiceTasks(aws, cluster, 'web')).length === 1, 60_000, 250);
    const listed = await listServiceTasks(aws, cluster, 'web');
    assert.equal(listed[0]?.lastStatus, 'RUNNING');
    assert.ok(listed.findIndex((t) => t.lastStatus === 'STOPPED') > 0);

    const before = new Set(running(listed).map((t) => t.id));
    await forceNewDeployment(aws, cluster, 'web');
    await until(
      'a new task from the new deployment, the old one gone',
      async () => {
        const now = running(await listServiceTasks(aws, cluster, 'web'));
        return now.length === 1 && !before.has(now[0]!.id);
      },
      60_000,
      250,
    );
  });

  test("the subnets and security groups the deploy's pickers offer", async () => {
    const subnets = await listSubnets(aws);
    assert.ok(subnets.length > 0);
    for (const subnet of subnets) assert.match(subnet.id, /^subnet-/);
    const groups = await listSecurityGroups(aws, [subnets[0]!.vpcId]);
    assert.ok(
      groups.some((g) => g.name === 'default' && g.vpcId === subnets[0]!.vpcId),
      JSON.stringify(groups),
    );
  });
});
