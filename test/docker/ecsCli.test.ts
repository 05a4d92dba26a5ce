import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { removeLabelled, TEST_IMAGE, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { leftovers, shContainer } from '../helpers/ecs';
import { projectRoot } from '../helpers/paths';

const { docker } = testEngine();
const runId = uniqueName('ecs-cli');
const folder = mkdtempSync(join(tmpdir(), 'dockside-ecs-cli-'));
const cli = join(projectRoot, 'dist', 'cli.js');
const common = ['--sandbox-image', TEST_IMAGE, '--sandbox-command', 'sleep 86400', '--label', `${TEST_LABEL}=${runId}`];

after(async () => {
  await removeLabelled(docker, `${TEST_LABEL}=${runId}`);
  rmSync(folder, { recursive: true, force: true });
});

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `whenStarted` is called once it says the task started (to interrupt it, say). */
function dockside(args: string[], whenStarted?: (child: ReturnType<typeof spawn>) => void, startedPattern = / RUNNING\n/): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: folder });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (whenStarted && startedPattern.test(stderr)) {
        whenStarted(child);
        whenStarted = undefined;
      }
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function writeTask(name: string, definition: unknown): string {
  const file = join(folder, `${name}.task-definition.json`);
  writeFileSync(file, JSON.stringify(definition, null, 2));
  return file;
}

