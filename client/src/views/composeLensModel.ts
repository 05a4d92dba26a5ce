// From a Compose file to the engine and back, the client's side: how the server's "Run all" / "Run
// service" lenses look, and the live state of the volume a hover is on. Where the lenses go and which
// volume a hover is on come from the language server, which has the parse. No `vscode` import.
import { RUN_ALL_COMMAND, RUN_SERVICE_COMMAND } from '@dockside/core';
import { formatBytes, listNames } from './itemView';

/** The title (with its icon) and tooltip of a run lens the server placed; undefined for any other lens. */
export function runLensView(command: string, title: string, args: readonly unknown[]): { title: string; tooltip: string } | undefined {
  if (command === RUN_SERVICE_COMMAND) return { title: `$(play) ${title}`, tooltip: `Up ${String(args[1])} (and what it depends on)` };
  if (command === RUN_ALL_COMMAND) return { title: `$(run-all) ${title}`, tooltip: 'Up every service of this project' };
  return undefined;
}

export interface LiveVolume {
  readonly driver: string;
  readonly sizeBytes?: number;
  readonly createdAt?: string;
  readonly usedBy: ReadonlyArray<{ readonly containerName: string; readonly running: boolean; readonly project?: string }>;
}

export function volumeHover(engineName: string, volume: LiveVolume | undefined, connected: boolean): string {
  const title = `**Volume \`${engineName}\`** on the Docker Engine`;
  if (!connected) return `${title}\n\nThe engine is not connected, so its state is unknown.`;
  if (!volume) return `${title}\n\nDoes not exist yet: \`up\` creates it.`;
  const users = volume.usedBy.map(
    (u) => `${u.containerName}${u.project ? ` (${u.project}${u.running ? '' : ', stopped'})` : u.running ? '' : ' (stopped)'}`,
  );
  const lines = [title, '', `- driver: ${volume.driver}`];
  if (volume.sizeBytes !== undefined) lines.push(`- size: ${formatBytes(volume.sizeBytes)}`);
  if (volume.createdAt) lines.push(`- created: ${volume.createdAt}`);
  lines.push(`- ${users.length ? `in use by ${listNames(users, 5)}` : 'not in use by any container'}`);
  return lines.join('\n');
}
