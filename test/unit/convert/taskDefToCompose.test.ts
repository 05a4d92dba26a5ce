/** ECS → Compose, one mapping at a time. Every Compose file produced here validates with zero errors (helpers.toCompose). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCompose } from '../../../core/src/convert';
import { asRecord } from '../../../core/src/convert/values';
import { composeModel, entries, hasEntry, toCompose, type Json } from './helpers';

function task(containers: Json[], extra: Json = {}): Json {
  return { family: 'shop', containerDefinitions: containers, ...extra };
}

function onlyService(definition: Json): { service: Json; compose: Json; report: ReturnType<typeof toCompose>['report'] } {
  const { compose, report } = toCompose(definition);
  const services = compose['services'] as Json;
  const [first] = Object.values(services);
  return { service: first as Json, compose, report };
}

const web = (fields: Json = {}): Json => ({ name: 'web', image: 'nginx', ...fields });

test('containers become services named after them; image, command, entryPoint, user, working directory', () => {
  const { compose } = toCompose(
    task([
      web({ command: ['serve', '--port', '80'], entryPoint: ['/init'], user: '101', workingDirectory: '/srv' }),
      { name: 'db', image: 'postgres' },
    ]),
  );
  assert.equal(compose['name'], 'shop');
  assert.deepEqual(Object.keys(compose['services'] as Json), ['web', 'db']);
  assert.deepEqual((compose['services'] as Json)['web'], {
    image: 'nginx',
    command: ['serve', '--port', '80'],
    entrypoint: ['/init'],
    user: '101',
    working_dir: '/srv',
    // Converting back would add the default awslogs configuration; null keeps "none".
    'x-ecs': { logConfiguration: null },
  });
});

test('environment: a mapping; `$` is written `$$` so Compose does not interpolate it', () => {
  const { service, compose } = onlyService(task([web({ environment: [{ name: 'GREETING', value: 'hi $USER' }, { name: 'EMPTY' }] })]));
  assert.deepEqual(service['environment'], { GREETING: 'hi $$USER', EMPTY: '' });
  const loaded = ((composeModel(renderCompose(compose))['services'] as Json)['web'] as Json)['environment'] as Json;
  assert.equal(loaded['GREETING'], 'hi $USER');
});

test('portMappings → ports: short syntax, udp, ranges; long syntax for names and app protocols', () => {
  const { service } = onlyService(
    task(
      [
        web({
          portMappings: [
            { containerPort: 80, hostPort: 80 },
            { containerPort: 53, hostPort: 53, protocol: 'udp' },
            { containerPort: 9000 },
            { containerPortRange: '3000-3005' },
            { containerPort: 8080, hostPort: 8080, name: 'api', appProtocol: 'http' },
          ],
        }),
      ],
      { networkMode: 'awsvpc' },
    ),
  );
  assert.deepEqual(service['ports'], [
    '80:80',
    '53:53/udp',
    '9000',
    '3000-3005',
    { target: 8080, published: '8080', name: 'api', app_protocol: 'http' },
  ]);
});

test('portMappings: a host port published twice is dropped (Compose would fail to start)', () => {
  const { compose, report } = toCompose(
    task(
      [
        web({ portMappings: [{ containerPort: 80, hostPort: 8080 }] }),
        { name: 'b', image: 'b', portMappings: [{ containerPort: 81, hostPort: 8080 }] },
      ],
      { networkMode: 'bridge' },
    ),
  );
  assert.equal(((compose['services'] as Json)['b'] as Json)['ports'], undefined);
  assert.ok(hasEntry(report, 'dropped', 'containerDefinitions', 1, 'portMappings', 0));
});

test('volumes: each ECS volume is a named volume keeping its configuration in x-ecs; host paths bind locally', () => {
  const { service, compose } = onlyService(
    task(
      [
        web({
          mountPoints: [
            { sourceVolume: 'data', containerPath: '/data' },
            { sourceVolume: 'site', containerPath: '/srv', readOnly: true },
            { sourceVolume: 'efs', containerPath: '/shared' },
            { sourceVolume: 'scratch', containerPath: '/tmp/x' },
          ],
        }),
      ],
      {
        volumes: [
          {
            name: 'data',
            dockerVolumeConfiguration: {
              scope: 'shared',
              autoprovision: true,
              driver: 'local',
              driverOpts: { type: 'tmpfs' },
              labels: { a: 'b' },
            },
          },
          { name: 'site', host: { sourcePath: '/srv/site' } },
          { name: 'efs', efsVolumeConfiguration: { fileSystemId: 'fs-1234' } },
          { name: 'scratch' },
        ],
      },
    ),
  );
  assert.deepEqual(service['volumes'], ['data:/data', 'site:/srv:ro', 'efs:/shared', 'scratch:/tmp/x']);
  assert.deepEqual(compose['volumes'], {
    data: {
      driver: 'local',
      driver_opts: { type: 'tmpfs' },
      labels: { a: 'b' },
      'x-ecs': {
        dockerVolumeConfiguration: {
          scope: 'shared',
          autoprovision: true,
          driver: 'local',
          driverOpts: { type: 'tmpfs' },
          labels: { a: 'b' },
        },
      },
    },
    site: {
      driver: 'local',
      driver_opts: { type: 'none', o: 'bind', device: '/srv/site' },
      'x-ecs': { host: { sourcePath: '/srv/site' } },
    },
    efs: { 'x-ecs': { efsVolumeConfiguration: { fileSystemId: 'fs-1234' } } },
    scratch: { 'x-ecs': {} },
  });
});

test('volumesFrom → volumes_from', () => {
  const { compose } = toCompose(
    task([{ name: 'data', image: 'd' }, web({ volumesFrom: [{ sourceContainer: 'data', readOnly: true }, { sourceContainer: 'data' }] })]),
  );
  assert.deepEqual(((compose['services'] as Json)['web'] as Json)['volumes_from'], ['data:ro', 'data']);
});

test('dependsOn → depends_on with conditions; COMPLETE is approximated and pinned in x-ecs', () => {
  const { compose, report } = toCompose(
    task([
      { name: 'migrate', image: 'm', essential: false },
      { name: 'db', image: 'postgres', healthCheck: { command: ['CMD', 'pg_isready'] } },
      { name: 'init', image: 'i', essential: false },
      web({
        dependsOn: [
          { containerName: 'migrate', condition: 'SUCCESS' },
          { containerName: 'db', condition: 'HEALTHY' },
          { containerName: 'init', condition: 'COMPLETE' },
        ],
      }),
    ]),
  );
  const services = compose['services'] as Json;
  const webService = services['web'] as Json;
  assert.deepEqual(webService['depends_on'], {
    migrate: { condition: 'service_completed_successfully' },
    db: { condition: 'service_healthy' },
    init: { condition: 'service_completed_successfully' },
  });
  assert.ok(hasEntry(report, 'approximated', 'containerDefinitions', 3, 'dependsOn', 2, 'condition'));
  assert.deepEqual((webService['x-ecs'] as Json)['dependsOn'], [
    { containerName: 'migrate', condition: 'SUCCESS' },
    { containerName: 'db', condition: 'HEALTHY' },
    { containerName: 'init', condition: 'COMPLETE' },
  ]);
  assert.deepEqual((services['migrate'] as Json)['x-ecs'], { essential: false, logConfiguration: null });
});

test("healthCheck → healthcheck with durations as strings; ECS's 5s default timeout is written out", () => {
  const { service } = onlyService(
    task([
      web({ healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 10, retries: 2, startPeriod: 30 } }),
    ]),
  );
  assert.deepEqual(service['healthcheck'], {
    test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'],
    interval: '10s',
    timeout: '5s',
    retries: 2,
    start_period: '30s',
  });
});

test('secrets → top-level secrets read from the environment, the ARN kept in x-ecs; the difference is noted', () => {
  const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf';
  const { service, compose, report } = onlyService(task([web({ secrets: [{ name: 'DB_PASSWORD', valueFrom: arn }] })]));
  assert.deepEqual(service['secrets'], ['DB_PASSWORD']);
  assert.deepEqual(compose['secrets'], { DB_PASSWORD: { environment: 'DB_PASSWORD', 'x-ecs': { valueFrom: arn } } });
  assert.match(entries(report, 'notes', 'containerDefinitions', 0, 'secrets', 0)[0]!.reason, /\/run\/secrets\/DB_PASSWORD/);
});

test('secrets: the same name from two sources gets two Compose secrets, each targeted at the variable', () => {
  const { compose } = toCompose(
    task([
      web({ secrets: [{ name: 'TOKEN', valueFrom: '/a/token' }] }),
      { name: 'b', image: 'b', secrets: [{ name: 'TOKEN', valueFrom: '/b/token' }] },
    ]),
  );
  assert.deepEqual(((compose['services'] as Json)['b'] as Json)['secrets'], [{ source: 'TOKEN_2', target: 'TOKEN' }]);
});

test('logConfiguration: Docker drivers → logging; awslogs stays in x-ecs (it needs AWS to run)', () => {
  const gelf = onlyService(task([web({ logConfiguration: { logDriver: 'gelf', options: { 'gelf-address': 'udp://h:12201' } } })]));
  assert.deepEqual(gelf.service['logging'], { driver: 'gelf', options: { 'gelf-address': 'udp://h:12201' } });
  const awslogs = { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'eu-west-1' } };
  const aws = onlyService(task([web({ logConfiguration: awslogs })]));
  assert.equal(aws.service['logging'], undefined);
  assert.deepEqual((aws.service['x-ecs'] as Json)['logConfiguration'], awslogs);
  assert.ok(hasEntry(aws.report, 'notes', 'containerDefinitions', 0, 'logConfiguration'));
});

test('linuxParameters → cap_add, cap_drop, init, tmpfs, shm_size, devices, swap', () => {
  const { service } = onlyService(
    task(
      [
        web({
          memory: 512,
          linuxParameters: {
            capabilities: { add: ['SYS_PTRACE'], drop: ['NET_RAW'] },
            initProcessEnabled: true,
            tmpfs: [{ containerPath: '/run', size: 64, mountOptions: ['noexec'] }],
            sharedMemorySize: 128,
            devices: [{ hostPath: '/dev/fuse', permissions: ['read', 'write'] }],
            maxSwap: 256,
            swappiness: 10,
          },
        }),
      ],
      { requiresCompatibilities: ['EC2'] },
    ),
  );
  assert.deepEqual(
    {
      cap_add: service['cap_add'],
      cap_drop: service['cap_drop'],
      init: service['init'],
      tmpfs: service['tmpfs'],
      shm_size: service['shm_size'],
      devices: service['devices'],
      memswap_limit: service['memswap_limit'],
      mem_swappiness: service['mem_swappiness'],
    },
    {
      cap_add: ['SYS_PTRACE'],
      cap_drop: ['NET_RAW'],
      init: true,
      tmpfs: ['/run:size=64m,noexec'],
      shm_size: '128M',
      devices: ['/dev/fuse:/dev/fuse:rw'],
      memswap_limit: '768M',
      mem_swappiness: 10,
    },
  );
});

test('cpu → cpu_shares on Linux (CPU shares, not a limit), a limit on Windows; memory → deploy.resources; GPUs → a device reservation', () => {
  const { service, report } = onlyService(
    task([web({ cpu: 256, memory: 1024, memoryReservation: 512, resourceRequirements: [{ type: 'GPU', value: '1' }] })], {
      requiresCompatibilities: ['EC2'],
    }),
  );
  assert.equal(service['cpu_shares'], 256);
  assert.deepEqual(service['deploy'], {
    resources: {
      limits: { memory: '1024M' },
      reservations: { memory: '512M', devices: [{ capabilities: ['gpu'], count: 1 }] },
    },
  });
  assert.match(entries(report, 'notes', 'containerDefinitions', 0, 'cpu')[0]!.reason, /CPU shares .* it becomes cpu_shares: 256/);
  // The case: 10 units were a limit of 0.0098 CPUs, which the engine refuses to start.
  const small = onlyService(task([web({ cpu: 10, memory: 64 })], { requiresCompatibilities: ['EC2'] })).service;
  assert.equal(small['cpu_shares'], 10);
  assert.equal(asRecord(asRecord(asRecord(small['deploy'])?.['resources'])?.['limits'])?.['cpus'], undefined);
  const windows = onlyService(
    task([web({ cpu: 512, memory: 1024 })], {
      requiresCompatibilities: ['EC2'],
      runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE', cpuArchitecture: 'X86_64' },
    }),
  );
  assert.equal(windows.service['cpu_shares'], undefined);
  assert.deepEqual(windows.service['deploy'], { resources: { limits: { cpus: 0.5, memory: '1024M' } } });
  assert.match(entries(windows.report, 'notes', 'containerDefinitions', 0, 'cpu')[0]!.reason, /Windows.*limit/);
});

test('process and network settings: tty, stdin, stop timeout, labels, ulimits, sysctls, hosts, DNS, read-only, privileged', () => {
  const { service } = onlyService(
    task(
      [
        web({
          pseudoTerminal: true,
          interactive: true,
          stopTimeout: 45,
          dockerLabels: { team: 'web' },
          ulimits: [
            { name: 'nofile', softLimit: 1024, hardLimit: 4096 },
            { name: 'nproc', softLimit: 64, hardLimit: 64 },
          ],
          systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
          hostname: 'web1',
          extraHosts: [{ hostname: 'db', ipAddress: '10.0.0.2' }],
          dnsServers: ['10.0.0.53'],
          dnsSearchDomains: ['corp'],
          readonlyRootFilesystem: true,
          privileged: true,
          dockerSecurityOptions: ['no-new-privileges'],
          disableNetworking: false,
        }),
      ],
      { networkMode: 'bridge' },
    ),
  );
  const { image: _image, 'x-ecs': _extension, ...rest } = service;
  assert.deepEqual(rest, {
    tty: true,
    stdin_open: true,
    stop_grace_period: '45s',
    labels: { team: 'web' },
    ulimits: { nofile: { soft: 1024, hard: 4096 }, nproc: 64 },
    sysctls: { 'net.core.somaxconn': '1024' },
    hostname: 'web1',
    extra_hosts: ['db=10.0.0.2'],
    dns: ['10.0.0.53'],
    dns_search: ['corp'],
    read_only: true,
    privileged: true,
    security_opt: ['no-new-privileges'],
  });
});

test("essential: false → the service's x-ecs; other ECS-only container fields are kept there too", () => {
  const { service, report } = onlyService(
    task([
      web({
        essential: false,
        startTimeout: 60,
        repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' },
      }),
      { name: 'main', image: 'm' },
    ]),
  );
  assert.deepEqual(service['x-ecs'], {
    essential: false,
    startTimeout: 60,
    repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' },
    logConfiguration: null,
  });
  assert.ok(hasEntry(report, 'notes', 'containerDefinitions', 0, 'startTimeout'));
});

test('task-level fields → the top-level x-ecs (network mode and compatibilities written out); describe output is unwrapped', () => {
  const described = {
    taskDefinition: {
      taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop:3',
      revision: 3,
      status: 'ACTIVE',
      family: 'Shop_Web',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      cpu: '256',
      memory: '512',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      containerDefinitions: [web()],
    },
  };
  const { compose, report } = toCompose(described);
  assert.equal(compose['name'], 'shop_web');
  assert.deepEqual(compose['x-ecs'], {
    family: 'Shop_Web',
    executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
    cpu: '256',
    memory: '512',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
  });
  assert.equal(((compose['services'] as Json)['web'] as Json)['platform'], 'linux/arm64');
  for (const field of ['taskDefinitionArn', 'revision', 'status']) assert.ok(hasEntry(report, 'dropped', field), field);
});

test('something that is not a task definition gives an error entry, not an exception', () => {
  const { report } = toCompose([web()]);
  assert.equal(report.errors.length, 1);
});
