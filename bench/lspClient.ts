// A small LSP client over stdio for the benchmark (bench/run.ts): spawns a server, speaks JSON-RPC with
// Content-Length framing through vscode-jsonrpc, answers the requests a server makes of its client
// (workspace/configuration, client/registerCapability, window/workDoneProgress/create, ...), and lets
// the caller time "send a notification → first matching textDocument/publishDiagnostics".
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Diagnostic {
  range: Range;
  message: string;
  severity?: number;
  source?: string;
  code?: string | number;
}
export interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

/** One publishDiagnostics as it arrived, stamped with performance.now() at arrival. */
export interface Publish {
  at: number;
  params: PublishDiagnosticsParams;
}

export interface ServerSpec {
  /** Short label used in messages ("Dockside", "yaml-language-server"). */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  /** Sent as workspace/didChangeConfiguration settings and used to answer workspace/configuration. */
  settings: Record<string, unknown>;
  /** Added to the server's environment. */
  env?: Record<string, string>;
  /** Sent as `initializationOptions` in `initialize` (Dockside's VS Code client sends its settings there). */
  initializationOptions?: unknown;
  languageId: string;
}

/** Every child this module spawned and has not seen exit: killed on process exit, whatever the cause. */
const live = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllServers);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAllServers();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
}

/** Kills (SIGKILL, by pid) every server this process started that is still running. */
export function killAllServers(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

interface Waiter {
  uri: string;
  predicate: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: Publish) => void;
}

export class LspClient {
  readonly spec: ServerSpec;
  readonly pid: number;
  /** performance.now() just before the process was spawned. */
  readonly spawnedAt: number;
  /** performance.now() when the answer to `initialize` arrived. */
  initializedAt = NaN;
  /** The server's initialize result capabilities (untyped: only a few fields are read). */
  capabilities: Record<string, unknown> = {};
  /** Every publishDiagnostics received, per URI, in arrival order. */
  readonly publishes = new Map<string, Publish[]>();
  /** Names of the requests the server made of us, with counts (for the report). */
  readonly serverRequests = new Map<string, number>();

  private readonly child: ChildProcessWithoutNullStreams;
  private readonly conn: MessageConnection;
  private readonly stderrTail: string[] = [];
  private waiters: Waiter[] = [];
  private exited = false;
  private exitInfo = '';
  private configurationAnswered: Array<() => void> = [];

