// A service rolling over to a new task definition as ECS's rolling update does, on a clock the tests
// move: minimumHealthyPercent and maximumPercent bound what runs at each step, health checks hold the
// old tasks until the new ones are HEALTHY, and the circuit breaker ends a failing deployment.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalService, type DeploymentConfiguration } from '../../../engine/src/ecs/service';
import { FakeClock, settle } from '../../helpers/fakeClock';
import { TaskDouble } from '../../helpers/taskDouble';

interface Options {
  readonly desiredCount: number;
  readonly config?: Partial<DeploymentConfiguration>;
}

function harness({ desiredCount, config }: Options) {
  const clock = new FakeClock(new Date('2026-11-27T09:00:00Z'));
  const launched: TaskDouble[] = [];
  const launcher =
    (revision: number, options: { pending?: boolean; healthCheck?: boolean; fail?: boolean } = {}) =>
    async () => {
      if (options.fail) throw new Error('CannotPullContainerError: the image "app:broken" is not on this engine');
      const task = new TaskDouble(`r${revision}-${launched.length + 1}`, clock, { ...options, revision });
      launched.push(task);
      return task;
    };
  const service = new LocalService({
    name: 'web',
    desiredCount,
    clock,
    backoff: { initialMs: 1000, factor: 2, maxMs: 4000 },
    deploymentConfiguration: {
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: false, rollback: false },
      ...config,
    },
    deployments: [{ taskDefinition: 'web:1', launch: launcher(1) }],
  });
  const live = (revision: number) => launched.filter((t) => t.state().revision === revision && t.state().lastStatus !== 'STOPPED');
  const messages = () => service.state().events.map((e) => e.message);
  return { clock, launched, service, launcher, live, messages };
}

async function steadyOnFirstRevision(h: ReturnType<typeof harness>): Promise<string> {
  h.service.start();
  await settle();
  const [first] = h.service.state().deployments;
  assert.equal(first!.rolloutState, 'COMPLETED');
  return first!.id;
}

test('with 100% healthy and 200% at most, new tasks start beside the old ones, which stop as each new one runs', async () => {
  const h = harness({ desiredCount: 2 });
  const oldId = await steadyOnFirstRevision(h);
  assert.match(h.messages()[0]!, /^\(service web\) has reached a steady state\.$/);

  const newId = h.service.deploy({ taskDefinition: 'web:2', launch: h.launcher(2, { pending: true }) });
  await settle();
  assert.deepEqual(
    h.service.state().deployments.map((d) => [d.taskDefinition, d.status, d.rolloutState]),
    [
      ['web:2', 'PRIMARY', 'IN_PROGRESS'],
      ['web:1', 'ACTIVE', 'COMPLETED'],
    ],
  );
  assert.equal(h.live(2).length, 2, 'both new tasks start at once: 4 tasks is 200%');
  assert.equal(h.live(1).length, 2, 'no old task stops while the new ones are pending');

  h.live(2)[0]!.run();
  await h.clock.advance(1000);
  assert.equal(h.live(1).length, 1, 'one new task runs: one old task may go');
  const stoppedOld = h.launched.find((t) => t.state().revision === 1 && t.state().lastStatus === 'STOPPED')!;
  assert.equal(stoppedOld.state().stoppedReason, `Scaling activity initiated by (deployment ${oldId})`);
  assert.equal(stoppedOld.state().stopCode, 'ServiceSchedulerInitiated');

  h.live(2)[1]!.run();
  await h.clock.advance(1000);
  assert.equal(h.live(1).length, 0);
  assert.deepEqual(
    h.service.state().deployments.map((d) => [d.id, d.status, d.rolloutState, d.runningCount]),
    [[newId, 'PRIMARY', 'COMPLETED', 2]],
  );
  assert.deepEqual(h.messages().slice(0, 2), [
    '(service web) has reached a steady state.',
    `(service web) (deployment ${newId}) deployment completed.`,
  ]);
});

