// The AWS SDK for JavaScript (ECS, CloudWatch Logs, STS clients with `endpoint` set and dummy
// credentials) against `dockside ecs serve` on the real engine; bad input sent raw, each answered with an
// AWS-shaped error while the endpoint keeps serving; answers checked against the ECS API model's shapes;
// and the sidebar's local cluster (this process) and the endpoint (its own) seeing and driving one
// another's tasks and services through the engine and the state file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  TagResourceCommand,
  UpdateServiceCommand,
  waitUntilTasksStopped,
  type RegisterTaskDefinitionCommandInput,
  type Service,
} from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { LocalCluster } from '../../engine/src/ecs/cluster';
import { ECS_OPERATIONS, ECS_SHAPES, type ShapeSet } from '../../engine/src/ecs/api/shapes';
import { removeLabelled, TEST_IMAGE, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { shContainer, testClusterSettings } from '../helpers/ecs';
import { startEndpoint, type RunningEndpoint } from '../helpers/ecsEndpoint';

// The SDK warns, once per process, that its releases from 2027 want Node.js 22; the tests run on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { docker } = testEngine();
const runId = uniqueName('ecs-endpoint-sdk');
const folder = mkdtempSync(join(tmpdir(), 'dockside-ecs-endpoint-sdk-'));
const stateDir = join(folder, 'state');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let endpoint: RunningEndpoint;
let ecs: ECSClient;
let logs: CloudWatchLogsClient;
let view: LocalCluster;

const viewSettings = testClusterSettings(runId, stateDir);

before(async () => {
  endpoint = await startEndpoint({ stateDir, runId, cwd: folder, args: ['--backoff-ms', '200', '--no-pull'] });
  ecs = new ECSClient({ endpoint: endpoint.url, region: 'eu-west-1', credentials });
  logs = new CloudWatchLogsClient({ endpoint: endpoint.url, region: 'eu-west-1', credentials });
  view = new LocalCluster(docker, viewSettings, () => undefined);
  await view.rebuild();
});

after(async () => {
  ecs?.destroy();
  logs?.destroy();
  await view?.dispose();
  await endpoint?.interrupt();
  await removeLabelled(docker, `${TEST_LABEL}=${runId}`);
  rmSync(folder, { recursive: true, force: true });
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- endpoint:\n${endpoint.stderr()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A raw AWS JSON 1.1 call, as any client sends it; the signature is not checked. */
async function call(target: string, body: string | Buffer): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(endpoint.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': target,
      Authorization: 'AWS4-HMAC-SHA256 Credential=local/20261127/eu-west-1/ecs/aws4_request',
    },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const ecsCall = (operation: string, input: unknown) => call(`AmazonEC2ContainerServiceV20141113.${operation}`, JSON.stringify(input));

/** Members the answer has that its shape does not, and members of the wrong JSON type, by path. */
function offShape(shapes: ShapeSet, shapeName: string, value: unknown, path = ''): string[] {
  const shape = shapes[shapeName];
  if (!shape || value === undefined || value === null) return [];
  const at = path || '(answer)';
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      return Object.entries(value).flatMap(([key, member]) => {
        const ref = shape.members?.[key];
        return ref ? offShape(shapes, ref.shape, member, `${path}.${key}`) : [`${path}.${key}: not in the model`];
      });
    }
    case 'list':
      return Array.isArray(value)
        ? value.flatMap((item, i) => offShape(shapes, shape.member!.shape, item, `${path}[${i}]`))
        : [`${at}: not a list`];
    case 'map':
      return typeof value === 'object'
        ? Object.entries(value).flatMap(([k, v]) => offShape(shapes, shape.value!.shape, v, `${path}.${k}`))
        : [`${at}: not a map`];
    case 'string':
      return typeof value === 'string' && (!shape.enum || shape.enum.includes(value))
        ? []
        : [`${at}: ${JSON.stringify(value)} is not a ${shape.enum ? 'value of its enum' : 'string'}`];
    case 'integer':
    case 'long':
      return Number.isInteger(value) ? [] : [`${at}: not an integer`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    case 'timestamp':
    case 'double':
      return typeof value === 'number' ? [] : [`${at}: not a number`];
    default:
      return [];
  }
}

async function conforming(operation: string, input: unknown): Promise<Record<string, unknown>> {
  const { status, json } = await ecsCall(operation, input);
  assert.equal(status, 200, JSON.stringify(json));
  assert.deepEqual(offShape(ECS_SHAPES, ECS_OPERATIONS[operation]!.output, json), [], `${operation}'s answer fits the model`);
  return json;
}

const network = { awsvpcConfiguration: { subnets: ['subnet-local'] } };

/** A task definition on the test image whose container logs with awslogs, as the SDK takes it. */
function definition(family: string, command: string, extra: Record<string, unknown> = {}): RegisterTaskDefinitionCommandInput {
  return {
    family,
    networkMode: 'awsvpc',
    memory: '256',
    containerDefinitions: [
      shContainer(family, command, {
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': `/local/${runId}`, 'awslogs-stream-prefix': 'app' } },
        ...extra,
      }),
    ],
  } as RegisterTaskDefinitionCommandInput;
}

describe('the AWS SDK against dockside ecs serve', () => {
  test('ECS, CloudWatch Logs and STS clients: overrides, exit codes, a stop reason, tags, log streams and events', async () => {
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({ ...definition('greet', 'echo "$GREETING"; echo done'), tags: [{ key: 'team', value: 'web' }] }),
    );
    assert.equal(registered.taskDefinition?.taskDefinitionArn, 'arn:aws:ecs:eu-west-1:000000000000:task-definition/greet:1');
    const run = await ecs.send(
      new RunTaskCommand({
        taskDefinition: 'greet',
        networkConfiguration: network,
        startedBy: 'sdk-test',
        overrides: { containerOverrides: [{ name: 'greet', environment: [{ name: 'GREETING', value: 'hello from overrides' }] }] },
      }),
    );
    const taskArn = run.tasks![0]!.taskArn!;
    assert.deepEqual(run.failures, []);
    await waitUntilTasksStopped({ client: ecs, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { tasks: [taskArn] });
    const [task] = (await ecs.send(new DescribeTasksCommand({ tasks: [taskArn], include: ['TAGS'] }))).tasks!;
    assert.equal(task!.containers![0]!.exitCode, 0);
    assert.equal(task!.startedBy, 'sdk-test');
    assert.equal(task!.overrides?.containerOverrides?.[0]?.environment?.[0]?.value, 'hello from overrides');
    assert.ok(task!.createdAt instanceof Date && task!.stoppedAt! >= task!.startedAt!);
    assert.deepEqual((await ecs.send(new ListTasksCommand({ startedBy: 'sdk-test', desiredStatus: 'STOPPED' }))).taskArns, [taskArn]);

    const taskId = taskArn.split('/').at(-1)!;
    const stream = `app/greet/${taskId}`;
    const events = await logs.send(
      new GetLogEventsCommand({ logGroupName: `/local/${runId}`, logStreamName: stream, startFromHead: true }),
    );
    assert.deepEqual(
      events.events!.map((e) => e.message),
      ['hello from overrides', 'done'],
    );
    const again = await logs.send(
      new GetLogEventsCommand({ logGroupName: `/local/${runId}`, logStreamName: stream, nextToken: events.nextForwardToken }),
    );
    assert.deepEqual(again.events, [], 'at the end the forward token comes back with nothing more');
    assert.equal(again.nextForwardToken, events.nextForwardToken);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: `/local/${runId}` }));
    assert.deepEqual(
      streams.logStreams!.map((s) => s.logStreamName),
      [stream],
    );
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: `/local/${runId}`, filterPattern: '"from overrides"' }));
    assert.deepEqual(
      filtered.events!.map((e) => [e.logStreamName, e.message]),
      [[stream, 'hello from overrides']],
    );
    await logs.send(new CreateLogGroupCommand({ logGroupName: `/created/${runId}` }));
    await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: `/created/${runId}` })), {
      name: 'ResourceAlreadyExistsException',
    });
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/created/' }));
    assert.ok(groups.logGroups!.some((g) => g.logGroupName === `/created/${runId}`));
    await assert.rejects(logs.send(new GetLogEventsCommand({ logGroupName: `/local/${runId}`, logStreamName: 'app/greet/none' })), {
      name: 'ResourceNotFoundException',
    });

    const long = await ecs.send(new RegisterTaskDefinitionCommand(definition('sleeper', 'exec sleep 600')));
    const sleeping = await ecs.send(
      new RunTaskCommand({ taskDefinition: long.taskDefinition!.taskDefinitionArn!, networkConfiguration: network }),
    );
    const sleepingArn = sleeping.tasks![0]!.taskArn!;
    const stopped = await ecs.send(new StopTaskCommand({ task: sleepingArn, reason: 'Replaced by the SDK test' }));
    assert.equal(stopped.task?.desiredStatus, 'STOPPED');
    await waitUntilTasksStopped({ client: ecs, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { tasks: [sleepingArn] });
    const [after] = (await ecs.send(new DescribeTasksCommand({ tasks: [sleepingArn] }))).tasks!;
    assert.deepEqual([after!.stopCode, after!.stoppedReason], ['UserInitiated', 'Replaced by the SDK test']);

    const clusterArn = 'arn:aws:ecs:eu-west-1:000000000000:cluster/default';
    await ecs.send(new TagResourceCommand({ resourceArn: clusterArn, tags: [{ key: 'env', value: 'local' }] }));
    assert.deepEqual((await ecs.send(new ListTagsForResourceCommand({ resourceArn: clusterArn }))).tags, [{ key: 'env', value: 'local' }]);

    const sts = new STSClient({ endpoint: endpoint.url, region: 'eu-west-1', credentials });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    assert.equal(identity.Account, '000000000000');
    assert.equal(identity.Arn, 'arn:aws:iam::000000000000:root');

    await conforming('DescribeTasks', { tasks: [taskArn, sleepingArn, 'missing'], include: ['TAGS'] });
    await conforming('DescribeTaskDefinition', { taskDefinition: 'greet:1', include: ['TAGS'] });
    await conforming('DescribeClusters', { include: ['TAGS'] });
  });

  test('a deployment whose tasks cannot start ends FAILED and rolls back, as the circuit breaker does', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand(definition('breaker', 'exec sleep 600')));
    await ecs.send(
      new CreateServiceCommand({ serviceName: 'breaker', taskDefinition: 'breaker', desiredCount: 1, networkConfiguration: network }),
    );
    const stable = (s: Service | undefined) =>
      s?.deployments?.length === 1 && s.runningCount === 1 && s.deployments[0]!.rolloutState === 'COMPLETED';
    const describe = async () => (await ecs.send(new DescribeServicesCommand({ services: ['breaker'] }))).services?.[0];
    const first = await waitFor('the service to be stable', async () => ((s) => (stable(s) ? s : undefined))(await describe()));
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        ...definition('breaker', 'exec sleep 600'),
        containerDefinitions: [shContainer('breaker', 'true', { image: 'dockside-test/missing:none' })],
      }),
    );
    await ecs.send(
      new UpdateServiceCommand({
        service: 'breaker',
        taskDefinition: 'breaker:2',
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    const rolledBack = await waitFor('the rollback', async () => {
      const service = await describe();
      return service?.events?.some((e) => e.message?.includes('rolling back')) && stable(service) ? service : undefined;
    });
    assert.equal(rolledBack.deployments![0]!.id, first.deployments![0]!.id, 'the completed deployment is PRIMARY again');
    assert.match(rolledBack.taskDefinition!, /task-definition\/breaker:1$/);
    const messages = rolledBack.events!.map((e) => e.message);
    assert.ok(
      messages.some((m) => /\(service breaker\) \(deployment ecs-svc\/\d+\) deployment failed: tasks failed to start\./.test(m!)),
      messages.join('\n'),
    );
    assert.ok(messages.some((m) => /was unable to start a task: CannotPullContainerError/.test(m!)));
    await conforming('DescribeServices', { services: ['breaker', 'missing'] });
    await ecs.send(new DeleteServiceCommand({ service: 'breaker', force: true }));
  });

  test("EC2's DescribeSubnets and DescribeSecurityGroups: the engine's bridge network as the one subnet, the VPC's default group", async () => {
    const ec2 = new EC2Client({ endpoint: endpoint.url, region: 'eu-west-1', credentials });
    try {
      const bridge = (await docker.getNetwork('bridge').inspect()) as { Id: string; IPAM: { Config: Array<{ Subnet?: string }> } };
      const { Subnets } = await ec2.send(new DescribeSubnetsCommand({}));
      assert.equal(Subnets?.length, 1);
      const [subnet] = Subnets!;
      assert.equal(subnet!.SubnetId, `subnet-${bridge.Id.slice(0, 17)}`);
      assert.equal(subnet!.CidrBlock, bridge.IPAM.Config.find((c) => c.Subnet && !c.Subnet.includes(':'))?.Subnet);
      assert.deepEqual([subnet!.AvailabilityZone, subnet!.State, subnet!.DefaultForAz], ['local', 'available', true]);
      assert.deepEqual(subnet!.Tags, [{ Key: 'Name', Value: 'Docker network bridge' }]);
      const byVpc = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [subnet!.VpcId!] }] }));
      assert.equal(byVpc.Subnets?.length, 1);
      const elsewhere = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-0123456789abcdef0'] }] }));
      assert.deepEqual(elsewhere.Subnets, []);
      const { SecurityGroups } = await ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [subnet!.VpcId!] }] }),
      );
      assert.deepEqual(
        SecurityGroups?.map((g) => [g.GroupName, g.VpcId, g.OwnerId]),
        [['default', subnet!.VpcId, '000000000000']],
      );
      await assert.rejects(ec2.send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0nope'] })), {
        name: 'InvalidSubnetID.NotFound',
        message: "The subnet ID 'subnet-0nope' does not exist",
      });
      await assert.rejects(
        ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'ip-permission.cidr', Values: ['0.0.0.0/0'] }] })),
        {
          name: 'InvalidParameterValue',
        },
      );
    } finally {
      ec2.destroy();
    }
  });

  test('bad input gets a clear AWS-shaped error each time, and the endpoint keeps serving', async () => {
    const serving = async () => assert.equal((await ecsCall('ListClusters', {})).status, 200);
    const malformed = await call('AmazonEC2ContainerServiceV20141113.ListClusters', '{"maxResults": ');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json['__type'], 'SerializationException');
    await serving();
    const wrongType = await ecsCall('RunTask', { taskDefinition: 'greet', count: 'two' });
    assert.deepEqual(
      [wrongType.status, wrongType.json],
      [400, { __type: 'InvalidParameterException', message: 'Invalid type for count: expected an integer, got the string "two".' }],
    );
    await serving();
    const missing = await ecsCall('CreateService', { desiredCount: 1 });
    assert.equal(missing.json['message'], 'Missing required parameter serviceName.');
    const unknown = await ecsCall('ListContainerInstances', {});
    assert.equal(unknown.json['__type'], 'UnknownOperationException');
    assert.match(
      String(unknown.json['message']),
      /does not serve AmazonEC2ContainerServiceV20141113\.ListContainerInstances\. It serves CreateCluster, CreateService/,
    );
    const foreign = await call('DynamoDB_20120810.ListTables', '{}');
    assert.equal(foreign.json['__type'], 'UnknownOperationException');
    await serving();
    const huge = await call('AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition', Buffer.alloc(20 * 1024 * 1024, 'a'));
    assert.deepEqual([huge.status, huge.json['__type']], [413, 'RequestEntityTooLargeException']);
    await serving();
    await assert.rejects(
      ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'bad',
          containerDefinitions: [{ name: 'a', image: TEST_IMAGE, essential: false, memory: 64 }],
        }),
      ),
      (error: Error) => error.name === 'ClientException' && /at least one essential container/.test(error.message),
    );
    await assert.rejects(ecs.send(new ListTasksCommand({ cluster: 'nope' })), {
      name: 'ClusterNotFoundException',
      message: 'Cluster not found.',
    });
    await assert.rejects(ecs.send(new UpdateServiceCommand({ service: 'nope', desiredCount: 1 })), { name: 'ServiceNotFoundException' });
    await serving();
  });

  test('the sidebar and the endpoint see and drive one another: services, tasks, a scale and a stop across processes', async () => {
    const file = join(folder, 'shared.task-definition.json');
    writeFileSync(file, JSON.stringify(definition('shared', 'exec sleep 600')));
    // The view runs a service from a file; the endpoint lists it with the file's registered revision.
    await view.createService({ file }, 'from-view', 1);
    assert.ok(
      (await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'shared' }))).taskDefinitionArns?.includes(
        'arn:aws:ecs:eu-west-1:000000000000:task-definition/shared:1',
      ),
    );
    await waitFor("the endpoint to see the view's service running", async () => {
      const service = (await ecs.send(new DescribeServicesCommand({ services: ['from-view'] }))).services?.[0];
      return service?.runningCount === 1 ? service : undefined;
    });

    // The endpoint creates one; the view lists it as scheduled elsewhere, scales it, and the endpoint applies that.
    await ecs.send(
      new CreateServiceCommand({ serviceName: 'from-api', taskDefinition: 'shared:1', desiredCount: 1, networkConfiguration: network }),
    );
    const seen = await waitFor("the view to see the endpoint's service", async () => {
      await view.refresh();
      return view.snapshot().services.find((s) => s.name === 'from-api' && s.runningCount === 1);
    });
    assert.equal(seen.scheduledHere, false);
    await view.scale('from-api', 2);
    await waitFor('the endpoint to run two', async () => {
      const service = (await ecs.send(new DescribeServicesCommand({ services: ['from-api'] }))).services?.[0];
      return service?.runningCount === 2 && service.desiredCount === 2 ? service : undefined;
    });

    // The view runs a task; StopTask through the endpoint stops it with its reason, applied by the view.
    const run = await view.runTask({ file });
    await run.whenStarted();
    await ecs.send(new StopTaskCommand({ task: run.taskId, reason: 'Stopped through the endpoint' }));
    const final = await run.stopped;
    assert.deepEqual([final.stopCode, final.stoppedReason], ['UserInitiated', 'Stopped through the endpoint']);
    const [described] = (await ecs.send(new DescribeTasksCommand({ tasks: [run.taskId] }))).tasks!;
    assert.equal(described!.stoppedReason, 'Stopped through the endpoint');

    await ecs.send(new DeleteServiceCommand({ service: 'from-view', force: true }));
    await view.stopService('from-api');
    await waitFor('both services gone from the engine', async () => {
      const filters = JSON.stringify({ label: [`${TEST_LABEL}=${runId}`, 'dockside.ecs.role=container'], status: ['running'] });
      return (await docker.listContainers({ filters })).length === 0 ? true : undefined;
    });
  });
});
