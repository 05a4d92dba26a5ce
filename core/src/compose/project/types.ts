/** The vocabulary shared by the project loader's parts: what it asks of its host and what it reports. */
import type { Finding, Host, Span } from '../../types';

/** The host the loader reads through: the server, the CLI or a test's in-memory file table. */
export interface ProjectHost extends Host {
  /** The text of the file at this absolute path, or undefined when there is none. */
  readFile(path: string): string | undefined;
  /**
   * False in a workspace the user has not trusted: `.env` and env files may hold secrets and steer
   * what runs, so they are neither read nor reported on (as if they were empty). Default: true.
   */
  readonly readsEnvFiles?: boolean;
}

/** A finding, with the file whose text its span points into. */
export interface ProjectFinding extends Finding {
  file: string;
}

/** Where a value of the merged model was written: the file, the key's span, and the value's span. */
export interface SourceLocation {
  file: string;
  span: Span;
  valueSpan?: Span;
  /** Set when the value reached the service through `extends` or the project through `include`. */
  via?: 'extends' | 'include';
}

/**
 * Sources by JSON pointer (`/services/web/image`, see pointerOf). Each list holds every file that
 * wrote that key, in merge order: the last one is the value that won (for scalars), earlier ones
 * were merged into it or overridden.
 */
export type SourceMap = Map<string, SourceLocation[]>;
