// `dockside swarm deploy|ls|ps|rm|logs`: a Compose project as a Docker Swarm stack, from a terminal, with
// the engine code the editor uses. Progress and the report go to standard error; tables and log lines to
// standard output.
import { dirname, resolve } from 'node:path';
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
  type SwarmStackSummary,
} from '@dockside/engine';
import { lossLine } from './convert';
import { connect, EngineUnavailable, onInterrupt, parseArgs, UsageError, wholeNumber, type CliOutput } from './ecsArgs';
import { formatTable } from './table';

export const SWARM_USAGE = `Usage: dockside swarm deploy [-f FILE]... [-p STACK] [--profile NAME]... [--env-file FILE]... [--prune] [--detach]
       dockside swarm ls
       dockside swarm ps [STACK] [-f FILE]... [-p STACK]
       dockside swarm rm STACK
       dockside swarm logs SERVICE [-p STACK] [--follow] [--tail N]

deploy creates or updates what docker stack deploy creates, with its labels, on the Swarm whose manager
DOCKER_HOST names (or the default socket): overlay networks, secrets and configs, one service per Compose
service. What Swarm ignores or refuses in the files is listed first, with file and line; a refusal stops
the deploy before anything changes. It then waits until every service runs its tasks (unless --detach),
printing each service's progress; a service that fails is named with its task's error and last log
lines. --prune removes the stack's services the files no longer define. The stack is named after -p, else
the project (its "name:", else its folder). ls lists the stacks; ps a stack's services and their tasks
per node; rm removes a stack (its named volumes stay on the nodes); logs prints a service's logs from
every node. Exit status: 0 on success, 1 when the engine or a service failed, 2 when the command line
or the project could not be used.`;

const VALUE_OPTIONS = ['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--tail'];
const FLAGS = ['--prune', '--detach', '-d', '--follow'];
const COMMANDS = ['deploy', 'ls', 'ps', 'rm', 'logs'];

interface SwarmArgs {
  command: string;
  files: string[];
  stack?: string;
  profiles: string[];
  envFiles: string[];
  prune: boolean;
  detach: boolean;
  follow: boolean;
  tail?: number;
  positional: string[];
}

function parseSwarmArgs(args: string[]): SwarmArgs {
  const [command = '', ...rest] = args;
  if (!COMMANDS.includes(command)) throw new UsageError(command ? `Unknown command "swarm ${command}".` : '');
  const { values, positional } = parseArgs(rest, VALUE_OPTIONS, FLAGS);
  const all = (...names: string[]): string[] => names.flatMap((name) => values.get(name) ?? []);
  const tail = wholeNumber(all('--tail')[0], '--tail');
  const stack = all('-p', '--project-name')[0];
  const parsed: SwarmArgs = {
    command,
    files: all('-f', '--file'),
    ...(stack !== undefined ? { stack } : {}),
    profiles: all('--profile'),
    envFiles: all('--env-file'),
    prune: values.has('--prune'),
    detach: values.has('--detach') || values.has('-d'),
    follow: values.has('--follow'),
    ...(tail !== undefined ? { tail } : {}),
    positional,
  };
  const wanted = { deploy: 0, ls: 0, ps: 1, rm: 1, logs: 1 }[command] ?? 0;
  if (positional.length > wanted)
    throw new UsageError(
      `swarm ${command} takes ${wanted === 0 ? 'no' : 'one'} argument${wanted === 0 ? 's' : ''} (${positional.join(' ')}).`,
    );
  if ((command === 'rm' || command === 'logs') && positional.length === 0)
    throw new UsageError(`swarm ${command} needs a ${command === 'rm' ? 'stack' : 'service'} name.`);
  return parsed;
}

/** Runs `dockside swarm ARGS…`; resolves with the exit status. */
export async function runSwarmCli(args: string[], io: CliOutput = { out: process.stdout, err: process.stderr }): Promise<number> {
  let parsed: SwarmArgs;
  try {
    parsed = parseSwarmArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) io.err.write(`dockside: ${error.message}\n`);
    io.err.write(`${SWARM_USAGE}\n`);
    return 2;
  }
  const controller = new AbortController();
  const stopListening = onInterrupt(() => controller.abort());
  try {
    const docker = await connect();
    const reason = notManagerReason(await swarmState(docker));
    if (reason) {
      io.err.write(`dockside swarm: ${reason}\n`);
      return 1;
    }
    return await runCommand(docker, parsed, io, controller.signal);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`dockside swarm: ${error.message}\n`);
      return 2;
    }
    if (error instanceof EngineUnavailable || error instanceof SwarmError) {
      io.err.write(`dockside swarm: ${error.message}\n`);
      return 1;
    }
    if ((error as { name?: string }).name === 'AbortError') {
      io.err.write('dockside swarm: interrupted; what was already sent to the swarm stays as it is.\n');
      return 1;
    }
    throw error;
  } finally {
    stopListening();
  }
}

