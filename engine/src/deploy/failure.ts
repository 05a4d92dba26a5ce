// Why a deployment failed, in what ECS and CloudWatch Logs keep: each stopped task's stoppedReason, each
// of its containers' exit code and reason, the service's last events, and the last lines the failed
// containers wrote, when they log with awslogs (the stream `prefix/container/task-id` ECS writes).
import type { ContainerDefinition, Service, Task } from '@aws-sdk/client-ecs';
import type { AwsConnection } from './aws';
import { describeAwsError } from './aws';
import { awslogsSource, readLogLines } from './explorer';
import { ecs } from './sdk';

export interface StoppedTaskReport {
  readonly taskId: string;
  readonly revision: string;
  readonly stopCode?: string;
  readonly stoppedReason?: string;
  readonly containers: ReadonlyArray<{ readonly name: string; readonly exitCode?: number; readonly reason?: string }>;
}

export interface ContainerLog {
  readonly taskId: string;
  readonly container: string;
  readonly group: string;
  readonly stream: string;
  readonly lines: readonly string[];
  /** Why there are no lines, when there are none (no awslogs, the stream not written, no permission). */
  readonly missing?: string;
}

export interface FailureReport {
  readonly stoppedTasks: readonly StoppedTaskReport[];
  /** The service's last events, oldest first. */
  readonly events: ReadonlyArray<{ readonly at: Date; readonly message: string }>;
  readonly logs: readonly ContainerLog[];
}

/** Tasks whose details are shown; the rest are counted. */
const TASKS_SHOWN = 3;
const EVENTS_SHOWN = 5;
const LOG_LINES = 20;
/**
 * awslogs delivers a container's output within seconds, not at once: the last lines of a container that
 * has just stopped may not be in CloudWatch Logs yet. An empty stream is read again until then.
 */
const LOG_DELIVERY_MS = 6_000;
const LOG_RETRY_MS = 1_000;

export async function gatherFailure(
  aws: AwsConnection,
  target: { readonly taskDefinitionArn: string },
  service: Service | undefined,
  stopped: readonly Task[],
): Promise<FailureReport> {
  const shown = stopped.slice(-TASKS_SHOWN);
  const stoppedTasks = shown.map((task): StoppedTaskReport => ({
    taskId: task.taskArn?.split('/').at(-1) ?? '?',
    revision: task.taskDefinitionArn?.split('/').at(-1) ?? '?',
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    containers: (task.containers ?? []).map((c) => ({ name: c.name ?? '?', exitCode: c.exitCode, reason: c.reason })),
  }));
  const events = (service?.events ?? [])
    .slice(0, EVENTS_SHOWN)
    .reverse()
    .map((e) => ({ at: e.createdAt ?? new Date(0), message: e.message ?? '' }));
  const definitions = shown.length > 0 ? await containerDefinitions(aws, target.taskDefinitionArn) : [];
  const deadline = Date.now() + LOG_DELIVERY_MS;
  const logs = await Promise.all(
    shown.flatMap((task) => failedContainers(task).map((container) => containerLog(aws, task, container, definitions, deadline))),
  );
  return { stoppedTasks, events, logs };
}

async function containerDefinitions(aws: AwsConnection, arn: string): Promise<ContainerDefinition[]> {
  try {
    return (await aws.ecs.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition: arn }))).taskDefinition?.containerDefinitions ?? [];
  } catch {
    return [];
  }
}

/** The containers that failed: a non-zero exit or a reason; when none did, every container that exited. */
function failedContainers(task: Task): Array<{ name: string; runtimeId?: string }> {
  const containers = task.containers ?? [];
  const failed = containers.filter((c) => (c.exitCode !== undefined && c.exitCode !== 0) || (c.exitCode === undefined && c.reason));
  const chosen = failed.length > 0 ? failed : containers.filter((c) => c.exitCode !== undefined);
  return chosen.map((c) => ({ name: c.name ?? '?', runtimeId: c.runtimeId }));
}

async function containerLog(
  aws: AwsConnection,
  task: Task,
  container: { name: string; runtimeId?: string },
  definitions: readonly ContainerDefinition[],
  deadline: number,
): Promise<ContainerLog> {
  const taskId = task.taskArn?.split('/').at(-1) ?? '?';
  const logging = definitions.find((d) => d.name === container.name)?.logConfiguration;
  const source = awslogsSource(logging, { container: container.name, taskId, runtimeId: container.runtimeId }, aws.region);
  if (typeof source === 'string') {
    const missing =
      logging?.logDriver === 'awslogs'
        ? source
        : `${container.name} does not log to CloudWatch Logs (awslogs), so its output is not kept there.`;
    return { taskId, container: container.name, group: '', stream: '', lines: [], missing };
  }
  const base = { taskId, container: container.name, group: source.group, stream: source.stream };
  try {
    let { lines } = await readLogLines(aws, source, undefined, LOG_LINES);
    while (lines.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, LOG_RETRY_MS));
      ({ lines } = await readLogLines(aws, source, undefined, LOG_LINES));
    }
    return lines.length > 0 ? { ...base, lines } : { ...base, lines, missing: 'The log stream is empty (or not written yet).' };
  } catch (error) {
    return { ...base, lines: [], missing: `Its log could not be read: ${describeAwsError(error)}` };
  }
}

/** The report as lines, for a terminal or an output channel. */
export function formatFailure(report: FailureReport, service: string): string[] {
  const lines: string[] = [];
  for (const task of report.stoppedTasks) {
    lines.push(
      `Task ${task.taskId} (${task.revision}) stopped${task.stopCode ? ` [${task.stopCode}]` : ''}: ${task.stoppedReason ?? 'no reason given'}`,
    );
    for (const c of task.containers)
      lines.push(
        `  ${c.name}: ${c.exitCode !== undefined ? `exit code ${c.exitCode}` : 'no exit code'}${c.reason ? ` (${c.reason})` : ''}`,
      );
  }
  if (report.events.length > 0) {
    lines.push(`Last events of service ${service}:`);
    for (const e of report.events) lines.push(`  ${e.at.toISOString()} ${e.message}`);
  }
  for (const log of report.logs) {
    lines.push(`Log of ${log.container} in task ${log.taskId}${log.group ? ` (${log.group}, ${log.stream})` : ''}:`);
    if (log.missing) lines.push(`  ${log.missing}`);
    for (const line of log.lines) lines.push(`  | ${line}`);
  }
  return lines;
}
