/**
 * Round trips. Compose → ECS → Compose keeps every mapped field (a property test over generated
 * services, for EC2 and for Fargate, each output validated); ECS → Compose → ECS gives the same
 * task definition, up to ECS's documented defaults.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { splitShortVolume } from '../../../core/src/compose/model';
import { parseLongPort, parseShortPort } from '../../../core/src/compose/ports';
import { composeToTaskDefinitions, renderCompose, taskDefinitionToCompose, type LaunchType } from '../../../core/src/convert';
import { boundDevice } from '../../../core/src/convert/compose/volumes';
import { byteCount, durationSeconds } from '../../../core/src/convert/units';
import { asRecord, listOrDict } from '../../../core/src/convert/values';
import { comparableTaskDefinition, composeErrors, composeModel, ecsRoundTrip, taskDefinitionErrors, type Json } from './helpers';

// ---------------------------------------------------------------------------------------------------
// Generated Compose projects, using only what each launch type can carry.

const SERVICE_NAMES = ['web', 'api', 'worker', 'cache'];
const word = fc.stringMatching(/^[a-z][a-z0-9._-]{0,7}$/);
const text = fc.oneof(
  word,
  fc.constantFrom('hello world', 'a=b', 'costs $5', '$HOME/bin', "it's", 'on', 'no', '1:20', '', '42', 'http://localhost:8080/x'),
);
const seconds = (min: number, max: number) => fc.integer({ min, max }).map((n) => `${n}s`);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

function serviceArbitrary(launchType: LaunchType, index: number, earlier: string[]): fc.Arbitrary<Json> {
  const ec2 = launchType === 'EC2';
  const portBase = 1000 * (index + 1);
  // Ports 5 apart, so a 3-port range never overlaps another port (the converter rightly drops overlaps).
  const port = fc.tuple(fc.integer({ min: 1, max: 180 }), fc.constantFrom('published', 'plain', 'udp', 'range')).map(([n, form]) => {
    const p = portBase + 5 * n;
    return form === 'published' ? `${p}:${p}` : form === 'plain' ? `${p}` : form === 'udp' ? `${p}:${p}/udp` : `${p}-${p + 2}`;
  });
  const mount = fc
    .tuple(fc.constantFrom(...(ec2 ? ['named', 'bind'] : ['named'])), fc.integer({ min: 0, max: 2 }), fc.boolean())
    .map(([kind, k, ro]) => ({ kind, k, ro }));
  const dependsOn =
    earlier.length === 0
      ? fc.constant(undefined)
      : optional(
          fc
            .subarray(earlier, { minLength: 1 })
            .chain((targets) =>
              fc
                .tuple(...targets.map(() => fc.constantFrom('service_started', 'service_healthy', 'service_completed_successfully')))
                .map((conditions) => Object.fromEntries(targets.map((t, i) => [t, { condition: conditions[i] }]))),
            ),
        );
  return fc
    .record(
      {
        image: fc.constantFrom('nginx', 'redis:7', 'public.ecr.aws/docker/library/postgres:16'),
        command: optional(fc.array(fc.oneof(word, fc.constantFrom('--flag=a b', '$PATH')), { minLength: 1, maxLength: 3 })),
        entrypoint: optional(fc.array(word, { minLength: 1, maxLength: 2 })),
        environment: optional(fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,6}$/), text, { minKeys: 1, maxKeys: 4 })),
        ports: optional(fc.uniqueArray(port, { minLength: 1, maxLength: 3, selector: (p) => Number(p.split(/[-:/]/)[0]) })),
        volumes: optional(
          fc
            .array(mount, { minLength: 1, maxLength: 3 })
            .map((mounts) =>
              mounts.map(({ kind, k, ro }, j) => `${kind === 'named' ? `vol${k}` : `/host/d${k}`}:/mnt/m${j}${ro ? ':ro' : ''}`),
            ),
        ),
        tmpfs: ec2
          ? optional(
              fc
                .array(fc.integer({ min: 1, max: 256 }), { minLength: 1, maxLength: 2 })
                .map((sizes) => sizes.map((size, j) => `/tmp${j}:size=${size}m`)),
            )
          : fc.constant(undefined),
        depends_on: dependsOn,
        healthcheck: optional(
          fc.record(
            {
              test: fc.oneof(
                fc.tuple(fc.constant('CMD'), word),
                fc.constant(['CMD-SHELL', 'curl -f http://localhost || exit 1']),
                fc.constant('pg_isready -q'),
              ),
              interval: optional(seconds(5, 300)),
              timeout: optional(seconds(2, 60)),
              retries: optional(fc.integer({ min: 1, max: 10 })),
              start_period: optional(seconds(0, 300)),
            },
            { requiredKeys: ['test'] },
          ),
        ),
        deploy: optional(
          fc
            .tuple(fc.constantFrom(0.125, 0.25, 0.5, 1), fc.integer({ min: 64, max: 1024 }), fc.integer({ min: 0, max: 100 }))
            .map(([cpus, memory, percent]) => ({
              resources: {
                limits: { cpus, memory: `${memory}M` },
                ...(percent > 50 ? { reservations: { memory: `${Math.max(6, Math.floor((memory * percent) / 100))}M` } } : {}),
              },
            })),
        ),
        logging: ec2
          ? optional(
              fc.record({
                driver: fc.constantFrom('json-file', 'syslog', 'gelf', 'fluentd', 'journald'),
                options: fc.dictionary(fc.constantFrom('tag', 'max-size', 'labels'), word, { maxKeys: 2 }),
              }),
            )
          : fc.constant(undefined),
        secrets: optional(fc.subarray(['db_password', 'api_key'], { minLength: 1 })),
        user: optional(fc.constantFrom('1000', 'app', '1000:1000')),
        working_dir: optional(fc.constantFrom('/app', '/srv/www')),
        labels: optional(fc.dictionary(fc.stringMatching(/^[a-z]{1,5}(\.[a-z]{1,5})?$/), text, { minKeys: 1, maxKeys: 3 })),
        cap_add: optional(fc.subarray(ec2 ? ['NET_ADMIN', 'SYS_PTRACE', 'CHOWN'] : ['SYS_PTRACE'], { minLength: 1 })),
        cap_drop: optional(fc.subarray(['NET_RAW', 'MKNOD'], { minLength: 1 })),
        init: optional(fc.constant(true)),
        read_only: optional(fc.constant(true)),
        privileged: ec2 ? optional(fc.constant(true)) : fc.constant(undefined),
        shm_size: ec2 ? optional(fc.integer({ min: 1, max: 512 }).map((n) => `${n}M`)) : fc.constant(undefined),
        ulimits: optional(
          fc
            .tuple(fc.integer({ min: 1024, max: 65536 }), fc.integer({ min: 0, max: 65536 }))
            .map(([soft, extra]) => ({ nofile: { soft, hard: soft + extra }, ...(ec2 ? { nproc: soft } : {}) })),
        ),
        sysctls: optional(fc.constant({ 'net.core.somaxconn': '1024' })),
        stop_grace_period: optional(seconds(ec2 ? 0 : 2, 120)),
        tty: optional(fc.constant(true)),
        stdin_open: optional(fc.constant(true)),
        dns: ec2 ? optional(fc.constant(['10.0.0.2', '8.8.8.8'])) : fc.constant(undefined),
        dns_search: ec2 ? optional(fc.constant(['corp.example'])) : fc.constant(undefined),
        security_opt: ec2 ? optional(fc.constant(['no-new-privileges'])) : fc.constant(undefined),
        devices: ec2 ? optional(fc.constant(['/dev/fuse:/dev/fuse:rwm'])) : fc.constant(undefined),
      },
      { requiredKeys: ['image'] },
    )
    .map(withoutUndefined);
}

function withoutUndefined(record: Json): Json {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** A plain object (fast-check's dictionaries have no prototype), or undefined when empty. */
function plainRecord(value: unknown): Json | undefined {
  const record = asRecord(value);
  return record && Object.keys(record).length > 0 ? { ...record } : undefined;
}

