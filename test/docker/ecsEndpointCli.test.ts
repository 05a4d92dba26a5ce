// The README's AWS CLI walkthrough of the local ECS endpoint, command for command, with Debian's AWS CLI
// against `dockside ecs serve` on the real engine: a cluster, a task definition registered from JSON, a
// task run to its end and its exit code and log read back, a service of two rolled over to a new
// revision, and the error names AWS gives for an unknown cluster and a task definition Dockside rejects.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { removeLabelled, TEST_IMAGE, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { startEndpoint, type RunningEndpoint } from '../helpers/ecsEndpoint';
import { projectRoot } from '../helpers/paths';

/** Debian's AWS CLI, which `npm test` installs (scripts/aws-cli.mjs). */
const AWS_CLI = '/usr/bin/aws';
const { docker } = testEngine();
const runId = uniqueName('ecs-endpoint-cli');
const folder = mkdtempSync(join(tmpdir(), 'dockside-ecs-endpoint-cli-'));
const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
let endpoint: RunningEndpoint;

// The files the walkthrough registers, as the README shows them (the image is the local test image).
const hello = {
  family: 'hello',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [
    {
      name: 'hello',
      image: TEST_IMAGE,
      command: ['sh', '-c', 'echo Hello from a local task; exit 3'],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/hello', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' },
      },
    },
  ],
};
const web = (version: string) => ({
  family: 'web',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'web', image: TEST_IMAGE, command: ['sh', '-c', `echo ${version}; exec sleep 3600`], stopTimeout: 2 }],
});

before(async () => {
  writeFileSync(join(folder, 'hello.json'), JSON.stringify(hello, null, 2));
  writeFileSync(join(folder, 'web.json'), JSON.stringify(web('v1'), null, 2));
  writeFileSync(join(folder, 'web-v2.json'), JSON.stringify(web('v2'), null, 2));
  writeFileSync(join(folder, 'too-big.json'), JSON.stringify({ ...hello, memory: '4096' }, null, 2));
  endpoint = await startEndpoint({ stateDir: join(folder, 'state'), runId, cwd: folder });
});

after(async () => {
  await endpoint?.interrupt();
  await removeLabelled(docker, `${TEST_LABEL}=${runId}`);
  rmSync(folder, { recursive: true, force: true });
});

