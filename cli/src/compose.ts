// `dockside compose up|down|ps|logs`: the runner from a terminal, as `docker compose` takes it.
// Progress goes to standard error, results (the ps table, log lines) to standard output.
import type Docker from 'dockerode';
import { listStacks, loadStack, stackDown, stackUp, streamLogs, type LoadedStack, type StackEvent } from '@dockside/engine';
import { StackError } from '@dockside/engine';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import { HELP, parseArgs, readSubcommand, UsageError, usageFailure, type ParsedOptions } from './args';
import { connectEngine } from './engine';
import { formatTable } from './table';
import {
  chooseProject,
  COMPOSE_VARIABLES_HELP,
  PROJECT_OPTIONS,
  PROJECT_OPTIONS_HELP,
  projectProblem,
  stackSource,
  type ProjectChoice,
} from './project';

export const COMPOSE_USAGE = `Usage: dockside compose up   [-f FILE]... [OPTIONS] [SERVICE...]
       dockside compose down [-f FILE]... [OPTIONS] [--volumes]
       dockside compose ps   [-f FILE]... [OPTIONS]
       dockside compose logs [-f FILE]... [OPTIONS] [--follow] [--tail N] [SERVICE...]

Runs a Compose project on the Docker Engine (DOCKER_HOST, else the default socket) through its API.
Without -f, the files are those "docker compose" picks: COMPOSE_FILE, else compose.yaml (with
compose.override.yaml) here or in the nearest folder above. up refuses a project with errors (the
ones "dockside validate" reports, as file:line: message); otherwise it waits until every service runs,
or is healthy where it has a healthcheck. down keeps named volumes unless --volumes is given.

Options:
${PROJECT_OPTIONS_HELP}
  -v, --volumes              down: remove the project's named volumes too
      --follow               logs: keep following the logs
      --tail N               logs: only the last N lines of each container
  -h, --help                 Print this help

${COMPOSE_VARIABLES_HELP}

Exit status: 0 on success, 1 when the engine or a service failed, 2 when the command line or the
project could not be used.`;

const OPTIONS = {
  ...PROJECT_OPTIONS,
  volumes: { names: ['-v', '--volumes'] },
  follow: { names: ['--follow'] },
  tail: { names: ['--tail'], value: 'N' },
  help: HELP,
} as const;

const SUBCOMMANDS = ['up', 'down', 'ps', 'logs'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

/** The options only one subcommand takes. */
const ONLY_FOR: Partial<Record<keyof typeof OPTIONS, Subcommand>> = { volumes: 'down', follow: 'logs', tail: 'logs' };

interface ComposeArgs {
  command: Subcommand;
  options: ParsedOptions<typeof OPTIONS>;
  services: string[];
  tail?: number;
}

const COMMAND = 'dockside compose';

function readArgs(args: string[]): ComposeArgs | 'help' {
  const parsed = parseArgs(args, OPTIONS);
  const { options } = parsed;
  if (options.help) return 'help';
  const { subcommand, rest: services } = readSubcommand('compose', parsed, SUBCOMMANDS, ONLY_FOR, OPTIONS);
  if (services.length > 0 && (subcommand === 'down' || subcommand === 'ps'))
    throw new UsageError(`"compose ${subcommand}" takes no service names (got "${services[0]}")`);
  const tail = options.tail === undefined ? undefined : Number(options.tail);
  if (tail !== undefined && !Number.isInteger(tail)) throw new UsageError(`--tail takes a number of lines, not "${options.tail}"`);
  return { command: subcommand, options, services, ...(tail !== undefined ? { tail } : {}) };
}

export async function runComposeCli(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = readArgs(args);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(COMMAND, error);
    throw error;
  }
  if (parsed === 'help') {
    process.stdout.write(`${COMPOSE_USAGE}\n`);
    return 0;
  }
  const host = diskHost();
  const env = shellEnvironment();
  const choice = chooseProject(parsed.options, env, host);
  // Up reads the project; the others need it only to know the project's name.
  const needsFiles = parsed.command === 'up' || choice.projectName === undefined;
  const problem = needsFiles ? projectProblem(choice, host, (path) => path) : undefined;
  if (problem) {
    process.stderr.write(`${COMMAND}: ${problem}.${choice.files.length === 0 ? ' Name the files with -f, or the project with -p.' : ''}\n`);
    return 2;
  }
  // A project Compose would refuse is refused before anything else, the engine included.
  const stack = needsFiles ? stackOf(choice, env) : undefined;
  if (stack && stack.errors.length > 0) {
    process.stderr.write(`${stack.errors.join('\n')}\n`);
    return 2;
  }
  const engine = await connectEngine();
  if ('problem' in engine) {
    process.stderr.write(`${COMMAND}: ${engine.problem}\n`);
    return 1;
  }
  const controller = new AbortController();
  const cancel = (): void => controller.abort();
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  try {
    return await runCommand(engine.docker, parsed, stack, choice.projectName ?? stack!.projectName, controller.signal);
  } catch (error) {
    process.stderr.write(`${COMMAND}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', cancel);
    process.off('SIGTERM', cancel);
  }
}

function stackOf(choice: ProjectChoice, env: Record<string, string>): LoadedStack {
  return loadStack(stackSource(choice, env));
}

async function runCommand(
  docker: Docker,
  args: ComposeArgs,
  stack: LoadedStack | undefined,
  projectName: string,
  signal: AbortSignal,
): Promise<number> {
  switch (args.command) {
    case 'up':
      return up(docker, stack!, args, signal);
    case 'down': {
      const result = await stackDown(docker, projectName, { signal, removeVolumes: args.options.volumes, onEvent: printEvent });
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
        follow: args.options.follow,
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
