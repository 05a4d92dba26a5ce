import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { findLocalTasks, groupServices } from '../../engine/src/ecs/rebuild';
import { runTask, TaskRun } from '../../engine/src/ecs/runTask';
import { removeLabelled, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { leftovers, shContainer, testPlan } from '../helpers/ecs';
import { until } from '../helpers/until';

const { docker } = testEngine();
const runId = uniqueName('ecs-rebuild');
const mine = [`${TEST_LABEL}=${runId}`];

after(() => removeLabelled(docker, `${TEST_LABEL}=${runId}`));

describe('rebuilding the state from the engine', () => {
  test('tasks and services come back from their labels, with statuses, exit codes and ports; a running one can be taken over and stopped', async () => {
    const service = uniqueName('svc');
    const serviceDefinition = {
      family: service,
      revision: 4,
      networkMode: 'awsvpc',
      containerDefinitions: [
        shContainer('web', 'sleep 600', { portMappings: [{ containerPort: 8080 }] }),
        shContainer('side', 'exit 2', { essential: false }),
      ],
      volumes: [{ name: 'scratch', dockerVolumeConfiguration: { scope: 'task' } }],
    };
    const running = await runTask({
      docker,
      plan: testPlan(serviceDefinition, runId, { service, desiredCount: 3, dynamicHostPorts: true }),
      pollMs: 100,
    });
    const started = await running.whenStarted();
    const oneOff = uniqueName('job');
    const finished = await runTask({
      docker,
      plan: testPlan({ family: oneOff, containerDefinitions: [shContainer('job', 'exit 5', { memory: 32 })] }, runId),
      removeOnStop: false,
    });
    await finished.stopped;

    const found = await findLocalTasks(docker, mine);
    assert.equal(found.length, 2);
    const [svcTask, jobTask] = found;
    assert.equal(svcTask!.plan.family, service);
    assert.equal(svcTask!.plan.revision, 4);
    assert.equal(svcTask!.plan.taskId, running.taskId);
    assert.equal(svcTask!.desiredCount, 3);
    assert.deepEqual(
      svcTask!.plan.containers.map((c) => [c.name, c.essential]),
      [
        ['web', true],
        ['side', false],
      ],
    );
    assert.equal(svcTask!.resources.taskVolumes.length, 1);
    assert.deepEqual(
      groupServices(found).map((s) => [s.name, s.desiredCount, s.tasks.length]),
      [[service, 3, 1]],
    );

    const jobRun = TaskRun.adopt({ docker, plan: jobTask!.plan }, jobTask!.resources);
    assert.equal(jobRun.state().lastStatus, 'STOPPED');
    assert.equal(jobRun.state().stoppedReason, 'Essential container in task exited');
    assert.equal(jobRun.state().containers[0]!.exitCode, 5);

    const adopted = TaskRun.adopt({ docker, plan: svcTask!.plan }, svcTask!.resources);
    const state = await adopted.whenStarted();
    assert.equal(state.lastStatus, 'RUNNING');
    assert.equal(state.containers.find((c) => c.name === 'side')!.exitCode, 2);
    assert.deepEqual(state.containers.find((c) => c.name === 'web')!.ports, started.containers.find((c) => c.name === 'web')!.ports);
    const stopped = await adopted.stop();
    assert.equal(stopped.stoppedReason, 'Task stopped by user');
    assert.equal(stopped.containers.find((c) => c.name === 'web')!.exitCode, 143);
    await jobRun.removeResources();
    // The run that started the service task still watches it in this process (after a restart it would
    // not), and tears it down too when its essential container stops: the engine removes the sandbox for
    // whichever asked first, so nothing is left once both are done.
    await running.stopped;
    await until('nothing of the run to be left on the engine', async () => (await leftovers(docker, runId)).length === 0);
    assert.deepEqual(await leftovers(docker, runId), []);
  });
});
