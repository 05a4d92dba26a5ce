// Logs of a stack's containers, each line with the service it came from. Without `follow` the lines
// of all containers come in time order; with it, as they arrive, until the signal aborts.
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { LABEL, serviceContainerFilter } from './labels';
import { demultiplex, readLines } from './streams';

export interface LogOptions {
  services?: string[];
  follow?: boolean;
  tail?: number;
  signal?: AbortSignal;
  onLine: (service: string, line: string, stream: 'stdout' | 'stderr') => void;
}

export async function streamLogs(docker: Docker, projectName: string, options: LogOptions): Promise<void> {
  const containers = (await docker.listContainers({ all: true, filters: serviceContainerFilter(projectName) })).filter(
    (info) => !options.services?.length || options.services.includes(info.Labels[LABEL.service] ?? ''),
  );
  if (options.follow) {
    await Promise.all(containers.map((info) => followContainer(docker, info, options)));
    return;
  }
  const lines = (await Promise.all(containers.map((info) => containerLines(docker, info, options)))).flat();
  // Each line starts with the engine's RFC 3339 timestamp, so a string sort is a time sort; stable for ties.
  lines.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  for (const line of lines) options.onLine(line.service, line.text, line.stream);
}

interface TimedLine {
  time: string;
  service: string;
  text: string;
  stream: 'stdout' | 'stderr';
}

/** What a container has printed so far, as text by stream (a TTY container's output is one stream). */
export async function readContainerLog(
  docker: Docker,
  id: string,
  options: { tty: boolean; tail?: number; timestamps?: boolean },
): Promise<Array<{ stream: 'stdout' | 'stderr'; text: string }>> {
  const raw = (await docker.getContainer(id).logs({
    follow: false,
    stdout: true,
    stderr: true,
    timestamps: options.timestamps ?? false,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
  })) as unknown as Buffer;
  return options.tty ? [{ stream: 'stdout', text: raw.toString('utf8') }] : demultiplex(raw);
}

async function containerLines(docker: Docker, info: Docker.ContainerInfo, options: LogOptions): Promise<TimedLine[]> {
  const service = info.Labels[LABEL.service] ?? '';
  const frames = await readContainerLog(docker, info.Id, { tty: await hasTty(docker, info.Id), tail: options.tail, timestamps: true });
  return frames.flatMap((frame) =>
    frame.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => ({ ...splitTimestamp(line), service, stream: frame.stream })),
  );
}

function splitTimestamp(line: string): { time: string; text: string } {
  const space = line.indexOf(' ');
  return space > 0 ? { time: line.slice(0, space), text: line.slice(space + 1).replace(/\r$/, '') } : { time: '', text: line };
}

async function followContainer(docker: Docker, info: Docker.ContainerInfo, options: LogOptions): Promise<void> {
  const service = info.Labels[LABEL.service] ?? '';
  const stream = (await docker.getContainer(info.Id).logs({
    follow: true,
    stdout: true,
    stderr: true,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    abortSignal: options.signal,
  } as Docker.ContainerLogsOptions & { follow: true })) as NodeJS.ReadableStream;
  if (await hasTty(docker, info.Id)) {
    await readLines(stream, (line) => options.onLine(service, line, 'stdout'), options.signal);
    return;
  }
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  docker.modem.demuxStream(stream, stdout, stderr);
  stream.on('end', () => {
    stdout.end();
    stderr.end();
  });
  const close = (): void => {
    (stream as unknown as { destroy?: () => void }).destroy?.();
    stdout.end();
    stderr.end();
  };
  options.signal?.addEventListener('abort', close, { once: true });
  await Promise.all([
    readLines(stdout, (line) => options.onLine(service, line, 'stdout')),
    readLines(stderr, (line) => options.onLine(service, line, 'stderr')),
  ]);
  options.signal?.removeEventListener('abort', close);
}

async function hasTty(docker: Docker, id: string): Promise<boolean> {
  return (await docker.getContainer(id).inspect()).Config.Tty === true;
}
