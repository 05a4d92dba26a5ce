// The 'ECS (AWS)' view model as plain functions, over a fake source: the profile and Region on top,
// clusters → services → tasks → containers as the user expands them, what each item says (counts,
// rollout, health, stop reasons, exit codes), a failure to list shown in place, the actions each item
// offers (none that change the account in Restricted Mode) and their menus, the refresh back-off.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ClusterView, ServiceView, TaskView } from '../../../engine/src/deploy';
import {
  AWS_ACTION_COMMANDS,
  AWS_CHANGES,
  awsChildren,
  awsMenuCondition,
  awsRoots,
  describeLastRefresh,
  nextRefreshDelay,
  parseAwsDesiredCount,
  presentAwsNode,
  REFRESH_FIRST_MS,
  REFRESH_MOST_MS,
  subnetChoice,
  type AwsExplorerSource,
  type AwsItemKind,
  type AwsNode,
} from '../../../client/src/views/awsModel';
import { projectRoot } from '../../helpers/paths';

const cluster: ClusterView = {
  name: 'prod',
  arn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod',
  status: 'ACTIVE',
  services: 1,
  running: 3,
  pending: 1,
};

const service: ServiceView = {
  cluster: 'prod',
  name: 'shop',
  arn: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/shop',
  status: 'ACTIVE',
  desired: 2,
  running: 1,
  pending: 1,
  taskDefinition: 'shop:5',
  taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop:5',
  launchType: 'FARGATE',
  deployments: [
    {
      id: 'ecs-svc/2',
      status: 'PRIMARY',
      taskDefinition: 'shop:5',
      desired: 2,
      running: 1,
      pending: 1,
      failed: 0,
      rolloutState: 'IN_PROGRESS',
    },
    {
      id: 'ecs-svc/1',
      status: 'ACTIVE',
      taskDefinition: 'shop:4',
      desired: 2,
      running: 2,
      pending: 0,
      failed: 0,
      rolloutState: 'COMPLETED',
    },
  ],
  events: [{ id: 'e1', at: new Date('2026-12-07T09:00:00Z'), message: '(service shop) has started 1 tasks: (task abc).' }],
};

const running: TaskView = {
  cluster: 'prod',
  id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  arn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/a1b2c3d4e5f60718293a4b5c6d7e8f90',
  taskDefinition: 'shop:5',
  taskDefinitionArn: service.taskDefinitionArn!,
  lastStatus: 'RUNNING',
  desiredStatus: 'RUNNING',
  health: 'HEALTHY',
  containers: [
    { name: 'web', lastStatus: 'RUNNING', health: 'HEALTHY' },
    { name: 'sidecar', lastStatus: 'RUNNING' },
  ],
};

const crashed: TaskView = {
  ...running,
  id: 'ffff0000111122223333444455556666',
  arn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/ffff0000111122223333444455556666',
  lastStatus: 'STOPPED',
  desiredStatus: 'STOPPED',
  health: 'UNKNOWN',
  stopCode: 'EssentialContainerExited',
  stoppedReason: 'Essential container in task exited',
  containers: [{ name: 'web', lastStatus: 'STOPPED', exitCode: 7, reason: 'exited on purpose' }],
};

function source(overrides: Partial<AwsExplorerSource> = {}): AwsExplorerSource {
  return {
    clusters: () => Promise.resolve([cluster]),
    services: (name) => Promise.resolve(name === 'prod' ? [service] : []),
    tasks: () => Promise.resolve([running, crashed]),
    ...overrides,
  };
}

const describeError = (error: unknown) => `said: ${(error as Error).message}`;

