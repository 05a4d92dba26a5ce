// A Compose project planned as a Swarm stack, without an engine: the networks, secrets, configs and
// service specs `dockside swarm deploy` would create, as `docker stack deploy` converts them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSwarmStack, type LoadedSwarmStack, type ServiceSpec } from '../../../engine/src/swarm';
import { deployable } from '../../../engine/src/swarm/load';
import { routingMeshWarning } from '../../../engine/src/swarm/routingMesh';
import { memoryHost } from '../project/helpers';

const DIR = '/proj/shop';

function stackOf(
  files: Record<string, string>,
  extra: { env?: Record<string, string>; projectName?: string; nodes?: number } = {},
): LoadedSwarmStack {
  const host = memoryHost(Object.fromEntries(Object.entries(files).map(([name, text]) => [`${DIR}/${name}`, text])));
  const { nodes, ...source } = extra;
  return loadSwarmStack({ workingDir: DIR, env: extra.env ?? {}, ...source }, nodes === undefined ? {} : { nodes }, host);
}

function spec(stack: LoadedSwarmStack, key: string): ServiceSpec {
  const found = stack.plan.services.find((service) => service.key === key);
  assert.ok(found, `no plan for ${key}`);
  return found.spec;
}

const SHOP = `
  services:
    web:
      image: shop/web:1.2
      command: httpd -f -p 8080
      entrypoint: ["/bin/sh", "-c"]
      environment:
        MODE: production
      ports:
        - "8080:8080"
        - target: 9090
          published: 19090
          mode: host
      networks:
        front:
          aliases: [www]
        back:
      healthcheck:
        test: ["CMD", "wget", "-q", "-O-", "http://localhost:8080/"]
        interval: 5s
        retries: 3
      secrets:
        - token
        - source: token
          target: /etc/token
          mode: 0400
      configs:
        - source: site
          target: /www/index.html
      volumes:
        - data:/data
        - type: tmpfs
          target: /cache
          tmpfs:
            size: 16m
      labels:
        container.label: c
      deploy:
        replicas: 2
        labels:
          service.label: s
        placement:
          constraints: [node.role == manager]
          preferences:
            - spread: node.labels.zone
          max_replicas_per_node: 1
        update_config:
          parallelism: 1
          delay: 2s
          order: start-first
          failure_action: rollback
          monitor: 3s
        rollback_config:
          parallelism: 2
        resources:
          limits:
            cpus: "0.5"
            memory: 64M
          reservations:
            memory: 32M
        restart_policy:
          condition: on-failure
          delay: 1s
          max_attempts: 3
    agent:
      image: shop/agent
      restart: always
      deploy:
        mode: global
  networks:
    front:
      attachable: true
    back:
      driver_opts:
        encrypted: ""
  volumes:
    data:
      labels:
        backup: daily
  secrets:
    token:
      environment: TOKEN
  configs:
    site:
      content: "<h1>shop</h1>"
`;

test('services are named and labelled in the stack, as docker stack deploy does', () => {
  const stack = stackOf({ 'compose.yaml': SHOP }, { env: { TOKEN: 's3cret' } });
  assert.deepEqual(stack.errors, []);
  assert.equal(deployable(stack), true);
  assert.equal(stack.namespace, 'shop');
  const web = spec(stack, 'web');
  assert.equal(web.Name, 'shop_web');
  assert.deepEqual(web.Labels, { 'service.label': 's', 'com.docker.stack.namespace': 'shop', 'com.docker.stack.image': 'shop/web:1.2' });
  const container = web.TaskTemplate.ContainerSpec;
  assert.equal(container.Image, 'shop/web:1.2');
  assert.deepEqual(container.Labels, { 'container.label': 'c', 'com.docker.stack.namespace': 'shop' });
  assert.deepEqual(container.Command, ['/bin/sh', '-c']);
  assert.deepEqual(container.Args, ['httpd', '-f', '-p', '8080']);
  assert.deepEqual(container.Env, ['MODE=production']);
  assert.deepEqual(container.Healthcheck, { Test: ['CMD', 'wget', '-q', '-O-', 'http://localhost:8080/'], Interval: 5e9, Retries: 3 });
});

