import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { runTask } from '../../engine/src/ecs/runTask';
import { LocalService } from '../../engine/src/ecs/service';
import { removeLabelled, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { leftovers, shContainer, testPlan } from '../helpers/ecs';
import { until } from '../helpers/until';

const { docker } = testEngine();
const runId = uniqueName('ecs-svc');

after(() => removeLabelled(docker, `${TEST_LABEL}=${runId}`));

const BACKOFF_MS = 500;

/** Running task containers of this service on the engine (not the scheduler's own count). */
async function runningOnEngine(service: string): Promise<number> {
  const filters = JSON.stringify({
    label: [`${TEST_LABEL}=${runId}`, `dockside.ecs.service=${service}`, 'dockside.ecs.role=container'],
    status: ['running'],
  });
  return (await docker.listContainers({ filters })).length;
}

describe('a service on the engine', () => {
  test('keeps its desired count: a task killed from outside is replaced within the back-off; scale to 0 and back; stop removes all', async () => {
    const name = uniqueName('web');
    const definition = { family: name, networkMode: 'awsvpc', containerDefinitions: [shContainer('web', 'sleep 600')] };
    const service = new LocalService({
      name,
      desiredCount: 2,
      backoff: { initialMs: BACKOFF_MS, maxMs: BACKOFF_MS },
      launch: () =>
        runTask({ docker, plan: testPlan(definition, runId, { service: name, desiredCount: 2, dynamicHostPorts: true }), pollMs: 100 }),
    });
    service.start();
    await until('2 running tasks', () => service.state().runningCount === 2, 15_000);
    assert.equal(await runningOnEngine(name), 2);

    const victim = service.state().tasks[0]!;
    await docker.getContainer(victim.containers[0]!.dockerId!).kill();
    await until('the killed task to stop', () => service.state().stoppedTasks.some((t) => t.taskId === victim.taskId), 10_000);
    const stopped = service.state().stoppedTasks.find((t) => t.taskId === victim.taskId)!;
    assert.equal(stopped.stoppedReason, 'Essential container in task exited');
    assert.equal(stopped.containers[0]!.exitCode, 137);
    const back = await until('2 running tasks again', () => service.state().runningCount === 2, BACKOFF_MS + 5_000);
    assert.ok(back >= BACKOFF_MS - 100, `replaced after the back-off, not at once (${back} ms)`);
    assert.equal(await runningOnEngine(name), 2);

    service.scale(0);
    await until('no running task', async () => service.state().tasks.length === 0 && (await runningOnEngine(name)) === 0, 15_000);
    assert.match(service.state().stoppedTasks[0]!.stoppedReason!, /^Scaling activity initiated by \(deployment ecs-svc\/\d+\)$/);
    service.scale(2);
    await until('2 running tasks after scaling up', () => service.state().runningCount === 2, 15_000);

    await service.stop();
    assert.equal(service.state().status, 'INACTIVE');
    assert.deepEqual(await leftovers(docker, runId), []);
  });
});
