import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseContextValue } from '../../../client/src/views/contextValues';
import {
  childrenOf,
  portUrl,
  presentStacksNode,
  serviceNodes,
  stackNodes,
  stacksRoots,
  type RunningContainer,
  type RunningStack,
  type ServiceNode,
} from '../../../client/src/views/stacksModel';
import type { WorkspaceStack } from '../../../client/src/views/workspaceModel';

const shop: WorkspaceStack = {
  projectName: 'shop',
  workingDir: '/w/shop',
  files: ['/w/shop/compose.yaml', '/w/shop/compose.override.yaml'],
  services: [
    { name: 'web', profiles: [], active: true, source: { file: '/w/shop/compose.yaml', offset: 20 } },
    { name: 'api', profiles: [], active: true },
    { name: 'db', profiles: [], active: true },
    { name: 'debug', profiles: ['debug'], active: false },
  ],
  profiles: ['debug'],
  volumes: [],
  errors: [],
};

const container = (name: string, state: string, extra: Partial<RunningContainer> = {}): RunningContainer => ({
  id: `${name}-id-0123456789`,
  name,
  state,
  ports: [],
  ...extra,
});

const running: RunningStack = {
  project: 'shop',
  workingDir: '/w/shop',
  configFiles: shop.files,
  services: [
    {
      name: 'web',
      containers: [
        container('shop-web-1', 'running', {
          health: 'healthy',
          ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 8080, protocol: 'tcp' }],
        }),
      ],
    },
    { name: 'api', containers: [container('shop-api-1', 'running', { health: 'unhealthy' })] },
    { name: 'db', containers: [container('shop-db-1', 'exited')] },
  ],
};

const actionsOf = (node: Parameters<typeof presentStacksNode>[0]): string[] =>
  parseContextValue(presentStacksNode(node).contextValue ?? '').actions;

test('a workspace project and its running stack are one item, summarised as "2/3 running"', () => {
  const [stack, ...rest] = stackNodes([shop], [running]);
  assert.equal(rest.length, 0);
  const item = presentStacksNode(stack!);
  assert.equal(item.label, 'shop');
  assert.equal(item.description, '2/3 running');
  assert.deepEqual(item.icon, { id: 'layers-dot', color: 'charts.yellow' });
  assert.equal(parseContextValue(item.contextValue!).kind, 'stack');
  assert.deepEqual(actionsOf(stack!).sort(), ['deploy', 'down', 'downVolumes', 'logs', 'openFile', 'restart', 'up', 'upProfiles']);
});

test('a workspace project with nothing running offers Up, not Down, Restart or Logs', () => {
  const [stack] = stackNodes([shop], []);
  assert.equal(presentStacksNode(stack!).description, 'not running');
  assert.deepEqual(actionsOf(stack!), ['up', 'openFile', 'deploy', 'upProfiles']);
});

test('a running stack from elsewhere is listed after the workspace ones and cannot be brought up from here', () => {
  const other: RunningStack = {
    project: 'aaa',
    configFiles: ['/else/compose.yaml'],
    services: [{ name: 'x', containers: [container('aaa-x-1', 'running')] }],
  };
  const nodes = stackNodes([shop], [other]);
  assert.deepEqual(
    nodes.map((n) => n.project),
    ['shop', 'aaa'],
  );
  assert.equal(presentStacksNode(nodes[1]!).description, '1/1 running · not in this workspace');
  assert.deepEqual(actionsOf(nodes[1]!), ['restart', 'down', 'downVolumes', 'logs']);
});

test('services carry state, health and ports, and the actions their state allows', () => {
  const [stack] = stackNodes([shop], [running]);
  const services = serviceNodes(stack!);
  assert.deepEqual(
    services.map((s) => s.name),
    ['web', 'api', 'db', 'debug'],
  );
  const [web, api, db, debug] = services.map(presentStacksNode);
  assert.equal(web!.description, 'running · healthy · 127.0.0.1:8080→8080');
  assert.deepEqual(web!.icon, { id: 'pass-filled', color: 'charts.green' });
  assert.deepEqual(parseContextValue(web!.contextValue!).actions, ['stop', 'restart', 'shell', 'logs', 'openPort']);
  assert.deepEqual(web!.command?.arguments, [{ file: '/w/shop/compose.yaml', offset: 20 }]);
  assert.equal(api!.description, 'running · unhealthy');
  assert.equal(api!.icon?.id, 'warning');
  assert.equal(db!.description, 'exited');
  assert.deepEqual(parseContextValue(db!.contextValue!).actions, ['run', 'start', 'logs']);
  assert.equal(debug!.description, 'profile debug');
  assert.deepEqual(parseContextValue(debug!.contextValue!).actions, ['run']);
});

