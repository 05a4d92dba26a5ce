// What the engine says about local ECS tasks, read back from the labels their containers carry: after
// a window reload (or from another CLI) the view shows the same tasks and services, and the scheduler
// takes running ones over. Nothing is written here.
import type Docker from 'dockerode';
import { DOCKSIDE_LABELS, ECS_LABELS } from './labels';
import type { AdoptedResources } from './runTask';
import type { NetworkMode, PlannedContainer, PlannedVolume, TaskPlan } from './taskPlan';
import { STOP_REASONS, type ContainerState, type HealthStatus, type TaskState } from './taskState';

export interface FoundTask {
  readonly plan: TaskPlan;
  readonly resources: AdoptedResources;
  /** The desired count the service had when this task started. */
  readonly desiredCount?: number;
  readonly source?: string;
  readonly secretsFile?: string;
  /** The service deployment that started it. */
  readonly deployment?: string;
  /** The task as the engine shows it now, for a process that watches it without running it. */
  readonly observed: TaskState;
}

export interface FoundService {
  readonly name: string;
  readonly desiredCount: number;
  readonly source?: string;
  readonly secretsFile?: string;
  readonly tasks: readonly FoundTask[];
}

/**
 * Every local ECS task on the engine; `labels` narrows the search (`key=value`), and `skip` leaves out
 * tasks the caller already knows (their containers are not inspected).
 */
export async function findLocalTasks(
  docker: Docker,
  labels: readonly string[] = [],
  skip: (taskId: string) => boolean = () => false,
): Promise<FoundTask[]> {
  const filters = JSON.stringify({ label: [DOCKSIDE_LABELS.taskId, ...labels] });
  const listed = (await docker.listContainers({ all: true, filters })).filter((c) => !skip(c.Labels[DOCKSIDE_LABELS.taskId] ?? ''));
  const inspected = (
    await Promise.all(
      listed.map((c) =>
        docker
          .getContainer(c.Id)
          .inspect()
          .catch(() => undefined),
      ),
    )
  ).filter((info): info is Docker.ContainerInspectInfo => info !== undefined);
  const byTask = new Map<string, Docker.ContainerInspectInfo[]>();
  for (const info of inspected) {
    const taskId = info.Config.Labels[DOCKSIDE_LABELS.taskId]!;
    byTask.set(taskId, [...(byTask.get(taskId) ?? []), info]);
  }
  const volumes = await taskVolumes(docker);
  const found = [...byTask.entries()].map(([taskId, containers]) => taskFrom(taskId, containers, volumes.get(taskId) ?? []));
  return found.sort((a, b) => a.resources.createdAt.getTime() - b.resources.createdAt.getTime());
}

/** Services by name, each with the desired count of its newest task. */
export function groupServices(tasks: readonly FoundTask[]): FoundService[] {
  const byName = new Map<string, FoundTask[]>();
  for (const task of tasks) if (task.plan.service) byName.set(task.plan.service, [...(byName.get(task.plan.service) ?? []), task]);
  return [...byName.entries()].map(([name, list]) => {
    const newest = list[list.length - 1]!;
    return { name, desiredCount: newest.desiredCount ?? list.length, source: newest.source, secretsFile: newest.secretsFile, tasks: list };
  });
}

async function taskVolumes(docker: Docker): Promise<Map<string, string[]>> {
  const { Volumes } = await docker.listVolumes({ filters: JSON.stringify({ label: [DOCKSIDE_LABELS.taskId] }) });
  const byTask = new Map<string, string[]>();
  for (const volume of Volumes ?? []) {
    const taskId = volume.Labels?.[DOCKSIDE_LABELS.taskId];
    if (taskId) byTask.set(taskId, [...(byTask.get(taskId) ?? []), volume.Name]);
  }
  return byTask;
}

