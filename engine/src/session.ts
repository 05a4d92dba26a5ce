// One live connection to the Docker Engine for the whole extension: it resolves the address, probes
// the engine, follows its `/events` stream and tells listeners what changed. When the engine goes away
// (not started, socket missing, daemon restarted) it says why once, then retries with back-off and
// reconnects by itself — the views never poll and the user never sees a storm of errors.
// No `vscode` import: the tests drive it against the real engine.
import type Docker from 'dockerode';
import type { EngineAddress } from './connection';
import { createDocker, engineMessage, explainEngineError, probeEngine, type EngineInfo } from './engine';

export type EngineState =
  | { readonly kind: 'connecting'; readonly address?: string }
  | { readonly kind: 'connected'; readonly address: string; readonly info: EngineInfo }
  | { readonly kind: 'disconnected'; readonly address?: string; readonly reason: string; readonly retryInMs?: number };

/** The kinds of object the views show; `engine` means "everything may have changed" (a reconnect). */
export type ChangeScope = 'container' | 'volume' | 'network' | 'service' | 'node' | 'engine';

export interface EngineChange {
  readonly scope: ChangeScope;
  /** The engine's action (`start`, `die`, `destroy`, `create`, `mount`, …); `connected` for `engine`. */
  readonly action: string;
  readonly id?: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface Subscription {
  dispose(): void;
}

export interface SessionOptions {
  /** Where the engine is; called on every connection attempt so a changed setting takes effect. Throws on a bad value. */
  readonly address: () => EngineAddress;
  /** First retry delay, doubled on each failure up to `maxRetryMs`. */
  readonly initialRetryMs?: number;
  readonly maxRetryMs?: number;
  /** How long the version probe may take before the engine counts as unreachable. */
  readonly probeTimeoutMs?: number;
}

// `service` and `node` come from a Swarm manager only; on any other engine there are none.
const WATCHED: ReadonlySet<string> = new Set(['container', 'volume', 'network', 'service', 'node']);

/** Splits a stream of newline-delimited JSON into events; a chunk may end mid-line. */
export function eventLineReader(onEvent: (event: EngineChange) => void): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const change = parseEngineEvent(line);
      if (change) onEvent(change);
    }
  };
}

/** One line of `/events` as a change the views care about, or undefined (other types, noise, bad JSON). */
export function parseEngineEvent(line: string): EngineChange | undefined {
  if (!line.trim()) return undefined;
  let raw: { Type?: string; Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } };
  try {
    raw = JSON.parse(line) as typeof raw;
  } catch {
    return undefined;
  }
  if (!raw.Type || !WATCHED.has(raw.Type)) return undefined;
  // `exec_start: sh -c …` and friends: the action's first word is what matters to a view.
  const action = (raw.Action ?? '').split(':')[0]!.trim();
  if (action.startsWith('exec_')) return undefined;
  return {
    scope: raw.Type as ChangeScope,
    action,
    ...(raw.Actor?.ID ? { id: raw.Actor.ID } : {}),
    attributes: raw.Actor?.Attributes ?? {},
  };
}

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  on(listener: Listener<T>): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // A listener's bug must not stop the others or the session.
      }
    }
  }
  clear(): void {
    this.listeners.clear();
  }
}

export class EngineSession {
  private current: EngineState = { kind: 'connecting' };
  private client: Docker | undefined;
  private events: NodeJS.ReadableStream | undefined;
  private abort: AbortController | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs: number;
  private attempt = 0;
  private disposed = false;
  private readonly stateChanged = new Emitter<EngineState>();
  private readonly changed = new Emitter<EngineChange>();

  constructor(private readonly options: SessionOptions) {
    this.retryMs = options.initialRetryMs ?? 1000;
  }

  get state(): EngineState {
    return this.current;
  }

  /** The engine client while connected; undefined otherwise (callers say "the engine is not connected"). */
  get docker(): Docker | undefined {
    return this.current.kind === 'connected' ? this.client : undefined;
  }

  onDidChangeState(listener: Listener<EngineState>): Subscription {
    return this.stateChanged.on(listener);
  }

  onDidChange(listener: Listener<EngineChange>): Subscription {
    return this.changed.on(listener);
  }

  /** Connects now (first start, the Retry button, a changed `dockside.docker.host`), forgetting the back-off. */
  async connect(): Promise<EngineState> {
    if (this.disposed) return this.current;
    this.stopFollowing();
    this.retryMs = this.options.initialRetryMs ?? 1000;
    return this.attemptConnection();
  }

