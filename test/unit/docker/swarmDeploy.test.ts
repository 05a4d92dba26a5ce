// What the Swarm deploy decides without an engine: whether a running service already has its spec,
// and how progress and failures read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFailure, describeProgress, loadSwarmStack, type ServiceSpec } from '../../../engine/src/swarm';
import { specCovers } from '../../../engine/src/swarm/deploy';
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
