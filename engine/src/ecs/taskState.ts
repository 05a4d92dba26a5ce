// A local task as ECS describes one: its last and desired status, why it stopped (in the words ECS uses
// in `describe-tasks`), and each container's status, health and exit code. Pure.

export type TaskStatus = 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'STOPPING' | 'STOPPED';
export type ContainerStatus = 'PENDING' | 'RUNNING' | 'STOPPED';
export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';

/** ECS's `stopCode` values that can happen locally. */
export type StopCode = 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated' | 'ServiceSchedulerInitiated';

export interface ContainerState {
  readonly name: string;
  readonly essential: boolean;
  readonly dockerName: string;
  readonly dockerId?: string;
  readonly image: string;
  readonly lastStatus: ContainerStatus;
  readonly health: HealthStatus;
  /** Whether it has a health check (a task counts as healthy only once those report HEALTHY). */
  readonly hasHealthCheck?: boolean;
  readonly exitCode?: number;
  /** Why the container stopped or never started, when not simply by exiting. */
  readonly reason?: string;
  /** Published ports as reachable from the host. */
  readonly ports: readonly { containerPort: number; protocol: string; hostIp: string; hostPort: number }[];
}

export interface TaskState {
  readonly taskId: string;
  readonly taskArn: string;
  readonly cluster: string;
  readonly family: string;
  readonly revision: number;
  readonly service?: string;
  readonly lastStatus: TaskStatus;
  readonly desiredStatus: 'RUNNING' | 'STOPPED';
  readonly createdAt: Date;
  readonly startedAt?: Date;
  readonly stoppingAt?: Date;
  readonly stoppedAt?: Date;
  readonly stopCode?: StopCode;
  readonly stoppedReason?: string;
  readonly containers: readonly ContainerState[];
}

export const STOP_REASONS = {
  essentialExited: 'Essential container in task exited',
  user: 'Task stopped by user',
  serviceDeleted: (service: string) => `Service ${service} was deleted; its tasks stopped.`,
  scaling: (deployment: string) => `Scaling activity initiated by (deployment ${deployment})`,
} as const;

/** A failure to start, worded as ECS words its own: `CannotPullContainerError: …`, `CannotStartContainerError: …`. */
export function failedToStart(
  kind: 'CannotPullContainerError' | 'CannotCreateContainerError' | 'CannotStartContainerError' | 'ResourceInitializationError',
  detail: string,
): string {
  return `${kind}: ${detail}`;
}

/** 0 when every essential container exited 0 — what `dockside ecs run-task` exits with — else 1. */
export function taskExitStatus(task: TaskState): number {
  if (task.stopCode === 'TaskFailedToStart') return 1;
  const essentials = task.containers.filter((c) => c.essential);
  return essentials.length > 0 && essentials.every((c) => c.exitCode === 0) ? 0 : 1;
}

/** The running count a service shows: tasks ECS would call RUNNING. */
export function isRunning(task: TaskState): boolean {
  return task.lastStatus === 'RUNNING';
}

/** The pending count a service shows: tasks on their way up (a task being stopped after a scale-in is not one). */
export function isPending(task: { readonly lastStatus: TaskStatus }): boolean {
  return task.lastStatus === 'PROVISIONING' || task.lastStatus === 'PENDING';
}

/** One line a container: `app  exit 0`, `sidecar  exit 137 (killed on stop)`, `db  never started: …`. */
export function describeContainer(container: ContainerState): string {
  const role = container.essential ? 'essential' : 'not essential';
  if (container.exitCode !== undefined)
    return `${container.name} (${role}): exit code ${container.exitCode}${container.reason ? ` — ${container.reason}` : ''}`;
  if (container.lastStatus === 'RUNNING') return `${container.name} (${role}): running`;
  return `${container.name} (${role}): no exit code${container.reason ? ` — ${container.reason}` : ''}`;
}

/** What `run-task` prints when the task has stopped. */
export function describeStoppedTask(task: TaskState): string[] {
  return [
    `Task ${task.taskId} (${task.family}:${task.revision}) ${task.lastStatus}`,
    ...task.containers.map((c) => `  ${describeContainer(c)}`),
    `Stop code: ${task.stopCode ?? '-'}`,
    `Stopped reason: ${task.stoppedReason ?? '-'}`,
  ];
}
