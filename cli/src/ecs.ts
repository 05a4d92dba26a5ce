// `dockside ecs …`: run a task definition on the local Docker Engine from a terminal, with the same
// engine code the sidebar uses. No `vscode` import.
import type Docker from 'dockerode';
import { LocalFileError } from '@dockside/engine';
import { preflight, runTask, TaskStartError, type TaskRun } from '@dockside/engine';
import { MetadataServer } from '@dockside/engine';
import { LocalService } from '@dockside/engine';
import { DEFAULT_SANDBOX, PlanError, type SandboxSpec } from '@dockside/engine';
import { loadTaskSource, type TaskSource } from '@dockside/engine';
import { describeStoppedTask, taskExitStatus, type TaskState } from '@dockside/engine';
import { choices, HELP, parseArgs, UsageError, usageFailure, type ParsedOptions } from './args';
import { connect, EngineUnavailable, onInterrupt, parseLabel, wholeNumber, type CliOutput } from './ecsArgs';
import { deployCommand } from './ecsDeploy';
import { SERVE_OPTIONS, serve, serveOptionsFrom } from './ecsServe';

export const ECS_USAGE = `Usage: dockside ecs run-task FILE [options]
       dockside ecs create-service FILE --desired-count N [--service-name NAME] [--backoff-ms MS] [options]
       dockside ecs serve [--host 127.0.0.1] [--port 4566] [--state-dir DIR] [--stop-tasks] [options]
       dockside ecs deploy FILE --cluster NAME [options]   (Amazon ECS; "dockside ecs deploy --help")

run-task starts one task from the task definition in FILE on the local Docker Engine (DOCKER_HOST, else
the default socket), waits for it to stop, and prints each container's exit code and the stop reason.
Exit status: 0 when every essential container exited 0, 1 otherwise, 2 when the task could not be
started (the message says why). Ctrl-C stops the task.

create-service keeps N tasks running, replacing a task that stops (after a back-off that doubles
from MS, default 10000, while tasks keep failing), until interrupted; then it stops its tasks and
removes their containers. With N > 1, awsvpc ports are published on free host ports.

serve answers the ECS API (and CloudWatch Logs GetLogEvents and the like, and STS GetCallerIdentity)
on http://HOST:PORT for the AWS CLI and SDKs (aws --endpoint-url http://127.0.0.1:4566 ecs …), running
what they ask on the local engine with the sidebar's own cluster. Signatures are not checked: it
listens on loopback unless --host says otherwise. State (clusters, task definitions, services) is kept
in DIR (default $XDG_DATA_HOME/dockside, else ~/.local/share/dockside). Ctrl-C stops serving and
leaves tasks running (--stop-tasks stops them).

Options:
  -h, --help               print this help
  --secrets FILE           values for "secrets" (JSON {"valueFrom or name": "value"} or KEY=value lines);
                           secrets are never read from AWS
  --sandbox-image IMAGE    the image holding an awsvpc task's network (default ${DEFAULT_SANDBOX.image})
  --sandbox-command CMD    its command, for images whose own command exits (e.g. "sleep 86400")
  --publish-address ADDR   where published ports listen (default 127.0.0.1)
  --cluster NAME           the cluster containers see (default: "default", as on ECS)
  --label KEY=VALUE        an extra label on every container and volume (repeatable)
  --no-pull                fail instead of pulling an image the engine does not have
  --keep                   keep a stopped task's containers (run-task)
  --forward-aws-credentials  pass AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
                           AWS_REGION from this shell into the containers (off by default)`;

export interface EcsCliOptions {
  readonly file: string;
  readonly secretsFile?: string;
  readonly sandbox?: SandboxSpec;
  readonly publishAddress?: string;
  readonly cluster?: string;
  readonly labels: Record<string, string>;
  readonly pull: 'missing' | 'never';
  readonly keep: boolean;
  readonly forwardAwsCredentials: boolean;
  readonly desiredCount?: number;
  readonly serviceName?: string;
  readonly backoffMs?: number;
}

const OPTIONS = {
  secrets: { names: ['--secrets'], value: 'FILE' },
  sandboxImage: { names: ['--sandbox-image'], value: 'IMAGE' },
  sandboxCommand: { names: ['--sandbox-command'], value: 'CMD' },
  publishAddress: { names: ['--publish-address'], value: 'ADDR' },
  cluster: { names: ['--cluster'], value: 'NAME' },
  label: { names: ['--label'], value: 'KEY=VALUE', repeatable: true },
  desiredCount: { names: ['--desired-count'], value: 'N' },
  serviceName: { names: ['--service-name'], value: 'NAME' },
  backoffMs: { names: ['--backoff-ms'], value: 'MS' },
  noPull: { names: ['--no-pull'] },
  keep: { names: ['--keep'] },
  forwardAwsCredentials: { names: ['--forward-aws-credentials'] },
  help: HELP,
} as const;

const COMMAND = 'dockside ecs';
const COMMANDS = ['run-task', 'create-service', 'serve', 'deploy'];