test('a service with several containers lists them; a single container stays on the service item', () => {
  const scaled: ServiceNode = {
    kind: 'service',
    project: 'shop',
    name: 'worker',
    containers: [container('shop-worker-1', 'running'), container('shop-worker-2', 'exited')],
  };
  const item = presentStacksNode(scaled);
  assert.equal(item.description, '1/2 running · not in the files');
  assert.equal(item.collapsible, 'collapsed');
  const children = childrenOf(scaled).map(presentStacksNode);
  assert.deepEqual(
    children.map((c) => [c.label, c.description, c.contextValue]),
    [
      ['shop-worker-1', 'running', 'container shell'],
      ['shop-worker-2', 'exited', 'container'],
    ],
  );
  const [stack] = stackNodes([shop], [running]);
  assert.deepEqual(childrenOf(serviceNodes(stack!)[0]!), []);
});

test('published ports open on localhost when bound to every address', () => {
  assert.equal(portUrl({ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80 }), 'http://localhost:8080');
  assert.equal(portUrl({ hostIp: '127.0.0.1', hostPort: 8443, containerPort: 443 }), 'https://127.0.0.1:8443');
  assert.equal(portUrl({ hostIp: '::1', hostPort: 3000, containerPort: 3000 }), 'http://[::1]:3000');
});

test("a service's mounts are under it, bind sources as the Compose file writes them; a dangerous one unfolds it", () => {
  const mounts = [
    {
      containerId: 'shop-db-1-id-0123456789',
      containerName: 'shop-db-1',
      project: 'shop',
      service: 'db',
      state: 'exited',
      mounts: [
        { type: 'volume' as const, source: 'shop_dbdata', destination: '/var/lib/db', readOnly: false, mode: 'z' },
        { type: 'bind' as const, source: '/w/shop/db_password.txt', destination: '/run/secrets/db_password', readOnly: true, mode: 'ro' },
      ],
    },
    {
      containerId: 'shop-web-1-id-0123456789',
      containerName: 'shop-web-1',
      project: 'shop',
      service: 'web',
      state: 'running',
      mounts: [
        {
          type: 'bind' as const,
          source: '/var/run/docker.sock',
          destination: '/var/run/docker.sock',
          readOnly: false,
          mode: '',
          danger: 'gives the container full control of the Docker Engine',
        },
      ],
    },
  ];
  const [stack, ...rest] = stacksRoots([shop], [running], mounts);
  assert.equal(rest.length, 0, 'every container is the stack\'s: no "Other containers"');
  assert.ok(stack?.kind === 'stack');
  const [web, api, db] = serviceNodes(stack);
  assert.deepEqual(
    childrenOf(db!)
      .map(presentStacksNode)
      .map((m) => [m.label, m.description, m.contextValue]),
    [
      ['shop_dbdata → /var/lib/db', 'volume · read-write', 'mount inspectVolume'],
      ['./db_password.txt → /run/secrets/db_password', 'bind · read-only', 'mount reveal'],
    ],
  );
  assert.equal(presentStacksNode(db!).collapsible, 'collapsed');
  assert.equal(presentStacksNode(api!).collapsible, 'none', 'nothing mounted, nothing to unfold');
  const shownWeb = presentStacksNode(web!);
  assert.equal(shownWeb.collapsible, 'expanded');
  assert.equal(shownWeb.description, 'running · healthy · 127.0.0.1:8080→8080 · dangerous mount');
  assert.match(shownWeb.tooltip!, /\$\(warning\) Mounts a host path/);
  assert.equal(presentStacksNode(childrenOf(web!)[0]!).icon?.id, 'warning');
});

test('containers no stack runs are listed after the stacks with their mounts; local ECS tasks are left to the ECS view', () => {
  const agent = {
    containerId: 'a1',
    containerName: 'agent',
    state: 'running',
    mounts: [{ type: 'bind' as const, source: '/etc', destination: '/host-etc', readOnly: true, mode: 'ro', danger: 'exposes the host' }],
  };
  const idle = { containerId: 'i1', containerName: 'idle', state: 'exited', mounts: [] };
  const task = { containerId: 't1', containerName: 'ecs-web', ecsTask: 'arn:aws:ecs:local:0:task/local/1', state: 'running', mounts: [] };
  const roots = stacksRoots([shop], [], [idle, task, agent]);
  assert.deepEqual(
    roots.map((r) => r.kind),
    ['stack', 'otherContainers'],
  );
  const others = roots[1]!;
  const shown = presentStacksNode(others);
  assert.equal(shown.label, 'Other containers');
  assert.equal(shown.description, '2 not in a stack · 1 with a dangerous mount');
  assert.equal(shown.collapsible, 'expanded');
  const containers = childrenOf(others);
  assert.deepEqual(
    containers.map((c) => presentStacksNode(c).label),
    ['agent', 'idle'],
  );
  assert.deepEqual(
    childrenOf(containers[0]!).map((m) => presentStacksNode(m).label),
    ['/etc → /host-etc'],
  );
  assert.equal(stacksRoots([shop], [], [task]).length, 1, 'no "Other containers" when there are none');
});