test('with 50% healthy and 100% at most, the tasks are replaced one at a time and never exceed the desired count', async () => {
  const h = harness({ desiredCount: 2, config: { minimumHealthyPercent: 50, maximumPercent: 100 } });
  await steadyOnFirstRevision(h);
  h.service.deploy({ taskDefinition: 'web:2', launch: h.launcher(2, { pending: true }) });
  await settle();
  assert.deepEqual([h.live(1).length, h.live(2).length], [1, 1], 'one old task stops first, then one new one starts');
  await h.clock.advance(5000);
  assert.deepEqual([h.live(1).length, h.live(2).length], [1, 1], 'the next waits for the new task to run');
  h.live(2)[0]!.run();
  await h.clock.advance(1000);
  assert.deepEqual([h.live(1).length, h.live(2).length], [0, 2]);
  h.live(2)[1]!.run();
  await h.clock.advance(1000);
  assert.equal(h.service.state().deployments[0]!.rolloutState, 'COMPLETED');
});

test('new tasks with a health check count only once HEALTHY', async () => {
  const h = harness({ desiredCount: 1 });
  await steadyOnFirstRevision(h);
  h.service.deploy({ taskDefinition: 'web:2', launch: h.launcher(2, { healthCheck: true }) });
  await h.clock.advance(3000);
  assert.deepEqual([h.live(1).length, h.live(2).length], [1, 1], 'RUNNING but not yet HEALTHY: the old task stays');
  h.live(2)[0]!.reportHealth('HEALTHY');
  await h.clock.advance(1000);
  assert.deepEqual([h.live(1).length, h.live(2).length], [0, 1]);
});

test('the circuit breaker ends a deployment whose tasks keep failing, and rolls back to the last completed one', async () => {
  const h = harness({ desiredCount: 2, config: { deploymentCircuitBreaker: { enable: true, rollback: true } } });
  const oldId = await steadyOnFirstRevision(h);
  const newId = h.service.deploy({ taskDefinition: 'web:2', launch: h.launcher(2, { fail: true }) });
  await h.clock.advance(10_000);
  const messages = h.messages();
  assert.ok(messages.includes(`(service web) (deployment ${newId}) deployment failed: tasks failed to start.`), messages.join('\n'));
  assert.ok(messages.includes(`(service web) rolling back to deployment ${oldId}.`));
  const [primary] = h.service.state().deployments;
  assert.equal(primary!.id, oldId);
  assert.equal(primary!.taskDefinition, 'web:1');
  assert.equal(primary!.rolloutState, 'COMPLETED', 'the old tasks never stopped: back at once');
  assert.equal(h.live(1).length, 2);
  assert.equal(h.service.state().runningCount, 2);
});

test('without rollback a failed deployment stays FAILED and starts nothing more', async () => {
  const h = harness({ desiredCount: 1, config: { minimumHealthyPercent: 0, deploymentCircuitBreaker: { enable: true, rollback: false } } });
  await steadyOnFirstRevision(h);
  let attempts = 0;
  h.service.deploy({
    taskDefinition: 'web:2',
    launch: async () => {
      attempts++;
      throw new Error('CannotPullContainerError: no such image');
    },
  });
  await h.clock.advance(60_000);
  const [primary] = h.service.state().deployments;
  assert.equal(primary!.rolloutState, 'FAILED');
  assert.equal(primary!.rolloutStateReason, 'ECS deployment circuit breaker: tasks failed to start.');
  assert.equal(primary!.failedTasks, 3);
  assert.equal(attempts, 3);
  await h.clock.advance(600_000);
  assert.equal(attempts, 3);
});

test('stopped tasks beyond the history are removed from the engine; deleting the service removes the rest', async () => {
  const h = harness({ desiredCount: 1 });
  h.service.start();
  await settle();
  for (let i = 0; i < 12; i++) {
    await h.live(1)[0]!.stop();
    await settle();
  }
  assert.equal(h.service.state().stoppedTasks.length, 10);
  assert.deepEqual(
    h.launched.slice(0, 3).map((t) => t.removed),
    [true, true, false],
  );
  await h.service.stop();
  assert.ok(h.launched.every((t) => t.removed));
});
