// What the Docker side of the extension shares: the engine session, the output channel, the settings
// it reads, and the two checks every command makes before touching the engine — "may this run?"
// (workspace trust, engine connected) and "report one failure plainly".
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { resolveEngineAddress, type EngineAddress } from '@dockside/engine';
import { engineMessage } from '@dockside/engine';
import { EngineSession } from '@dockside/engine';
import { mayRun } from './views/safetyModel';

export class DocksideContext implements vscode.Disposable {
  readonly session: EngineSession;
  private readonly disposables: vscode.Disposable[] = [];
  /** Failures already on screen: the same message is not shown again while it is. */
  private readonly showing = new Set<string>();

  constructor(
    readonly output: vscode.OutputChannel,
    readonly extensionUri: vscode.Uri,
  ) {
    this.session = new EngineSession({ address: () => this.engineAddress() });
    this.disposables.push(
      { dispose: () => this.session.dispose() },
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('dockside.docker.host')) void this.session.connect();
      }),
      this.session.onDidChangeState((state) => {
        this.log(
          state.kind === 'connected'
            ? `Connected to Docker Engine ${state.info.version} at ${state.address}.`
            : state.kind === 'disconnected'
              ? `Docker Engine not connected: ${state.reason}`
              : 'Connecting to the Docker Engine…',
        );
      }),
    );
  }

  private get settings(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('dockside');
  }

  engineAddress(): EngineAddress {
    return resolveEngineAddress({ setting: this.settings.get<string>('docker.host') ?? '', env: process.env, platform: process.platform });
  }

  get helperImage(): string {
    return this.settings.get<string>('volumes.helperImage')?.trim() || 'busybox:latest';
  }

  get showSizes(): boolean {
    return this.settings.get<boolean>('volumes.showSizes') ?? true;
  }

  /**
   * The engine when `action` may run now; otherwise says why (once, plainly) and returns undefined.
   * `what` names the action in the message: "Down", "Remove Volume".
   */
  permit(action: string, what: string): Docker | undefined {
    const permission = mayRun(action, { trusted: vscode.workspace.isTrusted, connected: this.session.docker !== undefined }, what);
    if (permission.allowed) return this.session.docker;
    if (permission.offerTrust) {
      const manage = 'Manage Workspace Trust';
      void vscode.window
        .showWarningMessage(permission.reason, manage)
        .then((choice) => choice === manage && vscode.commands.executeCommand('workbench.trust.manage'));
    } else {
      const state = this.session.state;
      const detail = state.kind === 'disconnected' ? ` ${state.reason}` : '';
      this.showOnce('warning', `${permission.reason}${detail}`, 'Retry').then(
        (choice) => choice === 'Retry' && vscode.commands.executeCommand('dockside.docker.retry'),
      );
    }
    return undefined;
  }

  /** One plain message per failure: "Could not <doing>: <the engine's reason>". Cancellation is not a failure. */
  reportFailure(doing: string, error: unknown): void {
    if (isCancellation(error)) {
      this.log(`Cancelled: ${doing}.`);
      return;
    }
    const message = `Could not ${doing}: ${engineMessage(error)}`;
    this.log(message);
    void this.showOnce('error', message, 'Show Output').then((choice) => choice === 'Show Output' && this.output.show(true));
  }

  log(line: string): void {
    this.output.appendLine(`[docker ${new Date().toLocaleTimeString()}] ${line}`);
  }

  /** Shows a message unless the very same one is already on screen: retries and refreshes never stack them up. */
  private showOnce(severity: 'warning' | 'error', message: string, ...actions: string[]): Thenable<string | undefined> {
    if (this.showing.has(message)) return Promise.resolve(undefined);
    this.showing.add(message);
    const shown =
      severity === 'error' ? vscode.window.showErrorMessage(message, ...actions) : vscode.window.showWarningMessage(message, ...actions);
    return shown.then((choice) => {
      this.showing.delete(message);
      return choice;
    });
  }

  push(...disposables: vscode.Disposable[]): void {
    this.disposables.push(...disposables);
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
  }
}

export function isCancellation(error: unknown): boolean {
  const e = error as { name?: string; code?: string } | undefined;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR' || error instanceof vscode.CancellationError;
}

/** An AbortSignal that follows a VS Code cancellation token (progress notifications, providers). */
export function signalOf(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
