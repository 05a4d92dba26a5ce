// `dockside compose up|down|ps|logs`: the runner from a terminal, as `docker compose` takes it.
// Progress goes to standard error, results (the ps table, log lines) to standard output.
import { dirname, resolve } from 'node:path';
import { resolveEngineAddress } from '@dockside/engine';
import { createDocker, probeEngine } from '@dockside/engine';
import { listStacks, loadStack, stackDown, stackUp, streamLogs, type LoadedStack, type StackEvent } from '@dockside/engine';
import { StackError } from '@dockside/engine';
import { formatTable } from './table';

export const COMPOSE_USAGE = `Usage: dockside compose up   [-f FILE]... [-p PROJECT] [--profile NAME]... [SERVICE...]
       dockside compose down [-f FILE]... [-p PROJECT] [--volumes]
       dockside compose ps   [-f FILE]... [-p PROJECT]
       dockside compose logs [-f FILE]... [-p PROJECT] [--follow] [--tail N] [SERVICE...]

Runs a Compose project on the Docker Engine (DOCKER_HOST, or the default socket). Without -f, the
files are those docker compose picks in the current folder (compose.yaml and compose.override.yaml, …).
up waits until every service runs, or is healthy where it has a healthcheck; down keeps named volumes
unless --volumes is given. Exit status: 0 on success, 1 when the engine or a service failed, 2 when the
command line or the project could not be used.`;

interface ComposeArgs {
  command: string;
  files: string[];
  projectName?: string;
  profiles: string[];
  services: string[];
  volumes: boolean;
  follow: boolean;
  tail?: number;
}

function parseArgs(args: string[]): ComposeArgs | string {
  const [command = '', ...rest] = args;
  const parsed: ComposeArgs = { command, files: [], profiles: [], services: [], volumes: false, follow: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = (): string | undefined => rest[++i];
    if (arg === '-f' || arg === '--file') parsed.files.push(value() ?? '');
    else if (arg === '-p' || arg === '--project-name') parsed.projectName = value();
    else if (arg === '--profile') parsed.profiles.push(value() ?? '');
    else if (arg === '--volumes' || arg === '-v') parsed.volumes = true;
    else if (arg === '--follow') parsed.follow = true;
    else if (arg === '--tail') parsed.tail = Number(value());
    else if (arg.startsWith('-')) return `unknown option ${arg}`;
    else parsed.services.push(arg);
  }
  if (!['up', 'down', 'ps', 'logs'].includes(command)) return command ? `unknown command "${command}"` : 'no command';
  if (parsed.files.includes('') || parsed.projectName === '' || parsed.profiles.includes('')) return 'an option is missing its value';
  if (parsed.tail !== undefined && !Number.isInteger(parsed.tail)) return '--tail takes a number of lines';
  return parsed;
}

export async function runComposeCli(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`dockside compose: ${parsed}\n\n${COMPOSE_USAGE}\n`);
    return 2;
  }
  const address = resolveEngineAddress({ env: process.env, platform: process.platform });
  const docker = createDocker(address);
  const probe = await probeEngine(docker, address);
  if (!probe.connected) {
    process.stderr.write(`dockside compose: ${probe.reason}\n`);
    return 1;
  }
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    return await runCommand(docker, parsed, controller.signal);
  } catch (error) {
    process.stderr.write(`dockside compose: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

type Docker = ReturnType<typeof createDocker>;

async function runCommand(docker: Docker, args: ComposeArgs, signal: AbortSignal): Promise<number> {
  const needsFiles = args.command === 'up' || args.projectName === undefined;
  // As with docker compose, the project folder is the first file's (`-f app/compose.yaml` is project "app").
  const files = args.files.map((file) => resolve(file));
  const workingDir = files[0] !== undefined ? dirname(files[0]) : process.cwd();
  const stack = needsFiles
    ? loadStack({ workingDir, files, profiles: args.profiles, ...(args.projectName ? { projectName: args.projectName } : {}) })
    : undefined;
  if (stack && stack.errors.length > 0) {
    process.stderr.write(`${stack.errors.join('\n')}\n`);
    return 2;
  }
  const projectName = args.projectName ?? stack!.projectName;
  switch (args.command) {
    case 'up':
      return up(docker, stack!, args, signal);
    case 'down': {
      const result = await stackDown(docker, projectName, { signal, removeVolumes: args.volumes, onEvent: printEvent });
      process.stderr.write(
        `Removed ${count(result.containers.length, 'container')}, ${count(result.networks.length, 'network')}, ${count(result.volumes.length, 'volume')}.\n`,
      );
      return 0;
    }
    case 'ps':
      process.stdout.write(psTable(await listStacks(docker), projectName));
      return 0;
    default:
      await streamLogs(docker, projectName, {
        follow: args.follow,
        signal,
        ...(args.services.length ? { services: args.services } : {}),
        ...(args.tail !== undefined ? { tail: args.tail } : {}),
        onLine: (service, line) => process.stdout.write(`${service} | ${line}\n`),
      });
      return 0;
  }
}

async function up(docker: Docker, stack: LoadedStack, args: ComposeArgs, signal: AbortSignal): Promise<number> {
  try {
    const result = await stackUp(docker, stack, {
      signal,
      wait: true,
      onEvent: printEvent,
      ...(args.services.length ? { services: args.services } : {}),
    });
    const changed = result.containers.filter((container) => container.action !== 'unchanged').length;
    process.stderr.write(
      `Project ${stack.projectName} is up: ${count(result.containers.length, 'container')} (${changed} created, recreated or started).\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof StackError)) throw error;
    process.stderr.write(`dockside compose: ${error.message}\n`);
    return 1;
  }
}

function printEvent(event: StackEvent): void {
  if (event.kind === 'step') process.stderr.write(`${event.service ? `[${event.service}] ` : ''}${event.message}\n`);
  else if (event.line.trim() !== '') process.stderr.write(`${event.service} | ${event.line}\n`);
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One row per container: the columns `docker compose ps` shows. */
export function psTable(stacks: Awaited<ReturnType<typeof listStacks>>, projectName: string): string {
  const stack = stacks.find((candidate) => candidate.project === projectName);
  const rows = [['NAME', 'SERVICE', 'STATE', 'HEALTH', 'PORTS']];
  for (const service of stack?.services ?? []) {
    for (const container of service.containers) {
      const ports = container.ports
        .map((port) => `${port.hostIp ? `${port.hostIp}:` : ''}${port.hostPort}->${port.containerPort}/${port.protocol}`)
        .join(', ');
      rows.push([container.name, service.name, container.state, container.health ?? '', ports]);
    }
  }
  return formatTable(rows);
}
