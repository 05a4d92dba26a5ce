// `dockside swarm deploy|ls|ps|rm|logs`: a Compose project as a Docker Swarm stack, from a terminal, with
// the engine code the editor uses. Progress and the report go to standard error; tables and log lines to
// standard output.
import { relative } from 'node:path';
import type Docker from 'dockerode';
import {
  ConvergenceError,
  deployable,
  deployStack,
  describeFailure,
  describeProgress,
  findService,
  loadSwarmStack,
  notManagerReason,
  readStacks,
  removeStack,
  resolveEngineAddress,
  routingMeshWarning,
  streamServiceLogs,
  swarmState,
  SwarmError,
  type LoadedSwarmStack,
  type SwarmEvent,
  type SwarmServiceSummary,
  type SwarmState,
  type SwarmStackSummary,
} from '@dockside/engine';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import { HELP, parseArgs, readSubcommand, UsageError, usageFailure, type ParsedOptions } from './args';
import { lossLine } from './convert';
import { connect, EngineUnavailable, onInterrupt, wholeNumber, type CliOutput } from './ecsArgs';
import { chooseProject, COMPOSE_VARIABLES_HELP, PROJECT_OPTIONS, PROJECT_OPTIONS_HELP, projectProblem, stackSource } from './project';
import { formatTable } from './table';

export const SWARM_USAGE = `Usage: dockside swarm deploy [-f FILE]... [OPTIONS] [--prune] [--detach]
       dockside swarm ls
       dockside swarm ps   [STACK] [-f FILE]... [-p STACK]
       dockside swarm rm   STACK
       dockside swarm logs SERVICE [-p STACK] [--follow] [--tail N]

deploy creates or updates what "docker stack deploy" creates, with its labels, on the Swarm whose
manager DOCKER_HOST names (else the default socket): overlay networks, secrets and configs, one service
per Compose service. The project is read as "dockside compose" reads it; what Swarm ignores or refuses in
it is listed first, with file and line, and a refusal (or an error "dockside validate" reports) stops the
deploy before anything changes. It then waits until every service runs its tasks (unless --detach),
printing each service's progress; a service that fails is named with its task's error and last log
lines. The stack is named after -p, else the project ("name:", else the folder). ls lists the stacks; ps
a stack's services and their tasks per node; rm removes a stack (its named volumes stay on the nodes);
logs prints a service's logs from every node.

Options:
${PROJECT_OPTIONS_HELP}
      --prune                deploy: remove the stack's services the files no longer define
  -d, --detach               deploy: return once the services are created or updated, without waiting
      --follow               logs: keep following the logs
      --tail N               logs: only the last N lines of each task
  -h, --help                 Print this help

${COMPOSE_VARIABLES_HELP}

Exit status: 0 on success, 1 when the engine or a service failed (or the engine is not a Swarm manager),
2 when the command line or the project could not be used.`;

const OPTIONS = {
  ...PROJECT_OPTIONS,
  prune: { names: ['--prune'] },
  detach: { names: ['-d', '--detach'] },
  follow: { names: ['--follow'] },
  tail: { names: ['--tail'], value: 'N' },
  help: HELP,
} as const;