/** A project of 1 to 4 services, depending only on earlier ones; a service_healthy target gets a healthcheck. */
function projectArbitrary(launchType: LaunchType): fc.Arbitrary<Json> {
  return fc.integer({ min: 1, max: SERVICE_NAMES.length }).chain((count) => {
    const names = SERVICE_NAMES.slice(0, count);
    return fc.tuple(...names.map((_, i) => serviceArbitrary(launchType, i, names.slice(0, i)))).map((services) => {
      const byName: Record<string, Json> = Object.fromEntries(names.map((name, i) => [name, services[i]!]));
      for (const service of Object.values(byName)) {
        for (const [target, { condition }] of Object.entries((service['depends_on'] ?? {}) as Record<string, { condition: string }>)) {
          if (condition === 'service_healthy' && !byName[target]!['healthcheck'])
            byName[target]!['healthcheck'] = { test: ['CMD', 'true'] };
        }
      }
      return {
        services: byName,
        volumes: { vol0: null, vol1: null, vol2: null },
        secrets: { db_password: { file: './db.txt' }, api_key: { environment: 'API_KEY' } },
      };
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// What a service means, in a form both sides can be compared in.

function mebibytesOf(value: unknown): number | undefined {
  const bytes = byteCount(value);
  return bytes === undefined ? undefined : bytes / 1024 / 1024;
}

function cpuUnits(cpus: unknown, shares: unknown): number | undefined {
  return typeof cpus === 'number' ? cpus * 1024 : typeof shares === 'number' ? shares : undefined;
}

function canonicalPort(entry: unknown): string {
  const parsed = typeof entry === 'object' ? parseLongPort(entry as Json) : parseShortPort(String(entry));
  assert.ok(parsed.ok);
  const { target, published, protocol } = parsed.mapping;
  return `${published ? `${published.start}:` : ''}${target.start}-${target.end}/${protocol}`;
}

function canonicalMount(entry: unknown, volumes: Json): string {
  const { source, target, mode } = splitShortVolume(String(entry));
  const device = source && !source.startsWith('/') ? boundDevice(asRecord(volumes[source])) : undefined;
  const kind = source?.startsWith('/') || device ? 'bind' : 'volume';
  return `${kind}:${device ?? source}:${target}:${mode === 'ro' ? 'ro' : 'rw'}`;
}

function canonicalHealth(health: Json): Json {
  const test = typeof health['test'] === 'string' ? ['CMD-SHELL', health['test']] : health['test'];
  return {
    test,
    interval: durationSeconds(health['interval'] ?? '30s'),
    timeout: durationSeconds(health['timeout'] ?? '30s'),
    retries: Number(health['retries'] ?? 3),
    start_period: durationSeconds(health['start_period'] ?? '0s'),
  };
}

/** Every mapped key of a service, as what it means (units resolved, defaults filled, syntax normalised). */
function canonicalService(service: Json, model: Json): Json {
  const volumes = asRecord(model['volumes']) ?? {};
  const resources = asRecord(asRecord(service['deploy'])?.['resources']);
  const dependsOn = asRecord(service['depends_on']) ?? {};
  return withoutUndefined({
    image: service['image'],
    command: service['command'],
    entrypoint: service['entrypoint'],
    environment: listOrDict(service['environment'])
      .map(({ name, value }) => `${name}=${value}`)
      .sort(),
    ports: ((service['ports'] as unknown[]) ?? []).map(canonicalPort).sort(),
    volumes: ((service['volumes'] as unknown[]) ?? []).map((v) => canonicalMount(v, volumes)).sort(),
    tmpfs: service['tmpfs'],
    depends_on: Object.fromEntries(Object.entries(dependsOn).map(([t, o]) => [t, asRecord(o)?.['condition'] ?? 'service_started'])),
    healthcheck: service['healthcheck'] ? canonicalHealth(service['healthcheck'] as Json) : undefined,
    // ECS carries CPU units (shares on Linux): a limit comes back as cpu_shares, which is what ECS runs.
    cpu: cpuUnits(asRecord(resources?.['limits'])?.['cpus'], service['cpu_shares']),
    memory: mebibytesOf(asRecord(resources?.['limits'])?.['memory']),
    reservation: mebibytesOf(asRecord(resources?.['reservations'])?.['memory']),
    logging: service['logging']
      ? withoutUndefined({
          driver: asRecord(service['logging'])!['driver'],
          options: plainRecord(asRecord(service['logging'])!['options']),
        })
      : undefined,
    secrets: service['secrets'],
    user: service['user'],
    working_dir: service['working_dir'],
    labels: plainRecord(service['labels']),
    cap_add: service['cap_add'],
    cap_drop: service['cap_drop'],
    init: service['init'],
    read_only: service['read_only'],
    privileged: service['privileged'],
    shm_size: mebibytesOf(service['shm_size']),
    ulimits: Object.fromEntries(
      Object.entries(asRecord(service['ulimits']) ?? {}).map(([n, v]) => [
        n,
        typeof v === 'number' ? [v, v] : [asRecord(v)!['soft'], asRecord(v)!['hard']],
      ]),
    ),
    sysctls: plainRecord(service['sysctls']),
    stop_grace_period: service['stop_grace_period'] === undefined ? undefined : durationSeconds(service['stop_grace_period']),
    tty: service['tty'],
    stdin_open: service['stdin_open'],
    dns: service['dns'],
    dns_search: service['dns_search'],
    security_opt: service['security_opt'],
    devices: service['devices'],
  });
}

function canonical(model: Json): Json {
  return Object.fromEntries(
    Object.entries(asRecord(model['services']) ?? {}).map(([name, service]) => [name, canonicalService(service as Json, model)]),
  );
}

function composeRoundTrip(launchType: LaunchType, runs: number): void {
  fc.assert(
    fc.property(projectArbitrary(launchType), (project) => {
      const forward = composeToTaskDefinitions(project, { projectName: 'gen', launchType });
      const definition = forward.taskDefinitions[0]!.definition;
      assert.deepEqual(taskDefinitionErrors(definition), []);
      const { compose } = taskDefinitionToCompose(definition);
      assert.deepEqual(composeErrors(compose), []);
      // Read back as `docker compose` reads the file: interpolated (`$$` → `$`).
      const back = composeModel(renderCompose(compose));
      assert.deepEqual(canonical(back), canonical(project));
    }),
    { seed: 20260821, numRuns: runs },
  );
}

test('Compose → ECS (EC2) → Compose keeps every mapped field of generated services', () => {
  composeRoundTrip('EC2', 200);
});

test('Compose → ECS (Fargate) → Compose keeps every field Fargate can carry', () => {
  composeRoundTrip('FARGATE', 200);
});

// ---------------------------------------------------------------------------------------------------
// ECS → Compose → ECS

const FULL_EC2_TASK: Json = {
  family: 'Shop',
  taskRoleArn: 'arn:aws:iam::123456789012:role/shop',
  networkMode: 'bridge',
  requiresCompatibilities: ['EC2'],
  placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }],
  pidMode: 'host',
  containerDefinitions: [
    {
      name: 'web',
      image: 'nginx:1.27',
      cpu: 300,
      memory: 300,
      memoryReservation: 200,
      essential: true,
      links: ['api:backend'],
      portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }, { containerPort: 443 }],
      entryPoint: ['/docker-entrypoint.sh'],
      command: ['nginx', '-g', 'daemon off;'],
      environment: [{ name: 'PRICE', value: '$5' }],
      environmentFiles: [{ value: 'arn:aws:s3:::bucket/web.env', type: 's3' }],
      mountPoints: [{ sourceVolume: 'static', containerPath: '/usr/share/nginx/html', readOnly: true }],
      volumesFrom: [{ sourceContainer: 'api', readOnly: true }],
      linuxParameters: {
        capabilities: { add: ['NET_ADMIN'] },
        initProcessEnabled: true,
        tmpfs: [{ containerPath: '/run', size: 16 }],
        sharedMemorySize: 64,
        maxSwap: 100,
        swappiness: 5,
      },
      secrets: [{ name: 'TOKEN', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/token' }],
      dependsOn: [
        { containerName: 'api', condition: 'HEALTHY' },
        { containerName: 'init', condition: 'COMPLETE' },
      ],
      startTimeout: 30,
      stopTimeout: 200,
      hostname: 'web',
      user: 'nginx',
      workingDirectory: '/usr/share/nginx',
      extraHosts: [{ hostname: 'legacy', ipAddress: '10.1.2.3' }],
      dnsServers: ['10.0.0.2'],
      dnsSearchDomains: ['corp'],
      dockerSecurityOptions: ['no-new-privileges'],
      interactive: true,
      pseudoTerminal: true,
      dockerLabels: { team: 'web' },
      ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 2048 }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/shop', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'web' },
      },
      healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 10, timeout: 3, retries: 2, startPeriod: 5 },
      systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
      restartPolicy: { enabled: true, ignoredExitCodes: [0], restartAttemptPeriod: 60 },
    },
    {
      name: 'api',
      image: 'me/api',
      memory: 512,
      healthCheck: { command: ['CMD', '/health'] },
      logConfiguration: { logDriver: 'json-file', options: { 'max-size': '10m' } },
      privileged: true,
      readonlyRootFilesystem: true,
      disableNetworking: false,
    },
    { name: 'init', image: 'me/init', memory: 64, essential: false, resourceRequirements: [{ type: 'GPU', value: '1' }] },
  ],
  volumes: [
    { name: 'static', host: { sourcePath: '/srv/static' } },
    { name: 'cache', dockerVolumeConfiguration: { scope: 'task', driver: 'local' } },
    { name: 'efs', efsVolumeConfiguration: { fileSystemId: 'fs-1', rootDirectory: '/x', transitEncryption: 'ENABLED' } },
  ],
  tags: [{ key: 'team', value: 'shop' }],
};