describe('dockside ecs run-task', () => {
  test('waits for the task, prints every exit code and the stop reason, exits 0 when the essential containers exited 0', async () => {
    writeFileSync(join(folder, 'app.env'), 'GREETING=from-file\n');
    writeFileSync(join(folder, 'secrets.json'), JSON.stringify({ 'arn:aws:ssm:eu-west-1:1:parameter/token': 'tok3n' }));
    const file = writeTask('ok', {
      family: uniqueName('cli-ok'),
      networkMode: 'awsvpc',
      containerDefinitions: [
        shContainer(
          'app',
          'test "$GREETING" = from-file && test "$TOKEN" = tok3n && wget -q -O - "$ECS_CONTAINER_METADATA_URI_V4" | grep -q \'"Name":"app"\'',
          {
            environmentFiles: [{ value: 'app.env', type: 's3' }],
            secrets: [{ name: 'TOKEN', valueFrom: 'arn:aws:ssm:eu-west-1:1:parameter/token' }],
          },
        ),
        shContainer('side', 'exit 3', { essential: false }),
      ],
    });
    const result = await dockside(['ecs', 'run-task', file, '--secrets', 'secrets.json', ...common]);
    assert.equal(result.status, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /app \(essential\): exit code 0/);
    assert.match(result.stdout, /side \(not essential\): exit code 3/);
    assert.match(result.stdout, /Stopped reason: Essential container in task exited/);
    assert.ok(!result.stdout.includes('tok3n') && !result.stderr.includes('tok3n'), 'a secret value is never printed');
    assert.deepEqual(await leftovers(docker, runId), []);
  });

  test('exits 1 when an essential container exits non-zero', async () => {
    const file = writeTask('fails', {
      family: uniqueName('cli-fails'),
      networkMode: 'awsvpc',
      containerDefinitions: [shContainer('job', 'exit 4')],
    });
    const result = await dockside(['ecs', 'run-task', file, ...common]);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /job \(essential\): exit code 4/);
    assert.match(result.stdout, /Stop code: EssentialContainerExited/);
  });

  test('Ctrl-C stops the task as the user, and removes it', async () => {
    const file = writeTask('long', {
      family: uniqueName('cli-long'),
      networkMode: 'awsvpc',
      containerDefinitions: [shContainer('server', 'sleep 600')],
    });
    const result = await dockside(['ecs', 'run-task', file, ...common], (child) => child.kill('SIGINT'));
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /Stopped reason: Task stopped by user/);
    assert.match(result.stdout, /server \(essential\): exit code 143/);
    assert.deepEqual(await leftovers(docker, runId), []);
  });

  test('bad input is a clear message, exit 2, and nothing left behind', async () => {
    const noImage = writeTask('noimage', {
      family: 'x',
      containerDefinitions: [{ name: 'x', image: 'dockside-test/absent:1', memory: 32 }],
    });
    const undeclared = writeTask('undeclared', {
      family: 'x',
      containerDefinitions: [shContainer('x', 'true', { memory: 32, mountPoints: [{ sourceVolume: 'nowhere', containerPath: '/n' }] })],
    });
    const secret = writeTask('secret', {
      family: 'x',
      containerDefinitions: [shContainer('x', 'true', { memory: 32, secrets: [{ name: 'S', valueFrom: 'arn:aws:secretsmanager:x' }] })],
    });
    writeFileSync(join(folder, 'broken.task-definition.json'), '{ "family": "x", }');
    const cases: Array<[string[], RegExp]> = [
      [['ecs', 'run-task', noImage, ...common], /CannotPullContainerError: the image "dockside-test\/absent:1" is not on this engine/],
      [['ecs', 'run-task', undeclared, ...common], /mounts the volume "nowhere", which the task definition's "volumes" does not declare/],
      [['ecs', 'run-task', secret, ...common], /needs the secret S; secrets are never fetched from AWS/],
      [
        ['ecs', 'run-task', join(folder, 'broken.task-definition.json'), ...common],
        /broken\.task-definition\.json:1:16: This is not strict JSON, which ECS requires: JSON allows no comma before a closing bracket\./,
      ],
      [['ecs', 'run-task', join(folder, 'missing.json')], /no such file/],
      [['ecs', 'run-task'], /^dockside ecs: name the task definition file\. Run "dockside ecs --help" for the options\.\n$/],
      [
        ['ecs', 'launch', noImage],
        /^dockside ecs: unknown command "launch"; use run-task, create-service, serve or deploy\. Run "dockside ecs --help"/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await dockside(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
    assert.deepEqual(await leftovers(docker, runId), []);
  });
});

describe('dockside ecs create-service', () => {
  test('keeps the desired count running until interrupted, then stops and removes its tasks', async () => {
    const family = uniqueName('cli-svc');
    const file = writeTask('svc', {
      family,
      networkMode: 'awsvpc',
      containerDefinitions: [shContainer('web', 'sleep 600', { portMappings: [{ containerPort: 80 }] })],
    });
    let runningSeen = -1;
    const twoRunning = /task \w+ RUNNING[^\n]*\n[\s\S]*task \w+ RUNNING/;
    const result = await dockside(
      ['ecs', 'create-service', file, '--desired-count', '2', ...common],
      (child) => {
        const filters = JSON.stringify({
          label: [`${TEST_LABEL}=${runId}`, `dockside.ecs.service=${family}`, 'dockside.ecs.role=container'],
          status: ['running'],
        });
        void docker.listContainers({ filters }).then((list) => {
          runningSeen = list.length;
          child.kill('SIGINT');
        });
      },
      twoRunning,
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(runningSeen, 2);
    assert.match(result.stderr, /task \w+ RUNNING: web 127\.0\.0\.1:\d+->80\/tcp/);
    assert.match(result.stdout, new RegExp(`Service ${family} stopped; 2 tasks stopped and removed`));
    assert.deepEqual(await leftovers(docker, runId), []);
  });

  test('a missing image is said before any task starts, with exit 2', async () => {
    const file = writeTask('svc-noimage', {
      family: 'x',
      containerDefinitions: [{ name: 'x', image: 'dockside-test/absent:2', memory: 32 }],
    });
    const result = await dockside(['ecs', 'create-service', file, '--desired-count', '1', ...common]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /CannotPullContainerError: the image "dockside-test\/absent:2" is not on this engine/);
    const usage = await dockside(['ecs', 'create-service', file]);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /create-service needs --desired-count N/);
    assert.deepEqual(await leftovers(docker, runId), []);
  });
});
