import { DidChangeConfigurationNotification, type Connection, type DidChangeConfigurationParams } from 'vscode-languageserver';
import { readSettings, type DocksideSettings } from '@dockside/core';
import type { Workspace } from './workspace';

/**
 * The `dockside` settings: received at start, then pulled from the client (`workspace/configuration`)
 * whenever it says they changed, or taken from the change itself from a client that cannot be asked.
 * `onChange` runs only when something actually changed.
 */
export class SettingsSync {
  private canPull = false;

  constructor(
    private readonly connection: Pick<Connection, 'client' | 'workspace'>,
    private readonly workspace: Workspace,
    private readonly onChange: () => void,
  ) {}

  initialize(canPull: boolean): void {
    this.canPull = canPull;
  }

  initialized(): void {
    if (!this.canPull) return;
    // Both are optional for a client: one that refuses keeps the settings it sent at start.
    void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'dockside' }).catch(() => undefined);
    void this.pull().catch(() => undefined);
  }

  didChangeConfiguration(change: DidChangeConfigurationParams): void {
    if (this.canPull) void this.pull().catch(() => undefined);
    else this.adopt(readSettings((change.settings as { dockside?: unknown } | undefined)?.dockside));
  }

  private async pull(): Promise<void> {
    const [raw] = (await this.connection.workspace.getConfiguration([{ section: 'dockside' }])) as unknown[];
    this.adopt(readSettings(raw));
  }

  private adopt(next: DocksideSettings): void {
    if (JSON.stringify(next) === JSON.stringify(this.workspace.settings)) return;
    this.workspace.settings = next;
    this.onChange();
  }
}
