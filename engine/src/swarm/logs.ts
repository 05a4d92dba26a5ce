// A Swarm service's logs through its manager, whichever nodes its tasks run on (`docker service logs`):
// each line with the task that wrote it, `shop_web.1@node`. No `vscode` import.
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { demultiplex, readLines } from '../compose/streams';
import { inspectService, listNodes, listTasks } from './api';

export interface ServiceLogOptions {
  follow?: boolean;
  tail?: number;
  signal?: AbortSignal;
  onLine: (task: string, line: string, stream: 'stdout' | 'stderr') => void;
}

export async function streamServiceLogs(docker: Docker, serviceId: string, options: ServiceLogOptions): Promise<void> {
  const service = await inspectService(docker, serviceId);
  const names = await taskNames(docker, service.ID, service.Spec.Name);
  const source = (details: string): string => {
    const task = /(?:^|,)com\.docker\.swarm\.task\.id=([^,\s]+)/.exec(details)?.[1];
    if (task && !names.has(task)) names.set(task, `${service.Spec.Name}.${task.slice(0, 12)}`);
    return (task && names.get(task)) ?? service.Spec.Name;
  };
  // With `details`, every line starts with the task's labels (`com.docker.swarm.task.id=…,… `).
  const emit = (raw: string, stream: 'stdout' | 'stderr'): void => {
    const space = raw.indexOf(' ');
    const details = space > 0 && raw.startsWith('com.docker.swarm.') ? raw.slice(0, space) : '';
    options.onLine(source(details), details ? raw.slice(space + 1) : raw, stream);
  };
  const query = {
    stdout: true,
    stderr: true,
    details: true,
    follow: options.follow ?? false,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
  };
  const tty = service.Spec.TaskTemplate.ContainerSpec.TTY === true;
  if (!options.follow) {
    const raw = (await docker.getService(service.ID).logs(query)) as unknown as Buffer;
    const frames = tty ? [{ stream: 'stdout' as const, text: raw.toString('utf8') }] : demultiplex(raw);
    for (const frame of frames)
      for (const line of frame.text.split('\n').filter((text) => text !== '')) emit(line.replace(/\r$/, ''), frame.stream);
    return;
  }
  const stream = (await docker
    .getService(service.ID)
    .logs({ ...query, abortSignal: options.signal } as Docker.ContainerLogsOptions)) as NodeJS.ReadableStream;
  if (tty) {
    await readLines(stream, (line) => emit(line, 'stdout'), options.signal);
    return;
  }
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(stream, stdout, stderr);
  const close = (): void => {
    (stream as unknown as { destroy?: () => void }).destroy?.();
    stdout.end();
    stderr.end();
  };
  stream.on('end', close);
  options.signal?.addEventListener('abort', close, { once: true });
  await Promise.all([readLines(stdout, (line) => emit(line, 'stdout')), readLines(stderr, (line) => emit(line, 'stderr'))]);
  options.signal?.removeEventListener('abort', close);
}

/** Task ids to `shop_web.1@node` (a global service's tasks: `shop_agent@node`). */
async function taskNames(docker: Docker, serviceId: string, serviceName: string): Promise<Map<string, string>> {
  const [tasks, nodes] = await Promise.all([listTasks(docker, [serviceId]), listNodes(docker)]);
  const hostnames = new Map(nodes.map((node) => [node.ID, node.Description?.Hostname ?? node.ID]));
  return new Map(
    tasks.map((task) => {
      const node = task.NodeID ? hostnames.get(task.NodeID) : undefined;
      return [task.ID, `${serviceName}${task.Slot ? `.${task.Slot}` : ''}${node ? `@${node}` : ''}`];
    }),
  );
}