  /** Resolves once the session reaches `kind` (tests and commands that must wait for the engine). */
  waitFor(kind: EngineState['kind'], timeoutMs: number): Promise<EngineState> {
    if (this.current.kind === kind) return Promise.resolve(this.current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        subscription.dispose();
        reject(new Error(`The engine session did not become ${kind} within ${timeoutMs} ms (it is ${this.current.kind}).`));
      }, timeoutMs);
      const subscription = this.onDidChangeState((state) => {
        if (state.kind !== kind) return;
        clearTimeout(timer);
        subscription.dispose();
        resolve(state);
      });
    });
  }

  dispose(): void {
    this.disposed = true;
    this.stopFollowing();
    this.stateChanged.clear();
    this.changed.clear();
  }

  private async attemptConnection(): Promise<EngineState> {
    const attempt = ++this.attempt;
    let address: EngineAddress;
    try {
      address = this.options.address();
    } catch (error) {
      // A malformed setting does not heal by waiting: no retry until the user changes it or asks.
      this.setState({ kind: 'disconnected', reason: error instanceof Error ? error.message : String(error) });
      return this.current;
    }
    if (this.current.kind !== 'disconnected') this.setState({ kind: 'connecting', address: address.label });
    const probe = await probeEngine(createDocker(address, this.options.probeTimeoutMs ?? 5000), address);
    if (attempt !== this.attempt || this.disposed) return this.current;
    if (!probe.connected) {
      this.scheduleRetry(address.label, probe.reason);
      return this.current;
    }
    // Streams must not time out, so the long-lived client has no timeout; its calls are bounded by their callers.
    this.client = createDocker(address);
    try {
      await this.follow(this.client, address, attempt);
    } catch (error) {
      if (attempt === this.attempt) this.scheduleRetry(address.label, explainEngineError(error, address));
      return this.current;
    }
    if (attempt !== this.attempt || this.disposed) return this.current;
    this.retryMs = this.options.initialRetryMs ?? 1000;
    this.setState({ kind: 'connected', address: address.label, info: probe.info });
    this.changed.fire({ scope: 'engine', action: 'connected', attributes: {} });
    return this.current;
  }

  private async follow(docker: Docker, address: EngineAddress, attempt: number): Promise<void> {
    this.abort = new AbortController();
    const filters = { type: [...WATCHED] };
    const stream = await docker.getEvents({ filters, abortSignal: this.abort.signal } as Parameters<Docker['getEvents']>[0]);
    this.events = stream;
    stream.on(
      'data',
      eventLineReader((change) => this.changed.fire(change)),
    );
    const lost = (reason: string): void => {
      if (attempt !== this.attempt || this.disposed || this.events !== stream) return;
      this.events = undefined;
      this.scheduleRetry(address.label, reason);
    };
    stream.on('error', (error: unknown) =>
      lost(`The connection to the Docker Engine at ${address.label} was lost (${engineMessage(error)}).`),
    );
    stream.on('end', () => lost(`The Docker Engine at ${address.label} closed the connection.`));
    stream.on('close', () => lost(`The Docker Engine at ${address.label} closed the connection.`));
  }

  private scheduleRetry(address: string, reason: string): void {
    if (this.disposed) return;
    this.stopFollowing();
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.options.maxRetryMs ?? 30_000);
    this.setState({ kind: 'disconnected', address, reason, retryInMs: delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.attemptConnection();
    }, delay);
  }

  private stopFollowing(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const stream = this.events;
    this.events = undefined;
    this.abort?.abort();
    this.abort = undefined;
    (stream as { destroy?: () => void } | undefined)?.destroy?.();
  }

  private setState(state: EngineState): void {
    const before = this.current;
    this.current = state;
    // Back-off updates of an unchanged reason are not news: listeners (the status bar, the views) hear
    // once per real change, which is what keeps a down engine from flooding the UI.
    if (before.kind === state.kind && sameReason(before, state) && before.kind !== 'connected') return;
    this.stateChanged.fire(state);
  }
}

function sameReason(a: EngineState, b: EngineState): boolean {
  return a.kind === 'disconnected' && b.kind === 'disconnected'
    ? a.reason === b.reason && a.address === b.address
    : a.kind === b.kind && a.kind === 'connecting';
}