  private constructor(spec: ServerSpec) {
    this.spec = spec;
    installExitHook();
    this.spawnedAt = performance.now();
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...spec.env } });
    if (child.pid === undefined) throw new Error(`${spec.name}: could not spawn ${spec.command} ${spec.args.join(' ')}`);
    this.child = child;
    this.pid = child.pid;
    live.add(child);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderrTail.push(chunk);
      while (this.stderrTail.length > 50) this.stderrTail.shift();
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      this.exitInfo = `exit code ${code ?? '-'}, signal ${signal ?? '-'}`;
      live.delete(child);
    });
    child.on('error', (err) => {
      this.exited = true;
      this.exitInfo = `spawn error: ${err.message}`;
      live.delete(child);
    });
    // A server that dies mid-write must not crash the bench with EPIPE; the waits time out instead.
    child.stdin.on('error', () => undefined);

    this.conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.conn.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const pub: Publish = { at: performance.now(), params };
      let list = this.publishes.get(params.uri);
      if (!list) this.publishes.set(params.uri, (list = []));
      list.push(pub);
      const remaining: Waiter[] = [];
      for (const w of this.waiters) {
        if (w.uri === params.uri && w.predicate(params)) w.resolve(pub);
        else remaining.push(w);
      }
      this.waiters = remaining;
    });
    this.conn.onRequest('workspace/configuration', (params: { items: Array<{ section?: string; scopeUri?: string }> }) => {
      this.count('workspace/configuration');
      const answer = params.items.map((item) => this.configurationFor(item.section));
      const done = this.configurationAnswered;
      this.configurationAnswered = [];
      // Resolve after the response has been handed to the writer.
      setImmediate(() => done.forEach((f) => f()));
      return answer;
    });
    for (const method of [
      'client/registerCapability',
      'client/unregisterCapability',
      'window/workDoneProgress/create',
      'workspace/workspaceFolders',
      'window/showMessageRequest',
      'workspace/semanticTokens/refresh',
      'workspace/inlayHint/refresh',
      'workspace/codeLens/refresh',
      'workspace/diagnostic/refresh',
    ]) {
      this.conn.onRequest(method, () => {
        this.count(method);
        return method === 'workspace/workspaceFolders' ? [] : null;
      });
    }
    // Any other request (e.g. custom/schema/request): answer null rather than leave the server hanging.
    this.conn.onRequest((method) => {
      this.count(method);
      return null;
    });
    this.conn.onNotification(() => undefined); // $/progress, window/logMessage, telemetry/event, ...
    this.conn.onError(() => undefined);
    this.conn.listen();
  }

  /** Spawns the server and completes initialize/initialized and the configuration push. */
  static async start(spec: ServerSpec, rootDir: string, timeoutMs = 60_000): Promise<LspClient> {
    const client = new LspClient(spec);
    try {
      await client.initialize(rootDir, timeoutMs);
    } catch (err) {
      client.kill();
      throw err;
    }
    return client;
  }

  private count(method: string): void {
    this.serverRequests.set(method, (this.serverRequests.get(method) ?? 0) + 1);
  }

  private configurationFor(section: string | undefined): unknown {
    if (section === undefined || section === '') return this.spec.settings;
    let node: unknown = this.spec.settings;
    for (const part of section.split('.')) {
      if (node && typeof node === 'object' && part in (node as Record<string, unknown>)) {
        node = (node as Record<string, unknown>)[part];
      } else {
        return null;
      }
    }
    return node;
  }

  private async initialize(rootDir: string, timeoutMs: number): Promise<void> {
    const rootUri = pathToFileURL(rootDir).href;
    const result = await this.withTimeout(
      this.conn.sendRequest('initialize', {
        processId: process.pid,
        clientInfo: { name: 'dockside-bench', version: '1' },
        locale: 'en',
        rootPath: rootDir,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        initializationOptions: this.spec.initializationOptions ?? {},
        capabilities: {
          workspace: {
            configuration: true,
            didChangeConfiguration: { dynamicRegistration: true },
            workspaceFolders: true,
            applyEdit: false,
          },
          textDocument: {
            synchronization: { dynamicRegistration: true, didSave: true, willSave: false },
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] }, contextSupport: true },
          },
          window: { workDoneProgress: true },
        },
      }) as Promise<{ capabilities?: Record<string, unknown> }>,
      timeoutMs,
      'initialize',
    );
    this.initializedAt = performance.now();
    this.capabilities = result?.capabilities ?? {};
    await this.conn.sendNotification('initialized', {});
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: this.spec.settings });
  }

  /**
   * Resolves once the server has asked for workspace/configuration and been answered, or after
   * `timeoutMs` (false then: a server that never pulls configuration is not an error by itself).
   */
  waitForConfigurationPull(timeoutMs: number): Promise<boolean> {
    if ((this.serverRequests.get('workspace/configuration') ?? 0) > 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.configurationAnswered.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** 1 = full text, 2 = incremental (LSP TextDocumentSyncKind); full when the server does not say. */
  get syncKind(): number {
    const sync = this.capabilities['textDocumentSync'];
    if (typeof sync === 'number') return sync;
    if (sync && typeof sync === 'object' && typeof (sync as { change?: unknown }).change === 'number') {
      return (sync as { change: number }).change;
    }
    return 1;
  }

  /**
   * Registers a wait for the first publishDiagnostics on `uri` that satisfies `predicate`, starts the
   * clock, calls `send`, and resolves with the elapsed milliseconds and the matching publish.
   */
  async timeUntilDiagnostics(
    uri: string,
    predicate: (p: PublishDiagnosticsParams) => boolean,
    send: () => Promise<void>,
    timeoutMs: number,
    what: string,
  ): Promise<{ ms: number; publish: Publish }> {
    let waiter: Waiter | undefined;
    const arrived = new Promise<Publish>((resolve) => {
      waiter = { uri, predicate, resolve };
      this.waiters.push(waiter);
    });
    const t0 = performance.now();
    try {
      await send();
      const publish = await this.withTimeout(arrived, timeoutMs, what);
      return { ms: publish.at - t0, publish };
    } finally {
      this.waiters = this.waiters.filter((w) => w !== waiter);
    }
  }

  /** Opens a document with the server's language id, or `languageId` (e.g. `json` for a task definition). */
  didOpen(uri: string, text: string, version: number, languageId = this.spec.languageId): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  /**
   * Sends one request and resolves with its result and the milliseconds from just before it was sent to
   * the arrival of the response. A server that answers with an error rejects the promise.
   */
  async timeRequest<T>(method: string, params: unknown, timeoutMs: number): Promise<{ ms: number; result: T }> {
    const t0 = performance.now();
    const result = (await this.withTimeout(this.conn.sendRequest(method, params) as Promise<T>, timeoutMs, method)) as T;
    return { ms: performance.now() - t0, result };
  }

  /**
   * Replaces one range with `replacement`: sent as an incremental change when the server syncs
   * incrementally, else as the full new text (`fullText` must then be the document after the edit).
   */
  didChange(uri: string, version: number, range: Range, replacement: string, fullText: string): Promise<void> {
    const contentChanges = this.syncKind === 2 ? [{ range, text: replacement }] : [{ text: fullText }];
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /**
   * Several range replacements in one didChange, applied in order (each range refers to the text after
   * the previous ones, as in LSP); sent as the full new text `fullText` to a server that syncs fully.
   */
  didChangeMany(uri: string, version: number, changes: Array<{ range: Range; text: string }>, fullText: string): Promise<void> {
    const contentChanges = this.syncKind === 2 ? changes : [{ text: fullText }];
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  didClose(uri: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resident set size of the server process, in kB, from /proc/<pid>/status (VmRSS); VmHWM is the peak. */
  memoryKb(): { rssKb: number; hwmKb: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const field = (name: string): number => {
      const m = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
      if (!m) throw new Error(`${this.spec.name}: no ${name} in /proc/${this.pid}/status`);
      return Number(m[1]);
    };
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  }

  /**
   * CPU time the server process has used so far (user + system, all threads), in clock ticks (usually
   * 10 ms), from /proc/<pid>/stat; for telling when it has gone idle.
   */
  cpuTicks(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after "(comm)": state is field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  }

  get isRunning(): boolean {
    return !this.exited;
  }

  /** The last lines the server wrote to stderr, for error messages. */
  stderr(): string {
    return this.stderrTail.join('').split('\n').slice(-20).join('\n');
  }

  private withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const state = this.exited ? `the server has exited (${this.exitInfo})` : 'the server is still running';
        const tail = this.stderr();
        reject(new Error(`${this.spec.name}: no answer to ${what} within ${ms} ms; ${state}${tail ? `\nstderr tail:\n${tail}` : ''}`));
      }, ms);
      p.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  /** Polite shutdown/exit, then SIGKILL if the server is still there after `graceMs`. */
  async shutdown(graceMs = 3000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => {
      if (this.exited) resolve();
      this.child.once('exit', () => resolve());
    });
    try {
      await this.withTimeout(this.conn.sendRequest('shutdown'), graceMs, 'shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      // fall through to kill
    }
    const timer = setTimeout(() => this.kill(), graceMs);
    await gone;
    clearTimeout(timer);
    this.conn.dispose();
  }

  kill(): void {
    if (!this.exited) {
      try {
        this.child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    live.delete(this.child);
    this.conn.dispose();
  }
}
