// Volume failures as sentences a user can act on, never a raw HTTP status: the view shows `message`.
import { engineMessage } from '../engine';
import type { VolumeUser } from './summary';

export class VolumeNotFoundError extends Error {
  constructor(readonly volume: string) {
    super(`Volume ${volume} no longer exists.`);
    this.name = 'VolumeNotFoundError';
  }
}

export class VolumeExistsError extends Error {
  constructor(readonly volume: string) {
    super(`A volume named ${volume} already exists; pick another name.`);
    this.name = 'VolumeExistsError';
  }
}

export class VolumeInUseError extends Error {
  constructor(
    readonly volume: string,
    readonly users: VolumeUser[],
    /** What the user must do to those containers first: remove them (to remove the volume) or stop them (to rewrite it). */
    readonly needed: 'remove' | 'stop' = 'remove',
  ) {
    super(
      `Volume ${volume} is in use by ${describeUsers(users)}; ${needed} ${users.length === 1 ? 'that container' : 'those containers'} first.`,
    );
    this.name = 'VolumeInUseError';
  }
}

/** "container web-1 (running, service web of stack shop)", joined for a sentence. */
export function describeUsers(users: readonly Pick<VolumeUser, 'containerName' | 'running' | 'project' | 'service'>[]): string {
  const parts = users.map((user) => {
    const stack = user.service ? `, service ${user.service}${user.project ? ` of stack ${user.project}` : ''}` : '';
    return `container ${user.containerName} (${user.running ? 'running' : 'stopped'}${stack})`;
  });
  return parts.length <= 1 ? (parts[0] ?? 'no container') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** A dockerode failure on `volume`, as an Error whose message is the sentence to show. */
export function volumeFailure(error: unknown, volume: string, doing: string): Error {
  if (error instanceof VolumeNotFoundError || error instanceof VolumeInUseError || error instanceof VolumeExistsError) return error;
  if (isAbort(error)) return abortError();
  if (statusOf(error) === 404 && /volume/i.test(engineMessage(error))) return new VolumeNotFoundError(volume);
  return new Error(`Could not ${doing} volume ${volume}: ${engineMessage(error)}`);
}

export function abortError(): Error {
  const error = new Error('Cancelled.');
  error.name = 'AbortError';
  return error;
}

export function isAbort(error: unknown): boolean {
  const e = error as { name?: string; code?: string } | undefined;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}
