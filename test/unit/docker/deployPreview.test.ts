// The deploy's words before any change, as plain functions: `dockside ecs deploy`'s options read from
// its arguments (lists, durations, the endpoint, what is refused), and the preview the CLI prints and VS
// Code shows in its confirmation — who, where, which service, how many, and what is new.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parseDeployOptions } from '../../../cli/src/ecsDeploy';
import { UsageError } from '../../../cli/src/args';
import { describePreview } from '../../../engine/src/deploy/describe';
import type { DeployPreview, EcsServicePlan } from '../../../engine/src/deploy/deploy';

test('deploy options: lists split on commas, durations in s/m/h, defaults for the rest', () => {
  const options = parseDeployOptions([
    'compose.yaml',
    '--cluster',
    'prod',
    '--subnets',
    'subnet-a, subnet-b',
    '--subnets=subnet-c',
    '--security-groups',
    'sg-1',
    '--assign-public-ip',
    '--desired-count',
    '3',
    '--launch-type',
    'ec2',
    '--timeout',
    '90s',
    '--profile',
    'web',
    '--profile',
    'jobs',
  ]);
  assert.equal(options.file, resolve('compose.yaml'));
  assert.deepEqual(options.request, {
    cluster: 'prod',
    service: undefined,
    desiredCount: 3,
    launchType: 'EC2',
    network: { subnets: ['subnet-a', 'subnet-b', 'subnet-c'], securityGroups: ['sg-1'], assignPublicIp: true },
  });
  assert.deepEqual(options.profiles, ['web', 'jobs']);
  assert.equal(options.timeoutMs, 90_000);
  assert.equal(options.wait, true);
  assert.equal(options.yes, false);

  const defaults = parseDeployOptions(['td.json', '--cluster', 'c', '--no-wait', '--yes', '--timeout', '2h']);
  assert.deepEqual(defaults.request.network, { subnets: undefined, securityGroups: undefined, assignPublicIp: undefined });
  assert.equal(defaults.timeoutMs, 7_200_000);
  assert.deepEqual([defaults.wait, defaults.yes], [false, true]);
  assert.equal(parseDeployOptions(['td.json', '--cluster', 'c']).timeoutMs, 15 * 60_000);
});

test('deploy options: each mistake is refused with what to write instead', () => {
  const refusals: Array<[string[], string]> = [
    [['--cluster', 'c'], 'Name the Compose file or task definition to deploy.'],
    [['a.yaml', 'b.yaml', '--cluster', 'c'], 'One file, not 2.'],
    [['a.yaml'], 'Name the cluster to deploy to with --cluster NAME.'],
    [['a.yaml', '--cluster', 'c', '--launch-type', 'LAMBDA'], '--launch-type is FARGATE or EC2, not "LAMBDA".'],
    [['a.yaml', '--cluster', 'c', '--subnets', 'a,,b'], '--subnets wants names separated by commas, such as --subnets a,b.'],
    [['a.yaml', '--cluster', 'c', '--timeout', '5 minutes'], '--timeout wants a duration such as 90s, 15m or 1h, not "5 minutes".'],
    [['a.yaml', '--cluster', 'c', '--timeout', '0'], '--timeout wants a duration such as 90s, 15m or 1h, not "0".'],
    [['a.yaml', '--cluster', 'c', '--desired-count', 'two'], '--desired-count wants a whole number, not "two".'],
    [
      ['a.yaml', '--cluster', 'c', '--endpoint-url', 'localhost:4566'],
      '--endpoint-url wants an address such as http://127.0.0.1:4566, not "localhost:4566".',
    ],
    [['a.yaml', '--cluster', 'c', '--profile', '--yes'], '--profile needs a Compose profile name.'],
    [['a.yaml', '--cluster', 'c', '--force'], 'unknown option "--force"'],
  ];
  for (const [args, message] of refusals)
    assert.throws(
      () => parseDeployOptions(args),
      (error: unknown) => error instanceof UsageError && error.message === message,
      `${args.join(' ')} → ${message}`,
    );
});

function plan(overrides: Partial<EcsServicePlan>): EcsServicePlan {
  return {
    target: { family: 'shop', definition: {}, composeServices: ['web'], replicas: { web: 2 } },
    serviceName: 'shop',
    definition: {},
    register: true,
    diff: ['+ containerDefinitions[web]: image nginx:1.27'],
    action: 'create',
    desiredCount: 2,
    desiredCountSource: 'deploy.replicas of web',
    launchType: 'FARGATE',
    settings: {},
    logGroups: [],
    changes: ['new service running shop:1 (new)'],
    ...overrides,
  };
}

const preview: DeployPreview = {
  account: '123456789012',
  identity: 'arn:aws:iam::123456789012:user/me',
  region: 'eu-west-1',
  profile: 'dev',
  cluster: 'prod',
  services: [],
  problems: [],
};

test('the preview of a new service: who, where, the service and its network, the definition as added', () => {
  const lines = describePreview({
    ...preview,
    endpoint: 'http://127.0.0.1:4566',
    services: [plan({ networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], assignPublicIp: 'ENABLED' } } })],
  });
  assert.deepEqual(lines, [
    'Account:  123456789012 (arn:aws:iam::123456789012:user/me)',
    'Region:   eu-west-1 (profile dev)',
    'Endpoint: http://127.0.0.1:4566',
    'Cluster:  prod',
    'Service:  shop (create): 2 desired (deploy.replicas of web), FARGATE, subnets subnet-a,subnet-b, security groups (the VPC default), public IP ENABLED',
    '          new service running shop:1 (new)',
    'Task definition shop:',
    '  + containerDefinitions[web]: image nginx:1.27',
  ]);
});

test('the preview of an update and of a service already as asked: the changes, or nothing to register', () => {
  const registered = { arn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop:4', revision: 4, definition: {} };
  const lines = describePreview({
    ...preview,
    profile: undefined,
    services: [
      plan({
        action: 'update',
        registered,
        launchType: undefined,
        desiredCount: undefined,
        desiredCountSource: 'kept: the service runs 3',
        diff: ['~ containerDefinitions[web].image: nginx:1.27 → nginx:1.28'],
        changes: ['task definition shop:4 → shop:5 (new)'],
      }),
      plan({
        serviceName: 'jobs',
        target: { family: 'jobs', definition: {}, composeServices: ['jobs'], replicas: {} },
        action: 'none',
        registered: { ...registered, revision: 2 },
        register: false,
        diff: [],
        desiredCount: 1,
        desiredCountSource: 'as asked',
        changes: [],
      }),
    ],
  });
  assert.deepEqual(lines.slice(1), [
    'Region:   eu-west-1',
    'Cluster:  prod',
    'Service:  shop (update): kept: the service runs 3',
    '          task definition shop:4 → shop:5 (new)',
    'Task definition shop: changes from revision 4:',
    '  ~ containerDefinitions[web].image: nginx:1.27 → nginx:1.28',
    'Service:  jobs (unchanged): 1 desired (as asked), FARGATE',
    'Task definition jobs:2 is the same: nothing to register.',
  ]);
});