test('the profile and Region on top; clusters, services, tasks and containers below as they are expanded', async () => {
  const [top] = awsRoots({ profile: 'dev', region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566' });
  assert.ok(top);
  const view = presentAwsNode(top, true);
  assert.deepEqual([view.label, view.description, view.collapsible], ['profile dev', 'eu-west-1 · http://127.0.0.1:4566', 'expanded']);
  assert.equal(presentAwsNode(awsRoots({ region: 'us-east-1' })[0]!, true).label, 'default credentials');

  const clusters = await awsChildren(top, source(), describeError);
  assert.deepEqual(
    clusters.map((n) => presentAwsNode(n, true)).map((v) => [v.label, v.description, v.contextValue]),
    [['prod', '1 service, 3 running, 1 pending', 'awsCluster deploy']],
  );
  const services = await awsChildren(clusters[0]!, source(), describeError);
  const shop = presentAwsNode(services[0]!, true);
  assert.equal(shop.label, 'shop');
  assert.equal(shop.description, '1/2 running, 1 pending, deploying shop:5');
  assert.deepEqual(shop.icon, { id: 'server-process', color: 'charts.yellow' });
  assert.equal(shop.contextValue, 'awsService deploy scale redeploy openDefinition compare convert');
  assert.match(shop.tooltip!, /PRIMARY shop:5: 1\/2 running, 1 pending, IN_PROGRESS/);
  assert.match(shop.tooltip!, /ACTIVE shop:4: 2\/2 running, COMPLETED/);
  assert.match(shop.tooltip!, /2026-12-07 09:00:00 \\\(service shop\\\) has started 1 tasks/);

  const tasks = await awsChildren(services[0]!, source(), describeError);
  assert.deepEqual(
    tasks.map((n) => presentAwsNode(n, true)).map((v) => [v.label, v.description, v.icon?.id, v.contextValue]),
    [
      ['shop:5 a1b2c3d4', 'RUNNING · healthy', 'vm-running', 'awsTask stop openDefinition compare convert'],
      ['shop:5 ffff0000', 'STOPPED — Essential container in task exited', 'error', 'awsTask openDefinition compare convert'],
    ],
  );
  const containers = await awsChildren(tasks[1]!, source(), describeError);
  assert.deepEqual(
    containers.map((n) => presentAwsNode(n, true)).map((v) => [v.label, v.description, v.icon?.color, v.contextValue]),
    [['web', 'exit 7 · exited on purpose', 'charts.red', 'awsContainer logs']],
  );
  const healthy = presentAwsNode((await awsChildren(tasks[0]!, source(), describeError))[0]!, true);
  assert.equal(healthy.description, 'RUNNING · healthy');

  // Ids stay the same from one refresh to the next, so expanded items stay expanded.
  const again = await awsChildren(top, source(), describeError);
  assert.equal(presentAwsNode(again[0]!, true).id, presentAwsNode(clusters[0]!, true).id);
});

test('a stable service is green, a failed rollout red; an empty account or cluster says so', async () => {
  const stable: ServiceView = {
    ...service,
    running: 2,
    pending: 0,
    deployments: [{ ...service.deployments[0]!, running: 2, pending: 0, rolloutState: 'COMPLETED' }],
  };
  const view = presentAwsNode({ kind: 'service', service: stable }, true);
  assert.deepEqual([view.description, view.icon?.color], ['2/2 running', 'charts.green']);
  const failed: ServiceView = {
    ...stable,
    deployments: [{ ...stable.deployments[0]!, rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start' }],
  };
  const failedView = presentAwsNode({ kind: 'service', service: failed }, true);
  assert.deepEqual([failedView.description, failedView.icon?.color], ['2/2 running, deployment failed', 'charts.red']);
  assert.match(failedView.tooltip!, /FAILED — tasks failed to start/);

  const empty = source({ clusters: () => Promise.resolve([]), services: () => Promise.resolve([]) });
  const [top] = awsRoots({ region: 'eu-west-1' });
  assert.deepEqual(
    (await awsChildren(top!, empty, describeError)).map((n) => presentAwsNode(n, true).label),
    ['No ECS cluster in eu-west-1.'],
  );
  assert.deepEqual(
    (await awsChildren({ kind: 'cluster', cluster }, empty, describeError)).map((n) => presentAwsNode(n, true).label),
    ['No service: deploy a Compose file or task definition here.'],
  );
});

test('what keeps the view from listing is shown in its place, with a way forward', async () => {
  const [setup] = awsRoots('No AWS Region: name one (--region, or the Region picker), set AWS_REGION, …');
  const view = presentAwsNode(setup!, true);
  assert.match(view.label, /^No AWS Region/);
  assert.equal(view.command?.id, 'dockside.aws.selectProfile');

  const denied = source({ services: () => Promise.reject(new Error('AccessDeniedException: not authorized to ecs:ListServices')) });
  const children = await awsChildren({ kind: 'cluster', cluster }, denied, describeError);
  assert.deepEqual(
    children.map((n) => presentAwsNode(n, true).label),
    ['said: AccessDeniedException: not authorized to ecs:ListServices'],
  );
});

test('in Restricted Mode items offer only what reads: no deploy, scale, new deployment or stop', async () => {
  const nodes: AwsNode[] = [
    { kind: 'cluster', cluster },
    { kind: 'service', service },
    { kind: 'task', task: running },
    { kind: 'container', task: running, container: running.containers[0]! },
  ];
  assert.deepEqual(
    nodes.map((n) => presentAwsNode(n, false).contextValue),
    ['awsCluster', 'awsService openDefinition compare convert', 'awsTask openDefinition compare convert', 'awsContainer logs'],
  );
});

test('every action an item can offer has its menu entry, gated on trust exactly when it changes the account', () => {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    contributes: {
      menus: Record<string, Array<{ command: string; when?: string }>>;
      views: Record<string, Array<{ id: string; name: string }>>;
    };
  };
  const entries = manifest.contributes.menus['view/item/context'] ?? [];
  for (const [kind, actions] of Object.entries(AWS_ACTION_COMMANDS)) {
    for (const [action, command] of Object.entries(actions)) {
      const matching = entries.filter((e) => e.command === command && e.when?.includes(awsMenuCondition(kind as AwsItemKind, action)));
      assert.ok(matching.length > 0, `no menu shows ${command} for ${kind} ${action}`);
      for (const entry of matching)
        assert.equal(entry.when!.includes('isWorkspaceTrusted'), AWS_CHANGES.has(action), `${command}: ${entry.when}`);
    }
  }
  const hidden = new Set((manifest.contributes.menus['commandPalette'] ?? []).filter((e) => e.when === 'false').map((e) => e.command));
  for (const actions of Object.values(AWS_ACTION_COMMANDS))
    for (const command of Object.values(actions)) assert.ok(hidden.has(command), `${command} shows in the palette`);
  assert.ok(manifest.contributes.views['dockside']?.some((v) => v.id === 'dockside.aws' && v.name === 'ECS (AWS)'));
});

test('refreshing: soon after a change, then each quiet look waits twice as long, up to two minutes', () => {
  let delay = nextRefreshDelay(undefined, false);
  assert.equal(delay, REFRESH_FIRST_MS);
  const waits = [delay];
  for (let i = 0; i < 6; i++) waits.push((delay = nextRefreshDelay(delay, false)));
  assert.deepEqual(waits, [10_000, 20_000, 40_000, 80_000, 120_000, 120_000, 120_000]);
  assert.equal(REFRESH_MOST_MS, 120_000);
  assert.equal(nextRefreshDelay(120_000, true), REFRESH_FIRST_MS);
  assert.equal(describeLastRefresh(new Date(2026, 11, 7, 9, 5, 3)), 'updated at 09:05:03');
});

test('asking: a desired count, and subnets as the picker lists them', () => {
  assert.equal(parseAwsDesiredCount(' 3 '), 3);
  assert.equal(parseAwsDesiredCount('0'), 0);
  assert.equal(parseAwsDesiredCount('two'), 'A whole number of tasks, 0 or more.');
  assert.equal(parseAwsDesiredCount('-1'), 'A whole number of tasks, 0 or more.');
  assert.equal(parseAwsDesiredCount('5001'), 'ECS runs at most 5000 tasks per service.');
  assert.deepEqual(
    subnetChoice({ id: 'subnet-1', vpcId: 'vpc-9', cidr: '10.0.1.0/24', zone: 'eu-west-1a', name: 'private-a', publicIpOnLaunch: false }),
    { label: 'subnet-1', description: 'private-a · eu-west-1a · 10.0.1.0/24', detail: 'vpc-9' },
  );
  assert.equal(
    subnetChoice({ id: 'subnet-2', vpcId: 'vpc-9', cidr: '10.0.2.0/24', zone: 'eu-west-1b', publicIpOnLaunch: true }).detail,
    'vpc-9 · public IPs on launch',
  );
});
