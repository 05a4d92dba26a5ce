// A task definition turned into what the Docker Engine is asked for: the volumes, the sandbox container
// that holds an `awsvpc` task's network namespace, and each container's create options, labels and place
// in the start order. Pure: files (environment files, the secrets file) are read by the caller and come
// in as values; nothing here talks to the engine.
import type Docker from 'dockerode';
import { findCycles } from '@dockside/core';
import {
  asList,
  asNumber,
  asRecord,
  asString,
  containersOf,
  effectiveNetworkMode,
  requiresFargate,
  taskCpu,
  taskMemory,
  type Container,
  type Json,
} from '@dockside/core';
import { taskDefinitionShape } from '@dockside/core';
import { DEFAULT_CLUSTER, LOCAL_REGION, taskArn } from './arn';
import { DOCKSIDE_LABELS, ECS_LABELS, type LabelSet } from './labels';

export type NetworkMode = 'awsvpc' | 'bridge' | 'host' | 'none';
export type DependencyCondition = 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';

export interface SandboxSpec {
  readonly image: string;
  /** For images whose own command exits at once (a shell); the default pause image needs none. */
  readonly command?: readonly string[];
}

/** Kubernetes' pause image: a few hundred kilobytes that sleep until stopped, as ECS's own pause container does. */
export const DEFAULT_SANDBOX: SandboxSpec = { image: 'registry.k8s.io/pause:3.10' };
const DEFAULT_START_TIMEOUT_S = 180;
const DEFAULT_STOP_TIMEOUT_S = 30;

export interface PlanInputs {
  /** The parsed JSON: a register-task-definition input or describe-task-definition output. */
  readonly definition: unknown;
  /** 32 hex digits, as ECS task ids are. */
  readonly taskId: string;
  readonly cluster?: string;
  /** The region task ARNs name: the caller's, for tasks the endpoint starts; `local` otherwise. */
  readonly region?: string;
  readonly sandbox?: SandboxSpec;
  readonly service?: string;
  readonly desiredCount?: number;
  /** The service deployment (`ecs-svc/…`) the task belongs to. */
  readonly deployment?: string;
  /** Where published ports listen; ECS semantics would be every address, a laptop wants loopback. */
  readonly publishAddress?: string;
  /** Publish `awsvpc` ports on free host ports instead of their own (several tasks of one service). */
  readonly dynamicHostPorts?: boolean;
  /** Each `environmentFiles[].value`, read and parsed by the caller. */
  readonly environmentFiles?: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Values from the user's secrets file, by `valueFrom` or by secret `name`. */
  readonly secrets?: Readonly<Record<string, string>>;
  readonly secretsFile?: string;
  /** Base URL of the local task metadata endpoint as containers reach it, and hosts they need for it. */
  readonly metadata?: { readonly baseUrl: string; readonly extraHosts?: readonly string[] };
  /** Only when the user turned forwarding on: AWS_* variables passed into every container. */
  readonly awsCredentials?: Readonly<Record<string, string>>;
  readonly hostCpus?: number;
  /** Run an init process as PID 1 (ECS's `initProcessEnabled`); default on, so SIGTERM stops promptly. */
  readonly init?: boolean;
  readonly source?: string;
  readonly labels?: LabelSet;
  readonly now?: Date;
}

export interface PlannedVolume {
  readonly name: string;
  readonly dockerName: string;
  readonly scope: 'task' | 'shared';
  readonly autoprovision: boolean;
  readonly driver: string;
  readonly driverOpts: Record<string, string>;
  readonly labels: LabelSet;
  /** A host path: bind-mounted, nothing to create. */
  readonly hostPath?: string;
}

export interface PlannedDependency {
  readonly containerName: string;
  readonly condition: DependencyCondition;
}

