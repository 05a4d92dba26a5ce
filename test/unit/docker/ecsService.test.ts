import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSchedule } from '../../../engine/src/ecs/schedule';
import { backoffDelay, DEFAULT_BACKOFF, LocalService, ScheduledRuns } from '../../../engine/src/ecs/service';
import { FakeClock, settle } from '../../helpers/fakeClock';
import { TaskDouble } from '../../helpers/taskDouble';

function harness(desiredCount: number, failLaunches = 0) {
  const clock = new FakeClock(new Date('2026-11-27T09:00:00Z'));
  const launched: TaskDouble[] = [];
  let failures = failLaunches;
  const service = new LocalService({
    name: 'web',
    desiredCount,
    clock,
    backoff: { initialMs: 1000, factor: 2, maxMs: 8000 },
    launch: async () => {
      if (failures-- > 0) throw new Error('CannotPullContainerError: nope');
      const task = new TaskDouble(`task-${launched.length + 1}`, clock);
      launched.push(task);
      return task;
    },
  });
  return { clock, launched, service };
}

test('back-off doubles from the first wait up to the most', () => {
  const options = { ...DEFAULT_BACKOFF, initialMs: 1000, factor: 2, maxMs: 5000 };
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, options)),
    [0, 1000, 2000, 4000, 5000, 5000],
  );
});

test('a service starts its desired count and replaces a stopped task after the back-off, longer each time', async () => {
  const { clock, launched, service } = harness(2);
  service.start();
  await settle();
  assert.equal(service.state().runningCount, 2);
  await launched[0]!.end();
  await settle();
  assert.equal(service.state().runningCount, 1);
  assert.equal(service.state().nextLaunchAt?.toISOString(), '2026-11-27T09:00:01.000Z');
  await clock.advance(999);
  assert.equal(launched.length, 2, 'not before the back-off');
  await clock.advance(1);
  assert.equal(launched.length, 3);
  assert.equal(service.state().runningCount, 2);
  // A second quick failure waits twice as long.
  await launched[2]!.end();
  await clock.advance(1999);
  assert.equal(service.state().runningCount, 1);
  await clock.advance(1);
  assert.equal(service.state().runningCount, 2);
  assert.equal(service.state().stoppedTasks[0]!.stoppedReason, 'Essential container in task exited');
  assert.match(
    service
      .state()
      .events.map((e) => e.message)
      .join('\n'),
    /task task-1 stopped: Essential container in task exited/,
  );
});

test('scaling down stops the newest tasks with the scaling reason; scaling up starts more at once', async () => {
  const { launched, service } = harness(3);
  service.start();
  await settle();
  service.scale(1);
  await settle();
  assert.equal(service.state().runningCount, 1);
  assert.deepEqual(
    service.state().tasks.map((t) => t.taskId),
    ['task-1'],
  );
  assert.match(launched[2]!.state().stoppedReason!, /^Scaling activity initiated by \(deployment ecs-svc\/\d+\)$/);
  assert.equal(launched[2]!.state().stopCode, 'ServiceSchedulerInitiated');
  service.scale(0);
  await settle();
  assert.equal(service.state().runningCount, 0);
  service.scale(2);
  await settle();
  assert.equal(service.state().runningCount, 2, 'a scale-down is not a failure: no back-off');
});

test('a launch that fails is retried after the back-off', async () => {
  const { clock, service } = harness(1, 2);
  service.start();
  await settle();
  assert.equal(service.state().runningCount, 0);
  assert.match(service.state().events[0]!.message, /unable to start a task: CannotPullContainerError/);
  await clock.advance(1000);
  assert.equal(service.state().runningCount, 0, 'second failure');
  await clock.advance(1999);
  assert.equal(service.state().runningCount, 0);
  await clock.advance(1);
  assert.equal(service.state().runningCount, 1);
});

test('stopping the service stops all its tasks and launches no more', async () => {
  const { clock, launched, service } = harness(2);
  service.start();
  await settle();
  await service.stop();
  assert.equal(service.state().status, 'INACTIVE');
  assert.equal(service.state().runningCount, 0);
  assert.ok(launched.every((t) => t.state().lastStatus === 'STOPPED'));
  await clock.advance(60_000);
  assert.equal(launched.length, 2);
});

test('rate(1 minute) starts a task every minute from when it was scheduled, and shows the next run', async () => {
  const clock = new FakeClock(new Date('2026-11-27T09:00:20Z'));
  const started: string[] = [];
  const runs = new ScheduledRuns({
    schedule: parseSchedule('rate(1 minute)'),
    clock,
    launch: async () => {
      started.push(new Date(clock.now()).toISOString());
      return new TaskDouble(`run-${started.length}`, clock);
    },
  });
  runs.start();
  assert.equal(runs.state().nextRunAt?.toISOString(), '2026-11-27T09:01:20.000Z');
  await clock.advance(59_999);
  assert.deepEqual(started, []);
  await clock.advance(1);
  assert.deepEqual(started, ['2026-11-27T09:01:20.000Z']);
  assert.equal(runs.state().nextRunAt?.toISOString(), '2026-11-27T09:02:20.000Z');
  await clock.advance(120_000);
  assert.deepEqual(started, ['2026-11-27T09:01:20.000Z', '2026-11-27T09:02:20.000Z', '2026-11-27T09:03:20.000Z']);
  assert.equal(runs.state().tasks.length, 3);
  runs.stop();
  assert.equal(runs.state().nextRunAt, undefined);
  await clock.advance(600_000);
  assert.equal(started.length, 3);
});

test('a cron schedule waits for its time; a failed launch is reported and the next run still comes', async () => {
  const clock = new FakeClock(new Date('2026-11-27T11:30:00Z'));
  let attempts = 0;
  const runs = new ScheduledRuns({
    schedule: parseSchedule('cron(0 12 * * ? *)'),
    clock,
    launch: async () => {
      attempts++;
      throw new Error('CannotPullContainerError: the image "x" is not on this engine');
    },
  });
  runs.start();
  assert.equal(runs.state().nextRunAt?.toISOString(), '2026-11-27T12:00:00.000Z');
  await clock.advance(30 * 60_000);
  assert.equal(attempts, 1);
  assert.match(runs.state().lastError ?? '', /CannotPullContainerError/);
  assert.equal(runs.state().nextRunAt?.toISOString(), '2026-11-28T12:00:00.000Z');
});