test('deploy: replicas, placement, update and rollback config, resources and restart policy', () => {
  const web = spec(stackOf({ 'compose.yaml': SHOP }, { env: { TOKEN: 's' } }), 'web');
  assert.deepEqual(web.Mode, { Replicated: { Replicas: 2 } });
  assert.deepEqual(web.TaskTemplate.Placement, {
    Constraints: ['node.role == manager'],
    Preferences: [{ Spread: { SpreadDescriptor: 'node.labels.zone' } }],
    MaxReplicas: 1,
  });
  assert.deepEqual(web.UpdateConfig, { Parallelism: 1, Delay: 2e9, FailureAction: 'rollback', Monitor: 3e9, Order: 'start-first' });
  assert.deepEqual(web.RollbackConfig, { Parallelism: 2 });
  assert.deepEqual(web.TaskTemplate.Resources, {
    Limits: { NanoCPUs: 5e8, MemoryBytes: 64 * 1024 * 1024 },
    Reservations: { MemoryBytes: 32 * 1024 * 1024 },
  });
  assert.deepEqual(web.TaskTemplate.RestartPolicy, { Condition: 'on-failure', Delay: 1e9, MaxAttempts: 3 });
  const agent = spec(stackOf({ 'compose.yaml': SHOP }, { env: { TOKEN: 's' } }), 'agent');
  assert.deepEqual(agent.Mode, { Global: {} });
  assert.deepEqual(agent.TaskTemplate.RestartPolicy, { Condition: 'any' });
});

test('ports publish through the ingress by default, on the node in mode: host', () => {
  const web = spec(stackOf({ 'compose.yaml': SHOP }, { env: { TOKEN: 's' } }), 'web');
  assert.deepEqual(web.EndpointSpec, {
    Ports: [
      { Protocol: 'tcp', TargetPort: 8080, PublishedPort: 8080, PublishMode: 'ingress' },
      { Protocol: 'tcp', TargetPort: 9090, PublishedPort: 19090, PublishMode: 'host' },
    ],
  });
});

test('networks are overlay networks of the stack; services join them under their own name', () => {
  const stack = stackOf({ 'compose.yaml': SHOP }, { env: { TOKEN: 's' } });
  assert.deepEqual(
    stack.plan.networks.map((network) => [network.key, network.options]),
    [
      ['front', { Name: 'shop_front', Driver: 'overlay', Labels: { 'com.docker.stack.namespace': 'shop' }, Attachable: true }],
      ['back', { Name: 'shop_back', Driver: 'overlay', Labels: { 'com.docker.stack.namespace': 'shop' }, Options: { encrypted: '' } }],
      ['default', { Name: 'shop_default', Driver: 'overlay', Labels: { 'com.docker.stack.namespace': 'shop' } }],
    ],
  );
  assert.deepEqual(spec(stack, 'web').TaskTemplate.Networks, [
    { Target: 'shop_back', Aliases: ['web'] },
    { Target: 'shop_front', Aliases: ['www', 'web'] },
  ]);
  assert.deepEqual(spec(stack, 'agent').TaskTemplate.Networks, [{ Target: 'shop_default', Aliases: ['agent'] }]);
});

test('secrets and configs are named after their content, so new content is a new object', () => {
  const first = stackOf({ 'compose.yaml': SHOP }, { env: { TOKEN: 'one' } });
  const second = stackOf({ 'compose.yaml': SHOP }, { env: { TOKEN: 'two' } });
  const [secret] = first.plan.secrets;
  assert.match(secret!.name, /^shop_token-[0-9a-f]{10}$/);
  assert.notEqual(second.plan.secrets[0]!.name, secret!.name);
  assert.equal(secret!.data?.toString(), 'one');
  assert.equal(secret!.labels['com.docker.stack.namespace'], 'shop');
  assert.equal(first.plan.configs[0]!.name, second.plan.configs[0]!.name);
  const container = spec(first, 'web').TaskTemplate.ContainerSpec;
  assert.deepEqual(container.Secrets, [
    { File: { Name: 'token', UID: '0', GID: '0', Mode: 0o444 }, SecretName: secret!.name },
    { File: { Name: '/etc/token', UID: '0', GID: '0', Mode: 0o400 }, SecretName: secret!.name },
  ]);
  assert.deepEqual(container.Configs, [
    { File: { Name: '/www/index.html', UID: '0', GID: '0', Mode: 0o444 }, ConfigName: first.plan.configs[0]!.name },
  ]);
});