export interface PlannedContainer {
  readonly name: string;
  readonly dockerName: string;
  readonly essential: boolean;
  readonly image: string;
  readonly dependsOn: readonly PlannedDependency[];
  readonly startTimeoutS: number;
  readonly stopTimeoutS: number;
  readonly create: Docker.ContainerCreateOptions;
  readonly metadataToken: string;
  readonly ports: readonly PublishedPort[];
}

export interface PublishedPort {
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
  /** 0 when the engine picks one. */
  readonly hostPort: number;
}

export interface TaskPlan {
  readonly taskId: string;
  readonly taskArn: string;
  readonly cluster: string;
  readonly family: string;
  readonly revision: number;
  readonly networkMode: NetworkMode;
  readonly launchType: 'FARGATE' | 'EC2';
  readonly cpu?: number;
  readonly memory?: number;
  readonly service?: string;
  readonly labels: LabelSet;
  readonly sandbox?: { readonly dockerName: string; readonly image: string; readonly create: Docker.ContainerCreateOptions };
  readonly volumes: readonly PlannedVolume[];
  /** In start order: every container after those it depends on, links to or takes volumes from. */
  readonly containers: readonly PlannedContainer[];
  /** What runs differently from ECS, said once per task. */
  readonly notes: readonly string[];
}

/** Every reason the task definition cannot run locally, one sentence each. */
export class PlanError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

interface PlanContext {
  readonly inputs: PlanInputs;
  readonly definition: Json;
  readonly taskId: string;
  readonly family: string;
  readonly revision: number;
  readonly networkMode: NetworkMode;
  readonly taskLabels: LabelSet;
  readonly volumes: ReadonlyMap<string, PlannedVolume>;
  readonly problems: string[];
  readonly notes: Set<string>;
}

export function planTask(inputs: PlanInputs): TaskPlan {
  const definition = asRecord(taskDefinitionShape(inputs.definition).definition);
  if (!definition) throw new PlanError(['This is not a task definition: it has no "containerDefinitions".']);
  const ctx = planContext(inputs, definition);
  const containers = orderContainers(ctx).map((container, order) => planContainer(ctx, container, order));
  if (containers.length === 0) ctx.problems.push('The task definition has no containers.');
  if (!containers.some((c) => c.essential)) ctx.problems.push('No container is essential; ECS needs at least one.');
  if (ctx.problems.length > 0) throw new PlanError(ctx.problems);
  return {
    taskId: ctx.taskId,
    taskArn: ctx.taskLabels[ECS_LABELS.taskArn]!,
    cluster: ctx.taskLabels[ECS_LABELS.cluster]!,
    family: ctx.family,
    revision: ctx.revision,
    networkMode: ctx.networkMode,
    launchType: requiresFargate(definition) ? 'FARGATE' : 'EC2',
    cpu: taskCpu(definition),
    memory: taskMemory(definition),
    service: inputs.service,
    labels: ctx.taskLabels,
    sandbox: ctx.networkMode === 'awsvpc' ? planSandbox(ctx, containers) : undefined,
    volumes: [...ctx.volumes.values()],
    containers,
    notes: [...ctx.notes],
  };
}

function planContext(inputs: PlanInputs, definition: Json): PlanContext {
  const problems: string[] = [];
  const family = asString(definition['family']) ?? 'local-task';
  const revision = asNumber(definition['revision']) ?? 1;
  const networkMode = readNetworkMode(definition, problems);
  const taskLabels = taskLabelsFor(inputs, definition, family, revision, networkMode);
  const base = { inputs, definition, taskId: inputs.taskId, family, revision, networkMode, taskLabels, problems, notes: new Set<string>() };
  return { ...base, volumes: planVolumes(base) };
}

function readNetworkMode(definition: Json, problems: string[]): NetworkMode {
  const mode = effectiveNetworkMode(definition);
  if (mode === 'awsvpc' || mode === 'bridge' || mode === 'host' || mode === 'none') return mode;
  problems.push(`networkMode "${mode}" is not one of awsvpc, bridge, host, none.`);
  return 'bridge';
}

