// The Compose runner's planning, without an engine: what Up would ask the engine to create.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { loadStack, type LoadedStack, type ServicePlan } from '../../../engine/src/compose';
import { containerCreateOptions, startOrder } from '../../../engine/src/compose/stack';
import { dependencyLevels } from '../../../engine/src/compose/actions';
import { groupStacks } from '../../../engine/src/compose/status';
import { demultiplex } from '../../../engine/src/compose/streams';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LineIndex, validateCompose } from '../../../core/src';
import { diskHost } from '../../../core/node/host';
import { memoryHost } from '../project/helpers';
import { projectRoot } from '../../helpers/paths';

const DIR = '/proj/shop';

function stackOf(
  files: Record<string, string>,
  extra: { profiles?: string[]; env?: Record<string, string>; projectName?: string } = {},
): LoadedStack {
  const host = memoryHost(Object.fromEntries(Object.entries(files).map(([name, text]) => [`${DIR}/${name}`, text])));
  return loadStack({ workingDir: DIR, env: extra.env ?? {}, ...extra }, host);
}

function service(stack: LoadedStack, name: string): ServicePlan {
  const found = stack.plan.services.find((candidate) => candidate.name === name);
  assert.ok(found, `no plan for ${name}`);
  return found;
}

const SHOP = `
  services:
    web:
      image: nginx:1.27
      init: true
      user: "1000:1000"
      working_dir: /app
      command: nginx -g "daemon off;"
      entrypoint: ["/docker-entrypoint.sh"]
      ports:
        - "127.0.0.1:8080:80"
        - "9000-9001:9000-9001/udp"
        - target: 443
          published: 8443
          host_ip: 0.0.0.0
        - "3000"
      environment:
        MODE: production
        PASSED_THROUGH:
        EMPTY: ""
      env_file: web.env
      volumes:
        - data:/var/lib/data
        - ./html:/usr/share/nginx/html:ro
        - type: tmpfs
          target: /cache
          tmpfs:
            size: 64m
        - /anonymous
      tmpfs: /run
      healthcheck:
        test: curl -f http://localhost/
        interval: 1m30s
        timeout: 500ms
        retries: 3
        start_period: 10s
      restart: on-failure:3
      labels:
        team: shop
      extra_hosts:
        - "db.local:10.0.0.5"
        - "cache.local=10.0.0.6"
      dns: 1.1.1.1
      cap_add: [NET_ADMIN]
      cap_drop: [ALL]
      privileged: true
      read_only: true
      ulimits:
        nproc: 65535
        nofile: { soft: 20000, hard: 40000 }
      shm_size: 128m
      cpu_shares: 512
      stop_grace_period: 1m
      stop_signal: SIGQUIT
      networks:
        front:
          aliases: [www]
        back:
          priority: 10
    db:
      image: postgres:16
      depends_on:
        migrate:
          condition: service_completed_successfully
      networks: [back]
      deploy:
        replicas: 2
    migrate:
      image: postgres:16
      command: ["psql", "-c", "select 1"]
    api:
      image: shop/api
      depends_on:
        db:
          condition: service_healthy
        web:
          condition: service_started
          restart: true
  networks:
    front: {}
    back:
      internal: true
    outside:
      external: true
      name: corp-net
  volumes:
    data: {}
    keep:
      name: shared-keep
    legacy:
      external: true
`;

const FILES = { 'compose.yaml': SHOP, 'web.env': 'FROM_FILE=1\nMODE=overridden-by-environment\n', '.env': 'PASSED_THROUGH=from-dotenv\n' };

test('names follow Compose: <project>_<network>, <project>_<volume>, <project>-<service>-<n>; name: and external keep their own', () => {
  const stack = stackOf(FILES);
  assert.equal(stack.projectName, 'shop');
  assert.deepEqual(stack.errors, []);
  assert.deepEqual(stack.services, ['web', 'db', 'migrate', 'api']);
  assert.deepEqual(stack.volumes, [
    { name: 'data', engineName: 'shop_data', external: false },
    { name: 'keep', engineName: 'shared-keep', external: false },
    { name: 'legacy', engineName: 'legacy', external: true },
  ]);
  assert.deepEqual(
    stack.plan.networks.map((n) => [n.key, n.engineName, n.external]),
    [
      ['front', 'shop_front', false],
      ['back', 'shop_back', false],
      ['outside', 'corp-net', true],
      ['default', 'shop_default', false],
    ],
  );
  assert.equal(stack.plan.networks.find((n) => n.key === 'back')?.options.Internal, true);
  const db = service(stack, 'db');
  assert.equal(db.replicas, 2);
  assert.equal(containerCreateOptions('shop', db, 2).name, 'shop-db-2');
});

