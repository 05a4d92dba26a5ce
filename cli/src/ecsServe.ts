// `dockside ecs serve`: the ECS API endpoint on the local engine, for the AWS CLI and SDKs. It drives the
// same local cluster the sidebar does; both keep their state in the engine's labels and one small state
// file, so each sees what the other runs. Ctrl-C stops serving, asking nothing; tasks keep running
// unless --stop-tasks.
import { resolve } from 'node:path';
import {
  DEFAULT_ENDPOINT_PORT,
  DEFAULT_SANDBOX,
  defaultStateDir,
  EcsEndpoint,
  LocalCluster,
  StateError,
  type ClusterSettings,
  type SandboxSpec,
} from '@dockside/engine';
import { HELP, UsageError, type ParsedOptions } from './args';
import { connect, EngineUnavailable, onInterrupt, parseLabel, wholeNumber, type CliOutput } from './ecsArgs';

export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  readonly stateDir: string;
  readonly sandbox: SandboxSpec;
  readonly publishAddress?: string;
  readonly labels: Record<string, string>;
  readonly pull: 'missing' | 'never';
  readonly stopTasks: boolean;
  readonly quiet: boolean;
  readonly secretsFile?: string;
  readonly backoffMs?: number;
  readonly forwardAwsCredentials: boolean;
}

export const SERVE_OPTIONS = {
  host: { names: ['--host'], value: 'HOST' },
  port: { names: ['--port'], value: 'PORT' },
  stateDir: { names: ['--state-dir'], value: 'DIR' },
  sandboxImage: { names: ['--sandbox-image'], value: 'IMAGE' },
  sandboxCommand: { names: ['--sandbox-command'], value: 'CMD' },
  publishAddress: { names: ['--publish-address'], value: 'ADDR' },
  label: { names: ['--label'], value: 'KEY=VALUE', repeatable: true },
  secrets: { names: ['--secrets'], value: 'FILE' },
  backoffMs: { names: ['--backoff-ms'], value: 'MS' },
  stopTasks: { names: ['--stop-tasks'] },
  noPull: { names: ['--no-pull'] },
  quiet: { names: ['--quiet'] },
  forwardAwsCredentials: { names: ['--forward-aws-credentials'] },
  help: HELP,
} as const;
/** Standalone tasks started through the endpoint are forgotten an hour after they stop, as ECS forgets them. */
const RETAIN_STOPPED_TASKS_MS = 60 * 60_000;

/** `serve`'s options, from the command line parsed with SERVE_OPTIONS. */
export function serveOptionsFrom(operands: string[], values: ParsedOptions<typeof SERVE_OPTIONS>): ServeOptions {
  if (operands.length > 0) throw new UsageError(`serve takes no file (the API registers task definitions), not "${operands[0]}".`);
  const port = wholeNumber(values.port, '--port') ?? DEFAULT_ENDPOINT_PORT;
  if (port > 65535) throw new UsageError(`--port wants a port number (0 for any free one), not ${port}.`);
  const command = values.sandboxCommand?.split(/\s+/).filter(Boolean);
  return {
    host: values.host ?? '127.0.0.1',
    port,
    stateDir: resolve(values.stateDir ?? defaultStateDir()),
    sandbox: values.sandboxImage ? { image: values.sandboxImage, command } : { ...DEFAULT_SANDBOX, command },
    publishAddress: values.publishAddress,
    labels: Object.fromEntries(values.label.map(parseLabel)),
    pull: values.noPull ? 'never' : 'missing',
    stopTasks: values.stopTasks,
    quiet: values.quiet,
    secretsFile: values.secrets ? resolve(values.secrets) : undefined,
    backoffMs: wholeNumber(values.backoffMs, '--backoff-ms'),
    forwardAwsCredentials: values.forwardAwsCredentials,
  };
}

/** Serves until Ctrl-C (or SIGTERM); resolves with the exit status. */
export async function serve(options: ServeOptions, io: CliOutput): Promise<number> {
  let cluster: LocalCluster | undefined;
  let endpoint: EcsEndpoint | undefined;
  try {
    const docker = await connect();
    const settings: ClusterSettings = {
      sandbox: options.sandbox,
      publishAddress: options.publishAddress ?? '127.0.0.1',
      forwardAwsCredentials: options.forwardAwsCredentials,
      pull: options.pull,
      labels: options.labels,
      stateDir: options.stateDir,
      workingDirectory: process.cwd(),
      secretsFile: options.secretsFile,
      retainStoppedTasksMs: RETAIN_STOPPED_TASKS_MS,
      backoff: options.backoffMs !== undefined ? { initialMs: options.backoffMs } : undefined,
    };
    cluster = new LocalCluster(
      docker,
      () => settings,
      () => undefined,
    );
    const found = await cluster.rebuild();
    const labels = Object.entries(options.labels).map(([key, value]) => `${key}=${value}`);
    endpoint = await EcsEndpoint.start({
      cluster,
      docker,
      host: options.host,
      port: options.port,
      labels,
      log: options.quiet ? undefined : (line) => io.err.write(`${new Date().toISOString()} ${line}\n`),
    });
    const url = endpoint.url;
    cluster.state.update((state) => void (state.endpoint = { url, pid: process.pid, startedAt: new Date().toISOString() }));
    if (found.length > 0) io.err.write(`Found ${found.length} local ECS task${found.length === 1 ? '' : 's'} on the engine.\n`);
    if (!isLoopback(options.host))
      io.err.write(
        `warning: listening on ${options.host}: anyone who reaches this address can run containers on this engine; no signature is checked.\n`,
      );
    io.err.write(`State: ${cluster.state.file}\n`);
    io.out.write(`Listening on ${url}\n`);
    await new Promise<void>((done) => {
      const stopListening = onInterrupt(() => {
        stopListening();
        done();
      });
    });
    io.err.write(options.stopTasks ? 'Stopping the endpoint and its tasks…\n' : 'Stopping the endpoint; tasks keep running.\n');
    return 0;
  } catch (error) {
    if (error instanceof EngineUnavailable || error instanceof StateError) {
      io.err.write(`dockside: ${error.message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      io.err.write(`dockside: cannot listen on ${options.host}:${options.port} (${code}); pick another with --port or --host.\n`);
      return 2;
    }
    throw error;
  } finally {
    await endpoint?.close();
    if (cluster) {
      cluster.state.update((state) => {
        if (state.endpoint?.pid === process.pid) delete state.endpoint;
      });
      await cluster.dispose({ stopTasks: options.stopTasks });
    }
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