async function runCommand(docker: Docker, args: SwarmArgs, io: CliOutput, signal: AbortSignal): Promise<number> {
  switch (args.command) {
    case 'deploy':
      return deploy(docker, args, io, signal);
    case 'ls':
      io.out.write(stacksTable(await readStacks(docker)));
      return 0;
    case 'ps': {
      const project = (args.positional[0] ?? args.stack) ? undefined : readProjectStack(args, undefined);
      if (project && project.files.length === 0)
        throw new UsageError('swarm ps needs a stack name, or a Compose file in this folder to take it from.');
      const name = args.positional[0] ?? args.stack ?? project!.namespace;
      const [stack] = await readStacks(docker, name);
      if (!stack) {
        io.err.write(`dockside swarm: no stack named "${name}" on this swarm.\n`);
        return 1;
      }
      io.out.write(servicesTable(stack.services));
      io.out.write('\n');
      io.out.write(tasksTable(stack.services));
      return 0;
    }
    case 'rm': {
      const name = args.positional[0]!;
      const removed = await removeStack(docker, name, { signal, onEvent: (event) => printEvent(event, io) });
      const total = removed.services.length + removed.networks.length + removed.secrets.length + removed.configs.length;
      if (total === 0) {
        io.err.write(`dockside swarm: nothing found in stack "${name}".\n`);
        return 1;
      }
      io.err.write(
        `Removed stack ${name}: ${count(removed.services.length, 'service')}, ${count(removed.networks.length, 'network')}, ${count(removed.secrets.length, 'secret')}, ${count(removed.configs.length, 'config')}.\n`,
      );
      return 0;
    }
    default: {
      const wanted = args.positional[0]!;
      const service = await findService(docker, wanted, args.stack);
      if (!service) {
        io.err.write(`dockside swarm: no service "${wanted}"${args.stack ? ` in stack ${args.stack}` : ''} on this swarm.\n`);
        return 1;
      }
      await streamServiceLogs(docker, service.id, {
        follow: args.follow,
        signal,
        ...(args.tail !== undefined ? { tail: args.tail } : {}),
        onLine: (task, line) => io.out.write(`${task} | ${line}\n`),
      });
      return 0;
    }
  }
}

/** The project as the files describe it; as with docker compose, its folder is the first file's. */
function readProjectStack(args: SwarmArgs, nodes: number | undefined): LoadedSwarmStack {
  const files = args.files.map((file) => resolve(file));
  return loadSwarmStack(
    {
      workingDir: files[0] !== undefined ? dirname(files[0]) : process.cwd(),
      files,
      profiles: args.profiles,
      envFiles: args.envFiles.map((file) => resolve(file)),
      ...(args.stack ? { projectName: args.stack } : {}),
    },
    nodes === undefined ? {} : { nodes },
  );
}

async function deploy(docker: Docker, args: SwarmArgs, io: CliOutput, signal: AbortSignal): Promise<number> {
  const state = await swarmState(docker);
  const stack = readProjectStack(args, state.nodes);
  for (const error of stack.errors) io.err.write(`${error}\n`);
  for (const loss of stack.report) io.err.write(lossLine(loss));
  if (!deployable(stack)) {
    io.err.write(`dockside swarm: stack ${stack.namespace} was not deployed; nothing was changed.\n`);
    return 2;
  }
  const address = resolveEngineAddress({ env: process.env, platform: process.platform });
  const mesh = routingMeshWarning(stack.plan, { engine: address.label, platform: process.platform });
  if (mesh) io.err.write(`warning: ${mesh}\n`);
  try {
    const result = await deployStack(docker, stack, {
      prune: args.prune,
      detach: args.detach,
      signal,
      onEvent: (event) => printEvent(event, io),
    });
    for (const warning of result.warnings) io.err.write(`warning: ${warning}\n`);
    const changes = (change: string): number => result.services.filter((service) => service.change === change).length;
    io.err.write(
      `Stack ${result.namespace} ${args.detach ? 'sent to the swarm' : 'deployed'}: ${count(result.services.length, 'service')} (${changes('created')} created, ${changes('updated')} updated, ${changes('unchanged')} unchanged)${
        result.pruned.length ? `; removed ${result.pruned.join(', ')}` : ''
      }.\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ConvergenceError)) throw error;
    for (const progress of error.failed) {
      io.err.write(`dockside swarm: ${describeFailure(progress)}\n`);
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