function taskLabelsFor(inputs: PlanInputs, definition: Json, family: string, revision: number, networkMode: NetworkMode): LabelSet {
  const cluster = inputs.cluster ?? DEFAULT_CLUSTER;
  const labels: LabelSet = {
    ...inputs.labels,
    [ECS_LABELS.cluster]: cluster,
    [ECS_LABELS.taskArn]: taskArn(inputs.region ?? LOCAL_REGION, cluster, inputs.taskId),
    [ECS_LABELS.family]: family,
    [ECS_LABELS.revision]: String(revision),
    [DOCKSIDE_LABELS.taskId]: inputs.taskId,
    [DOCKSIDE_LABELS.networkMode]: networkMode,
    [DOCKSIDE_LABELS.launchType]: requiresFargate(definition) ? 'FARGATE' : 'EC2',
    [DOCKSIDE_LABELS.createdAt]: (inputs.now ?? new Date()).toISOString(),
  };
  const optional: Array<[string, string | number | undefined]> = [
    [DOCKSIDE_LABELS.service, inputs.service],
    [DOCKSIDE_LABELS.desiredCount, inputs.desiredCount],
    [DOCKSIDE_LABELS.deployment, inputs.deployment],
    [DOCKSIDE_LABELS.source, inputs.source],
    [DOCKSIDE_LABELS.secretsFile, inputs.secretsFile],
    [DOCKSIDE_LABELS.cpu, taskCpu(definition)],
    [DOCKSIDE_LABELS.memory, taskMemory(definition)],
  ];
  for (const [key, value] of optional) if (value !== undefined) labels[key] = String(value);
  return labels;
}

