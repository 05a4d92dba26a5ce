import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEnvFile } from '../../../engine/src/ecs/localFiles';
import { PlanError, planTask, type PlanInputs } from '../../../engine/src/ecs/taskPlan';

const TASK_ID = '0123456789abcdef0123456789abcdef';

function plan(definition: unknown, extra: Partial<PlanInputs> = {}) {
  return planTask({ definition, taskId: TASK_ID, now: new Date('2026-11-27T08:00:00Z'), ...extra });
}

const webAndSidecar = {
  family: 'shop',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '512',
  memory: '1 GB',
  containerDefinitions: [
    {
      name: 'web',
      image: 'shop/web:1',
      dependsOn: [{ containerName: 'cache', condition: 'HEALTHY' }],
      portMappings: [{ containerPort: 8080 }],
      environment: [{ name: 'MODE', value: 'local' }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/shop' } },
      user: '1000:1000',
      workingDirectory: '/srv',
      stopTimeout: 5,
      ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 2048 }],
      linuxParameters: { tmpfs: [{ containerPath: '/tmp', size: 64, mountOptions: ['noexec'] }] },
      mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }],
    },
    {
      name: 'cache',
      image: 'shop/cache:1',
      essential: false,
      healthCheck: { command: ['CMD-SHELL', 'true'], interval: 5 },
      mountPoints: [{ sourceVolume: 'shared-cache', containerPath: '/cache', readOnly: true }],
    },
  ],
  volumes: [
    { name: 'data', dockerVolumeConfiguration: { scope: 'task', driver: 'local' } },
    { name: 'shared-cache', dockerVolumeConfiguration: { scope: 'shared', autoprovision: false } },
  ],
};

