// `dockside ecs deploy` against `dockside ecs serve` on the real engine (no machine here reaches AWS): a
// Compose stack with deploy.replicas: 2 converted, confirmed, deployed and stable; the same file again
// registering nothing; changed content registering revision 2 and rolling over; a revision whose container
// exits 7 failing with exit 1 and saying why; a task definition file deployed without waiting; and the
// refusals (no subnets for a new awsvpc service, a conversion that dropped a bind mount, usage errors),
// each changing nothing. Credentials come from a profile or the environment and never show in the output.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateClusterCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  DescribeTasksCommand,
} from '@aws-sdk/client-ecs';
import { removeLabelled, TEST_IMAGE, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { startEndpoint, type RunningEndpoint } from '../helpers/ecsEndpoint';
import { projectRoot } from '../helpers/paths';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { docker } = testEngine();
const runId = uniqueName('ecs-deploy-cli');
const folder = mkdtempSync(join(tmpdir(), 'dockside-ecs-deploy-cli-'));
const project = runId.replace(/[^a-z0-9]/g, '');
const cluster = 'demo';
// Credentials a leak would show: in the profile's credentials file, and in the environment.
const PROFILE_KEY_ID = 'AKIADOCKSIDEPROFILE1';
const PROFILE_SECRET = 'profile-secret-Zq7Wc3Rr9';
const ENV_KEY_ID = 'AKIADOCKSIDEENVIRON1';
const ENV_SECRET = 'environment-secret-Kx2Pv8Tn4';
let endpoint: RunningEndpoint;
let ecs: ECSClient;

before(async () => {
  writeFileSync(join(folder, 'config'), '[profile local]\nregion = eu-west-1\n');
  writeFileSync(join(folder, 'credentials'), `[local]\naws_access_key_id = ${PROFILE_KEY_ID}\naws_secret_access_key = ${PROFILE_SECRET}\n`);
  endpoint = await startEndpoint({
    stateDir: join(folder, 'state'),
    runId,
    cwd: folder,
    args: ['--backoff-ms', '300', '--no-pull', '--stop-tasks'],
  });
  ecs = new ECSClient({ endpoint: endpoint.url, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
});

after(async () => {
  ecs?.destroy();
  await endpoint?.interrupt();
  await removeLabelled(docker, `${TEST_LABEL}=${runId}`);
  rmSync(folder, { recursive: true, force: true });
});

/** A Compose project of one service on the test image; `script` is what it runs. */
function compose(script: string, extra = ''): string {
  return [
    `name: ${project}`,
    'x-ecs:',
    // The converter's placeholder account, filled in by the deploy from STS.
    '  executionRoleArn: arn:aws:iam::ACCOUNT_ID:role/ecsTaskExecutionRole',
    'services:',
    '  web:',
    `    image: ${TEST_IMAGE}`,
    `    command: ["sh", "-c", ${JSON.stringify(script)}]`,
    '    stop_grace_period: 2s',
    '    deploy:',
    '      replicas: 2',
    extra,
  ].join('\n');
}

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `dockside ecs deploy FILE --cluster demo --endpoint-url … ARGS`, credentials from the profile (or the environment). */
function deploy(file: string, args: readonly string[], { credentials = 'profile' as 'profile' | 'environment' } = {}): Promise<Result> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: folder,
    AWS_CONFIG_FILE: join(folder, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(folder, 'credentials'),
    ...(credentials === 'environment' ? { AWS_ACCESS_KEY_ID: ENV_KEY_ID, AWS_SECRET_ACCESS_KEY: ENV_SECRET, AWS_REGION: 'eu-west-1' } : {}),
  };
  const profile = credentials === 'profile' ? ['--aws-profile', 'local'] : [];
  const argv = [
    join(projectRoot, 'dist', 'cli.js'),
    'ecs',
    'deploy',
    file,
    '--cluster',
    cluster,
    '--endpoint-url',
    endpoint.url,
    ...profile,
    ...args,
  ];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { cwd: folder, env, timeout: 180_000 }, (error, stdout, stderr) => {
      const result = { status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr };
      const output = stdout + stderr;
      // Whatever happened, no credential is ever printed, and no warning of the AWS SDK's about Node.js versions.
      for (const secret of [PROFILE_KEY_ID, PROFILE_SECRET, ENV_KEY_ID, ENV_SECRET])
        assert.ok(!output.includes(secret), `a credential was printed:\n${output}`);
      assert.doesNotMatch(output, /NodeVersionSupportWarning/);
      resolve(result);
    });
  });
}