/** Docker names allow [a-zA-Z0-9][a-zA-Z0-9_.-]; ECS names its containers ecs-family-revision-name-id. */
function dockerNameFor(ctx: Pick<PlanContext, 'family' | 'revision' | 'taskId'>, part: string): string {
  return `ecs-${ctx.family}-${ctx.revision}-${part}-${ctx.taskId.slice(0, 12)}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

// ---------------------------------------------------------------------------------------------- volumes

function planVolumes(ctx: Omit<PlanContext, 'volumes'>): Map<string, PlannedVolume> {
  const volumes = new Map<string, PlannedVolume>();
  for (const entry of asList(ctx.definition['volumes'])) {
    const volume = asRecord(entry);
    const name = asString(volume?.['name']);
    if (!volume || name === undefined) continue;
    volumes.set(name, planVolume(ctx, name, volume));
  }
  return volumes;
}

function planVolume(ctx: Omit<PlanContext, 'volumes'>, name: string, volume: Json): PlannedVolume {
  const docker = asRecord(volume['dockerVolumeConfiguration']);
  const hostPath = asString(asRecord(volume['host'])?.['sourcePath']);
  if (volume['efsVolumeConfiguration'] || volume['fsxWindowsFileServerVolumeConfiguration']) {
    ctx.notes.add(`Volume "${name}" is a network file system on AWS; locally it is an empty Docker volume removed with the task.`);
  }
  const shared = asString(docker?.['scope']) === 'shared';
  const labels: LabelSet = { ...ctx.inputs.labels, ...stringRecord(docker?.['labels']) };
  if (!shared) Object.assign(labels, { [DOCKSIDE_LABELS.taskId]: ctx.taskId, [DOCKSIDE_LABELS.volumeScope]: 'task' });
  return {
    name,
    // A shared volume is the engine's volume of that very name, as on an ECS container instance.
    dockerName: shared ? name : dockerNameFor(ctx, name),
    scope: shared ? 'shared' : 'task',
    autoprovision: !shared || docker?.['autoprovision'] === true,
    driver: asString(docker?.['driver']) ?? 'local',
    driverOpts: stringRecord(docker?.['driverOpts']),
    labels,
    hostPath,
  };
}

function stringRecord(value: unknown): Record<string, string> {
  const record = asRecord(value) ?? {};
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

// ------------------------------------------------------------------------------------------ start order

/** Containers after everything they wait for or borrow from; a cycle is a problem, not a hang. */
function orderContainers(ctx: PlanContext): Container[] {
  const containers = containersOf(ctx.definition).filter((c) => c.name !== undefined);
  const byName = new Map(containers.map((c) => [c.name!, c]));
  const graph = new Map(containers.map((c) => [c.name!, prerequisites(c).map((name) => ({ name }))]));
  for (const [name, needs] of graph) {
    for (const need of needs)
      if (!byName.has(need.name))
        ctx.problems.push(`Container "${name}" refers to "${need.name}", which the task definition does not define.`);
  }
  const cycle = findCycles(graph)[0];
  if (cycle) {
    ctx.problems.push(`Containers wait on each other in a circle: ${cycle.map((e) => e.name).join(' → ')}.`);
    return containers;
  }
  const ordered: Container[] = [];
  const visit = (container: Container): void => {
    if (ordered.includes(container)) return;
    for (const name of prerequisites(container)) {
      const needed = byName.get(name);
      if (needed) visit(needed);
    }
    ordered.push(container);
  };
  containers.forEach(visit);
  return ordered;
}

function prerequisites(container: Container): string[] {
  const value = container.value;
  const names = [
    ...asList(value['dependsOn']).map((d) => asString(asRecord(d)?.['containerName'])),
    ...asList(value['links']).map((l) => (typeof l === 'string' ? l.split(':')[0] : undefined)),
    ...asList(value['volumesFrom']).map((v) => asString(asRecord(v)?.['sourceContainer'])),
  ];
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}

// ----------------------------------------------------------------------------------------- containers

function planContainer(ctx: PlanContext, container: Container, order: number): PlannedContainer {
  const value = container.value;
  const name = container.name!;
  const image = asString(value['image']);
  if (!image) ctx.problems.push(`Container "${name}" has no image.`);
  const ports = publishedPorts(ctx, value);
  const metadataToken = `${ctx.taskId}-${order}`;
  const create: Docker.ContainerCreateOptions = {
    name: dockerNameFor(ctx, name),
    Image: image,
    Cmd: stringList(value['command']),
    Entrypoint: stringList(value['entryPoint']),
    Env: environmentOf(ctx, name, value, metadataToken),
    User: asString(value['user']),
    WorkingDir: asString(value['workingDirectory']),
    Labels: containerLabels(ctx, name, value, order, ports),
    Healthcheck: healthCheckOf(value),
    StopTimeout: stopTimeoutOf(value),
    Tty: value['pseudoTerminal'] === true,
    OpenStdin: value['interactive'] === true,
    ...hostnameOf(ctx, value),
    ...(ctx.networkMode === 'awsvpc' ? {} : { ExposedPorts: exposedPorts(ports) }),
    HostConfig: hostConfigOf(ctx, name, value, ports),
  };
  return {
    name,
    dockerName: create.name!,
    essential: value['essential'] !== false,
    image: image ?? '',
    dependsOn: dependenciesOf(value),
    startTimeoutS: asNumber(value['startTimeout']) ?? DEFAULT_START_TIMEOUT_S,
    stopTimeoutS: stopTimeoutOf(value),
    create,
    metadataToken,
    ports,
  };
}

function stringList(value: unknown): string[] | undefined {
  const list = asList(value).filter((v): v is string => typeof v === 'string');
  return list.length > 0 ? list : undefined;
}

function containerLabels(ctx: PlanContext, name: string, value: Json, order: number, ports: readonly PublishedPort[]): LabelSet {
  return {
    ...(ports.length > 0 ? { [DOCKSIDE_LABELS.ports]: ports.map((p) => `${p.containerPort}/${p.protocol}`).join(',') } : {}),
    ...awslogsLabels(value),
    ...stringRecord(value['dockerLabels']),
    ...ctx.taskLabels,
    [ECS_LABELS.containerName]: name,
    [DOCKSIDE_LABELS.role]: 'container',
    [DOCKSIDE_LABELS.essential]: String(value['essential'] !== false),
    [DOCKSIDE_LABELS.order]: String(order),
  };
}

/** Where ECS would send the container's output (`awslogs`): the endpoint serves those streams from the engine's logs. */
function awslogsLabels(value: Json): LabelSet {
  const log = asRecord(value['logConfiguration']);
  if (asString(log?.['logDriver']) !== 'awslogs') return {};
  const options = stringRecord(log?.['options']);
  const group = options['awslogs-group'];
  if (!group) return {};
  const prefix = options['awslogs-stream-prefix'];
  return { [DOCKSIDE_LABELS.awslogsGroup]: group, ...(prefix ? { [DOCKSIDE_LABELS.awslogsStreamPrefix]: prefix } : {}) };
}

function dependenciesOf(value: Json): PlannedDependency[] {
  return asList(value['dependsOn']).flatMap((entry): PlannedDependency[] => {
    const record = asRecord(entry);
    const containerName = asString(record?.['containerName']);
    const condition = asString(record?.['condition']) ?? 'START';
    if (containerName === undefined || !['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'].includes(condition)) return [];
    return [{ containerName, condition: condition as DependencyCondition }];
  });
}

function stopTimeoutOf(value: Json): number {
  return asNumber(value['stopTimeout']) ?? DEFAULT_STOP_TIMEOUT_S;
}

/** ECS's health check defaults: every 30 s, 5 s timeout, 3 retries, no start period. */
function healthCheckOf(value: Json): Docker.ContainerCreateOptions['Healthcheck'] {
  const check = asRecord(value['healthCheck']);
  const test = stringList(check?.['command']);
  if (!check || !test) return undefined;
  const seconds = (key: string, fallback: number): number => (asNumber(check[key]) ?? fallback) * 1e9;
  return {
    Test: test,
    Interval: seconds('interval', 30),
    Timeout: seconds('timeout', 5),
    Retries: asNumber(check['retries']) ?? 3,
    StartPeriod: seconds('startPeriod', 0),
  };
}

function hostnameOf(ctx: PlanContext, value: Json): { Hostname?: string } {
  const hostname = asString(value['hostname']);
  return hostname !== undefined && ctx.networkMode === 'bridge' ? { Hostname: hostname } : {};
}

// ---------------------------------------------------------------------------------------- environment

/** Environment files top down, then `environment` over them (ECS's precedence), then secrets and ECS's own. */
function environmentOf(ctx: PlanContext, name: string, value: Json, metadataToken: string): string[] {
  const env: Record<string, string> = {};
  for (const file of asList(value['environmentFiles'])) Object.assign(env, environmentFile(ctx, name, asString(asRecord(file)?.['value'])));
  for (const entry of asList(value['environment'])) {
    const record = asRecord(entry);
    const key = asString(record?.['name']);
    if (key !== undefined) env[key] = asString(record?.['value']) ?? '';
  }
  Object.assign(env, secretsOf(ctx, name, value), ecsVariables(ctx, metadataToken), ctx.inputs.awsCredentials);
  return Object.entries(env).map(([key, v]) => `${key}=${v}`);
}

function environmentFile(ctx: PlanContext, name: string, value: string | undefined): Readonly<Record<string, string>> {
  if (value === undefined) return {};
  const read = ctx.inputs.environmentFiles?.get(value);
  if (!read) ctx.problems.push(`Container "${name}": the environment file "${value}" was not read.`);
  return read ?? {};
}

function secretsOf(ctx: PlanContext, name: string, value: Json): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of asList(value['secrets'])) {
    const record = asRecord(entry);
    const key = asString(record?.['name']);
    const valueFrom = asString(record?.['valueFrom']);
    if (key === undefined) continue;
    const secret = secretValue(ctx.inputs.secrets, key, valueFrom);
    if (secret !== undefined) env[key] = secret;
    else ctx.problems.push(missingSecret(ctx, name, key));
  }
  return env;
}

function secretValue(secrets: PlanInputs['secrets'], name: string, valueFrom: string | undefined): string | undefined {
  if (!secrets) return undefined;
  return (valueFrom !== undefined ? secrets[valueFrom] : undefined) ?? secrets[name];
}

function missingSecret(ctx: PlanContext, container: string, key: string): string {
  if (!ctx.inputs.secretsFile) {
    return `Container "${container}" needs the secret ${key}; secrets are never fetched from AWS — choose a local secrets file (--secrets FILE) that holds it.`;
  }
  return `Container "${container}" needs the secret ${key}, which ${ctx.inputs.secretsFile} does not hold (by its valueFrom or by "${key}").`;
}

function ecsVariables(ctx: PlanContext, metadataToken: string): Record<string, string> {
  const env: Record<string, string> = {
    AWS_EXECUTION_ENV: ctx.taskLabels[DOCKSIDE_LABELS.launchType] === 'FARGATE' ? 'AWS_ECS_FARGATE' : 'AWS_ECS_EC2',
  };
  const metadata = ctx.inputs.metadata;
  if (metadata) {
    env.ECS_CONTAINER_METADATA_URI_V4 = `${metadata.baseUrl}/v4/${metadataToken}`;
    env.ECS_CONTAINER_METADATA_URI = `${metadata.baseUrl}/v3/${metadataToken}`;
  }
  return env;
}

// ------------------------------------------------------------------------------------------------ host

function hostConfigOf(ctx: PlanContext, name: string, value: Json, ports: readonly PublishedPort[]): Docker.HostConfig {
  const linux = asRecord(value['linuxParameters']) ?? {};
  const capabilities = asRecord(linux['capabilities']);
  return {
    Init: typeof linux['initProcessEnabled'] === 'boolean' ? linux['initProcessEnabled'] : (ctx.inputs.init ?? true),
    ...networkingOf(ctx, value, ports),
    Mounts: mountsOf(ctx, name, value),
    VolumesFrom: volumesFromOf(ctx, value),
    Tmpfs: tmpfsOf(linux),
    Ulimits: ulimitsOf(value),
    ...limitsOf(ctx, value),
    CapAdd: stringList(capabilities?.['add']),
    CapDrop: stringList(capabilities?.['drop']),
    Privileged: value['privileged'] === true,
    ReadonlyRootfs: value['readonlyRootFilesystem'] === true,
    ShmSize: megabytes(asNumber(linux['sharedMemorySize'])),
    LogConfig: logConfigOf(ctx, name, value),
  };
}

function networkingOf(ctx: PlanContext, value: Json, ports: readonly PublishedPort[]): Docker.HostConfig {
  switch (ctx.networkMode) {
    case 'awsvpc':
      return { NetworkMode: `container:${dockerNameFor(ctx, 'internalecspause')}` };
    case 'host':
      return { NetworkMode: 'host' };
    case 'none':
      return { NetworkMode: 'none' };
    case 'bridge':
      return {
        NetworkMode: 'bridge',
        PortBindings: portBindings(ctx, ports),
        Links: stringList(value['links'])?.map((link) => linkTo(ctx, link)),
        Dns: stringList(value['dnsServers']),
        ExtraHosts: [...extraHostsOf(value), ...(ctx.inputs.metadata?.extraHosts ?? [])],
      };
  }
}

function linkTo(ctx: PlanContext, link: string): string {
  const [target, alias] = link.split(':') as [string, string | undefined];
  return `${dockerNameFor(ctx, target)}:${alias ?? target}`;
}

function extraHostsOf(value: Json): string[] {
  return asList(value['extraHosts']).flatMap((entry) => {
    const record = asRecord(entry);
    const host = asString(record?.['hostname']);
    const ip = asString(record?.['ipAddress']);
    return host && ip ? [`${host}:${ip}`] : [];
  });
}

function mountsOf(ctx: PlanContext, name: string, value: Json): Docker.MountConfig {
  return asList(value['mountPoints']).flatMap((entry): Docker.MountSettings[] => {
    const mount = asRecord(entry);
    const source = asString(mount?.['sourceVolume']);
    const target = asString(mount?.['containerPath']);
    if (source === undefined || target === undefined) return [];
    const volume = ctx.volumes.get(source);
    if (!volume) {
      ctx.problems.push(`Container "${name}" mounts the volume "${source}", which the task definition's "volumes" does not declare.`);
      return [];
    }
    const readOnly = mount?.['readOnly'] === true;
    if (volume.hostPath !== undefined) return [{ Type: 'bind', Source: volume.hostPath, Target: target, ReadOnly: readOnly }];
    return [{ Type: 'volume', Source: volume.dockerName, Target: target, ReadOnly: readOnly }];
  });
}