const SUBCOMMANDS = ['deploy', 'ls', 'ps', 'rm', 'logs'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

/** The options only one subcommand takes. */
const ONLY_FOR: Partial<Record<keyof typeof OPTIONS, Subcommand>> = { prune: 'deploy', detach: 'deploy', follow: 'logs', tail: 'logs' };
/** How many operands each subcommand takes after its name, and what they are. */
const OPERANDS: Record<Subcommand, { min: number; max: number; what: string }> = {
  deploy: { min: 0, max: 0, what: '' },
  ls: { min: 0, max: 0, what: '' },
  ps: { min: 0, max: 1, what: 'a stack name' },
  rm: { min: 1, max: 1, what: 'a stack name' },
  logs: { min: 1, max: 1, what: 'a service name' },
};

const COMMAND = 'dockside swarm';

interface SwarmArgs {
  command: Subcommand;
  options: ParsedOptions<typeof OPTIONS>;
  operand?: string;
  tail?: number;
}

function readArgs(args: string[]): SwarmArgs | 'help' {
  const parsed = parseArgs(args, OPTIONS);
  const { options } = parsed;
  if (options.help) return 'help';
  const { subcommand, rest } = readSubcommand('swarm', parsed, SUBCOMMANDS, ONLY_FOR, OPTIONS);
  const { min, max, what } = OPERANDS[subcommand];
  if (rest.length < min) throw new UsageError(`"swarm ${subcommand}" needs ${what}`);
  if (rest.length > max) throw new UsageError(`"swarm ${subcommand}" takes ${max === 0 ? 'nothing' : what} after it (got "${rest[max]}")`);
  const tail = wholeNumber(options.tail, '--tail');
  return { command: subcommand, options, ...(rest[0] !== undefined ? { operand: rest[0] } : {}), ...(tail !== undefined ? { tail } : {}) };
}

/** Runs `dockside swarm ARGS…`; resolves with the exit status. */
export async function runSwarmCli(args: string[], io: CliOutput = { out: process.stdout, err: process.stderr }): Promise<number> {
  let parsed: SwarmArgs | 'help';
  try {
    parsed = readArgs(args);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(COMMAND, error, io.err);
    throw error;
  }
  if (parsed === 'help') {
    io.out.write(`${SWARM_USAGE}\n`);
    return 0;
  }
  const controller = new AbortController();
  const stopListening = onInterrupt(() => controller.abort());
  try {
    const docker = await connect();
    const state = await swarmState(docker);
    const reason = notManagerReason(state);
    if (reason) {
      io.err.write(`${COMMAND}: ${reason}\n`);
      return 1;
    }
    return await runCommand(docker, state, parsed, io, controller.signal);
  } catch (error) {
    if (error instanceof ProjectUnusable) {
      io.err.write(`${COMMAND}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof EngineUnavailable || error instanceof SwarmError) {
      io.err.write(`${COMMAND}: ${error.message}\n`);
      return 1;
    }
    if ((error as { name?: string }).name === 'AbortError') {
      io.err.write(`${COMMAND}: interrupted; what was already sent to the swarm stays as it is.\n`);
      return 1;
    }
    throw error;
  } finally {
    stopListening();
  }
}

/** The project's files cannot be read (none found, one missing). */
class ProjectUnusable extends Error {}

async function runCommand(docker: Docker, state: SwarmState, args: SwarmArgs, io: CliOutput, signal: AbortSignal): Promise<number> {
  switch (args.command) {
    case 'deploy':
      return deploy(docker, state, args, io, signal);
    case 'ls':
      io.out.write(stacksTable(await readStacks(docker)));
      return 0;
    case 'ps': {
      const name = args.operand ?? args.options.projectName ?? readProjectStack(args, undefined).namespace;
      const [stack] = await readStacks(docker, name);
      if (!stack) {
        io.err.write(`${COMMAND}: no stack named "${name}" on this swarm.\n`);
        return 1;
      }
      io.out.write(servicesTable(stack.services));
      io.out.write('\n');
      io.out.write(tasksTable(stack.services));
      return 0;
    }
    case 'rm': {
      const name = args.operand!;
      const removed = await removeStack(docker, name, { signal, onEvent: (event) => printEvent(event, io) });
      const total = removed.services.length + removed.networks.length + removed.secrets.length + removed.configs.length;
      if (total === 0) {
        io.err.write(`${COMMAND}: nothing found in stack "${name}".\n`);
        return 1;
      }
      io.err.write(
        `Removed stack ${name}: ${count(removed.services.length, 'service')}, ${count(removed.networks.length, 'network')}, ${count(removed.secrets.length, 'secret')}, ${count(removed.configs.length, 'config')}.\n`,
      );
      return 0;
    }
    default: {
      const wanted = args.operand!;
      const stack = args.options.projectName;
      const service = await findService(docker, wanted, stack);
      if (!service) {
        io.err.write(`${COMMAND}: no service "${wanted}"${stack ? ` in stack ${stack}` : ''} on this swarm.\n`);
        return 1;
      }
      await streamServiceLogs(docker, service.id, {
        follow: args.options.follow,
        signal,
        ...(args.tail !== undefined ? { tail: args.tail } : {}),
        onLine: (task, line) => io.out.write(`${task} | ${line}\n`),
      });
      return 0;
    }
  }
}

/** The project the options name, read as "docker compose" reads it (-f, COMPOSE_FILE, compose.yaml …). */
function readProjectStack(args: SwarmArgs, nodes: number | undefined): LoadedSwarmStack {
  const host = diskHost();
  const env = shellEnvironment();
  const choice = chooseProject(args.options, env, host);
  const problem = projectProblem(choice, host, (path) => relative(process.cwd(), path) || path);
  if (problem) throw new ProjectUnusable(`${problem}.${choice.files.length === 0 ? ' Name the files with -f, or the stack with -p.' : ''}`);
  return loadSwarmStack(stackSource(choice, env), nodes === undefined ? {} : { nodes }, host);
}

/** Deploys on the manager whose `state` the command has just read. */
async function deploy(docker: Docker, state: SwarmState, args: SwarmArgs, io: CliOutput, signal: AbortSignal): Promise<number> {
  const stack = readProjectStack(args, state.nodes);
  for (const error of stack.errors) io.err.write(`${error}\n`);
  for (const loss of stack.report) io.err.write(lossLine(loss));
  if (!deployable(stack)) {
    io.err.write(`${COMMAND}: stack ${stack.namespace} was not deployed; nothing was changed.\n`);
    return 2;
  }
  const address = resolveEngineAddress({ env: process.env, platform: process.platform });
  const mesh = routingMeshWarning(stack.plan, { engine: address.label, platform: process.platform });
  if (mesh) io.err.write(`warning: ${mesh}\n`);
  try {
    const result = await deployStack(docker, stack, {
      state,
      prune: args.options.prune,
      detach: args.options.detach,
      signal,
      onEvent: (event) => printEvent(event, io),
    });
    for (const warning of result.warnings) io.err.write(`warning: ${warning}\n`);
    const changes = (change: string): number => result.services.filter((service) => service.change === change).length;
    io.err.write(
      `Stack ${result.namespace} ${args.options.detach ? 'sent to the swarm' : 'deployed'}: ${count(result.services.length, 'service')} (${changes('created')} created, ${changes('updated')} updated, ${changes('unchanged')} unchanged)${
        result.pruned.length ? `; removed ${result.pruned.join(', ')}` : ''
      }.\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ConvergenceError)) throw error;
    for (const progress of error.failed) {
      io.err.write(`${COMMAND}: ${describeFailure(progress)}\n`);
      const logs = progress.failure?.logs ?? [];
      if (logs.length) io.err.write(`Its last log lines:\n${logs.map((line) => `  ${line}`).join('\n')}\n`);
    }
    return 1;
  }
}

function printEvent(event: SwarmEvent, io: CliOutput): void {
  if (event.kind === 'step') io.err.write(`${event.service ? `[${event.service}] ` : ''}${event.message}\n`);
  else io.err.write(`[${event.progress.key}] ${describeProgress(event.progress)}\n`);
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function portsText(ports: SwarmServiceSummary['ports']): string {
  return ports
    .map(
      (port) => `${port.published ? `*:${port.published}->` : ''}${port.target}/${port.protocol}${port.mode === 'host' ? ' (host)' : ''}`,
    )
    .join(', ');
}

export function stacksTable(stacks: readonly SwarmStackSummary[]): string {
  return formatTable([
    ['NAME', 'SERVICES', 'TASKS'],
    ...stacks.map((stack) => [
      stack.name,
      String(stack.services.length),
      `${stack.services.reduce((sum, service) => sum + service.running, 0)}/${stack.services.reduce((sum, service) => sum + service.desired, 0)}`,
    ]),
  ]);
}

export function servicesTable(services: readonly SwarmServiceSummary[]): string {
  return formatTable([
    ['SERVICE', 'MODE', 'REPLICAS', 'IMAGE', 'UPDATE', 'PORTS'],
    ...services.map((service) => [
      service.name,
      service.mode,
      `${service.running}/${service.desired}`,
      service.image,
      service.updateState ?? '',
      portsText(service.ports),
    ]),
  ]);
}

/** One row per task, the ones that should run first: where each runs, its state, and why it failed. */
export function tasksTable(services: readonly SwarmServiceSummary[]): string {
  return formatTable([
    ['TASK', 'NODE', 'DESIRED', 'STATE', 'ERROR', 'PORTS'],
    ...services.flatMap((service) =>
      service.tasks.map((task) => [
        task.name,
        task.node ?? '',
        task.desiredState,
        `${task.state}${task.exitCode !== undefined ? ` (exit ${task.exitCode})` : ''}`,
        task.error ?? '',
        portsText(task.ports),
      ]),
    ),
  ]);
}