function write(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

async function service(name: string) {
  return (await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }))).services?.[0];
}

async function revisions(family: string): Promise<string[]> {
  const arns = (await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }))).taskDefinitionArns ?? [];
  return arns.filter((arn) => arn.split('/').at(-1)!.startsWith(`${family}:`)).map((arn) => arn.split('/').at(-1)!);
}

async function runningRevisions(name: string): Promise<string[]> {
  const arns = (await ecs.send(new ListTasksCommand({ cluster, serviceName: name }))).taskArns ?? [];
  if (arns.length === 0) return [];
  const tasks = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks ?? [];
  return tasks.filter((t) => t.lastStatus === 'RUNNING').map((t) => t.taskDefinitionArn!.split('/').at(-1)!);
}

const explain = (result: Result) => `exit ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;

describe('dockside ecs deploy against the local ECS endpoint', () => {
  const file = join(folder, 'compose.yaml');

  test('a Compose stack with deploy.replicas: 2 deploys, confirmed, and becomes stable', { timeout: 180_000 }, async () => {
    write('compose.yaml', compose('echo v1 ready; exec sleep 3600'));
    const result = await deploy(file, ['--subnets', 'subnet-a,subnet-b', '--security-groups', 'sg-1', '--yes']);
    assert.equal(result.status, 0, explain(result));
    assert.equal(result.stdout, `Deployed ${project}:1 to service ${project} in cluster ${cluster}: 2/2 running.\n`);
    // Before the first change: who, where, which service, how many, what is new.
    for (const line of [
      'Account:  000000000000 (arn:aws:iam::000000000000:root)',
      'Region:   eu-west-1 (profile local)',
      `Endpoint: ${endpoint.url}`,
      `Cluster:  ${cluster}`,
      `Service:  ${project} (create): 2 desired (deploy.replicas of web), FARGATE, subnets subnet-a,subnet-b, security groups sg-1, public IP DISABLED`,
      `  + containerDefinitions[web]: image ${TEST_IMAGE}`,
      `Registered ${project}:1.`,
      `Created log group /ecs/${project}.`,
      `Created service ${project} running ${project}:1 with 2 desired.`,
    ])
      assert.ok(result.stderr.includes(`${line}\n`), `${line}\n${explain(result)}`);
    assert.ok(result.stderr.indexOf('Cluster:') < result.stderr.indexOf('Registered'), 'shown before the first change');
    assert.match(result.stderr, new RegExp(`${project}: .* \\(service ${project}\\) has reached a steady state\\.`));
    assert.match(result.stderr, new RegExp(`${project}: 2/2 running \\(COMPLETED\\)`));
    const deployed = await service(project);
    assert.deepEqual([deployed?.runningCount, deployed?.desiredCount, deployed?.taskDefinition?.split('/').at(-1)], [2, 2, `${project}:1`]);
    assert.deepEqual(deployed?.networkConfiguration?.awsvpcConfiguration?.subnets, ['subnet-a', 'subnet-b']);
    assert.deepEqual(await revisions(project), [`${project}:1`]);
  });

  test('the same file again registers nothing new and changes nothing', { timeout: 120_000 }, async () => {
    const result = await deploy(file, [], { credentials: 'environment' });
    assert.equal(result.status, 0, explain(result));
    assert.ok(result.stderr.includes(`Task definition ${project}:1 is the same: nothing to register.\n`), explain(result));
    assert.ok(result.stderr.includes(`Service ${project} already runs ${project}:1 with 2 desired: nothing to update.\n`), explain(result));
    assert.ok(result.stderr.includes('Region:   eu-west-1\n'), 'the Region from AWS_REGION');
    assert.doesNotMatch(result.stderr, /Registered|Created service|Updated service/);
    assert.deepEqual(await revisions(project), [`${project}:1`]);
  });

  test('changed content registers revision 2 and rolls the tasks over to it', { timeout: 180_000 }, async () => {
    write('compose.yaml', compose('echo v2 ready; exec sleep 3600'));
    const result = await deploy(file, ['--yes']);
    assert.equal(result.status, 0, explain(result));
    assert.equal(result.stdout, `Deployed ${project}:2 to service ${project} in cluster ${cluster}: 2/2 running.\n`);
    assert.ok(result.stderr.includes(`Task definition ${project}: changes from revision 1:\n`), explain(result));
    assert.ok(
      result.stderr.includes(
        '  ~ containerDefinitions[web].command: ["sh","-c","echo v1 ready; exec sleep 3600"] → ["sh","-c","echo v2 ready; exec sleep 3600"]\n',
      ),
      explain(result),
    );
    assert.ok(result.stderr.includes(`          task definition ${project}:1 → ${project}:2 (new)\n`), explain(result));
    assert.ok(result.stderr.includes(`Updated service ${project}: task definition ${project}:1 → ${project}:2 (new).\n`), explain(result));
    assert.match(result.stderr, /deployment completed\./);
    const rolled = await service(project);
    assert.deepEqual(
      rolled?.deployments?.map((d) => [d.status, d.taskDefinition?.split('/').at(-1), d.rolloutState, d.runningCount]),
      [['PRIMARY', `${project}:2`, 'COMPLETED', 2]],
    );
    assert.deepEqual(await runningRevisions(project), [`${project}:2`, `${project}:2`]);
    assert.deepEqual(await revisions(project), [`${project}:1`, `${project}:2`]);
  });

  test(
    'a revision whose container exits 7 fails with exit 1, naming the task, the container, its exit code and its log',
    { timeout: 180_000 },
    async () => {
      write('compose.yaml', compose('echo failing on purpose; exit 7'));
      const result = await deploy(file, ['--yes', '--timeout', '2m']);
      assert.equal(result.status, 1, explain(result));
      assert.equal(result.stdout, '');
      assert.match(
        result.stderr,
        new RegExp(`dockside: (A task|\\d tasks) of ${project}:3 stopped: Essential container in task exited\\.`),
      );
      assert.match(
        result.stderr,
        new RegExp(
          `Task \\w+ \\(${project}:3\\) stopped \\[EssentialContainerExited\\]: Essential container in task exited\\n  web: exit code 7\\n`,
        ),
      );
      assert.match(result.stderr, new RegExp(`Last events of service ${project}:\\n  \\S+ \\(service ${project}\\)`));
      assert.match(result.stderr, new RegExp(`Log of web in task \\w+ \\(/ecs/${project}, web/web/\\w+\\):\\n  \\| failing on purpose\\n`));
      assert.ok(
        result.stderr.includes(
          `To go back: aws ecs update-service --cluster ${cluster} --service ${project} --task-definition ${project}:2`,
        ),
        explain(result),
      );
    },
  );

  test('a new awsvpc service without subnets is refused with a message, and nothing is changed', { timeout: 60_000 }, async () => {
    write('other.yaml', compose('exec sleep 3600').replace(`name: ${project}`, `name: ${project}-other`));
    const result = await deploy(join(folder, 'other.yaml'), ['--yes']);
    assert.equal(result.status, 2, explain(result));
    assert.match(
      result.stderr,
      new RegExp(
        `dockside: Service ${project}-other is new and its tasks use the awsvpc network mode: ECS needs the subnets \\(and security groups\\) to run them in\\. Give them with --subnets subnet-… \\[--security-groups sg-…\\] \\[--assign-public-ip\\], or in the Compose file's x-ecs\\.service\\.networkConfiguration`,
      ),
    );
    assert.ok(result.stderr.includes('dockside: nothing was changed.\n'));
    assert.equal(await service(`${project}-other`), undefined);
    assert.deepEqual(await revisions(`${project}-other`), []);
  });

  test(
    'a conversion that dropped what a container needs asks first: without a terminal, no deploy without --yes',
    { timeout: 60_000 },
    async () => {
      const bound = write(
        'bound.yaml',
        compose('exec sleep 3600', '    volumes:\n      - ./data:/data\n').replace(`name: ${project}`, `name: ${project}-bound`),
      );
      const result = await deploy(bound, ['--subnets', 'subnet-a']);
      assert.equal(result.status, 2, explain(result));
      assert.match(result.stderr, /bound\.yaml:\d+: dropped services\.web\.volumes\[0\]: /);
      assert.match(
        result.stderr,
        /The conversion dropped something a container needs \(above: services\.web\.volumes\[0\]\)\. Deploy anyway: not without --yes/,
      );
      assert.doesNotMatch(result.stderr, /Account:/, 'asked before reaching AWS');
      assert.deepEqual(await revisions(`${project}-bound`), []);
    },
  );

  test(
    'a task definition file, deployed without waiting; the x-ecs.service settings of a Compose file checked as ECS checks them',
    { timeout: 60_000 },
    async () => {
      const definition = {
        family: `${project}-td`,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        containerDefinitions: [{ name: 'app', image: TEST_IMAGE, command: ['sh', '-c', 'exec sleep 3600'], stopTimeout: 2 }],
      };
      const td = write('app.task-definition.json', JSON.stringify(definition, null, 2));
      const result = await deploy(td, [
        '--service',
        `${project}-td-svc`,
        '--desired-count',
        '1',
        '--subnets',
        'subnet-a',
        '--no-wait',
        '--yes',
      ]);
      assert.equal(result.status, 0, explain(result));
      assert.equal(result.stdout, `Deploying ${project}-td:1 to service ${project}-td-svc in cluster ${cluster}; not waiting for it.\n`);
      assert.equal((await service(`${project}-td-svc`))?.desiredCount, 1);
      await ecs.send(new DeleteServiceCommand({ cluster, service: `${project}-td-svc`, force: true }));

      const wrong = write(
        'settings.yaml',
        compose('exec sleep 3600')
          .replace(`name: ${project}`, `name: ${project}-settings`)
          .replace('x-ecs:\n', 'x-ecs:\n  service:\n    desiredCount: 3\n    healthCheckGracePeriodSeconds: soon\n'),
      );
      const refused = await deploy(wrong, ['--subnets', 'subnet-a', '--yes']);
      assert.equal(refused.status, 2, explain(refused));
      assert.ok(
        refused.stderr.includes('dockside: x-ecs.service.desiredCount is set by the deploy itself; remove it from the file.\n'),
        explain(refused),
      );
      assert.ok(
        refused.stderr.includes(
          'dockside: x-ecs.service: Invalid type for healthCheckGracePeriodSeconds: expected an integer, got the string "soon".\n',
        ),
        explain(refused),
      );
    },
  );

  test('usage: its own --help, a missing cluster, a bad launch type, a profile that does not exist', { timeout: 60_000 }, async () => {
    const help = await new Promise<Result>((resolve) =>
      execFile(process.execPath, [join(projectRoot, 'dist', 'cli.js'), 'ecs', 'deploy', '--help'], (error, stdout, stderr) =>
        resolve({ status: error ? 1 : 0, stdout, stderr }),
      ),
    );
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: dockside ecs deploy FILE --cluster NAME/);
    assert.match(help.stdout, /Exit status: 0 deployed and stable/);
    const noCluster = await new Promise<Result>((resolve) =>
      execFile(process.execPath, [join(projectRoot, 'dist', 'cli.js'), 'ecs', 'deploy', file], (error, stdout, stderr) =>
        resolve({ status: error && typeof error.code === 'number' ? error.code : 0, stdout, stderr }),
      ),
    );
    assert.equal(noCluster.status, 2);
    assert.equal(
      noCluster.stderr,
      'dockside ecs deploy: Name the cluster to deploy to with --cluster NAME. Run "dockside ecs deploy --help" for the options.\n',
    );
    const launch = await deploy(file, ['--launch-type', 'LAMBDA']);
    assert.equal(launch.status, 2);
    assert.match(launch.stderr, /--launch-type is FARGATE or EC2, not "LAMBDA"\./);
    const profile = await deploy(file, ['--aws-profile', 'nope', '--yes']);
    assert.equal(profile.status, 2);
    assert.match(profile.stderr, /dockside: No AWS profile "nope" in .*config or .*credentials\./);
  });
});
