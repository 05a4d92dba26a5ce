import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dangerousHostPath } from '../../../engine/src/mounts';
import {
  mountContainerNodes,
  mountNodes,
  presentMountsNode,
  type ContainerMountsLike,
  type MountLike,
} from '../../../client/src/views/mountsModel';

const bind = (source: string, destination: string, readOnly = false): MountLike => {
  const danger = dangerousHostPath(source);
  return { type: 'bind', source, destination, readOnly, mode: readOnly ? 'ro' : 'rw', ...(danger ? { danger } : {}) };
};

const web: ContainerMountsLike = {
  containerId: 'w1',
  containerName: 'shop-web-1',
  project: 'shop',
  service: 'web',
  state: 'running',
  mounts: [
    { type: 'volume', source: 'shop_dbdata', destination: '/data', readOnly: false, mode: 'z' },
    bind('/home/me/shop/src', '/app', true),
    { type: 'tmpfs', source: '', destination: '/run/cache', readOnly: false, mode: '', options: 'size=16m' },
  ],
};
const agent: ContainerMountsLike = {
  containerId: 'a1',
  containerName: 'zz-agent',
  state: 'exited',
  mounts: [bind('/var/run/docker.sock', '/var/run/docker.sock')],
};
const idle: ContainerMountsLike = { containerId: 'i1', containerName: 'idle', state: 'exited', mounts: [] };

test('each mount reads source → destination with its type and mode', () => {
  const [node] = mountContainerNodes([web]);
  const items = mountNodes(node!).map(presentMountsNode);
  assert.deepEqual(
    items.map((i) => [i.label, i.description, i.icon?.id, i.contextValue]),
    [
      ['shop_dbdata → /data', 'volume · read-write', 'database', 'mount inspectVolume'],
      ['/home/me/shop/src → /app', 'bind · read-only', 'folder', 'mount reveal'],
      ['tmpfs → /run/cache', 'tmpfs · read-write · size=16m', 'chip', 'mount'],
    ],
  );
  assert.equal(presentMountsNode(node!).description, 'shop › web · running · 3 mounts');
});

test('a dangerous bind mount is flagged with a warning, says why, and its container comes first, expanded', () => {
  const nodes = mountContainerNodes([idle, web, agent]);
  assert.deepEqual(
    nodes.map((n) => n.container.containerName),
    ['zz-agent', 'shop-web-1', 'idle'],
  );
  const container = presentMountsNode(nodes[0]!);
  assert.deepEqual(container.icon, { id: 'warning', color: 'list.warningForeground' });
  assert.equal(container.collapsible, 'expanded');
  assert.equal(container.description, 'exited · 1 mount · 1 dangerous');
  const [socket] = mountNodes(nodes[0]!).map(presentMountsNode);
  assert.equal(socket!.description, 'bind · read-write · dangerous');
  assert.equal(socket!.icon?.id, 'warning');
  assert.match(socket!.tooltip!, /\$\(warning\) Mounting `\/var\/run\/docker.sock` gives the container full control of the Docker Engine/);
  assert.equal(presentMountsNode(nodes[2]!).collapsible, 'none');
  assert.equal(presentMountsNode(nodes[2]!).description, 'exited · no mounts');
});