const FARGATE_TASK: Json = {
  family: 'api',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '1024',
  memory: '3072',
  runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
  ephemeralStorage: { sizeInGiB: 30 },
  containerDefinitions: [
    {
      name: 'api',
      image: 'me/api',
      portMappings: [{ containerPort: 8080, name: 'http', appProtocol: 'http' }, { containerPortRange: '9000-9010' }],
      firelensConfiguration: undefined,
      essential: true,
      logConfiguration: { logDriver: 'awsfirelens', options: { Name: 'cloudwatch' } },
      dependsOn: [{ containerName: 'router', condition: 'START' }],
    },
    {
      name: 'router',
      image: 'amazon/aws-for-fluent-bit',
      essential: true,
      firelensConfiguration: { type: 'fluentbit' },
      memoryReservation: 50,
      user: '0',
    },
  ],
};

test('ECS → Compose → ECS gives the same task definition (EC2, bridge, every kind of field)', () => {
  assert.deepEqual(taskDefinitionErrors(FULL_EC2_TASK), []);
  const back = ecsRoundTrip(FULL_EC2_TASK);
  assert.deepEqual(comparableTaskDefinition(back), comparableTaskDefinition(FULL_EC2_TASK));
  assert.deepEqual(taskDefinitionErrors(back), []);
});

