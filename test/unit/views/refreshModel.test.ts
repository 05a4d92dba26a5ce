import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HELPER_LABEL } from '../../../engine/src/volumes';
import type { EngineChange } from '../../../engine/src/session';
import { containerFact, refreshesViews } from '../../../client/src/views/refreshModel';

const change = (scope: EngineChange['scope'], action: string, attributes: Record<string, string> = {}): EngineChange => ({
  scope,
  action,
  id: 'x',
  attributes,
});

test('container lifecycle, volume and network changes refresh the views that show them', () => {
  assert.ok(refreshesViews(change('container', 'start'), ['container']));
  assert.ok(refreshesViews(change('container', 'health_status'), ['container']));
  assert.ok(refreshesViews(change('volume', 'destroy'), ['volume', 'container']));
  assert.ok(refreshesViews(change('engine', 'connected'), []));
  assert.equal(refreshesViews(change('volume', 'create'), ['container']), false, 'a view that does not show volumes');
});

test("noise does not: healthcheck execs' neighbours, volume mounts, and the Volumes view's own helper containers", () => {
  assert.equal(refreshesViews(change('container', 'attach'), ['container']), false);
  assert.equal(refreshesViews(change('volume', 'mount'), ['volume']), false);
  assert.equal(refreshesViews(change('network', 'connect'), ['network']), false);
  assert.equal(refreshesViews(change('container', 'create', { [HELPER_LABEL]: 'true' }), ['container']), false);
});

test("a container's destroy says it is gone and its die that it stopped, before any re-read; other events say nothing by themselves", () => {
  assert.deepEqual(containerFact(change('container', 'destroy')), { containerId: 'x', removed: true });
  assert.deepEqual(containerFact(change('container', 'die')), { containerId: 'x', running: false });
  assert.equal(containerFact(change('container', 'start')), undefined);
  assert.equal(containerFact(change('volume', 'destroy')), undefined);
  assert.equal(containerFact(change('container', 'destroy', { [HELPER_LABEL]: 'true' })), undefined);
});
