import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ClusterSnapshot, ServiceSummary } from '../../../engine/src/ecs/cluster';
import { DEFAULT_DEPLOYMENT_CONFIGURATION } from '../../../engine/src/ecs/service';
import type { TaskState } from '../../../engine/src/ecs/taskState';
import {
  ECS_ACTION_COMMANDS,
  ecsChildren,
  ecsMenuCondition,
  ecsRoots,
  parseDesiredCount,
  portUrl,
  presentEcsNode,
} from '../../../client/src/views/ecsModel';
import { projectRoot } from '../../helpers/paths';

const now = new Date('2026-11-27T09:00:00Z');

function task(id: string, extra: Partial<TaskState> = {}): TaskState {
  return {
    taskId: id.padEnd(32, '0'),
    taskArn: `arn:aws:ecs:local:000000000000:task/default/${id}`,
    cluster: 'default',
    family: 'shop',
    revision: 3,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    createdAt: now,
    containers: [
      {
        name: 'web',
        essential: true,
        dockerName: 'ecs-shop-3-web',
        dockerId: 'abc',
        image: 'shop',
        lastStatus: 'RUNNING',
        health: 'HEALTHY',
        ports: [{ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 49153 }],
      },
      {
        name: 'migrate',
        essential: false,
        dockerName: 'ecs-shop-3-migrate',
        dockerId: 'def',
        image: 'shop',
        lastStatus: 'STOPPED',
        health: 'UNKNOWN',
        exitCode: 0,
        ports: [],
      },
    ],
    ...extra,
  };
}

const stopped = task('dead', {
  lastStatus: 'STOPPED',
  desiredStatus: 'STOPPED',
  stopCode: 'EssentialContainerExited',
  stoppedReason: 'Essential container in task exited',
  containers: [
    {
      name: 'web',
      essential: true,
      dockerName: 'x',
      dockerId: 'x',
      image: 'shop',
      lastStatus: 'STOPPED',
      health: 'UNKNOWN',
      exitCode: 1,
      ports: [],
    },
  ],
});

const deployment = {
  id: 'ecs-svc/1',
  taskDefinition: 'shop:3',
  status: 'PRIMARY',
  desiredCount: 2,
  runningCount: 1,
  pendingCount: 0,
  failedTasks: 1,
  rolloutState: 'COMPLETED',
  rolloutStateReason: 'ECS deployment completed.',
  createdAt: now,
  updatedAt: now,
} as const;

const service: ServiceSummary = {
  name: 'shop-svc',
  cluster: 'default',
  createdAt: now,
  launchType: 'EC2',
  scheduledHere: true,
  status: 'ACTIVE',
  desiredCount: 2,
  runningCount: 1,
  pendingCount: 0,
  tasks: [task('live')],
  stoppedTasks: [stopped],
  events: [{ id: 'e1', at: now, message: '(service shop-svc) task dead stopped: Essential container in task exited.' }],
  nextLaunchAt: new Date('2026-11-27T09:00:10Z'),
  deployments: [deployment],
  deploymentConfiguration: DEFAULT_DEPLOYMENT_CONFIGURATION,
};

const snapshot: ClusterSnapshot = {
  services: [service],
  tasks: [stopped],
  schedules: [
    {
      id: 'schedule-1',
      family: 'shop',
      file: '/w/shop.task-definition.json',
      state: { expression: 'rate(5 minutes)', active: true, nextRunAt: new Date('2026-11-27T09:04:00Z'), tasks: [] },
    },
  ],
};

const definitions = [
  {
    file: '/w/shop.task-definition.json',
    relativePath: 'shop.task-definition.json',
    family: 'shop',
    containers: ['web', 'migrate'],
    secrets: ['DB_PASSWORD'],
  },
];

test('the roots are task definitions, services, tasks and schedules; empty groups are left out', () => {
  const roots = ecsRoots(definitions, snapshot);
  assert.deepEqual(
    roots.map((n) => presentEcsNode(n, now).label),
    ['Task definitions', 'Services', 'Tasks', 'Scheduled'],
  );
  assert.deepEqual(ecsRoots([], { services: [], tasks: [], schedules: [] }), [], 'an empty view shows its welcome text');
});

