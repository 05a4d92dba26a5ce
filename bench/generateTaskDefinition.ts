// Generates a realistic Amazon ECS task definition (the input of `aws ecs register-task-definition
// --cli-input-json`) with a given number of containers, for the language-server benchmark
// (bench/ecs.ts). Pure: the same count always yields the same text.
//
// Fargate, `awsvpc`, a task size chosen from Fargate's valid cpu/memory pairs that fits what the
// containers reserve. Every container has a name, an image with a tag, cpu, memory (and most a
// memoryReservation), a port mapping (container ports unique in the task, as awsvpc requires; hostPort
// omitted or equal), an environment list, mount points on task-scoped volumes (every declared volume is
// mounted), `dependsOn` on the previous container, and an awslogs log configuration with group, region
// and stream prefix. Every third container has a health check (a dependency on it waits for HEALTHY),
// api containers take a secret from Secrets Manager, the metrics sidecars are not essential.
//
// Up to 10 containers the result is a valid task definition that Dockside should report nothing on.
// Above 10 it exceeds ECS's quota of 10 containers per task definition (one error), which is fine for
// measuring speed.

import { FARGATE_TASK_SIZES } from '../core/src/ecs/fargate';

interface Kind {
  prefix: string;
  image: string;
  cpu: number;
  memory: number;
  /** Soft limit, or undefined for a container with a hard limit only. */
  memoryReservation?: number;
  essential: boolean;
  env: (name: string, i: number, port: number) => Array<[string, string]>;
  /** The command of the health check, for containers that get one. */
  health: (port: number) => string[];
  secret?: string;
  user?: string;
  readonlyRootFilesystem?: boolean;
  mountPath: string;
}

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const ECR = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;

const KINDS: readonly Kind[] = [
  {
    prefix: 'api',
    image: `${ECR}/shop/api:2.14.1`,
    cpu: 256,
    memory: 1024,
    memoryReservation: 512,
    essential: true,
    env: (name, i, port) => [
      ['SERVICE_NAME', name],
      ['LOG_LEVEL', 'info'],
      ['HTTP_PORT', String(port)],
      ['FEATURE_FLAGS', `search,cart,checkout-${i % 7}`],
    ],
    health: (port) => ['CMD-SHELL', `curl -fsS http://localhost:${port}/healthz || exit 1`],
    secret: 'DATABASE_PASSWORD',
    user: '10001:10001',
    readonlyRootFilesystem: true,
    mountPath: '/var/lib/api',
  },
  {
    prefix: 'worker',
    image: `${ECR}/shop/worker:2.14.1`,
    cpu: 128,
    memory: 512,
    memoryReservation: 384,
    essential: true,
    env: (name, i) => [
      ['SERVICE_NAME', name],
      ['LOG_LEVEL', 'warn'],
      ['CONCURRENCY', String(2 + (i % 6))],
      ['QUEUE_NAME', `jobs-${i % 11}`],
    ],
    health: () => ['CMD-SHELL', 'test -f /tmp/worker.alive'],
    user: '10001',
    mountPath: '/var/lib/worker',
  },
  {
    prefix: 'web',
    image: 'public.ecr.aws/nginx/nginx:1.27.3-alpine',
    cpu: 128,
    memory: 256,
    essential: true,
    env: (name, _i, port) => [
      ['NGINX_HOST', `${name}.internal`],
      ['NGINX_PORT', String(port)],
    ],
    health: (port) => ['CMD', 'wget', '-qO-', `http://localhost:${port}/`],
    mountPath: '/usr/share/nginx/html',
  },
  {
    prefix: 'metrics',
    image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.41.1',
    cpu: 64,
    memory: 256,
    memoryReservation: 128,
    essential: false,
    env: (_name, _i, port) => [
      [
        'AOT_CONFIG_CONTENT',
        `receivers: {prometheus: {config: {scrape_configs: [{job_name: app, static_configs: [{targets: ["localhost:${port}"]}]}]}}}`,
      ],
    ],
    health: () => ['CMD', '/healthcheck'],
    mountPath: '/var/lib/otel',
  },
  {
    prefix: 'cache',
    image: 'redis:7.4.1-alpine',
    cpu: 128,
    memory: 512,
    memoryReservation: 256,
    essential: true,
    env: (_name, i) => [
      ['REDIS_MAXMEMORY', `${64 * (1 + (i % 4))}mb`],
      ['REDIS_APPENDONLY', 'yes'],
    ],
    health: () => ['CMD', 'redis-cli', 'ping'],
    user: '999:999',
    mountPath: '/data',
  },
  {
    prefix: 'consumer',
    image: `${ECR}/shop/consumer:2.14.1`,
    cpu: 128,
    memory: 512,
    memoryReservation: 256,
    essential: true,
    env: (name, i) => [
      ['SERVICE_NAME', name],
      ['TOPIC', `orders-${i % 5}`],
      ['BATCH_SIZE', '100'],
    ],
    health: () => ['CMD-SHELL', 'pgrep -f consumer || exit 1'],
    user: '10001',
    readonlyRootFilesystem: true,
    mountPath: '/var/lib/consumer',
  },
];