test('named volumes carry the stack label; tmpfs mounts their size', () => {
  const mounts = spec(stackOf({ 'compose.yaml': SHOP }, { env: { TOKEN: 's' } }), 'web').TaskTemplate.ContainerSpec.Mounts;
  assert.deepEqual(mounts, [
    {
      Type: 'volume',
      Source: 'shop_data',
      Target: '/data',
      VolumeOptions: { Labels: { backup: 'daily', 'com.docker.stack.namespace': 'shop' } },
    },
    { Type: 'tmpfs', Target: '/cache', TmpfsOptions: { SizeBytes: 16 * 1024 * 1024 } },
  ]);
});

test('what stops the deploy is said with file and line, before anything is created', () => {
  const stack = stackOf(
    {
      'compose.yaml': `
        services:
          api:
            build: .
          web:
            image: w
            networks: [missing]
            depends_on: [api]
        secrets:
          token:
            environment: NOT_SET
      `,
    },
    {},
  );
  assert.equal(deployable(stack), false);
  // The rules' own finding, once (not again in the planner's words), and what only the Swarm plan knows.
  assert.deepEqual(stack.errors, [
    '/proj/shop/compose.yaml:6: Undefined network "missing". Declare it under the top-level "networks:" key.',
    '/proj/shop/compose.yaml:10: The secret "token" comes from the variable NOT_SET, which is not set (in the shell or .env).',
  ]);
  const build = stack.report.find((loss) => loss.path === 'services.api.build');
  assert.equal(build?.kind, 'error');
  assert.equal(build?.line, 3);
  const dependsOn = stack.report.find((loss) => loss.path === 'services.web.depends_on');
  assert.equal(dependsOn?.kind, 'dropped');
  assert.equal(dependsOn?.line, 7);
});

test('a relative bind mount is refused on a swarm of several nodes, with the text as written', () => {
  const files = { 'compose.yaml': 'services:\n  web:\n    image: w\n    volumes:\n      - ./site:/www\n' };
  const one = stackOf(files, { nodes: 1 });
  assert.equal(deployable(one), true);
  assert.equal(spec(one, 'web').TaskTemplate.ContainerSpec.Mounts?.[0]?.Source, `${DIR}/site`);
  const three = stackOf(files, { nodes: 3 });
  assert.equal(deployable(three), false);
  const loss = three.report.find((entry) => entry.kind === 'error');
  assert.match(loss?.reason ?? '', /source \.\/site is a folder of the machine that deploys.*This swarm has 3 nodes/);
  // A list item is located at its list: the loader records where keys were written, not list items.
  assert.equal(loss?.line, 4);
});

test('-p names the stack', () => {
  const stack = stackOf({ 'compose.yaml': 'services:\n  web:\n    image: w\n' }, { projectName: 'prod' });
  assert.equal(spec(stack, 'web').Name, 'prod_web');
  assert.equal(stack.plan.networks[0]?.name, 'prod_default');
});

test('without IPVS, a stack that needs the routing mesh is warned about', () => {
  const stack = stackOf({ 'compose.yaml': SHOP }, { env: { TOKEN: 's' } });
  const warning = routingMeshWarning(stack.plan, { engine: 'unix:///var/run/docker.sock', platform: 'linux', hasIpvs: () => false });
  assert.match(warning ?? '', /no IPVS.*ingress ports \(of web\).*mode: host.*endpoint_mode: dnsrr/);
  assert.equal(
    routingMeshWarning(stack.plan, { engine: 'unix:///var/run/docker.sock', platform: 'linux', hasIpvs: () => true }),
    undefined,
  );
  assert.equal(routingMeshWarning(stack.plan, { engine: 'tcp://10.0.0.1:2376', platform: 'linux', hasIpvs: () => false }), undefined);
});
