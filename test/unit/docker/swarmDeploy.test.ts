// What the Swarm deploy decides without an engine: whether a running service already has its spec,
// when a service's tasks began running, and how progress and failures read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFailure, describeProgress, loadSwarmStack, type ServiceSpec } from '../../../engine/src/swarm';
import { specCovers } from '../../../engine/src/swarm/deploy';
import type { SwarmService, SwarmTask } from '../../../engine/src/swarm/types';
import { runningSince } from '../../../engine/src/swarm/wait';
import { memoryHost } from '../project/helpers';

function agentSpec(): ServiceSpec {
  const host = memoryHost({ '/p/shop/compose.yaml': 'services:\n  agent:\n    image: shop/agent\n    deploy:\n      mode: global\n' });
  return loadSwarmStack({ workingDir: '/p/shop', env: {} }, {}, host).plan.services[0]!.spec;
}

test('a running spec with engine defaults filled in still covers the plan; a changed field does not', () => {
  const planned = agentSpec();
  const running = structuredClone(planned) as ServiceSpec & { TaskTemplate: { ForceUpdate: number } };
  running.TaskTemplate.ContainerSpec.Isolation = 'default';
  running.TaskTemplate.ForceUpdate = 0;
  running.UpdateConfig = { Parallelism: 1, FailureAction: 'pause', MaxFailureRatio: 0, Order: 'stop-first' };
  assert.equal(specCovers(planned, running), true);
  const changed = structuredClone(planned);
  changed.TaskTemplate.ContainerSpec.Image = 'shop/agent:2';
  assert.equal(specCovers(changed, running), false);
  const relabelled = structuredClone(running);
  relabelled.Labels = { ...relabelled.Labels, extra: 'x' };
  assert.equal(specCovers(planned, relabelled), false, 'a label removed from the file is removed from the service');
});

test('progress and failures name the service, the task, the node and the error', () => {
  const base = { key: 'web', name: 'shop_web', id: 'x', failures: 0 };
  assert.equal(
    describeProgress({ ...base, running: 1, desired: 2, state: 'updating', updateState: 'updating' }),
    'web: 1/2 running, updating',
  );
  assert.equal(describeProgress({ ...base, running: 2, desired: 2, state: 'converged' }), 'web: converged, 2/2 running');
  assert.equal(
    describeProgress({
      ...base,
      running: 0,
      desired: 1,
      state: 'starting',
      message: 'no suitable node (host-mode port already in use on 1 node)',
    }),
    'web: 0/1 running (no suitable node (host-mode port already in use on 1 node))',
  );
  assert.equal(
    describeFailure({
      ...base,
      running: 0,
      desired: 2,
      state: 'failed',
      failures: 3,
      failure: { taskId: 't', task: 'web.2', node: 'vm', error: 'task: non-zero exit (1)', exitCode: 1, logs: [] },
    }),
    'Service "shop_web" did not converge: task web.2 failed on node vm: task: non-zero exit (1).',
  );
  assert.equal(
    describeFailure({ ...base, running: 0, desired: 1, state: 'failed', message: 'its update paused (update paused due to failure)' }),
    'Service "shop_web" did not converge: its update paused (update paused due to failure).',
  );
});

test("a service's monitor counts from when its last task began running, read on the engine's clock whatever this machine's says", () => {
  // The engine's clock is an hour and 2 s ahead of this machine's; the service was created (engine time
  // 13:00:00.000) and the engine answered the create at 12:00:00.000 here.
  const service = { CreatedAt: '2026-12-07T13:00:00.000Z' } as SwarmService;
  const task = (state: SwarmTask['Status']['State'], at: string, desired = 'running') =>
    ({ DesiredState: desired, Status: { State: state, Timestamp: at } }) as SwarmTask;
  const answeredAt = Date.parse('2026-12-07T12:00:00.000Z');
  const target = { id: 's', key: 'web', name: 'shop_web', changed: true, answeredAt };
  const later = answeredAt + 10_000;
  const tasks = [
    task('running', '2026-12-07T13:00:00.800Z'),
    task('running', '2026-12-07T13:00:01.250123456Z'),
    task('failed', '2026-12-07T13:00:03.000Z', 'shutdown'),
    task('running', '2026-12-07T13:00:04.000Z', 'shutdown'),
  ];
  assert.equal(runningSince(target, service, tasks, later), answeredAt + 1250, 'the last running task of the current ones counts');
  assert.equal(runningSince(target, service, tasks, answeredAt + 1000), answeredAt + 1000, 'never later than now');
  const updated = {
    CreatedAt: '2026-11-01T00:00:00Z',
    UpdateStatus: { State: 'completed', StartedAt: '2026-12-07T13:00:00.500Z' },
  } as SwarmService;
  assert.equal(runningSince(target, updated, tasks, later), answeredAt + 750, 'an update counts from when it started');
  const before = [task('running', '2026-12-07T12:59:59.000Z')];
  assert.equal(runningSince(target, service, before, later), answeredAt, 'never earlier than the engine answered');
  const { answeredAt: _, ...unanswered } = target;
  assert.equal(runningSince(unanswered, service, tasks, later), later, 'without an answer time: when it was seen');
  assert.equal(
    runningSince(target, { CreatedAt: 'garbled' } as SwarmService, tasks, later),
    later,
    'stamps that do not read: when it was seen',
  );
});