/**
 * The smallest valid Fargate pair with at least `cpu` units and `memory` MiB (the largest if none is big
 * enough), from the one Fargate size table, the one the task-definition rules check against.
 */
export function fargateSizeFor(cpu: number, memory: number): { cpu: number; memory: number } {
  for (const [units, memories] of FARGATE_TASK_SIZES) {
    if (units < cpu) continue;
    const fit = memories.find((m) => m >= memory);
    if (fit !== undefined) return { cpu: units, memory: fit };
  }
  const [units, memories] = [...FARGATE_TASK_SIZES].at(-1)!;
  return { cpu: units, memory: memories.at(-1)! };
}

function kindOf(i: number): Kind {
  return KINDS[i % KINDS.length] as Kind;
}

/** The name of the i-th container (0-based) in a generated task definition. */
export function containerName(i: number): string {
  return `${kindOf(i).prefix}-${i + 1}`;
}

function hasHealthCheck(i: number): boolean {
  return i % 3 === 0;
}

/** Container ports: 8000+i for the main port, 9100+i for the metrics port of every fifth container. */
const MAIN_PORT_BASE = 8000;
const METRICS_PORT_BASE = 9100;
const MAX_CONTAINERS = 1000;

const VOLUMES = ['shared-scratch', 'app-cache'] as const;

function container(i: number, family: string): Record<string, unknown> {
  const kind = kindOf(i);
  const name = containerName(i);
  const port = MAIN_PORT_BASE + i;
  const c: Record<string, unknown> = {
    name,
    image: kind.image,
    cpu: kind.cpu,
    memory: kind.memory,
  };
  if (kind.memoryReservation !== undefined) c['memoryReservation'] = kind.memoryReservation;
  c['essential'] = kind.essential;
  const portMappings: Array<Record<string, unknown>> = [
    // hostPort omitted, or equal to containerPort: both are what awsvpc allows.
    i % 2 === 0
      ? { name: `${name}-http`, containerPort: port, hostPort: port, protocol: 'tcp', appProtocol: 'http' }
      : { name: `${name}-http`, containerPort: port, protocol: 'tcp' },
  ];
  if (i % 5 === 0) portMappings.push({ containerPort: METRICS_PORT_BASE + i, protocol: 'tcp' });
  c['portMappings'] = portMappings;
  c['environment'] = kind.env(name, i, port).map(([k, v]) => ({ name: k, value: v }));
  if (kind.secret) {
    c['secrets'] = [
      { name: kind.secret, valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${family}/${name}/db-password-AbCdEf` },
    ];
  }
  // Every container mounts the shared scratch volume; every other one also the cache, read-only.
  const mountPoints: Array<Record<string, unknown>> = [
    { sourceVolume: VOLUMES[0], containerPath: `${kind.mountPath}/scratch`, readOnly: false },
  ];
  if (i % 2 === 0) mountPoints.push({ sourceVolume: VOLUMES[1], containerPath: `${kind.mountPath}/cache`, readOnly: true });
  c['mountPoints'] = mountPoints;
  if (i > 0) {
    const dep = i - 1;
    c['dependsOn'] = [{ containerName: containerName(dep), condition: hasHealthCheck(dep) ? 'HEALTHY' : 'START' }];
  }
  if (kind.user) c['user'] = kind.user;
  if (kind.readonlyRootFilesystem) c['readonlyRootFilesystem'] = true;
  c['logConfiguration'] = {
    logDriver: 'awslogs',
    options: {
      'awslogs-group': `/ecs/${family}`,
      'awslogs-region': REGION,
      'awslogs-stream-prefix': name,
    },
  };
  if (hasHealthCheck(i)) {
    c['healthCheck'] = { command: kind.health(port), interval: 30, timeout: 5, retries: 3, startPeriod: 10 };
  }
  c['stopTimeout'] = 30;
  return c;
}

export function generateTaskDefinition(containers: number): string {
  if (!Number.isInteger(containers) || containers < 1 || containers > MAX_CONTAINERS) {
    throw new RangeError(`generateTaskDefinition: containers must be an integer in 1..${MAX_CONTAINERS}, got ${containers}`);
  }
  const family = `bench-${containers}`;
  const list = Array.from({ length: containers }, (_, i) => container(i, family));
  const cpu = list.reduce((sum, c) => sum + (c['cpu'] as number), 0);
  // The reservations together must fit in the task, and so must each container's hard limit.
  const reserved = list.reduce((sum, c) => sum + ((c['memoryReservation'] ?? c['memory']) as number), 0);
  const largest = Math.max(...list.map((c) => c['memory'] as number));
  const size = fargateSizeFor(cpu, Math.max(reserved, largest));
  const definition = {
    family,
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${family}-task`,
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: String(size.cpu),
    memory: String(size.memory),
    runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
    containerDefinitions: list,
    volumes: VOLUMES.map((name) => ({ name })),
    tags: [
      { key: 'team', value: 'shop' },
      { key: 'generated-by', value: 'dockside-bench' },
    ],
  };
  return `${JSON.stringify(definition, null, 2)}\n`;
}
