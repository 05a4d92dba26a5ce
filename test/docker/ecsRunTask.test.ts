import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runTask, TaskStartError } from '../../engine/src/ecs/runTask';
import { taskExitStatus } from '../../engine/src/ecs/taskState';
import { removeLabelled, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { leftovers, shContainer, testPlan } from '../helpers/ecs';
import { until } from '../helpers/until';

const { docker } = testEngine();
const runId = uniqueName('ecs-run');

after(() => removeLabelled(docker, `${TEST_LABEL}=${runId}`));

const HTTPD = 'mkdir -p /www && echo hello-from-sidecar > /www/index.html && exec httpd -f -p 8080 -h /www';

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

describe('running a task definition on the engine', () => {
  test('the app waits for its sidecar to be HEALTHY and reaches it on localhost; ports are published on loopback', async () => {
    const definition = {
      family: uniqueName('pair'),
      networkMode: 'awsvpc',
      containerDefinitions: [
        shContainer('sidecar', HTTPD, {
          essential: false,
          portMappings: [{ containerPort: 8080 }],
          healthCheck: { command: ['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:8080/'], interval: 1, timeout: 2, retries: 10 },
        }),
        // The app stays up a moment so the host can reach the published port, then ends the task.
        shContainer('app', 'wget -q -O - http://localhost:8080/ | grep -q hello-from-sidecar && sleep 2', {
          dependsOn: [{ containerName: 'sidecar', condition: 'HEALTHY' }],
        }),
      ],
    };
    const run = await runTask({ docker, plan: testPlan(definition, runId, { dynamicHostPorts: true }), pollMs: 100 });
    const started = await run.whenStarted();
    assert.equal(started.lastStatus, 'RUNNING', started.stoppedReason);
    const port = started.containers.find((c) => c.name === 'sidecar')!.ports[0]!;
    assert.equal(port.hostIp, '127.0.0.1');
    assert.match(await get(`http://127.0.0.1:${port.hostPort}/`), /hello-from-sidecar/);
    const stopped = await run.stopped;
    assert.equal(stopped.stoppedReason, 'Essential container in task exited');
    assert.equal(stopped.stopCode, 'EssentialContainerExited');
    assert.equal(stopped.containers.find((c) => c.name === 'app')!.exitCode, 0);
    assert.equal(typeof stopped.containers.find((c) => c.name === 'sidecar')!.exitCode, 'number');
    assert.equal(taskExitStatus(stopped), 0);
    assert.deepEqual(await leftovers(docker, runId), []);
  });

  test('an essential container that exits 1 stops the task with the reason ECS gives', async () => {
    const definition = {
      family: uniqueName('fails'),
      networkMode: 'awsvpc',
      containerDefinitions: [shContainer('worker', 'sleep 60'), shContainer('job', 'exit 1')],
    };
    const run = await runTask({ docker, plan: testPlan(definition, runId), pollMs: 100 });
    const stopped = await run.stopped;
    assert.equal(stopped.stoppedReason, 'Essential container in task exited');
    assert.equal(stopped.containers.find((c) => c.name === 'job')!.exitCode, 1);
    // The other essential container was stopped by the task: SIGTERM through the init process.
    assert.equal(stopped.containers.find((c) => c.name === 'worker')!.exitCode, 143);
    assert.equal(taskExitStatus(stopped), 1);
    assert.deepEqual(await leftovers(docker, runId), []);
  });

  test('a non-essential container that exits 1 does not stop the task; the user does, and its volume goes with it', async () => {
    const definition = {
      family: uniqueName('keeps'),
      networkMode: 'bridge',
      containerDefinitions: [
        shContainer('main', 'echo kept > /data/file && sleep 60', {
          mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }],
          memory: 32,
        }),
        shContainer('helper', 'exit 1', { essential: false, memory: 32 }),
      ],
      volumes: [
        { name: 'data', dockerVolumeConfiguration: { scope: 'task', driver: 'local' } },
        { name: `${runId}-shared`, dockerVolumeConfiguration: { scope: 'shared', autoprovision: true, labels: { [TEST_LABEL]: runId } } },
      ],
    };
    const plan = testPlan(definition, runId);
    const run = await runTask({ docker, plan, pollMs: 100 });
    await run.whenStarted();
    await until('the helper to exit', () => run.state().containers.find((c) => c.name === 'helper')!.exitCode !== undefined);
    // The runner decides when it records an exit whether the exit stops the task: a non-essential one does not.
    assert.equal(run.state().stopCode, undefined);
    assert.equal(run.state().lastStatus, 'RUNNING');
    const taskVolume = plan.volumes.find((v) => v.name === 'data')!.dockerName;
    assert.ok(await docker.getVolume(taskVolume).inspect());
    const stopped = await run.stop();
    assert.equal(stopped.stoppedReason, 'Task stopped by user');
    assert.equal(stopped.stopCode, 'UserInitiated');
    assert.equal(stopped.containers.find((c) => c.name === 'helper')!.exitCode, 1);
    await assert.rejects(docker.getVolume(taskVolume).inspect(), 'the task-scoped volume is removed with the task');
    assert.ok(await docker.getVolume(`${runId}-shared`).inspect(), 'the shared volume stays');
    await docker.getVolume(`${runId}-shared`).remove();
  });

  test('user, workingDirectory, tmpfs, ulimits, environment and volumesFrom reach the container as the engine runs it', async () => {
    const check = [
      'test "$(id -u):$(id -g)" = 1000:1000',
      'test "$(pwd)" = /work',
      'grep -q " /scratch tmpfs " /proc/mounts',
      'test "$(ulimit -n)" = 512',
      'test "$MODE" = local',
      'test "$(cat /shared/greeting)" = hello',
    ].join(' && ');
    const definition = {
      family: uniqueName('settings'),
      networkMode: 'bridge',
      containerDefinitions: [
        shContainer('writer', 'echo hello > /shared/greeting', {
          essential: false,
          memory: 32,
          mountPoints: [{ sourceVolume: 'shared', containerPath: '/shared' }],
        }),
        shContainer('reader', check, {
          memory: 32,
          user: '1000:1000',
          workingDirectory: '/work',
          environment: [{ name: 'MODE', value: 'local' }],
          ulimits: [{ name: 'nofile', softLimit: 512, hardLimit: 1024 }],
          linuxParameters: { tmpfs: [{ containerPath: '/scratch', size: 16 }] },
          volumesFrom: [{ sourceContainer: 'writer', readOnly: true }],
          dependsOn: [{ containerName: 'writer', condition: 'SUCCESS' }],
        }),
      ],
      volumes: [{ name: 'shared', dockerVolumeConfiguration: { scope: 'task' } }],
    };
    const run = await runTask({ docker, plan: testPlan(definition, runId), pollMs: 100 });
    const stopped = await run.stopped;
    assert.equal(stopped.containers.find((c) => c.name === 'writer')!.exitCode, 0);
    assert.equal(stopped.containers.find((c) => c.name === 'reader')!.exitCode, 0, 'every check inside the container passed');
    assert.deepEqual(await leftovers(docker, runId), []);
  });

  test('a SUCCESS dependency that fails keeps its dependent from starting and stops the task', async () => {
    const definition = {
      family: uniqueName('depfail'),
      networkMode: 'awsvpc',
      containerDefinitions: [
        shContainer('migrate', 'exit 3', { essential: false }),
        shContainer('app', 'sleep 60', { dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] }),
      ],
    };
    const run = await runTask({ docker, plan: testPlan(definition, runId), pollMs: 100 });
    const stopped = await run.stopped;
    assert.equal(stopped.stopCode, 'TaskFailedToStart');
    assert.match(stopped.stoppedReason!, /container "app" waits for "migrate" to be SUCCESS, but it exited with code 3/);
    assert.equal(stopped.containers.find((c) => c.name === 'app')!.exitCode, undefined);
    assert.deepEqual(await leftovers(docker, runId), []);
  });

  test('an image that is not on the engine: a clear message and nothing created', async () => {
    const definition = {
      family: uniqueName('noimage'),
      containerDefinitions: [{ name: 'x', image: 'dockside-test/not-here:nope', memory: 32 }],
    };
    await assert.rejects(
      runTask({ docker, plan: testPlan(definition, runId) }),
      (error: unknown) =>
        error instanceof TaskStartError &&
        /CannotPullContainerError: the image "dockside-test\/not-here:nope" is not on this engine/.test(error.message),
    );
    assert.deepEqual(await leftovers(docker, runId), []);
  });

  test('a shared volume that does not exist (autoprovision false): a clear message and nothing created', async () => {
    const definition = {
      family: uniqueName('novolume'),
      containerDefinitions: [shContainer('x', 'true', { memory: 32, mountPoints: [{ sourceVolume: 'missing', containerPath: '/m' }] })],
      volumes: [{ name: 'missing', dockerVolumeConfiguration: { scope: 'shared', autoprovision: false } }],
    };
    await assert.rejects(
      runTask({ docker, plan: testPlan(definition, runId) }),
      /The shared volume "missing" does not exist on the engine and "autoprovision" is false/,
    );
    assert.deepEqual(await leftovers(docker, runId), []);
  });

  test('a container that cannot start (its host port is taken) fails the task to start, and everything is removed', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const definition = {
      family: uniqueName('nostart'),
      containerDefinitions: [shContainer('x', 'sleep 60', { memory: 32, portMappings: [{ containerPort: 80, hostPort: port }] })],
    };
    const run = await runTask({ docker, plan: testPlan(definition, runId) });
    const stopped = await run.stopped;
    taken.close();
    assert.equal(stopped.stopCode, 'TaskFailedToStart');
    assert.match(stopped.stoppedReason ?? '', new RegExp(`^CannotStartContainerError: .*127.0.0.1:${port}`));
    assert.equal(taskExitStatus(stopped), 1);
    assert.deepEqual(await leftovers(docker, runId), []);
  });
});