interface Result {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one line of the walkthrough as the README writes it (`aws --endpoint-url $ENDPOINT …`), in a
 * shell with Debian's AWS CLI first on PATH, dummy credentials and no user configuration.
 */
function aws(line: string, variables: Record<string, string> = {}, { inReadme = true } = {}): Promise<Result> {
  if (inReadme) assert.ok(readme.includes(line), `the README shows: ${line}`);
  const env = {
    PATH: `/usr/bin:${process.env.PATH ?? ''}`,
    HOME: folder,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: join(folder, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(folder, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ENDPOINT: endpoint.url,
    ...variables,
  };
  return new Promise((resolve) => {
    execFile('bash', ['-c', line.replace(/^aws /, `${AWS_CLI} `)], { cwd: folder, env, timeout: 170_000 }, (error, stdout, stderr) =>
      resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function ok(line: string, variables?: Record<string, string>): Promise<string> {
  const result = await aws(line, variables);
  assert.equal(result.status, 0, `${line}\n${result.stderr}\n--- endpoint:\n${endpoint.stderr()}`);
  return result.stdout.trim();
}

describe('the AWS CLI walkthrough against dockside ecs serve', () => {
  test('a task runs to its end; its exit code and its log come back; unknown clusters and rejected definitions are AWS errors', async () => {
    assert.match(
      await ok('aws --endpoint-url $ENDPOINT ecs create-cluster --cluster-name demo --query cluster.status --output text'),
      /^ACTIVE$/,
    );
    assert.equal(
      await ok(
        'aws --endpoint-url $ENDPOINT ecs register-task-definition --cli-input-json file://hello.json --query taskDefinition.taskDefinitionArn --output text',
      ),
      'arn:aws:ecs:us-east-1:000000000000:task-definition/hello:1',
    );
    const task = await ok(
      "aws --endpoint-url $ENDPOINT ecs run-task --cluster demo --task-definition hello --launch-type FARGATE --network-configuration 'awsvpcConfiguration={subnets=[subnet-local]}' --query 'tasks[0].taskArn' --output text",
    );
    assert.match(task, /^arn:aws:ecs:us-east-1:000000000000:task\/demo\/[0-9a-f]{32}$/);
    await ok('aws --endpoint-url $ENDPOINT ecs wait tasks-stopped --cluster demo --tasks $TASK', { TASK: task });
    assert.deepEqual(
      JSON.parse(
        await ok(
          "aws --endpoint-url $ENDPOINT ecs describe-tasks --cluster demo --tasks $TASK --query 'tasks[0].[lastStatus,stopCode,containers[0].exitCode]'",
          {
            TASK: task,
          },
        ),
      ),
      ['STOPPED', 'EssentialContainerExited', 3],
    );
    assert.deepEqual(
      JSON.parse(
        await ok(
          "aws --endpoint-url $ENDPOINT logs get-log-events --log-group-name /ecs/hello --log-stream-name ecs/hello/${TASK##*/} --query 'events[].message'",
          {
            TASK: task,
          },
        ),
      ),
      ['Hello from a local task'],
    );

    const unknown = await aws('aws --endpoint-url $ENDPOINT ecs list-tasks --cluster nope');
    assert.notEqual(unknown.status, 0);
    assert.match(
      unknown.stderr,
      /An error occurred \(ClusterNotFoundException\) when calling the ListTasks operation: Cluster not found\./,
    );
    const rejected = await aws('aws --endpoint-url $ENDPOINT ecs register-task-definition --cli-input-json file://too-big.json');
    assert.notEqual(rejected.status, 0);
    assert.match(
      rejected.stderr,
      /\(ClientException\) when calling the RegisterTaskDefinition operation: Fargate has no task size with cpu 256 and memory 4096/,
    );
  });

  test('a service of two becomes stable, rolls over to a new revision, and is deleted with its tasks', async () => {
    await ok('aws --endpoint-url $ENDPOINT ecs register-task-definition --cli-input-json file://web.json');
    await ok(
      "aws --endpoint-url $ENDPOINT ecs create-service --cluster demo --service-name web --task-definition web --desired-count 2 --network-configuration 'awsvpcConfiguration={subnets=[subnet-local]}'",
    );
    await ok('aws --endpoint-url $ENDPOINT ecs wait services-stable --cluster demo --services web');
    await ok('aws --endpoint-url $ENDPOINT ecs register-task-definition --cli-input-json file://web-v2.json');
    await ok('aws --endpoint-url $ENDPOINT ecs update-service --cluster demo --service web --task-definition web:2');
    await ok('aws --endpoint-url $ENDPOINT ecs wait services-stable --cluster demo --services web');
    assert.deepEqual(
      JSON.parse(
        await ok(
          "aws --endpoint-url $ENDPOINT ecs describe-services --cluster demo --services web --query 'services[0].deployments[].[status,taskDefinition,rolloutState,runningCount]'",
        ),
      ),
      [['PRIMARY', 'arn:aws:ecs:us-east-1:000000000000:task-definition/web:2', 'COMPLETED', 2]],
    );
    const running = JSON.parse(
      await ok("aws --endpoint-url $ENDPOINT ecs list-tasks --cluster demo --service-name web --query 'taskArns'"),
    ) as string[];
    assert.equal(running.length, 2);
    const events = await ok(
      "aws --endpoint-url $ENDPOINT ecs describe-services --cluster demo --services web --query 'services[0].events[].message' --output text",
    );
    assert.match(events, /\(service web\) has reached a steady state\./);
    assert.match(events, /\(service web\) \(deployment ecs-svc\/\d+\) deployment completed\./);

    await ok('aws --endpoint-url $ENDPOINT ecs delete-service --cluster demo --service web --force');
    await ok('aws --endpoint-url $ENDPOINT ecs wait services-inactive --cluster demo --services web');
    const filters = JSON.stringify({ label: [`${TEST_LABEL}=${runId}`, 'dockside.ecs.service=web'] });
    assert.deepEqual(await docker.listContainers({ all: true, filters }), [], "the service's containers are gone");
  });

  test('Ctrl-C stops the endpoint without asking and leaves what runs running', async () => {
    const line =
      "aws --endpoint-url $ENDPOINT ecs run-task --cluster demo --task-definition web --network-configuration 'awsvpcConfiguration={subnets=[subnet-local]}' --query 'tasks[0].taskArn' --output text";
    const result = await aws(line, {}, { inReadme: false });
    assert.equal(result.status, 0, result.stderr);
    const taskId = result.stdout.trim().split('/').at(-1)!;
    const running = JSON.stringify({ label: [`${TEST_LABEL}=${runId}`, `dockside.ecs.task-id=${taskId}`], status: ['running'] });
    await waitFor('the task to run', async () => (await docker.listContainers({ filters: running })).length === 2);
    assert.equal(await endpoint.interrupt(), 0);
    assert.match(endpoint.stderr(), /Stopping the endpoint; tasks keep running\./);
    assert.equal((await docker.listContainers({ filters: running })).length, 2, 'the task and its sandbox still run');
  });
});