function taskFrom(taskId: string, containers: Docker.ContainerInspectInfo[], volumes: string[]): FoundTask {
  const sandbox = containers.find((c) => c.Config.Labels[DOCKSIDE_LABELS.role] === 'sandbox');
  const own = containers.filter((c) => c !== sandbox).sort((a, b) => order(a) - order(b));
  const labels = (sandbox ?? own[0]!).Config.Labels;
  const number = (key: string): number | undefined => (labels[key] !== undefined ? Number(labels[key]) : undefined);
  const plan: TaskPlan = {
    taskId,
    taskArn: labels[ECS_LABELS.taskArn] ?? taskId,
    cluster: labels[ECS_LABELS.cluster] ?? '',
    family: labels[ECS_LABELS.family] ?? '',
    revision: number(ECS_LABELS.revision) ?? 1,
    networkMode: (labels[DOCKSIDE_LABELS.networkMode] ?? 'bridge') as NetworkMode,
    launchType: labels[DOCKSIDE_LABELS.launchType] === 'FARGATE' ? 'FARGATE' : 'EC2',
    cpu: number(DOCKSIDE_LABELS.cpu),
    memory: number(DOCKSIDE_LABELS.memory),
    service: labels[DOCKSIDE_LABELS.service],
    labels,
    sandbox: sandbox
      ? { dockerName: containerName(sandbox), image: sandbox.Config.Image, create: { Labels: sandbox.Config.Labels } }
      : undefined,
    volumes: volumes.map(taskVolume),
    containers: own.map(plannedFrom),
    notes: [],
  };
  const resources: AdoptedResources = {
    containers: new Map(
      own.map((c) => [c.Config.Labels[ECS_LABELS.containerName]!, { id: c.Id, running: c.State.Running, exitCode: exitCodeOf(c) }]),
    ),
    sandboxId: sandbox?.Id,
    taskVolumes: volumes,
    createdAt: new Date(labels[DOCKSIDE_LABELS.createdAt] ?? (sandbox ?? own[0]!).Created),
  };
  return {
    plan,
    resources,
    desiredCount: number(DOCKSIDE_LABELS.desiredCount),
    source: labels[DOCKSIDE_LABELS.source],
    secretsFile: labels[DOCKSIDE_LABELS.secretsFile],
    deployment: labels[DOCKSIDE_LABELS.deployment],
    observed: observedState(plan, resources.createdAt, own, sandbox),
  };
}

/**
 * What the engine says of a task: RUNNING while an essential container runs, PENDING while its containers
 * are created but none has started, STOPPED once an essential one has exited (STOPPING while others still
 * run). Why it stopped is in the state file when a Dockside process stopped it; otherwise an essential
 * container exited.
 */
function observedState(
  plan: TaskPlan,
  createdAt: Date,
  own: readonly Docker.ContainerInspectInfo[],
  sandbox: Docker.ContainerInspectInfo | undefined,
): TaskState {
  const containers = own.map((info, index) => observedContainer(info, plan.containers[index]!, sandbox));
  const essentials = containers.filter((c) => c.essential);
  const started = own.map((info) => engineTime(info.State.StartedAt)).filter((t): t is Date => t !== undefined);
  const finished = own.map((info) => engineTime(info.State.FinishedAt)).filter((t): t is Date => t !== undefined);
  const anyEssentialRunning = essentials.some((c) => c.lastStatus === 'RUNNING');
  const anyRunning = containers.some((c) => c.lastStatus === 'RUNNING');
  const anyExited = essentials.some((c) => c.exitCode !== undefined);
  const lastStatus = anyEssentialRunning ? 'RUNNING' : anyExited || started.length > 0 ? (anyRunning ? 'STOPPING' : 'STOPPED') : 'PENDING';
  const stopped = lastStatus === 'STOPPED' || lastStatus === 'STOPPING';
  return {
    taskId: plan.taskId,
    taskArn: plan.taskArn,
    cluster: plan.cluster,
    family: plan.family,
    revision: plan.revision,
    service: plan.service,
    lastStatus,
    desiredStatus: stopped ? 'STOPPED' : 'RUNNING',
    createdAt,
    startedAt: started.sort((a, b) => a.getTime() - b.getTime())[0],
    stoppedAt: lastStatus === 'STOPPED' ? finished.sort((a, b) => b.getTime() - a.getTime())[0] : undefined,
    stopCode: stopped ? 'EssentialContainerExited' : undefined,
    stoppedReason: stopped ? STOP_REASONS.essentialExited : undefined,
    containers,
  };
}