test('containers carry the labels Docker Compose reads', () => {
  const stack = stackOf(FILES);
  const api = service(stack, 'api');
  const labels = containerCreateOptions('shop', api, 1).Labels ?? {};
  assert.equal(labels['com.docker.compose.project'], 'shop');
  assert.equal(labels['com.docker.compose.service'], 'api');
  assert.equal(labels['com.docker.compose.container-number'], '1');
  assert.equal(labels['com.docker.compose.oneoff'], 'False');
  assert.equal(labels['com.docker.compose.project.working_dir'], DIR);
  assert.equal(labels['com.docker.compose.project.config_files'], `${DIR}/compose.yaml`);
  assert.equal(labels['com.docker.compose.depends_on'], 'db:service_healthy:false,web:service_started:true');
  assert.match(labels['com.docker.compose.config-hash'] ?? '', /^[0-9a-f]{64}$/);
  assert.match(labels['com.docker.compose.version'] ?? '', /^2\.\d+\.\d+$/);
  const volume = stack.plan.volumes.find((v) => v.key === 'data')!;
  assert.deepEqual(volume.options.Labels, {
    'com.docker.compose.project': 'shop',
    'com.docker.compose.volume': 'data',
    'com.docker.compose.version': labels['com.docker.compose.version'],
  });
  assert.equal(stack.plan.networks.find((n) => n.key === 'front')?.options.Labels?.['com.docker.compose.network'], 'front');
});

