import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';
import { projectRoot } from './paths';

/**
 * The bundled server (dist/server.js) started over stdio, as an editor starts it, with a small client:
 * open/change/close documents and wait for the diagnostics the server publishes (never a sleep).
 */
export class LspServer {
  readonly connection: MessageConnection;
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters: Array<() => void> = [];
  private readonly versions = new Map<string, number>();
  stderr = '';
  /** What the server wrote to the client's log (window/logMessage). */
  readonly logMessages: string[] = [];
  /** The same, with each message's level (1 error, 2 warning, 3 info, 4 log, 5 debug). */
  readonly logEntries: Array<{ type: number; message: string }> = [];

  private constructor(
    readonly process: ChildProcess,
    private readonly settings: unknown,
  ) {
    this.connection = createMessageConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    this.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      this.logMessages.push(params.message);
      this.logEntries.push(params);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  /** What the server answered to `initialize`: its capabilities. */
  capabilities: Record<string, unknown> = {};

  /** `clientCommands`: the commands the client says it has (Dockside's VS Code client lists its run commands). */
  static async start(
    options: { settings?: unknown; pullConfiguration?: boolean; workspaceTrusted?: boolean; clientCommands?: string[] } = {},
  ): Promise<LspServer> {
    const child = spawn(process.execPath, [resolve(projectRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const server = new LspServer(child, options.settings ?? {});
    const initialized = await server.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: options.pullConfiguration ?? false, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] } } },
      },
      initializationOptions:
        options.settings || options.workspaceTrusted !== undefined || options.clientCommands
          ? { settings: options.settings, workspaceTrusted: options.workspaceTrusted, clientCommands: options.clientCommands }
          : undefined,
    });
    server.capabilities = initialized.capabilities;
    await server.connection.sendNotification('initialized', {});
    return server;
  }

  async open(uri: string, text: string, languageId = 'dockercompose'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text (a full-document change) and returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Incremental changes (ranges in the text before each change, applied in order, as LSP has it); returns the new version. */
  async edit(uri: string, contentChanges: Array<{ range: Range; text: string }>): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first publication for `uri` that satisfies `accept` (by default: any version). */
  async diagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 30_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.published.find((p) => p.uri === uri && accept(p));
      if (found) return found.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, Math.max(0, deadline - Date.now()) + 1);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  /** Diagnostics published for exactly this version of the document. */
  diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]> {
    return this.diagnostics(uri, (p) => p.version === version);
  }

  publicationsFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // The process may already be gone; killing it below is what matters.
    }
    this.connection.dispose();
    this.process.kill();
  }
}