/** Runs `dockside ecs ARGS…`; resolves with the exit status. */
export async function runEcsCli(args: string[], io: CliOutput = { out: process.stdout, err: process.stderr }): Promise<number> {
  const command = args.find((arg) => !arg.startsWith('-'));
  let options: EcsCliOptions;
  try {
    if (command === 'serve') {
      const parsed = parseArgs(args, SERVE_OPTIONS);
      if (parsed.options.help) return help(io);
      return await serve(serveOptionsFrom(parsed.operands.slice(1), parsed.options), io);
    }
    if (command === 'deploy') return await deployCommand(args, io);
    const parsed = parseArgs(args, OPTIONS);
    if (parsed.options.help) return help(io);
    if (command === undefined) throw new UsageError(`name what to do: ${choices(COMMANDS)}`);
    if (!COMMANDS.includes(command)) throw new UsageError(`unknown command "${command}"; use ${choices(COMMANDS)}`);
    options = optionsFrom(parsed.operands.slice(1), parsed.options);
    if (command === 'create-service' && options.desiredCount === undefined) throw new UsageError('create-service needs --desired-count N.');
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(COMMAND, error, io.err);
    throw error;
  }
  let metadata: MetadataServer | undefined;
  try {
    const docker = await connect();
    metadata = await MetadataServer.start(docker);
    const source = loadTaskSource({ ...options, env: process.env, metadata: metadata.endpoint });
    const context = { docker, source, options, io, metadata };
    return command === 'run-task' ? await runTaskCommand(context) : await createServiceCommand(context);
  } catch (error) {
    if (
      error instanceof LocalFileError ||
      error instanceof PlanError ||
      error instanceof TaskStartError ||
      error instanceof EngineUnavailable
    ) {
      io.err.write(`dockside: ${error.message.split('\n').join('\ndockside: ')}\n`);
      return 2;
    }
    throw error;
  } finally {
    await metadata?.close();
  }
}

interface CommandContext {
  readonly docker: Docker;
  readonly source: TaskSource;
  readonly options: EcsCliOptions;
  readonly io: CliOutput;
  readonly metadata: MetadataServer;
}

function help(io: CliOutput): number {
  io.out.write(`${ECS_USAGE}\n`);
  return 0;
}

function optionsFrom(files: string[], values: ParsedOptions<typeof OPTIONS>): EcsCliOptions {
  if (files.length !== 1)
    throw new UsageError(files.length === 0 ? 'name the task definition file' : `one task definition file, not ${files.length}`);
  const sandboxCommand = values.sandboxCommand?.split(/\s+/).filter(Boolean);
  return {
    file: files[0]!,
    secretsFile: values.secrets,
    sandbox: values.sandboxImage ? { image: values.sandboxImage, command: sandboxCommand } : undefined,
    publishAddress: values.publishAddress,
    cluster: values.cluster,
    labels: Object.fromEntries(values.label.map(parseLabel)),
    pull: values.noPull ? 'never' : 'missing',
    keep: values.keep,
    forwardAwsCredentials: values.forwardAwsCredentials,
    desiredCount: wholeNumber(values.desiredCount, '--desired-count'),
    serviceName: values.serviceName,
    backoffMs: wholeNumber(values.backoffMs, '--backoff-ms'),
  };
}

async function runTaskCommand({ docker, source, options, io, metadata }: CommandContext): Promise<number> {
  const plan = source.planFor();
  for (const note of plan.notes) io.err.write(`note: ${note}\n`);
  let last = '';
  const run: TaskRun = await runTask({
    docker,
    plan,
    pull: options.pull,
    removeOnStop: !options.keep,
    onChange: (task) => {
      if (task.lastStatus !== last) io.err.write(`${task.taskId} ${(last = task.lastStatus)}\n`);
    },
  });
  metadata.register(run);
  io.err.write(`Started task ${plan.taskId} (${plan.family}:${plan.revision}); Ctrl-C stops it.\n`);
  const stopListening = onInterrupt(() => void run.stop());
  const stopped: TaskState = await run.stopped;
  stopListening();
  io.out.write(`${describeStoppedTask(stopped).join('\n')}\n`);
  return taskExitStatus(stopped);
}

async function createServiceCommand({ docker, source, options, io, metadata }: CommandContext): Promise<number> {
  const name = options.serviceName ?? source.family;
  const desiredCount = options.desiredCount!;
  const planFor = () => source.planFor({ service: name, desiredCount, dynamicHostPorts: desiredCount > 1 });
  // Bad input (a missing image, a missing volume, a secret without a value) is said once, before any task.
  const first = planFor();
  await preflight(docker, first, options.pull);
  for (const note of first.notes) io.err.write(`note: ${note}\n`);
  let printed = 0;
  const reported = new Set<string>();
  const service = new LocalService({
    name,
    desiredCount,
    backoff: options.backoffMs !== undefined ? { initialMs: options.backoffMs } : undefined,
    launch: async () => {
      const run = await runTask({ docker, plan: planFor(), pull: options.pull, onChange: (task) => reportRunning(task, reported, io) });
      metadata.register(run);
      return run;
    },
    onChange: (state) => {
      for (const event of state.events.slice(0, state.events.length - printed).reverse())
        io.err.write(`${event.at.toISOString()} ${event.message}\n`);
      printed = state.events.length;
    },
  });
  io.err.write(`Started service ${name} with ${desiredCount} desired tasks; Ctrl-C stops it.\n`);
  service.start();
  await new Promise<void>((resolve) => {
    const stopListening = onInterrupt(() => {
      stopListening();
      resolve();
    });
  });
  io.err.write(`Stopping service ${name}…\n`);
  await service.stop();
  io.out.write(`Service ${name} stopped; ${service.state().stoppedTasks.length} tasks stopped and removed.\n`);
  return 0;
}

/** Where a task that just started can be reached. */
function reportRunning(task: TaskState, reported: Set<string>, io: CliOutput): void {
  if (task.lastStatus !== 'RUNNING' || reported.has(task.taskId)) return;
  reported.add(task.taskId);
  const ports = task.containers.flatMap((c) => c.ports.map((p) => `${c.name} ${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`));
  io.err.write(`task ${task.taskId} RUNNING${ports.length ? `: ${ports.join(', ')}` : ''}\n`);
}