test("a service's settings become the engine's create options", () => {
  const web = containerCreateOptions('shop', service(stackOf(FILES), 'web'), 1);
  assert.deepEqual(web.Cmd, ['nginx', '-g', 'daemon off;']);
  assert.deepEqual(web.Entrypoint, ['/docker-entrypoint.sh']);
  assert.equal(web.User, '1000:1000');
  assert.equal(web.WorkingDir, '/app');
  assert.equal(web.StopSignal, 'SIGQUIT');
  assert.equal(web.StopTimeout, 60);
  // env_file first, environment over it, a bare name passed through from .env / the shell
  assert.deepEqual(web.Env, ['FROM_FILE=1', 'MODE=production', 'PASSED_THROUGH=from-dotenv', 'EMPTY=']);
  assert.equal(web.Labels?.['team'], 'shop');
  assert.deepEqual(web.ExposedPorts, { '80/tcp': {}, '9000/udp': {}, '9001/udp': {}, '443/tcp': {}, '3000/tcp': {} });
  const host = web.HostConfig!;
  assert.deepEqual(host.PortBindings, {
    '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }],
    '9000/udp': [{ HostIp: '', HostPort: '9000' }],
    '9001/udp': [{ HostIp: '', HostPort: '9001' }],
    '443/tcp': [{ HostIp: '0.0.0.0', HostPort: '8443' }],
    '3000/tcp': [{ HostIp: '', HostPort: '' }],
  });
  assert.deepEqual(host.Binds, [`${DIR}/html:/usr/share/nginx/html:ro`]);
  assert.deepEqual(host.Mounts, [
    { Type: 'volume', Source: 'shop_data', Target: '/var/lib/data', ReadOnly: false },
    { Type: 'tmpfs', Target: '/cache', TmpfsOptions: { SizeBytes: 64 * 1024 * 1024 } },
    { Type: 'volume', Target: '/anonymous', ReadOnly: false },
  ]);
  assert.deepEqual(host.Tmpfs, { '/run': '' });
  assert.deepEqual(web.Healthcheck, {
    Test: ['CMD-SHELL', 'curl -f http://localhost/'],
    Interval: 90e9,
    Timeout: 5e8,
    StartPeriod: 10e9,
    Retries: 3,
  });
  assert.deepEqual(host.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
  assert.equal(host.Init, true);
  assert.equal(host.Privileged, true);
  assert.equal(host.ReadonlyRootfs, true);
  assert.deepEqual(host.ExtraHosts, ['db.local:10.0.0.5', 'cache.local:10.0.0.6']);
  assert.deepEqual(host.Dns, ['1.1.1.1']);
  assert.deepEqual(host.CapAdd, ['NET_ADMIN']);
  assert.deepEqual(host.CapDrop, ['ALL']);
  assert.deepEqual(host.Ulimits, [
    { Name: 'nproc', Soft: 65535, Hard: 65535 },
    { Name: 'nofile', Soft: 20000, Hard: 40000 },
  ]);
  assert.equal(host.ShmSize, 128 * 1024 * 1024);
  assert.equal(host.CpuShares, 512);
  // The highest-priority network is given at create time (answering to the service name and its
  // aliases); the others are connected before start.
  assert.equal(host.NetworkMode, 'shop_back');
  assert.deepEqual(web.NetworkingConfig, { EndpointsConfig: { shop_back: { Aliases: ['web'] } } });
  assert.deepEqual(
    service(stackOf(FILES), 'web').networks.map((n) => [n.engineName, n.aliases]),
    [
      ['shop_back', ['web']],
      ['shop_front', ['web', 'www']],
    ],
  );
  const migrate = containerCreateOptions('shop', service(stackOf(FILES), 'migrate'), 1);
  assert.equal(migrate.HostConfig?.NetworkMode, 'shop_default');
  assert.equal(migrate.HostConfig?.Init, undefined);
});

test("the config hash changes with the service's settings only, not with key order or other services", () => {
  const before = stackOf(FILES);
  const reordered = stackOf({
    ...FILES,
    'compose.yaml': SHOP.replace('      image: postgres:16\n      depends_on:', '      depends_on:').replace(
      '      networks: [back]\n',
      '      networks: [back]\n      image: postgres:16\n',
    ),
  });
  assert.equal(service(reordered, 'db').configHash, service(before, 'db').configHash);
  assert.equal(service(stackOf(FILES), 'web').configHash, service(before, 'web').configHash);
  const changed = stackOf({ ...FILES, 'compose.yaml': SHOP.replace('MODE: production', 'MODE: staging') });
  assert.notEqual(service(changed, 'web').configHash, service(before, 'web').configHash);
  for (const name of ['db', 'migrate', 'api']) assert.equal(service(changed, name).configHash, service(before, name).configHash, name);
  const envFileChanged = stackOf({ ...FILES, 'web.env': 'FROM_FILE=2\n' });
  assert.notEqual(service(envFileChanged, 'web').configHash, service(before, 'web').configHash);
});

test('start order puts every dependency first; conditions are kept for Up to wait on', () => {
  const stack = stackOf(FILES);
  const order = startOrder(stack.plan.services);
  assert.ok(order.indexOf('migrate') < order.indexOf('db'));
  assert.ok(order.indexOf('db') < order.indexOf('api'));
  assert.ok(order.indexOf('web') < order.indexOf('api'));
  assert.deepEqual(service(stack, 'db').dependsOn, [
    { service: 'migrate', condition: 'service_completed_successfully', required: true, restart: false },
  ]);
});

test('override files, .env interpolation and profiles reach the plan', () => {
  const stack = stackOf({
    'compose.yaml': `
      name: \${STACK:-plain}
      services:
        app:
          image: app:\${TAG}
          deploy:
            replicas: \${APP_REPLICAS}
          healthcheck:
            test: ["CMD", "true"]
            retries: \${APP_RETRIES}
        debug:
          image: busybox
          profiles: [debug]
    `,
    'compose.override.yaml': `
      services:
        app:
          ports: ["8081:80"]
    `,
    '.env': 'TAG=1.2\nSTACK=Shop_Front\nAPP_REPLICAS=3\nAPP_RETRIES=7\n',
  });
  assert.equal(stack.projectName, 'shop_front');
  assert.deepEqual(stack.services, ['app']);
  assert.equal(service(stack, 'app').image, 'app:1.2');
  // Interpolation gives strings; Compose casts them where a number belongs.
  assert.equal(service(stack, 'app').replicas, 3);
  assert.equal(service(stack, 'app').config.Healthcheck?.Retries, 7);
  assert.deepEqual(containerCreateOptions(stack.projectName, service(stack, 'app'), 1).HostConfig?.PortBindings, {
    '80/tcp': [{ HostIp: '', HostPort: '8081' }],
  });
  const withDebug = stackOf(
    { 'compose.yaml': 'services:\n  app: { image: a }\n  debug:\n    image: busybox\n    profiles: [debug]\n' },
    { profiles: ['debug'] },
  );
  assert.deepEqual(withDebug.services, ['app', 'debug']);
  assert.deepEqual(stack.plan.definedServices, ['app', 'debug']);
});

test('what would stop Up is an error naming the file and line: the errors the validator reports, each once', () => {
  const stack = stackOf({
    'compose.yaml': `
      services:
        web:
          ports: ["80"]
        worker:
          image: busybox
          volumes:
            - cache:/cache
          depends_on: [db]
        db:
          image: postgres
          depends_on: [worker]
    `,
  });
  const file = `${DIR}/compose.yaml`;
  assert.deepEqual(stack.errors, [
    `${file}:2: Service "web" has neither "image" nor "build", so Compose does not know what to run.`,
    `${file}:7: Undefined volume "cache". Declare it under the top-level "volumes:" key.`,
    `${file}:11: These services depend on each other in a cycle: "db" → "worker" → "db". Compose cannot decide which to start first.`,
  ]);
  const build = stackOf({ 'compose.yaml': 'services:\n  app:\n    build: ./app\n' });
  assert.deepEqual(build.errors, []);
  assert.equal(service(build, 'app').image, 'shop-app');
  assert.deepEqual(service(build, 'app').build, { context: `${DIR}/app`, dockerfile: 'Dockerfile', args: {}, labels: {} });
});

test('Up on examples/mistakes refuses with exactly the errors of Problems and validate: same text, same file and line', () => {
  const file = join(projectRoot, 'examples', 'mistakes', 'compose.yaml');
  const text = readFileSync(file, 'utf8');
  const lines = new LineIndex(text);
  const problems = validateCompose(text, { host: diskHost(), documentPath: file })
    .filter((finding) => finding.severity === 'error')
    .map((finding) => `${file}:${lines.positionAt(finding.span[0]).line + 1}: ${finding.message}`);
  assert.equal(problems.length, 6);
  assert.deepEqual(loadStack({ workingDir: dirname(file), env: {} }).errors, problems);
});

test('what only the runner cannot do is said beside the errors; a mistake only planning finds is said when nothing else is', () => {
  const file = `${DIR}/compose.yaml`;
  const both = stackOf({
    'compose.yaml':
      'services:\n  web:\n    image: nginx\n    restart: sometimes\n    volumes:\n      - type: npipe\n        source: x\n        target: /x\n',
  });
  assert.deepEqual(both.errors, [
    `${file}:4: "sometimes" is not a valid value for "restart" in service "web". Use "no", "always", "on-failure" or "unless-stopped".`,
    `${file}:6: Mounts of type "npipe" are not supported by Dockside's runner yet.`,
  ]);
  const planned = stackOf({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    command: echo "unclosed\n' });
  assert.deepEqual(planned.errors, [`${file}:4: The command "echo "unclosed" has a quote that is never closed.`]);
});

test('a count Compose cannot read as a number stops Up, as Compose refuses the file', () => {
  const stack = stackOf({
    'compose.yaml': `
      services:
        web:
          image: busybox
          healthcheck:
            test: ["CMD", "true"]
            retries: three
    `,
  });
  assert.deepEqual(stack.errors, [
    `${DIR}/compose.yaml:6: "three" is not a whole number, so Compose cannot read "healthcheck.retries" of service "web". Write a number.`,
  ]);
});

test('file-based secrets and configs are bind-mounted read-only where Compose puts them', () => {
  const stack = stackOf({
    'compose.yaml': `
      services:
        app:
          image: app
          secrets:
            - db_password
            - source: api_key
              target: /etc/key
          configs: [nginx_conf]
      secrets:
        db_password:
          file: ./secrets/db.txt
        api_key:
          file: /abs/key
      configs:
        nginx_conf:
          file: ./nginx.conf
    `,
  });
  assert.deepEqual(stack.errors, []);
  assert.deepEqual(service(stack, 'app').config.HostConfig?.Mounts, [
    { Type: 'bind', Source: `${DIR}/secrets/db.txt`, Target: '/run/secrets/db_password', ReadOnly: true },
    { Type: 'bind', Source: '/abs/key', Target: '/etc/key', ReadOnly: true },
    { Type: 'bind', Source: `${DIR}/nginx.conf`, Target: '/nginx_conf', ReadOnly: true },
  ]);
  const fromEnvironment = stackOf({
    'compose.yaml': 'services:\n  app:\n    image: app\n    secrets: [token]\nsecrets:\n  token:\n    environment: TOKEN\n',
  });
  assert.ok(
    fromEnvironment.errors.some((e) => /compose\.yaml:4: The secret "token" is not a file/.test(e)),
    fromEnvironment.errors.join('\n'),
  );
});

// ---------------------------------------------------------------------------------------------------
// Reading stacks back

function info(name: string, labels: Record<string, string>, extra: Partial<Docker.ContainerInfo> = {}): Docker.ContainerInfo {
  return {
    Id: `${name}-id`,
    Names: [`/${name}`],
    Labels: labels,
    State: 'running',
    Status: 'Up 1 minute',
    Ports: [],
    Mounts: [],
    ...extra,
  } as unknown as Docker.ContainerInfo;
}

const labelsFor = (project: string, service: string, dependsOn = ''): Record<string, string> => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
  'com.docker.compose.oneoff': 'False',
  'com.docker.compose.project.working_dir': '/p',
  'com.docker.compose.project.config_files': '/p/compose.yaml,/p/compose.override.yaml',
  'com.docker.compose.depends_on': dependsOn,
});

test('stacks are read back from labels, with health and published ports', () => {
  const stacks = groupStacks([
    info('shop-web-2', labelsFor('shop', 'web'), { Status: 'Up 2 seconds (health: starting)' }),
    info('shop-web-10', labelsFor('shop', 'web'), { Status: 'Up 1 hour (unhealthy)' }),
    info('shop-web-1', labelsFor('shop', 'web'), {
      Status: 'Up 5 minutes (healthy)',
      Ports: [
        { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
        { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
        { PrivatePort: 9000, Type: 'tcp' },
      ] as Docker.Port[],
    }),
    info('blog-db-1', labelsFor('blog', 'db'), { State: 'exited', Status: 'Exited (0) 3 minutes ago' }),
    info('shop-run-1', { ...labelsFor('shop', 'web'), 'com.docker.compose.oneoff': 'True' }),
  ]);
  assert.deepEqual(
    stacks.map((s) => s.project),
    ['blog', 'shop'],
  );
  const shop = stacks[1]!;
  assert.equal(shop.workingDir, '/p');
  assert.deepEqual(shop.configFiles, ['/p/compose.yaml', '/p/compose.override.yaml']);
  const web = shop.services[0]!;
  assert.deepEqual(
    web.containers.map((c) => [c.name, c.health]),
    [
      ['shop-web-1', 'healthy'],
      ['shop-web-2', 'starting'],
      ['shop-web-10', 'unhealthy'],
    ],
  );
  assert.deepEqual(web.containers[0]!.ports, [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' }]);
  assert.equal(stacks[0]!.services[0]!.containers[0]!.state, 'exited');
  assert.equal(stacks[0]!.services[0]!.containers[0]!.health, undefined);
});

test('restart goes dependency first, by the depends_on label', () => {
  const levels = dependencyLevels([
    info('p-api-1', labelsFor('p', 'api', 'db:service_healthy:false,cache:service_started:false')),
    info('p-db-1', labelsFor('p', 'db', 'migrate:service_completed_successfully:false')),
    info('p-cache-1', labelsFor('p', 'cache')),
  ]);
  assert.deepEqual(
    levels.map((level) => level.map((c) => c.Names[0])),
    [['/p-db-1', '/p-cache-1'], ['/p-api-1']],
  );
});

test('log frames are split into stdout and stderr', () => {
  const frame = (kind: number, text: string): Buffer => {
    const header = Buffer.alloc(8);
    header[0] = kind;
    header.writeUInt32BE(Buffer.byteLength(text), 4);
    return Buffer.concat([header, Buffer.from(text)]);
  };
  assert.deepEqual(demultiplex(Buffer.concat([frame(1, 'out line\n'), frame(2, 'err line\n')])), [
    { stream: 'stdout', text: 'out line\n' },
    { stream: 'stderr', text: 'err line\n' },
  ]);
});