test('ECS → Compose → ECS gives the same task definition (Fargate), whatever launch type the caller asks for', () => {
  assert.deepEqual(taskDefinitionErrors(FARGATE_TASK), []);
  const back = ecsRoundTrip(FARGATE_TASK, { launchType: 'EC2' });
  assert.deepEqual(comparableTaskDefinition(back), comparableTaskDefinition(FARGATE_TASK));
  assert.deepEqual(taskDefinitionErrors(back), []);
});

test("a plain Fargate task definition needs no x-ecs beyond the task's settings and its awslogs configuration", () => {
  const plain: Json = {
    family: 'web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image: 'nginx',
        portMappings: [{ containerPort: 80, hostPort: 80 }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'REGION', 'awslogs-stream-prefix': 'web' },
        },
      },
    ],
  };
  const { compose } = taskDefinitionToCompose(plain);
  const container = (plain['containerDefinitions'] as Json[])[0]!;
  assert.deepEqual(((compose['services'] as Json)['web'] as Json)['x-ecs'], { logConfiguration: container['logConfiguration'] });
  assert.deepEqual(comparableTaskDefinition(ecsRoundTrip(plain)), comparableTaskDefinition(plain));
});

test('ECS → Compose → ECS leaves out what the task definition leaves out: no networkMode, no requiresCompatibilities, on Windows too', () => {
  const minimal: Json = { family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 64 }] };
  const { compose } = taskDefinitionToCompose(minimal);
  assert.deepEqual(compose['x-ecs'], { family: 'web', networkMode: null, requiresCompatibilities: null });
  const back = ecsRoundTrip(minimal);
  assert.deepEqual(Object.keys(back).sort(), ['containerDefinitions', 'family']);
  assert.deepEqual(comparableTaskDefinition(back), comparableTaskDefinition(minimal));

  const windows: Json = {
    family: 'iis',
    runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE', cpuArchitecture: 'X86_64' },
    containerDefinitions: [
      {
        name: 'iis',
        image: 'mcr.microsoft.com/windows/servercore/iis',
        cpu: 512,
        memory: 1024,
        portMappings: [{ containerPort: 80, hostPort: 8080 }],
      },
    ],
  };
  const windowsCompose = renderCompose(taskDefinitionToCompose(windows).compose);
  assert.doesNotMatch(windowsCompose, /bridge/);
  const windowsBack = ecsRoundTrip(windows);
  assert.equal(windowsBack['networkMode'], undefined);
  assert.equal(windowsBack['requiresCompatibilities'], undefined);
  assert.deepEqual(comparableTaskDefinition(windowsBack), comparableTaskDefinition(windows));
});
