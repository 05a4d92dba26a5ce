// "May this run?" and "what exactly will be lost?", decided as plain functions so that every
// destructive action's confirmation is tested to name what it destroys. No `vscode` import.
import { listNames } from './itemView';

export interface RunContext {
  /** VS Code workspace trust. */
  readonly trusted: boolean;
  /** Whether the engine session is connected. */
  readonly connected: boolean;
}

/**
 * Actions that only read from the engine or open what the user asked to see. Everything else either
 * runs what the workspace's files describe (their bind mounts, privileged flags, build contexts) or
 * changes the engine's state, and waits for the user to trust the workspace.
 */
const READ_ONLY = new Set(['logs', 'inspect', 'inspectVolume', 'browse', 'open', 'download', 'openPort', 'refresh', 'openFile', 'reveal']);

export type Permission = { readonly allowed: true } | { readonly allowed: false; readonly reason: string; readonly offerTrust: boolean };

export function mayRun(action: string, context: RunContext, what = 'This action'): Permission {
  if (!context.trusted && !READ_ONLY.has(action)) {
    return {
      allowed: false,
      reason: `${what} is disabled in Restricted Mode: Docker actions run what this workspace's files describe. Trust the workspace to use them.`,
      offerTrust: true,
    };
  }
  if (!context.connected) return { allowed: false, reason: `${what} needs the Docker Engine, which is not connected.`, offerTrust: false };
  return { allowed: true };
}

export interface Confirmation {
  readonly message: string;
  /** The modal's detail: the list of what will be lost. */
  readonly detail: string;
  /** The one button that goes ahead. */
  readonly confirm: string;
}

export type Decision =
  | { readonly kind: 'confirm'; readonly confirmation: Confirmation }
  | { readonly kind: 'refuse'; readonly message: string }
  | { readonly kind: 'nothing'; readonly message: string };

const bullets = (names: readonly string[]): string => names.map((n) => `• ${n}`).join('\n');

export function confirmDown(project: string, containers: readonly string[]): Confirmation {
  return {
    message: `Stop and remove stack "${project}"?`,
    detail: containers.length
      ? `These containers are removed; anything they wrote outside a volume is lost:\n${bullets(containers)}\n\nNamed volumes are kept.`
      : 'Its networks are removed. Named volumes are kept.',
    confirm: 'Down',
  };
}

export function confirmDownVolumes(project: string, volumes: readonly string[]): Confirmation {
  return {
    message: `Stop stack "${project}" and delete its volumes?`,
    detail: volumes.length
      ? `All data in ${volumes.length === 1 ? 'this volume' : `these ${volumes.length} volumes`} will be lost:\n${bullets(volumes)}\n\nThe containers and networks are removed too.`
      : 'The stack has no volumes to delete; its containers and networks are removed.',
    confirm: volumes.length ? `Delete ${volumes.length === 1 ? 'Volume' : `${volumes.length} Volumes`}` : 'Down',
  };
}

export interface VolumeUserLike {
  readonly containerName: string;
  readonly running: boolean;
  readonly project?: string;
  readonly service?: string;
}

/** `web-1 (shop)`, `db-1 (shop, stopped)`. */
export function describeVolumeUser(user: VolumeUserLike): string {
  const notes = [user.project, user.running ? undefined : 'stopped'].filter(Boolean);
  return notes.length ? `${user.containerName} (${notes.join(', ')})` : user.containerName;
}

export function removeVolumeDecision(volume: string, users: readonly VolumeUserLike[]): Decision {
  if (users.length > 0) {
    return {
      kind: 'refuse',
      message: `Volume "${volume}" is in use by ${listNames(users.map(describeVolumeUser), 5)}. Remove ${users.length === 1 ? 'that container' : 'those containers'} first (a stack's Down does it).`,
    };
  }
  return {
    kind: 'confirm',
    confirmation: {
      message: `Delete volume "${volume}"?`,
      detail: `All data in "${volume}" will be lost. This cannot be undone.`,
      confirm: 'Delete Volume',
    },
  };
}

/**
 * Rewriting a volume under a running container (a database) corrupts its files, so emptying or importing
 * waits until its running users stop; stopped users are fine.
 */
function refuseWhileRunning(volume: string, users: readonly VolumeUserLike[], doing: string): Decision | undefined {
  const running = users.filter((u) => u.running);
  if (running.length === 0) return undefined;
  return {
    kind: 'refuse',
    message: `Cannot ${doing} volume "${volume}" while ${listNames(running.map(describeVolumeUser), 5)} ${running.length === 1 ? 'is' : 'are'} running with it: rewriting files under a running container can corrupt them. Stop ${running.length === 1 ? 'that container' : 'those containers'} first.`,
  };
}

export function emptyVolumeDecision(volume: string, users: readonly VolumeUserLike[]): Decision {
  return (
    refuseWhileRunning(volume, users, 'empty') ?? {
      kind: 'confirm',
      confirmation: {
        message: `Empty volume "${volume}"?`,
        detail: `Every file in "${volume}" will be deleted; the volume itself stays.`,
        confirm: 'Empty Volume',
      },
    }
  );
}

export function importVolumeDecision(volume: string, archive: string, users: readonly VolumeUserLike[]): Decision {
  return (
    refuseWhileRunning(volume, users, 'import into') ?? {
      kind: 'confirm',
      confirmation: {
        message: `Import ${archive} into volume "${volume}"?`,
        detail: `Files in "${volume}" with the same paths as in the archive are overwritten.`,
        confirm: 'Import',
      },
    }
  );
}

export function pruneDecision(unused: readonly string[]): Decision {
  if (unused.length === 0) return { kind: 'nothing', message: 'No unused volumes: every volume is used by a container.' };
  return {
    kind: 'confirm',
    confirmation: {
      message: `Delete ${unused.length === 1 ? 'the unused volume' : `${unused.length} unused volumes`}?`,
      detail: `No container uses ${unused.length === 1 ? 'it' : 'them'}; all their data will be lost:\n${bullets(unused)}`,
      confirm: `Delete ${unused.length === 1 ? 'Volume' : `${unused.length} Volumes`}`,
    },
  };
}

/** What the Docker views say above their items in an untrusted workspace (Restricted Mode). */
export function restrictedViewMessage(trusted: boolean, connected: boolean): string | undefined {
  // While the engine is away the welcome content (with Retry) matters more, and a message would hide it.
  if (trusted || !connected) return undefined;
  return 'Restricted Mode: listing and logs work; running stacks and changing volumes wait until you trust this workspace.';
}
