// The CloudWatch Logs streams ECS would write for containers whose logConfiguration is `awslogs`, read
// from the engine's own logs: each such container carries its log group and stream prefix as labels
// (taskPlan.ts), and its stream is named as ECS names it, `prefix/container/task-id` (the container's
// Docker id when there is no prefix). Nothing leaves the machine.
import type Docker from 'dockerode';
import { readContainerLog } from '../compose/logs';
import { DOCKSIDE_LABELS, ECS_LABELS } from './labels';

export interface AwslogsStream {
  readonly group: string;
  readonly stream: string;
  readonly containerId: string;
  readonly taskId: string;
  readonly containerName: string;
  /** When the container was created, in milliseconds. */
  readonly createdAt: number;
}

export interface LogEvent {
  /** Milliseconds since the epoch, as CloudWatch counts. */
  readonly timestamp: number;
  readonly message: string;
}

/** Every awslogs stream on the engine; `labels` narrows the search (`key=value`). */
export async function listAwslogsStreams(docker: Docker, labels: readonly string[] = []): Promise<AwslogsStream[]> {
  const filters = JSON.stringify({ label: [DOCKSIDE_LABELS.awslogsGroup, ...labels] });
  const containers = await docker.listContainers({ all: true, filters });
  return containers
    .map((info) => {
      const taskId = info.Labels[DOCKSIDE_LABELS.taskId] ?? '';
      const containerName = info.Labels[ECS_LABELS.containerName] ?? '';
      const prefix = info.Labels[DOCKSIDE_LABELS.awslogsStreamPrefix];
      return {
        group: info.Labels[DOCKSIDE_LABELS.awslogsGroup]!,
        stream: prefix ? `${prefix}/${containerName}/${taskId}` : info.Id,
        containerId: info.Id,
        taskId,
        containerName,
        createdAt: info.Created * 1000,
      };
    })
    .sort((a, b) => a.stream.localeCompare(b.stream));
}

/** What the container has printed, one event a line, oldest first; stdout and stderr interleaved by time. */
export async function readLogEvents(docker: Docker, containerId: string, options: { tail?: number } = {}): Promise<LogEvent[]> {
  const info = await docker.getContainer(containerId).inspect();
  const frames = await readContainerLog(docker, containerId, { tty: info.Config.Tty, timestamps: true, tail: options.tail });
  const events = frames.flatMap((frame) =>
    frame.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const space = line.indexOf(' ');
        const time = space > 0 ? Date.parse(line.slice(0, space)) : NaN;
        return Number.isNaN(time)
          ? { timestamp: 0, message: line.replace(/\r$/, '') }
          : { timestamp: time, message: line.slice(space + 1).replace(/\r$/, '') };
      }),
  );
  // A stable sort keeps the order of lines with the same millisecond.
  return events.sort((a, b) => a.timestamp - b.timestamp);
}