test('a service shows desired and running counts, the next start after a back-off, and its tasks with recent stopped ones', () => {
  const node = ecsChildren(ecsRoots(definitions, snapshot)[1]!)[0]!;
  const view = presentEcsNode(node, now);
  assert.equal(view.label, 'shop-svc');
  assert.equal(view.description, '1/2 running, next start in less than a minute');
  assert.equal(view.contextValue, 'ecsService scale stop');
  const tasks = ecsChildren(node).map((n) => presentEcsNode(n, now));
  assert.deepEqual(
    tasks.map((t) => t.description),
    ['RUNNING', 'STOPPED — Essential container in task exited'],
  );
  assert.equal(tasks[1]!.contextValue, 'ecsTask', 'a stopped task of a service offers nothing');
});

test('a task shows its status and stop reason; its containers their exit codes, health and published ports', () => {
  const standalone = ecsChildren(ecsRoots(definitions, snapshot)[2]!)[0]!;
  const view = presentEcsNode(standalone, now);
  assert.equal(view.label, `shop:3 ${'dead'.padEnd(8, '0')}`);
  assert.equal(view.contextValue, 'ecsTask remove');
  assert.match(view.tooltip!, /Stopped reason: Essential container in task exited/);
  assert.match(view.tooltip!, /web: exit 1/);
  const live = presentEcsNode({ kind: 'task', task: task('live'), inService: false }, now);
  assert.equal(live.contextValue, 'ecsTask stop');
  const [web, migrate] = ecsChildren({ kind: 'task', task: task('live'), inService: false }).map((n) => presentEcsNode(n, now));
  assert.equal(web!.description, 'RUNNING · healthy · 127.0.0.1:49153→8080/tcp');
  assert.equal(web!.contextValue, 'ecsContainer logs openPort');
  assert.equal(migrate!.description, 'exit 0 · not essential');
  assert.equal(migrate!.contextValue, 'ecsContainer logs');
});

test("a task's containers unfold to their mounts, found by container id; a dangerous one unfolds, warning", () => {
  const running = { kind: 'task', task: task('live'), inService: false } as const;
  const mounts = new Map([
    [
      'abc',
      {
        containerId: 'abc',
        containerName: 'ecs-shop-3-web',
        ecsTask: running.task.taskArn,
        state: 'running',
        mounts: [
          { type: 'volume', source: 'shop_data', destination: '/data', readOnly: false, mode: 'z' },
          {
            type: 'bind',
            source: '/var/run/docker.sock',
            destination: '/var/run/docker.sock',
            readOnly: false,
            mode: '',
            danger: 'hands over the Docker Engine',
          },
        ],
      },
    ],
  ] as const);
  const [web, migrate] = ecsChildren(running, new Map(mounts));
  assert.equal(presentEcsNode(web!, now).collapsible, 'expanded', 'a dangerous mount unfolds its container');
  assert.match(presentEcsNode(web!, now).tooltip!, /power over the host/);
  const shown = ecsChildren(web!).map((n) => presentEcsNode(n, now));
  assert.deepEqual(
    shown.map((v) => [v.label, v.description, v.contextValue]),
    [
      ['shop_data → /data', 'volume · read-write', 'mount inspectVolume'],
      ['/var/run/docker.sock → /var/run/docker.sock', 'bind · read-write · dangerous', 'mount reveal'],
    ],
  );
  // No mounts read for it (or none at all): nothing to unfold.
  assert.equal(presentEcsNode(migrate!, now).collapsible, 'none');
  assert.deepEqual(ecsChildren(migrate!), []);
  const safe = new Map([['abc', { ...mounts.get('abc')!, mounts: [mounts.get('abc')!.mounts[0]] }]]);
  assert.equal(presentEcsNode(ecsChildren(running, safe)[0]!, now).collapsible, 'collapsed');

  // Their actions are offered in the ECS view as in the Stacks view.
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    contributes: { menus: Record<string, Array<{ command: string; when?: string }>> };
  };
  for (const command of ['dockside.mount.reveal', 'dockside.mount.inspectVolume']) {
    const views = (manifest.contributes.menus['view/item/context'] ?? [])
      .filter((e) => e.command === command)
      .map((e) => /view =~ \/(.+?)\/ &&/.exec(e.when ?? '')?.[1]);
    assert.ok(
      views.length > 0 && views.every((v) => v && new RegExp(v).test('dockside.ecs') && new RegExp(v).test('dockside.stacks')),
      `${command}: ${views.join(', ')}`,
    );
  }
});

