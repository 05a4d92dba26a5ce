// The language client's lifecycle, as plain logic over any client with start, stop and dispose (the
// tests drive it with a fake). One object owns the client; starts, restarts and the final stop run one
// at a time, in order, so triggers that overlap (a setting changed twice, workspace trust granted while
// the restart command runs) never stop a client that is still starting, or start a second one beside
// it. A stop is bounded by a timeout, and the client is disposed whatever the stop did. No `vscode`.

/** What the lifecycle needs of a language client (vscode-languageclient's `LanguageClient` has it). */
export interface ManagedClient {
  start(): Promise<void>;
  stop(timeoutMs?: number): Promise<void>;
  dispose(timeoutMs?: number): Promise<void> | void;
}

export type ServerState =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'starting' }
  | { readonly kind: 'running' }
  | { readonly kind: 'failed'; readonly reason: string };

export interface LifecycleLog {
  info(message: string): void;
  error(message: string): void;
}

export interface LifecycleOptions<C> {
  /** Makes a new client, reading the settings as they are now (a restart is how a client follows them). */
  create(): C;
  log: LifecycleLog;
  /** How long a stop may take before the client is disposed regardless. */
  stopTimeoutMs: number;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Settles with `promise`, or rejects once `ms` have passed without it settling. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class ClientLifecycle<C extends ManagedClient> {
  private current: C | undefined;
  private currentState: ServerState = { kind: 'stopped' };
  /** The operations, one after another: each starts when the one before has settled. */
  private queue: Promise<void> = Promise.resolve();
  /** A restart waiting for its turn: restarts asked for meanwhile join it. */
  private waitingRestart: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly options: LifecycleOptions<C>) {}

  get state(): ServerState {
    return this.currentState;
  }

  /**
   * The client to send requests to: the one starting or running (a request to a starting client waits
   * for it). Undefined while none is: stopped, between the stop and the start of a restart, failed.
   */
  get client(): C | undefined {
    return this.currentState.kind === 'starting' || this.currentState.kind === 'running' ? this.current : undefined;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.startClient());
  }

  /**
   * Stops the client and starts a new one. Queued behind whatever start or stop is under way; every
   * restart asked for while one waits for its turn joins that one, which reads the settings when it runs.
   */
  restart(reason: string): Promise<void> {
    if (this.waitingRestart) return this.waitingRestart;
    const restart = this.enqueue(async () => {
      this.waitingRestart = undefined;
      if (this.disposed) return;
      this.options.log.info(`Restarting the language server: ${reason}.`);
      await this.stopClient();
      await this.startClient();
    });
    this.waitingRestart = restart;
    return restart;
  }

  /** The last stop (the extension deactivates): after what is queued, and nothing starts after it. */
  dispose(): Promise<void> {
    this.disposed = true;
    return this.enqueue(() => this.stopClient());
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const next = this.queue.then(operation).catch((error: unknown) => {
      // The operations report their own failures; this is a last line, so the queue never stops.
      this.options.log.error(`The language server's lifecycle failed: ${messageOf(error)}`);
    });
    this.queue = next;
    return next;
  }

  private setState(state: ServerState): void {
    this.currentState = state;
  }

  private async startClient(): Promise<void> {
    if (this.disposed) return;
    const client = this.options.create();
    this.current = client;
    this.setState({ kind: 'starting' });
    try {
      await client.start();
      this.setState({ kind: 'running' });
    } catch (error) {
      // The client has said why in the output; the next restart makes a new client.
      this.setState({ kind: 'failed', reason: messageOf(error) });
    }
  }

  /** Stops the client within the timeout, then disposes it, whatever the stop did (a failed client cannot stop). */
  private async stopClient(): Promise<void> {
    const client = this.current;
    if (!client) return;
    this.current = undefined;
    const { stopTimeoutMs } = this.options;
    try {
      if (this.currentState.kind === 'running')
        await within(client.stop(stopTimeoutMs), stopTimeoutMs + 500, 'Stopping the language server');
    } catch (error) {
      this.options.log.info(`The language server did not stop cleanly (${messageOf(error)}); it is disposed.`);
    }
    try {
      await within(Promise.resolve(client.dispose(stopTimeoutMs)), stopTimeoutMs + 500, 'Disposing the language client');
    } catch {
      // A client that could not stop cannot be disposed cleanly either; it is let go all the same.
    }
    this.setState({ kind: 'stopped' });
  }
}

/**
 * What the language client reports as an error once a stop was asked for (by Dockside, or by the client
 * itself) but is only that stop at work, said as information: the server process exiting with code 0,
 * and a notification that was on its way when the stop began (a settings change that also restarts the
 * server) and found no server to go to; the next client starts with the current settings and documents.
 * Undefined for a real error.
 */
export function stopAtWork(message: string, stopRequested: boolean): string | undefined {
  if (!stopRequested) return undefined;
  if (message === 'Server process exited with code 0.') return message;
  if (/^Sending notification \S+ failed$/.test(message)) return `${message.replace(/ failed$/, '')} skipped: the server was stopping.`;
  return undefined;
}
