/** Compose → ECS, one mapping at a time. Every task definition produced here is validated with zero errors (helpers.toEcs). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeToTaskDefinitions } from '../../../core/src/convert';
import { composeModel, containerOf, entries, hasEntry, onlyTask, service, toEcs, type Json } from './helpers';

const EC2 = { launchType: 'EC2' } as const;
const BRIDGE = `x-ecs:\n  networkMode: bridge\n  requiresCompatibilities: [EC2]\n`;

test('image: copied; build without image is an error with a placeholder ECR image; build beside an image is a note', () => {
  assert.equal(service('image: nginx:1.27').container['image'], 'nginx:1.27');
  const built = service('build: ./web');
  assert.equal(built.container['image'], '${ACCOUNT_ID}.dkr.ecr.${REGION}.amazonaws.com/web:latest');
  assert.ok(hasEntry(built.report, 'errors', 'services', 'web', 'build'));
  assert.ok(hasEntry(service('image: me/web\nbuild: .').report, 'notes', 'services', 'web', 'build'));
});

test('platform: linux/arm64 becomes the task runtimePlatform; Windows is reported', () => {
  assert.deepEqual(service('image: a\nplatform: linux/arm64').task['runtimePlatform'], {
    cpuArchitecture: 'ARM64',
    operatingSystemFamily: 'LINUX',
  });
  assert.ok(hasEntry(service('image: a\nplatform: windows/amd64').report, 'dropped', 'services', 'web', 'platform'));
});

test('command and entrypoint: lists copied, strings split into words as Compose does (no shell)', () => {
  const { container, report } = service(`image: a\nentrypoint: /bin/run --flag "two words"\ncommand: ["serve", 8080]`);
  assert.deepEqual(container['entryPoint'], ['/bin/run', '--flag', 'two words']);
  assert.deepEqual(container['command'], ['serve', '8080']);
  assert.equal(report.notes.filter((e) => e.path[2] === 'command' || e.path[2] === 'entrypoint').length, 0);
  const shell = service(`image: a\ncommand: echo $$HOME && ls`);
  assert.deepEqual(shell.container['command'], ['echo', '$HOME', '&&', 'ls']);
  assert.ok(hasEntry(shell.report, 'notes', 'services', 'web', 'command'));
  const cleared = service('image: a\nentrypoint: []');
  assert.equal(cleared.container['entryPoint'], undefined);
  assert.ok(hasEntry(cleared.report, 'dropped', 'services', 'web', 'entrypoint'));
});

test('environment: list and mapping, scalars as strings; a name without value is dropped', () => {
  assert.deepEqual(service('image: a\nenvironment: [A=1, B=x=y]').container['environment'], [
    { name: 'A', value: '1' },
    { name: 'B', value: 'x=y' },
  ]);
  const mapped = service('image: a\nenvironment:\n  PORT: 8080\n  DEBUG: "true"\n  EMPTY: ""\n  FROM_SHELL:');
  assert.deepEqual(mapped.container['environment'], [
    { name: 'PORT', value: '8080' },
    { name: 'DEBUG', value: 'true' },
    { name: 'EMPTY', value: '' },
  ]);
  assert.ok(hasEntry(mapped.report, 'dropped', 'services', 'web', 'environment', 'FROM_SHELL'));
});

test('env_file: read through readFile and inlined (later files win, environment wins over them)', () => {
  const files: Record<string, string> = { '/p/a.env': 'A=from-a\nB=from-a\n', '/p/b.env': 'B=from-b\nC="quoted value"\n' };
  const result = toEcs(
    'services:\n  web:\n    image: a\n    env_file: [a.env, b.env, {path: missing.env, required: false}]\n    environment: {C: override}\n',
    { readFile: (path) => files[path] },
  );
  const web = containerOf(onlyTask(result), 'web');
  assert.deepEqual(web['environment'], [
    { name: 'A', value: 'from-a' },
    { name: 'B', value: 'from-b' },
    { name: 'C', value: 'override' },
  ]);
  assert.ok(hasEntry(result.report, 'notes', 'services', 'web', 'env_file', 2));
  const unread = service('image: a\nenv_file: a.env');
  assert.ok(hasEntry(unread.report, 'dropped', 'services', 'web', 'env_file'));
  assert.match(entries(unread.report, 'dropped', 'services', 'web', 'env_file')[0]!.action!, /Convert the Compose file itself/);
});

test('environment values naming another service of the task get a "use localhost" note', () => {
  const result = toEcs(
    'services:\n  web:\n    image: a\n    environment: {DATABASE_URL: "postgres://u@db:5432/app", MODE: production}\n  db:\n    image: postgres\n',
  );
  const notes = entries(result.report, 'notes', 'services', 'web', 'environment');
  assert.equal(notes.length, 1);
  assert.match(notes[0]!.reason, /localhost/);
});

test('ports in awsvpc: the host port is the container port; ranges become containerPortRange; protocol kept when written', () => {
  const { container, report } = service('image: a\nports: ["8080:80", "443:443", "9000", "53:53/udp", "3000-3005"]');
  assert.deepEqual(container['portMappings'], [
    { containerPort: 80, hostPort: 80 },
    { containerPort: 443, hostPort: 443 },
    { containerPort: 9000 },
    { containerPort: 53, hostPort: 53, protocol: 'udp' },
    { containerPortRange: '3000-3005' },
  ]);
  assert.deepEqual(
    report.approximated.map((e) => e.path),
    [['services', 'web', 'ports', 0]],
  );
});

test('ports: long syntax keeps name and app_protocol; host_ip is approximated, sctp and swarm modes dropped', () => {
  const { container, report } = service(
    'image: a\nports:\n  - {target: 80, published: "80", name: web, app_protocol: http}\n  - "127.0.0.1:81:81"\n  - "82/sctp"\n  - {target: 83, mode: host}',
  );
  assert.deepEqual(container['portMappings'], [
    { containerPort: 80, hostPort: 80, name: 'web', appProtocol: 'http' },
    { containerPort: 81, hostPort: 81 },
    { containerPort: 83 },
  ]);
  assert.ok(hasEntry(report, 'approximated', 'services', 'web', 'ports', 1));
  assert.ok(hasEntry(report, 'dropped', 'services', 'web', 'ports', 2));
  assert.ok(hasEntry(report, 'dropped', 'services', 'web', 'ports', 3, 'mode'));
});

test('ports: two services of one task cannot listen on the same port; the second is dropped', () => {
  const result = toEcs(
    'services:\n  a:\n    image: a\n    ports: ["80:80"]\n  b:\n    image: b\n    ports: ["8080:80", "8000-8010"]\n  c:\n    image: c\n    ports: ["8005"]\n',
  );
  const task = onlyTask(result);
  assert.deepEqual(containerOf(task, 'b')['portMappings'], [{ containerPortRange: '8000-8010' }]);
  assert.equal(containerOf(task, 'c')['portMappings'], undefined);
  assert.ok(hasEntry(result.report, 'dropped', 'services', 'b', 'ports', 0));
  assert.ok(hasEntry(result.report, 'dropped', 'services', 'c', 'ports', 0));
});

test('ports in bridge mode (EC2, x-ecs networkMode) keep the published host port', () => {
  const { container } = service('image: a\nports: ["8080:80", "90"]', {}, BRIDGE);
  assert.deepEqual(container['portMappings'], [{ containerPort: 80, hostPort: 8080 }, { containerPort: 90 }]);
});

test('named volumes: Docker volumes on EC2 (shared, autoprovisioned, driver options kept), EFS placeholders on Fargate', () => {
  const top = 'volumes:\n  data:\n    driver: rexray/ebs\n    driver_opts: {size: 20}\n    labels: [team=db]\n  cache:\n';
  const ec2 = service('image: a\nvolumes: ["data:/var/lib/data", "cache:/cache:ro"]', EC2, top);
  assert.deepEqual(ec2.task['volumes'], [
    {
      name: 'data',
      dockerVolumeConfiguration: {
        scope: 'shared',
        autoprovision: true,
        driver: 'rexray/ebs',
        driverOpts: { size: '20' },
        labels: { team: 'db' },
      },
    },
    { name: 'cache', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true } },
  ]);
  assert.deepEqual(ec2.container['mountPoints'], [
    { sourceVolume: 'data', containerPath: '/var/lib/data' },
    { sourceVolume: 'cache', containerPath: '/cache', readOnly: true },
  ]);
  const fargate = service('image: a\nvolumes: ["data:/var/lib/data"]', {}, top);
  assert.deepEqual(fargate.task['volumes'], [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-PLACEHOLDER' } }]);
  assert.ok(hasEntry(fargate.report, 'notes', 'volumes', 'data'));
  assert.ok(hasEntry(fargate.report, 'dropped', 'volumes', 'data', 'driver'));
});

test('external volumes are not autoprovisioned on EC2', () => {
  const { task } = service('image: a\nvolumes: ["logs:/logs"]', EC2, 'volumes:\n  logs:\n    external: true\n');
  assert.deepEqual(task['volumes'], [{ name: 'logs', dockerVolumeConfiguration: { scope: 'shared', autoprovision: false } }]);
});

test('bind mounts: host volumes on EC2 (one per host path, shared by services), dropped on Fargate', () => {
  const result = toEcs(
    'services:\n  a:\n    image: a\n    volumes: ["./conf:/etc/app:ro", "/var/log:/logs"]\n  b:\n    image: b\n    volumes: [{type: bind, source: ./conf, target: /conf}]\n',
    EC2,
  );
  const task = onlyTask(result);
  assert.deepEqual(task['volumes'], [
    { name: 'p-conf', host: { sourcePath: '/p/conf' } },
    { name: 'var-log', host: { sourcePath: '/var/log' } },
  ]);
  assert.deepEqual(containerOf(task, 'b')['mountPoints'], [{ sourceVolume: 'p-conf', containerPath: '/conf' }]);
  const fargate = service('image: a\nvolumes: ["./conf:/etc/app"]');
  assert.equal(fargate.task['volumes'], undefined);
  assert.ok(hasEntry(fargate.report, 'dropped', 'services', 'web', 'volumes', 0));
});

test("a local volume bound to a host directory is a host volume; a volume's x-ecs replaces the derived volume", () => {
  const bound = service(
    'image: a\nvolumes: ["site:/srv"]',
    EC2,
    'volumes:\n  site:\n    driver: local\n    driver_opts: {type: none, o: bind, device: /data/site}\n',
  );
  assert.deepEqual(bound.task['volumes'], [{ name: 'data-site', host: { sourcePath: '/data/site' } }]);
  const efs = service(
    'image: a\nvolumes: ["site:/srv"]',
    {},
    'volumes:\n  site:\n    x-ecs:\n      efsVolumeConfiguration: {fileSystemId: fs-1234, transitEncryption: ENABLED}\n',
  );
  assert.deepEqual(efs.task['volumes'], [
    { name: 'site', efsVolumeConfiguration: { fileSystemId: 'fs-1234', transitEncryption: 'ENABLED' } },
  ]);
});

test('anonymous volumes become task-scoped volumes on both launch types', () => {
  const { task, container } = service('image: a\nvolumes: ["/scratch"]');
  assert.deepEqual(task['volumes'], [{ name: 'web-anonymous' }]);
  assert.deepEqual(container['mountPoints'], [{ sourceVolume: 'web-anonymous', containerPath: '/scratch' }]);
});

test('tmpfs (short key and long mounts) → linuxParameters.tmpfs in MiB on EC2; dropped on Fargate', () => {
  const ec2 = service(
    'image: a\ntmpfs: ["/run:size=64m,noexec", /tmp]\nvolumes: [{type: tmpfs, target: /cache, tmpfs: {size: 104857600}}]',
    EC2,
  );
  const linux = ec2.container['linuxParameters'] as Json;
  assert.deepEqual(linux['tmpfs'], [
    { containerPath: '/cache', size: 100 },
    { containerPath: '/run', size: 64, mountOptions: ['noexec'] },
    { containerPath: '/tmp', size: 64 },
  ]);
  assert.ok(hasEntry(ec2.report, 'approximated', 'services', 'web', 'tmpfs', 1), 'no size: 64 MiB assumed');
  const fargate = service('image: a\ntmpfs: /run');
  assert.equal(fargate.container['linuxParameters'], undefined);
  assert.ok(hasEntry(fargate.report, 'dropped', 'services', 'web', 'tmpfs'));
});

test('volumes_from: services of the same task only', () => {
  const result = toEcs('services:\n  data:\n    image: d\n  app:\n    image: a\n    volumes_from: ["data:ro", "container:other"]\n');
  assert.deepEqual(containerOf(onlyTask(result), 'app')['volumesFrom'], [{ sourceContainer: 'data', readOnly: true }]);
  assert.ok(hasEntry(result.report, 'dropped', 'services', 'app', 'volumes_from', 1));
});

test('depends_on: conditions map to START / HEALTHY / SUCCESS, and the SUCCESS target is not essential', () => {
  const result = toEcs(`
    services:
      migrate:
        image: m
      db:
        image: postgres
        healthcheck: {test: [CMD, pg_isready]}
      cache:
        image: redis
      app:
        image: a
        depends_on:
          migrate: {condition: service_completed_successfully}
          db: {condition: service_healthy}
          cache: {condition: service_started, required: false}
  `);
  const task = onlyTask(result);
  assert.deepEqual(containerOf(task, 'app')['dependsOn'], [
    { containerName: 'migrate', condition: 'SUCCESS' },
    { containerName: 'db', condition: 'HEALTHY' },
    { containerName: 'cache', condition: 'START' },
  ]);
  assert.equal(containerOf(task, 'migrate')['essential'], false);
  // What app needs running is essential; app itself, which nothing needs, is not (see the essential test below).
  assert.equal(containerOf(task, 'db')['essential'], true);
  assert.equal(containerOf(task, 'cache')['essential'], true);
  assert.equal(containerOf(task, 'app')['essential'], false);
  assert.ok(hasEntry(result.report, 'approximated', 'services', 'app', 'depends_on', 'cache', 'required'));
  const list = toEcs('services:\n  a:\n    image: a\n    depends_on: [b]\n  b:\n    image: b\n');
  assert.deepEqual(containerOf(onlyTask(list), 'a')['dependsOn'], [{ containerName: 'b', condition: 'START' }]);
});

test('depends_on: service_healthy on a service without a healthcheck waits for START, and says so', () => {
  const result = toEcs('services:\n  a:\n    image: a\n    depends_on: {b: {condition: service_healthy}}\n  b:\n    image: b\n');
  assert.deepEqual(containerOf(onlyTask(result), 'a')['dependsOn'], [{ containerName: 'b', condition: 'START' }]);
  assert.match(entries(result.report, 'approximated', 'services', 'a', 'depends_on', 'b')[0]!.action!, /healthcheck/);
});

test('per service: one task definition per service, and depends_on across them is reported', () => {
  const result = toEcs('services:\n  web:\n    image: w\n    depends_on: [api]\n  api:\n    image: a\n', { perService: true });
  assert.deepEqual(
    result.taskDefinitions.map((t) => t.name),
    ['p-web', 'p-api'],
  );
  assert.equal(containerOf(result.taskDefinitions[0]!.definition, 'web')['dependsOn'], undefined);
  assert.match(entries(result.report, 'dropped', 'services', 'web', 'depends_on', 0)[0]!.reason, /another task definition/);
});

test("healthcheck: test forms and durations in seconds; Docker's 30s default timeout is written out", () => {
  const forms: Array<[string, string[]]> = [
    ['[CMD, curl, -f, http://localhost]', ['CMD', 'curl', '-f', 'http://localhost']],
    ['[CMD-SHELL, "curl -f http://localhost || exit 1"]', ['CMD-SHELL', 'curl -f http://localhost || exit 1']],
    ['curl -f http://localhost', ['CMD-SHELL', 'curl -f http://localhost']],
  ];
  for (const [test_, command] of forms) {
    assert.deepEqual(service(`image: a\nhealthcheck:\n  test: ${test_}`).container['healthCheck'], { command, timeout: 30 });
  }
  const timed = service(
    'image: a\nhealthcheck:\n  test: [CMD, true]\n  interval: 1m30s\n  timeout: 10s\n  retries: 5\n  start_period: 40s\n  start_interval: 2s',
  );
  assert.deepEqual(timed.container['healthCheck'], { command: ['CMD', 'true'], interval: 90, timeout: 10, retries: 5, startPeriod: 40 });
  assert.ok(hasEntry(timed.report, 'dropped', 'services', 'web', 'healthcheck', 'start_interval'));
});

test('healthcheck: values outside ECS limits are clamped and reported; NONE and disable are dropped', () => {
  const clamped = service(
    'image: a\nhealthcheck:\n  test: [CMD, true]\n  interval: 1s\n  timeout: 90s\n  retries: 20\n  start_period: 1500ms',
  );
  assert.deepEqual(clamped.container['healthCheck'], { command: ['CMD', 'true'], interval: 5, timeout: 60, retries: 10, startPeriod: 2 });
  assert.deepEqual(
    clamped.report.approximated.map((e) => e.path[3]),
    ['interval', 'timeout', 'retries', 'start_period'],
  );
  for (const body of ['healthcheck:\n  test: [NONE]', 'healthcheck:\n  disable: true']) {
    const off = service(`image: a\n${body}`);
    assert.equal(off.container['healthCheck'], undefined);
    assert.ok(hasEntry(off.report, 'dropped', 'services', 'web', 'healthcheck'));
  }
});

test('resources: deploy limits and reservations → cpu units, memory and memoryReservation in MiB', () => {
  const { container, report } = service(
    'image: a\ndeploy:\n  resources:\n    limits: {cpus: "0.5", memory: 1G}\n    reservations: {memory: 256M}',
  );
  assert.equal(container['cpu'], 512);
  assert.equal(container['memory'], 1024);
  assert.equal(container['memoryReservation'], 256);
  assert.deepEqual(
    report.approximated.filter((e) => e.path.length > 2 && e.path[1] === 'web'),
    [],
  );
  const legacy = service('image: a\ncpus: 0.3\nmem_limit: 300m\nmem_reservation: 100000000');
  assert.equal(legacy.container['cpu'], 308);
  assert.equal(legacy.container['memory'], 300);
  assert.equal(legacy.container['memoryReservation'], 96);
  assert.ok(hasEntry(legacy.report, 'approximated', 'services', 'web', 'cpus'));
  assert.ok(hasEntry(legacy.report, 'approximated', 'services', 'web', 'mem_reservation'));
  assert.equal(service('image: a\ncpu_shares: 512').container['cpu'], 512);
});

test("task size on Fargate: the containers' total rounded up to the smallest valid pair, with an entry", () => {
  const result = toEcs(
    'services:\n  a:\n    image: a\n    deploy: {resources: {limits: {cpus: "0.5", memory: 1500M}}}\n  b:\n    image: b\n    deploy: {resources: {limits: {cpus: "0.25", memory: 700M}}}\n',
  );
  const task = onlyTask(result);
  assert.equal(task['cpu'], '1024');
  assert.equal(task['memory'], '3072');
  assert.ok(hasEntry(result.report, 'approximated', 'services'));
  const none = toEcs('services:\n  a:\n    image: a\n');
  assert.deepEqual([onlyTask(none)['cpu'], onlyTask(none)['memory']], ['256', '512']);
  assert.ok(hasEntry(none.report, 'notes', 'services'));
  const exact = toEcs('services:\n  a:\n    image: a\n    deploy: {resources: {limits: {cpus: "1", memory: 2G}}}\n');
  assert.deepEqual([onlyTask(exact)['cpu'], onlyTask(exact)['memory']], ['1024', '2048']);
  assert.equal(exact.report.approximated.length, 0);
});

test('task size on EC2: task memory only when a container states none', () => {
  const stated = toEcs('services:\n  a:\n    image: a\n    mem_limit: 256m\n', EC2);
  assert.equal(onlyTask(stated)['memory'], undefined);
  const missing = toEcs('services:\n  a:\n    image: a\n    mem_limit: 256m\n  b:\n    image: b\n', EC2);
  assert.equal(onlyTask(missing)['memory'], '768');
  assert.equal(onlyTask(missing)['cpu'], undefined);
});

test('GPUs: a GPU requirement on EC2, dropped on Fargate', () => {
  const { container } = service(
    'image: a\ndeploy:\n  resources:\n    reservations:\n      devices: [{capabilities: [gpu], count: 2}]',
    EC2,
  );
  assert.deepEqual(container['resourceRequirements'], [{ type: 'GPU', value: '2' }]);
  assert.ok(hasEntry(service('image: a\ngpus: all').report, 'dropped', 'services', 'web', 'gpus'));
});

test('logging: none given → awslogs with placeholders and a note; supported drivers kept; others replaced', () => {
  const none = service('image: a');
  assert.deepEqual(none.container['logConfiguration'], {
    logDriver: 'awslogs',
    options: { 'awslogs-group': '/ecs/p', 'awslogs-region': 'REGION', 'awslogs-stream-prefix': 'web' },
  });
  assert.ok(hasEntry(none.report, 'notes', 'services', 'web'));
  const gelf = service('image: a\nlogging: {driver: gelf, options: {gelf-address: "udp://h:12201", tag: web}}', EC2);
  assert.deepEqual(gelf.container['logConfiguration'], { logDriver: 'gelf', options: { 'gelf-address': 'udp://h:12201', tag: 'web' } });
  const fargate = service('image: a\nlogging: {driver: syslog}');
  assert.equal((fargate.container['logConfiguration'] as Json)['logDriver'], 'awslogs');
  assert.ok(hasEntry(fargate.report, 'approximated', 'services', 'web', 'logging', 'driver'));
  const partial = service('image: a\nlogging: {driver: awslogs, options: {awslogs-group: /mine}}');
  assert.deepEqual((partial.container['logConfiguration'] as Json)['options'], {
    'awslogs-group': '/mine',
    'awslogs-region': 'REGION',
    'awslogs-stream-prefix': 'web',
  });
  const off = service('image: a\nlogging: {driver: none}');
  assert.equal(off.container['logConfiguration'], undefined);
});

test("secrets: environment variables from a placeholder Secrets Manager ARN, or from the secret's x-ecs", () => {
  const top =
    'secrets:\n  db_password: {file: ./db.txt}\n  api_key:\n    environment: API_KEY\n    x-ecs: {valueFrom: "arn:aws:ssm:eu-west-1:123456789012:parameter/api"}\n';
  const { container, report } = service('image: a\nsecrets: [db_password, {source: api_key, target: API_KEY, mode: 0400}]', {}, top);
  assert.deepEqual(container['secrets'], [
    { name: 'db_password', valueFrom: 'arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:db_password' },
    { name: 'API_KEY', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/api' },
  ]);
  assert.match(entries(report, 'notes', 'services', 'web', 'secrets', 0)[0]!.action!, /Secrets Manager/);
  assert.ok(hasEntry(report, 'dropped', 'services', 'web', 'secrets', 1, 'mode'));
});

test('process settings: user, working_dir, tty, stdin_open, labels, stop_grace_period', () => {
  const { container, report } = service(
    'image: a\nuser: "1000:1000"\nworking_dir: /app\ntty: true\nstdin_open: true\nlabels: [a=1, flag]\nstop_grace_period: 5m',
  );
  assert.equal(container['user'], '1000:1000');
  assert.equal(container['workingDirectory'], '/app');
  assert.equal(container['pseudoTerminal'], true);
  assert.equal(container['interactive'], true);
  assert.deepEqual(container['dockerLabels'], { a: '1', flag: '' });
  assert.equal(container['stopTimeout'], 120);
  assert.ok(hasEntry(report, 'approximated', 'services', 'web', 'stop_grace_period'));
  assert.equal(service('image: a\nstop_grace_period: 1m30s').container['stopTimeout'], 90);
});

test('hostname and extra_hosts: dropped in awsvpc, kept in bridge mode', () => {
  const awsvpc = service('image: a\nhostname: web1\nextra_hosts: ["db:10.0.0.2"]', EC2);
  assert.equal(awsvpc.container['hostname'], undefined);
  assert.ok(hasEntry(awsvpc.report, 'dropped', 'services', 'web', 'hostname'));
  assert.ok(hasEntry(awsvpc.report, 'dropped', 'services', 'web', 'extra_hosts'));
  const bridge = service('image: a\nhostname: web1\nextra_hosts: ["db:10.0.0.2", "v6=::1"]\nlinks: []', {}, BRIDGE);
  assert.equal(bridge.container['hostname'], 'web1');
  assert.deepEqual(bridge.container['extraHosts'], [
    { hostname: 'db', ipAddress: '10.0.0.2' },
    { hostname: 'v6', ipAddress: '::1' },
  ]);
});

test('dns and dns_search: kept on EC2, dropped on Fargate', () => {
  const ec2 = service('image: a\ndns: 8.8.8.8\ndns_search: [corp.example]', EC2);
  assert.deepEqual([ec2.container['dnsServers'], ec2.container['dnsSearchDomains']], [['8.8.8.8'], ['corp.example']]);
  const fargate = service('image: a\ndns: 8.8.8.8');
  assert.equal(fargate.container['dnsServers'], undefined);
  assert.ok(hasEntry(fargate.report, 'dropped', 'services', 'web', 'dns'));
});

test('kernel settings: capabilities, init, read_only, privileged, ulimits, sysctls, shm_size, devices, security_opt', () => {
  const { container } = service(
    `
    image: a
    cap_add: [CAP_NET_ADMIN, SYS_PTRACE]
    cap_drop: [ALL]
    init: true
    read_only: true
    privileged: true
    ulimits: {nofile: {soft: 1024, hard: 4096}, nproc: 512}
    sysctls: {net.core.somaxconn: 1024}
    shm_size: 256m
    devices: ["/dev/fuse:/dev/fuse:rwm"]
    security_opt: ["no-new-privileges:true", "label=type:svirt_t"]
  `,
    EC2,
  );
  assert.deepEqual(container['linuxParameters'], {
    capabilities: { add: ['NET_ADMIN', 'SYS_PTRACE'], drop: ['ALL'] },
    initProcessEnabled: true,
    sharedMemorySize: 256,
    devices: [{ hostPath: '/dev/fuse', containerPath: '/dev/fuse', permissions: ['read', 'write', 'mknod'] }],
  });
  assert.equal(container['readonlyRootFilesystem'], true);
  assert.equal(container['privileged'], true);
  assert.deepEqual(container['ulimits'], [
    { name: 'nofile', softLimit: 1024, hardLimit: 4096 },
    { name: 'nproc', softLimit: 512, hardLimit: 512 },
  ]);
  assert.deepEqual(container['systemControls'], [{ namespace: 'net.core.somaxconn', value: '1024' }]);
  assert.deepEqual(container['dockerSecurityOptions'], ['no-new-privileges', 'label:type:svirt_t']);
});

test('kernel settings Fargate refuses are dropped, each with an entry', () => {
  const { container, report } = service(
    'image: a\ncap_add: [NET_ADMIN, SYS_PTRACE]\nprivileged: true\nshm_size: 1g\ndevices: ["/dev/fuse"]\nulimits: {nproc: 10, nofile: 100}\nsecurity_opt: [no-new-privileges]',
  );
  assert.deepEqual(container['linuxParameters'], { capabilities: { add: ['SYS_PTRACE'] } });
  assert.deepEqual(container['ulimits'], [{ name: 'nofile', softLimit: 100, hardLimit: 100 }]);
  for (const key of ['privileged', 'shm_size', 'devices', 'security_opt'])
    assert.ok(hasEntry(report, 'dropped', 'services', 'web', key), key);
  assert.ok(hasEntry(report, 'dropped', 'services', 'web', 'cap_add', 0));
  assert.ok(hasEntry(report, 'dropped', 'services', 'web', 'ulimits', 'nproc'));
});

test('essential: one rule for restart "no" and no restart policy: not essential unless another container needs it; reported for each', () => {
  const result = toEcs(`
    services:
      web:
        image: w
        depends_on: [db, cache]
      db:
        image: postgres
        restart: "no"
      cache:
        image: redis
      worker:
        image: k
      seed:
        image: s
        restart: "no"
      proxy:
        image: p
        restart: unless-stopped
  `);
  const task = onlyTask(result);
  const essential = (name: string) => containerOf(task, name)['essential'];
  // Needed by web: essential, whether "no" is written (db) or not (cache).
  assert.deepEqual([essential('db'), essential('cache')], [true, true]);
  // Needed by none: not essential, whether "no" is written (seed) or not (web, worker).
  assert.deepEqual([essential('web'), essential('worker'), essential('seed')], [false, false, false]);
  // A restart policy: essential (ECS replaces the task).
  assert.equal(essential('proxy'), true);
  const note = (...path: Array<string | number>) => entries(result.report, 'notes', ...path).map((e) => e.reason);
  assert.deepEqual(note('services', 'db', 'restart'), [
    'Compose does not restart "db", but "web" needs it, so it is essential: when it exits, ECS stops the task (an ECS service then starts a new one).',
  ]);
  assert.deepEqual(
    result.report.notes.filter((e) => e.path.length === 2 && e.path[1] === 'cache' && /restart/.test(e.reason)).map((e) => e.reason),
    [
      'Compose does not restart "cache", but "web" needs it, so it is essential: when it exits, ECS stops the task (an ECS service then starts a new one).',
    ],
  );
  for (const [name, path] of [
    ['seed', ['services', 'seed', 'restart']],
    ['worker', ['services', 'worker']],
    ['web', ['services', 'web']],
  ] as const)
    assert.ok(
      result.report.notes.some(
        (e) =>
          JSON.stringify(e.path) === JSON.stringify(path) &&
          e.reason ===
            `Compose does not restart "${name}", and its exit does not stop the other services, so it is not essential: when it exits, the other containers of the task keep running.`,
      ),
      name,
    );
  // When the rule leaves no essential container, the ones that are not jobs are, approximated.
  const none = toEcs('services:\n  a:\n    image: a\n  b:\n    image: b\n    restart: "no"\n');
  assert.equal(containerOf(onlyTask(none), 'a')['essential'], true);
  assert.equal(containerOf(onlyTask(none), 'b')['essential'], true);
  assert.ok(hasEntry(none.report, 'approximated', 'services', 'a'));
  assert.ok(hasEntry(none.report, 'approximated', 'services', 'b', 'restart'));
  // One container: essential, and nothing to say (the task ends when it exits, as the project would).
  const alone = toEcs('services:\n  job:\n    image: j\n    restart: "no"\n');
  assert.equal(containerOf(onlyTask(alone), 'job')['essential'], true);
  assert.deepEqual(entries(alone.report, 'approximated', 'services', 'job'), []);
  assert.deepEqual(entries(alone.report, 'notes', 'services', 'job', 'restart'), []);
});

test('x-ecs: top-level task fields and per-service container fields override what was derived; null removes', () => {
  const result = toEcs(`
    x-ecs:
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      cpu: "2048"
      memory: "4096"
      runtimePlatform: {cpuArchitecture: ARM64, operatingSystemFamily: LINUX}
    services:
      web:
        image: w
        x-ecs:
          essential: true
          repositoryCredentials: {credentialsParameter: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub"}
          logConfiguration: null
  `);
  const task = onlyTask(result);
  assert.equal(task['executionRoleArn'], 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole');
  assert.deepEqual([task['cpu'], task['memory']], ['2048', '4096']);
  const web = containerOf(task, 'web');
  assert.deepEqual(web['repositoryCredentials'], { credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub' });
  assert.equal(web['logConfiguration'], undefined);
});

test('x-ecs requiresCompatibilities and networkMode decide the launch type and network mode', () => {
  const result = toEcs(
    'x-ecs:\n  requiresCompatibilities: [EC2]\n  networkMode: bridge\nservices:\n  web:\n    image: w\n    hostname: web\n',
    { launchType: 'FARGATE' },
  );
  const task = onlyTask(result);
  assert.deepEqual(task['requiresCompatibilities'], ['EC2']);
  assert.equal(task['networkMode'], 'bridge');
  assert.equal(containerOf(task, 'web')['hostname'], 'web');
  assert.ok(hasEntry(result.report, 'notes', 'x-ecs', 'requiresCompatibilities'));
});

test('every key that is not carried gets an entry: known keys with their reason, extensions, unknown keys', () => {
  const result = toEcs(`
    networks: {front: {}}
    configs: {app: {file: ./app.conf}}
    x-common: &common {image: a}
    services:
      web:
        image: a
        container_name: web1
        expose: ["80"]
        stop_signal: SIGINT
        networks: [front]
        x-note: hello
  `);
  for (const key of ['networks', 'x-common']) assert.ok(hasEntry(result.report, 'notes', key), key);
  assert.ok(hasEntry(result.report, 'dropped', 'configs'));
  for (const key of ['container_name', 'expose', 'networks', 'x-note'])
    assert.ok(hasEntry(result.report, 'notes', 'services', 'web', key), key);
  assert.ok(hasEntry(result.report, 'dropped', 'services', 'web', 'stop_signal'));
  // A raw parse (not a loaded project) still has `version`, and may have typos.
  const raw = composeToTaskDefinitions({ version: '3.9', services: { web: { image: 'a', imagee: 'typo' } } }, { projectName: 'p' });
  assert.ok(hasEntry(raw.report, 'notes', 'version'));
  assert.match(entries(raw.report, 'dropped', 'services', 'web', 'imagee')[0]!.reason, /not a service key/);
});

test('more than 10 services in one task is an error entry (ECS quota); per service, or fewer services, they convert', () => {
  const services = Array.from({ length: 11 }, (_, i) => `  s${i}:\n    image: a\n`).join('');
  const crowded = composeToTaskDefinitions(composeModel(`services:\n${services}`), { projectName: 'p' });
  assert.ok(hasEntry(crowded.report, 'errors', 'services'));
  const result = toEcs(`services:\n${services}`, { perService: true });
  assert.equal(result.taskDefinitions.length, 11);
  const one = toEcs(`services:\n${services}`.replace(/image: a/g, 'image: b'), { services: ['s0', 's1'] });
  assert.equal((onlyTask(one)['containerDefinitions'] as Json[]).length, 2);
});

test('a password inside a URL never reaches the loss report', () => {
  const model = {
    services: { db: { image: 'postgres' }, api: { image: 'api', environment: { DATABASE_URL: 'postgres://app:s3cr3t@db:5432/app' } } },
  };
  const { report } = composeToTaskDefinitions(model, { projectName: 'p' });
  const text = JSON.stringify(report);
  assert.ok(!text.includes('s3cr3t'), text);
  assert.match(text, /postgres:\/\/app:\*\*\*@db:5432/);
});

test("one service's platform becomes the whole task's runtimePlatform: approximated, naming the services it reaches", () => {
  const result = toEcs('services:\n  web:\n    image: a\n    platform: linux/arm64\n  db:\n    image: b\n  cache:\n    image: c\n');
  assert.deepEqual(onlyTask(result)['runtimePlatform'], { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' });
  const entry = entries(result.report, 'approximated', 'services', 'web', 'platform');
  assert.equal(entry.length, 1);
  assert.equal(
    entry[0]!.reason,
    'The platform (runtimePlatform) is one setting for the whole task in ECS: "linux/arm64" applies to "db", "cache" too, which ask for none.',
  );
  assert.match(entry[0]!.action!, /--per-service/);
  // Every service on the same platform, or one task per service: exact, nothing to say.
  const same = toEcs('services:\n  web:\n    image: a\n    platform: linux/arm64\n  db:\n    image: b\n    platform: linux/arm64\n');
  assert.equal(entries(same.report, 'approximated', 'services', 'web', 'platform').length, 0);
  assert.equal(entries(same.report, 'approximated', 'services', 'db', 'platform').length, 0);
  const perService = toEcs('services:\n  web:\n    image: a\n    platform: linux/arm64\n  db:\n    image: b\n', { perService: true });
  assert.equal(entries(perService.report, 'approximated', 'services', 'web', 'platform').length, 0);
});
