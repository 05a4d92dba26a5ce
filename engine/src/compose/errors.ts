// What a user is told when a stack operation fails: which service, the engine's own reason, and what
// is left on the engine, so nothing stays half-created without saying so.
import { engineMessage } from '../engine';

export class StackError extends Error {
  constructor(
    /** What failed, without the list of what was left. */
    readonly reason: string,
    /** The service being worked on, when the failure belongs to one. */
    readonly service: string | undefined,
    /** Containers, networks and volumes this run created and left in place (`container web-1`, …). */
    readonly created: readonly string[],
  ) {
    super(`${reason} ${leftMessage(created)}`);
    this.name = 'StackError';
  }
}

function leftMessage(created: readonly string[]): string {
  if (created.length === 0) return 'Nothing was left created.';
  return `Left created: ${created.join(', ')} (Down removes them).`;
}

/** A failure inside one step, before the run adds what it left behind. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly service: string | undefined,
  ) {
    super(message);
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** True when a connection to the engine was cut while in use, rather than answered with an error. */
export function isConnectionLost(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return e?.code === 'ECONNRESET' || e?.code === 'EPIPE' || /socket hang up|ECONNRESET|EPIPE|premature close/i.test(e?.message ?? '');
}

/** True when no connection to the engine could be made (its socket is gone or refuses). */
export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code !== undefined && UNREACHABLE_CODES.has(code);
}

/** The engine's reason, or, when the engine itself is gone, a sentence that says so. */
export function reasonOf(error: unknown): string {
  if (isConnectionLost(error)) return `the connection to the Docker Engine was lost (${engineMessage(error)})`;
  if (isUnreachable(error)) return `the Docker Engine cannot be reached (${engineMessage(error)})`;
  return engineMessage(error);
}

export function isAbort(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'AbortError';
}

export function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | undefined)?.statusCode === 404;
}