test('a schedule shows when it runs next; a definition offers Run Task, Run as Service and Schedule', () => {
  const roots = ecsRoots(definitions, snapshot);
  const schedule = presentEcsNode(ecsChildren(roots[3]!)[0]!, now);
  assert.equal(schedule.label, 'shop rate(5 minutes)');
  assert.equal(schedule.description, 'next in 4 minutes (2026-11-27 09:04 UTC)');
  const definition = presentEcsNode(ecsChildren(roots[0]!)[0]!, now);
  assert.equal(definition.contextValue, 'ecsDefinition runTask runService schedule');
  assert.match(definition.tooltip!, /Needs secrets: DB\\_PASSWORD/);
});

test('the ECS endpoint, when it runs, comes first; another cluster is named; a rollout and who schedules it show', () => {
  const rolling: ServiceSummary = {
    ...service,
    cluster: 'staging',
    scheduledHere: false,
    nextLaunchAt: undefined,
    deployments: [
      { ...deployment, id: 'ecs-svc/2', taskDefinition: 'shop:4', rolloutState: 'IN_PROGRESS', runningCount: 0 },
      { ...deployment, status: 'ACTIVE' },
    ],
  };
  const roots = ecsRoots([], { ...snapshot, services: [rolling], endpoint: { url: 'http://127.0.0.1:4566', pid: 42 } });
  const endpoint = presentEcsNode(roots[0]!, now);
  assert.equal(endpoint.label, 'ECS API endpoint');
  assert.equal(endpoint.description, 'http://127.0.0.1:4566');
  assert.match(endpoint.tooltip!, /aws --endpoint-url http:\/\/127\.0\.0\.1:4566 ecs list-tasks/);
  const view = presentEcsNode(ecsChildren(roots[1]!)[0]!, now);
  assert.equal(view.label, 'staging/shop-svc');
  assert.equal(view.description, '1/2 running, deploying shop:4');
  assert.match(view.tooltip!, /Scheduled by another Dockside process/);
  assert.match(view.tooltip!, /PRIMARY shop:4: 0 running, IN_PROGRESS/);
});

test('published ports open on loopback when they listen everywhere; desired counts are whole numbers', () => {
  assert.equal(portUrl({ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }), 'http://127.0.0.1:8080');
  assert.equal(portUrl({ containerPort: 80, protocol: 'tcp', hostIp: '::1', hostPort: 8080 }), 'http://[::1]:8080');
  assert.equal(parseDesiredCount(' 3 '), 3);
  assert.equal(parseDesiredCount('0'), 0);
  assert.match(String(parseDesiredCount('-1')), /whole number/);
  assert.match(String(parseDesiredCount('500')), /At most 100/);
});

test('every ECS item action has its menu entry in package.json, gated on trust unless it only reads', () => {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    contributes: { menus: Record<string, Array<{ command: string; when?: string }>> };
  };
  const entries = manifest.contributes.menus['view/item/context'] ?? [];
  for (const [kind, actions] of Object.entries(ECS_ACTION_COMMANDS)) {
    for (const [action, command] of Object.entries(actions)) {
      const matching = entries.filter(
        (e) => e.command === command && e.when?.includes(ecsMenuCondition(kind as keyof typeof ECS_ACTION_COMMANDS, action)),
      );
      assert.ok(matching.length > 0, `no menu shows ${command} for ${kind} ${action}`);
      const readsOnly = action === 'logs' || action === 'openPort';
      for (const entry of matching) assert.equal(entry.when!.includes('isWorkspaceTrusted'), !readsOnly, `${command}: ${entry.when}`);
    }
  }
});