function observedContainer(
  info: Docker.ContainerInspectInfo,
  planned: PlannedContainer,
  sandbox: Docker.ContainerInspectInfo | undefined,
): ContainerState {
  const exitCode = info.State.Running ? undefined : exitCodeOf(info);
  const status = info.State.Health?.Status;
  const health: HealthStatus = status === 'healthy' ? 'HEALTHY' : status === 'unhealthy' ? 'UNHEALTHY' : 'UNKNOWN';
  const published = ((sandbox ?? info).NetworkSettings.Ports ?? {}) as Record<string, Array<{ HostIp: string; HostPort: string }> | null>;
  return {
    name: planned.name,
    essential: planned.essential,
    dockerName: planned.dockerName,
    dockerId: info.Id,
    image: planned.image,
    lastStatus: info.State.Running ? 'RUNNING' : exitCode !== undefined ? 'STOPPED' : 'PENDING',
    health,
    hasHealthCheck: info.Config.Healthcheck?.Test !== undefined && info.Config.Healthcheck.Test[0] !== 'NONE',
    exitCode,
    reason: info.State.OOMKilled ? 'OutOfMemoryError: Container killed due to memory usage' : undefined,
    ports: info.State.Running
      ? planned.ports.flatMap((port) => {
          const binding = published[`${port.containerPort}/${port.protocol}`]?.[0];
          return binding
            ? [{ containerPort: port.containerPort, protocol: port.protocol, hostIp: binding.HostIp, hostPort: Number(binding.HostPort) }]
            : [];
        })
      : [],
  };
}

/** The engine writes `0001-01-01T00:00:00Z` for a time that has not come. */
function engineTime(text: string | undefined): Date | undefined {
  return text && !text.startsWith('0001') ? new Date(text) : undefined;
}

function order(info: Docker.ContainerInspectInfo): number {
  return Number(info.Config.Labels[DOCKSIDE_LABELS.order] ?? 0);
}

function containerName(info: Docker.ContainerInspectInfo): string {
  return info.Name.replace(/^\//, '');
}

/** A container never started has exit code 0 and no start time: no exit code, then. */
function exitCodeOf(info: Docker.ContainerInspectInfo): number | undefined {
  return info.State.StartedAt && !info.State.StartedAt.startsWith('0001') ? info.State.ExitCode : undefined;
}

function plannedFrom(info: Docker.ContainerInspectInfo): PlannedContainer {
  const labels = info.Config.Labels;
  const taskId = labels[DOCKSIDE_LABELS.taskId]!;
  return {
    name: labels[ECS_LABELS.containerName]!,
    dockerName: containerName(info),
    essential: labels[DOCKSIDE_LABELS.essential] !== 'false',
    image: info.Config.Image,
    dependsOn: [],
    startTimeoutS: 0,
    stopTimeoutS: (info.Config as { StopTimeout?: number }).StopTimeout ?? 30,
    create: { Labels: labels, HostConfig: info.HostConfig, Healthcheck: info.Config.Healthcheck },
    metadataToken: `${taskId}-${labels[DOCKSIDE_LABELS.order] ?? 0}`,
    ports: publishedPorts(labels[DOCKSIDE_LABELS.ports]),
  };
}

function publishedPorts(label: string | undefined): PlannedContainer['ports'] {
  return (label ? label.split(',') : []).map((key) => {
    const [port, protocol] = key.split('/');
    return { containerPort: Number(port), protocol: protocol === 'udp' ? 'udp' : 'tcp', hostPort: 0 };
  });
}

function taskVolume(name: string): PlannedVolume {
  return { name, dockerName: name, scope: 'task', autoprovision: true, driver: 'local', driverOpts: {}, labels: {} };
}
