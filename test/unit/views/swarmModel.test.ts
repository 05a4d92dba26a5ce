// The Swarm view as plain data: nodes, stacks → services → tasks, what each item says, and which actions
// (menus) it offers; an engine outside a swarm offers to initialise one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { SwarmServiceSummary, SwarmSnapshot, SwarmTaskSummary } from '../../../engine/src/swarm';
import { parseEngineEvent } from '../../../engine/src/session';
import { refreshesViews } from '../../../client/src/views/refreshModel';
import { presentSwarmNode, swarmChildren, swarmContextValue, swarmRoots, type SwarmNode } from '../../../client/src/views/swarmModel';
import { projectRoot } from '../../helpers/paths';

function task(slot: number, state: SwarmTaskSummary['state'], extra: Partial<SwarmTaskSummary> = {}): SwarmTaskSummary {
  return {
    id: `task${slot}${state}`,
    name: `shop_web.${slot}`,
    slot,
    node: 'node-a',
    nodeId: 'n1',
    state,
    desiredState: state === 'running' ? 'running' : 'shutdown',
    since: '2026-12-07T10:00:00Z',
    image: 'shop/web:2',
    ports: [],
    ...extra,
  };
}

const web: SwarmServiceSummary = {
  id: 'svc1234567890abc',
  name: 'shop_web',
  shortName: 'web',
  stack: 'shop',
  mode: 'replicated',
  image: 'shop/web:2',
  running: 1,
  desired: 2,
  updateState: 'updating',
  ports: [{ published: 8080, target: 80, protocol: 'tcp', mode: 'ingress' }],
  canRollBack: true,
  version: 12,
  tasks: [
    task(1, 'running'),
    task(2, 'failed', { error: 'task: non-zero exit (1)', exitCode: 1 }),
    task(2, 'starting', { desiredState: 'running' }),
  ],
};
const { updateState: _updating, ...steady } = web;
const agent: SwarmServiceSummary = {
  ...steady,
  id: 'svc2',
  name: 'shop_agent',
  shortName: 'agent',
  mode: 'global',
  running: 2,
  desired: 2,
  canRollBack: false,
  tasks: [],
  ports: [],
};

const snapshot: SwarmSnapshot = {
  state: { role: 'manager', nodeId: 'n1', nodes: 2, managers: 1 },
  nodes: [
    { id: 'n1', hostname: 'node-a', role: 'manager', availability: 'active', state: 'ready', leader: true, self: true },
    { id: 'n2', hostname: 'node-b', role: 'worker', availability: 'drain', state: 'down', leader: false, self: false },
  ],
  stacks: [{ name: 'shop', services: [agent, web], networks: ['shop_default'], secrets: [], configs: [] }],
};

const view = (node: SwarmNode) => {
  const shown = presentSwarmNode(node);
  return [shown.label, shown.description, shown.contextValue];
};

test('a manager shows its nodes, then each stack with its services and their tasks per node', () => {
  const [nodes, stack] = swarmRoots(snapshot);
  assert.deepEqual(view(nodes!), ['Nodes', '1/2 ready', 'swarmNodes']);
  assert.deepEqual(swarmChildren(nodes!).map(view), [
    ['node-a', 'leader · active · this engine', 'swarmNode drain'],
    ['node-b', 'worker · drain · down', 'swarmNode activate'],
  ]);
  assert.deepEqual(view(stack!), ['shop', '2 services · 3/4 tasks', 'swarmStack remove']);
  const [agentNode, webNode] = swarmChildren(stack!);
  assert.deepEqual(view(agentNode!), ['agent', 'global 2/2', 'swarmService logs forceUpdate']);
  assert.deepEqual(view(webNode!), ['web', '1/2 · updating · 8080→80/tcp', 'swarmService scale logs forceUpdate rollback']);
  assert.deepEqual(swarmChildren(webNode!).map(view), [
    ['web.1', 'node-a · running', 'swarmTask'],
    ['web.2', 'node-a · starting', 'swarmTask'],
    ['web.2', 'node-a · failed (exit 1) · task: non-zero exit (1)', 'swarmTask'],
  ]);
});

test('an engine outside a swarm offers to initialise one; a worker says to connect to a manager', () => {
  const inactive = swarmRoots({ state: { role: 'inactive' }, nodes: [], stacks: [] });
  assert.deepEqual(inactive.map(view), [['This engine is not part of a Swarm', undefined, 'swarmInactive init']]);
  assert.match(presentSwarmNode(inactive[0]!).tooltip!, /docker swarm init/);
  const worker = swarmRoots({ state: { role: 'worker' }, nodes: [], stacks: [] });
  assert.equal(swarmContextValue(worker[0]!), 'swarmState');
  assert.match(presentSwarmNode(worker[0]!).label, /connect to a manager/);
});

test("the view follows the manager's service and node events", () => {
  const event = (type: string, action: string) =>
    parseEngineEvent(JSON.stringify({ Type: type, Action: action, Actor: { ID: 'x', Attributes: {} } }))!;
  assert.ok(refreshesViews(event('service', 'update'), ['service', 'node', 'container']));
  assert.ok(refreshesViews(event('node', 'update'), ['service', 'node', 'container']));
  assert.equal(refreshesViews(event('service', 'update'), ['container']), false, 'views that show no services');
});

test('every Swarm item action has its menu entry, gated on trust unless it only reads', () => {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    contributes: { menus: Record<string, Array<{ command: string; when?: string }>> };
  };
  const entries = (manifest.contributes.menus['view/item/context'] ?? []).filter((entry) => entry.when?.includes('view == dockside.swarm'));
  const offered = new Set<string>();
  for (const node of [
    ...swarmRoots(snapshot).flatMap((root) => [root, ...swarmChildren(root)]),
    ...swarmRoots({ state: { role: 'inactive' }, nodes: [], stacks: [] }),
  ]) {
    const [kind, ...actions] = swarmContextValue(node).split(' ');
    for (const action of actions) offered.add(`${kind} ${action}`);
  }
  for (const pair of offered) {
    const [kind, action] = pair.split(' ');
    const matching = entries.filter((entry) => entry.when!.includes(`viewItem =~ /^${kind}\\b.*\\b${action}\\b/`));
    assert.equal(matching.length, 1, `one menu entry for ${pair}`);
    assert.equal(matching[0]!.when!.includes('isWorkspaceTrusted'), action !== 'logs', `${pair}: ${matching[0]!.when}`);
  }
  assert.equal(offered.size, entries.length, 'no menu entry for an action no item offers');
});