test('awsvpc: a sandbox holds the network and publishes the ports on loopback; containers join it', () => {
  const p = plan(webAndSidecar, { sandbox: { image: 'local/pause', command: ['sleep', '1d'] } });
  assert.equal(p.networkMode, 'awsvpc');
  assert.equal(p.sandbox?.create.Image, 'local/pause');
  assert.deepEqual(p.sandbox?.create.Cmd, ['sleep', '1d']);
  assert.deepEqual(p.sandbox?.create.HostConfig?.PortBindings, { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] });
  for (const c of p.containers) assert.equal(c.create.HostConfig?.NetworkMode, `container:${p.sandbox?.dockerName}`);
  assert.equal(p.containers[0]!.create.HostConfig?.PortBindings, undefined);
  const dynamic = plan(webAndSidecar, { dynamicHostPorts: true, publishAddress: '0.0.0.0' });
  assert.deepEqual(dynamic.sandbox?.create.HostConfig?.PortBindings, { '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: '' }] });
});

test('dependsOn puts a container after what it waits for, and keeps the condition', () => {
  const p = plan(webAndSidecar);
  assert.deepEqual(
    p.containers.map((c) => c.name),
    ['cache', 'web'],
  );
  assert.deepEqual(p.containers[1]!.dependsOn, [{ containerName: 'cache', condition: 'HEALTHY' }]);
  assert.equal(p.containers[0]!.essential, false);
  assert.equal(p.containers[1]!.essential, true);
});

test('container settings become the engine options ECS would give them', () => {
  const p = plan(webAndSidecar);
  const web = p.containers.find((c) => c.name === 'web')!.create;
  assert.equal(web.User, '1000:1000');
  assert.equal(web.WorkingDir, '/srv');
  assert.equal(web.StopTimeout, 5);
  assert.deepEqual(web.HostConfig?.Ulimits, [{ Name: 'nofile', Soft: 1024, Hard: 2048 }]);
  assert.deepEqual(web.HostConfig?.Tmpfs, { '/tmp': 'size=64m,noexec' });
  // No container memory: capped at the task's 1 GB; task cpu 512 = half a CPU.
  assert.equal(web.HostConfig?.Memory, 1024 * 1024 * 1024);
  assert.equal(web.HostConfig?.NanoCpus, 0.5e9);
  assert.equal(web.HostConfig?.Init, true);
  assert.equal(web.HostConfig?.LogConfig, undefined);
  assert.ok(p.notes.some((n) => /awslogs on AWS; locally its logs stay in the engine/.test(n)));
  const cache = p.containers.find((c) => c.name === 'cache')!.create;
  assert.deepEqual(cache.Healthcheck, { Test: ['CMD-SHELL', 'true'], Interval: 5e9, Timeout: 5e9, Retries: 3, StartPeriod: 0 });
});

test('task volumes get a per-task name and label; shared ones keep their own name', () => {
  const p = plan(webAndSidecar);
  const data = p.volumes.find((v) => v.name === 'data')!;
  const shared = p.volumes.find((v) => v.name === 'shared-cache')!;
  assert.equal(data.scope, 'task');
  assert.match(data.dockerName, /^ecs-shop-1-data-0123456789ab$/);
  assert.equal(data.labels['dockside.ecs.task-id'], TASK_ID);
  assert.equal(shared.dockerName, 'shared-cache');
  assert.equal(shared.autoprovision, false);
  const web = p.containers.find((c) => c.name === 'web')!.create;
  assert.deepEqual(web.HostConfig?.Mounts, [{ Type: 'volume', Source: data.dockerName, Target: '/data', ReadOnly: false }]);
});

test('labels name the task, family, revision, container and service', () => {
  const p = plan({ ...webAndSidecar, revision: 7 }, { service: 'shop-svc', desiredCount: 2, labels: { 'dockside.test.run': 'x' } });
  const labels = p.containers[1]!.create.Labels!;
  assert.equal(labels['com.amazonaws.ecs.task-definition-family'], 'shop');
  assert.equal(labels['com.amazonaws.ecs.task-definition-version'], '7');
  assert.equal(labels['com.amazonaws.ecs.container-name'], 'web');
  assert.equal(labels['com.amazonaws.ecs.task-arn'], `arn:aws:ecs:local:000000000000:task/default/${TASK_ID}`);
  assert.equal(labels['dockside.ecs.service'], 'shop-svc');
  assert.equal(labels['dockside.ecs.desired-count'], '2');
  assert.equal(labels['dockside.test.run'], 'x');
  assert.equal(p.sandbox?.create.Labels?.['dockside.ecs.role'], 'sandbox');
});

test('environment: files top down, then environment, then secrets from the local file, then ECS variables', () => {
  const definition = {
    family: 'env',
    containerDefinitions: [
      {
        name: 'app',
        image: 'app',
        memory: 64,
        environmentFiles: [
          { value: 'a.env', type: 's3' },
          { value: 'b.env', type: 's3' },
        ],
        environment: [{ name: 'FROM', value: 'environment' }],
        secrets: [
          { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:1:secret:db' },
          { name: 'TOKEN', valueFrom: '/shop/token' },
        ],
      },
    ],
  };
  const p = plan(definition, {
    environmentFiles: new Map<string, Record<string, string>>([
      ['a.env', { FROM: 'a', ONLY_A: 'a', BOTH: 'a' }],
      ['b.env', { BOTH: 'b' }],
    ]),
    secrets: { 'arn:aws:secretsmanager:eu-west-1:1:secret:db': 's3cret', TOKEN: 't0ken' },
    metadata: { baseUrl: 'http://172.17.0.1:4567' },
  });
  const env = p.containers[0]!.create.Env!;
  for (const expected of ['FROM=environment', 'ONLY_A=a', 'BOTH=b', 'DB_PASSWORD=s3cret', 'TOKEN=t0ken', 'AWS_EXECUTION_ENV=AWS_ECS_EC2']) {
    assert.ok(env.includes(expected), `${expected} in ${env.join(' ')}`);
  }
  assert.ok(env.includes(`ECS_CONTAINER_METADATA_URI_V4=http://172.17.0.1:4567/v4/${TASK_ID}-0`));
  assert.ok(env.includes(`ECS_CONTAINER_METADATA_URI=http://172.17.0.1:4567/v3/${TASK_ID}-0`));
  assert.ok(!env.some((e) => e.startsWith('AWS_ACCESS_KEY_ID=')), 'no credentials unless asked');
  const withCredentials = plan(definition, {
    environmentFiles: new Map([
      ['a.env', {}],
      ['b.env', {}],
    ]),
    secrets: { DB_PASSWORD: 'x', TOKEN: 'y' },
    awsCredentials: { AWS_ACCESS_KEY_ID: 'AKIA' },
  });
  assert.ok(withCredentials.containers[0]!.create.Env!.includes('AWS_ACCESS_KEY_ID=AKIA'));
});

test('bridge mode publishes ports on each container, dynamic when hostPort is 0, and links by alias', () => {
  const p = plan({
    family: 'b',
    containerDefinitions: [
      { name: 'db', image: 'db', memory: 64 },
      {
        name: 'app',
        image: 'app',
        memory: 64,
        links: ['db:database'],
        portMappings: [
          { containerPort: 80, hostPort: 0 },
          { containerPort: 53, hostPort: 5353, protocol: 'udp' },
        ],
        volumesFrom: [{ sourceContainer: 'db', readOnly: true }],
      },
    ],
  });
  assert.equal(p.sandbox, undefined);
  const [db, app] = p.containers;
  assert.deepEqual(app!.create.HostConfig?.PortBindings, {
    '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
    '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }],
  });
  assert.deepEqual(app!.create.HostConfig?.Links, [`${db!.dockerName}:database`]);
  assert.deepEqual(app!.create.HostConfig?.VolumesFrom, [`${db!.dockerName}:ro`]);
});

test('what cannot run is said, all at once', () => {
  const bad = {
    family: 'bad',
    containerDefinitions: [
      {
        name: 'a',
        image: 'a',
        essential: false,
        mountPoints: [{ sourceVolume: 'nope', containerPath: '/x' }],
        secrets: [{ name: 'S', valueFrom: 'arn:x' }],
      },
      { name: 'b', image: 'b', essential: false, dependsOn: [{ containerName: 'c', condition: 'START' }] },
      { name: 'c', image: 'c', essential: false, dependsOn: [{ containerName: 'b', condition: 'START' }] },
    ],
  };
  assert.throws(
    () => plan(bad),
    (error: unknown) => {
      assert.ok(error instanceof PlanError);
      const text = error.problems.join('\n');
      assert.match(text, /mounts the volume "nope", which the task definition's "volumes" does not declare/);
      assert.match(text, /needs the secret S; secrets are never fetched from AWS/);
      assert.match(text, /wait on each other in a circle: (b → c|c → b)/);
      assert.match(text, /No container is essential/);
      return true;
    },
  );
});

test('environment files read as docker reads them', () => {
  assert.deepEqual(parseEnvFile('# comment\nA=1\n\nexport B="two words"\nC=\'x=y\'\nbad line\n'), { A: '1', B: 'two words', C: 'x=y' });
});