function volumesFromOf(ctx: PlanContext, value: Json): string[] | undefined {
  const list = asList(value['volumesFrom']).flatMap((entry) => {
    const record = asRecord(entry);
    const source = asString(record?.['sourceContainer']);
    return source === undefined ? [] : [`${dockerNameFor(ctx, source)}:${record?.['readOnly'] === true ? 'ro' : 'rw'}`];
  });
  return list.length > 0 ? list : undefined;
}

function tmpfsOf(linux: Json): Record<string, string> | undefined {
  const entries = asList(linux['tmpfs']).flatMap((entry): Array<[string, string]> => {
    const record = asRecord(entry);
    const path = asString(record?.['containerPath']);
    if (path === undefined) return [];
    const size = asNumber(record?.['size']);
    const options = [...(size !== undefined ? [`size=${size}m`] : []), ...(stringList(record?.['mountOptions']) ?? [])];
    return [[path, options.join(',')]];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function ulimitsOf(value: Json): Docker.HostConfig['Ulimits'] {
  const list = asList(value['ulimits']).flatMap((entry) => {
    const record = asRecord(entry);
    const name = asString(record?.['name']);
    const soft = asNumber(record?.['softLimit']);
    const hard = asNumber(record?.['hardLimit']);
    return name !== undefined && soft !== undefined && hard !== undefined ? [{ Name: name, Soft: soft, Hard: hard }] : [];
  });
  return list.length > 0 ? list : undefined;
}

function megabytes(value: number | undefined): number | undefined {
  return value === undefined ? undefined : value * 1024 * 1024;
}

/**
 * Container `memory`/`memoryReservation` are Docker's own limits. A task-level size has no single cgroup
 * here, so each container is capped at the whole task's size: no container can use more than the task.
 */
function limitsOf(ctx: PlanContext, value: Json): Docker.HostConfig {
  const memory = asNumber(value['memory']) ?? taskMemory(ctx.definition);
  const containerCpu = asNumber(value['cpu']);
  const taskCpuUnits = taskCpu(ctx.definition);
  const hostCpus = ctx.inputs.hostCpus ?? 1;
  return {
    Memory: megabytes(memory),
    MemoryReservation: megabytes(asNumber(value['memoryReservation'])),
    // ECS gives a container its `cpu` as CPU shares, with Docker's minimum of 2.
    CpuShares: containerCpu !== undefined ? Math.max(containerCpu, 2) : undefined,
    NanoCpus: taskCpuUnits !== undefined ? Math.round(Math.min(taskCpuUnits / 1024, hostCpus) * 1e9) : undefined,
  };
}

/** `awslogs` (and other drivers that need AWS or a remote endpoint) fall back to the engine's own logs. */
function logConfigOf(ctx: PlanContext, name: string, value: Json): Docker.HostConfig['LogConfig'] {
  const log = asRecord(value['logConfiguration']);
  const driver = asString(log?.['logDriver']);
  if (driver === undefined) return undefined;
  if (['json-file', 'local', 'journald', 'syslog', 'none'].includes(driver))
    return { Type: driver, Config: stringRecord(log?.['options']) };
  const served = driver === 'awslogs' ? '; `dockside ecs serve` answers `aws logs get-log-events` from them' : '';
  ctx.notes.add(
    `Container "${name}" logs with ${driver} on AWS; locally its logs stay in the engine (docker logs, or Logs in the view)${served}.`,
  );
  return undefined;
}

// ----------------------------------------------------------------------------------------------- ports

function publishedPorts(ctx: PlanContext, value: Json): PublishedPort[] {
  if (ctx.networkMode === 'none' || ctx.networkMode === 'host') return [];
  return asList(value['portMappings']).flatMap((entry): PublishedPort[] => {
    const record = asRecord(entry);
    const protocol = asString(record?.['protocol']) === 'udp' ? 'udp' : 'tcp';
    return containerPortsOf(record).map((containerPort) => ({
      containerPort,
      protocol,
      hostPort: hostPortFor(ctx, record, containerPort),
    }));
  });
}

function containerPortsOf(record: Json | undefined): number[] {
  const port = asNumber(record?.['containerPort']);
  if (port !== undefined) return [port];
  const range = /^(\d+)-(\d+)$/.exec(asString(record?.['containerPortRange']) ?? '');
  if (!range) return [];
  const [start, end] = [Number(range[1]), Number(range[2])];
  return Array.from({ length: Math.max(0, Math.min(end - start + 1, 100)) }, (_, i) => start + i);
}

/** awsvpc publishes each port as itself (one task, one address), unless several tasks share the host. */
function hostPortFor(ctx: PlanContext, record: Json | undefined, containerPort: number): number {
  if (ctx.networkMode === 'awsvpc') return ctx.inputs.dynamicHostPorts ? 0 : containerPort;
  if (record?.['containerPortRange'] !== undefined) return 0;
  return asNumber(record?.['hostPort']) ?? 0;
}

function exposedPorts(ports: readonly PublishedPort[]): Record<string, object> | undefined {
  if (ports.length === 0) return undefined;
  return Object.fromEntries(ports.map((p) => [`${p.containerPort}/${p.protocol}`, {}]));
}

function portBindings(ctx: PlanContext, ports: readonly PublishedPort[]): Docker.PortMap | undefined {
  if (ports.length === 0) return undefined;
  const address = ctx.inputs.publishAddress ?? '127.0.0.1';
  return Object.fromEntries(
    ports.map((p) => [`${p.containerPort}/${p.protocol}`, [{ HostIp: address, HostPort: p.hostPort ? String(p.hostPort) : '' }]]),
  );
}

// --------------------------------------------------------------------------------------------- sandbox

/** The container whose network namespace an awsvpc task's containers join; it publishes their ports. */
function planSandbox(ctx: PlanContext, containers: readonly PlannedContainer[]): TaskPlan['sandbox'] {
  const sandbox = ctx.inputs.sandbox ?? DEFAULT_SANDBOX;
  const ports = containers.flatMap((c) => c.ports);
  const dockerName = dockerNameFor(ctx, 'internalecspause');
  const create: Docker.ContainerCreateOptions = {
    name: dockerName,
    Image: sandbox.image,
    Cmd: sandbox.command ? [...sandbox.command] : undefined,
    Labels: { ...ctx.taskLabels, [DOCKSIDE_LABELS.role]: 'sandbox', [ECS_LABELS.containerName]: '~internal~ecs~pause' },
    ExposedPorts: exposedPorts(ports),
    HostConfig: {
      Init: true,
      NetworkMode: 'bridge',
      PortBindings: portBindings(ctx, ports),
      ExtraHosts: ctx.inputs.metadata?.extraHosts ? [...ctx.inputs.metadata.extraHosts] : undefined,
    },
  };
  return { dockerName, image: sandbox.image, create };
}
