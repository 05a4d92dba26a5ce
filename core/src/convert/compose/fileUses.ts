/**
 * Where a service reads a file at a path: its healthcheck, command, entrypoint or an environment value
 * (`POSTGRES_PASSWORD_FILE=/run/secrets/db`). A mount or secret that does not reach the task definition
 * takes these files with it, and the report says who needed them.
 */
import { listOrDict, scalarText } from '../values';
import type { Json } from '../values';

export interface FileUse {
  /** "the healthcheck", "the command", "the entrypoint", or the environment variable's name. */
  who: string;
  /** The word that names the file, e.g. "/healthchecks/redis.sh". */
  file: string;
}

function words(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => scalarText(item) ?? []);
  const text = scalarText(value);
  return text === undefined ? [] : [text];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The files at `path` or under it (a folder) that the service names, each once per place. */
export function fileUses(service: Json, path: string): FileUse[] {
  const root = path.replace(/\/+$/, '') || '/';
  const pattern = new RegExp(`(?:^|[\\s'"=:(])(${escapeRegExp(root)}(?:/[^\\s'";|&)]*)?)(?=$|[\\s'";|&)])`, 'g');
  const found = (text: string): string | undefined => [...text.matchAll(pattern)][0]?.[1];
  const places: Array<[string, string[]]> = [
    ['the healthcheck', words((service['healthcheck'] as Json | undefined)?.['test'])],
    ['the command', words(service['command'])],
    ['the entrypoint', words(service['entrypoint'])],
    ...listOrDict(service['environment']).map(({ name, value }): [string, string[]] => [name, value === undefined ? [] : [value]]),
  ];
  return places.flatMap(([who, texts]) => {
    const file = texts.map(found).find((match) => match !== undefined);
    return file === undefined ? [] : [{ who, file }];
  });
}

/** "the healthcheck (/healthchecks/redis.sh) and DB_PASSWORD_FILE (/run/secrets/db)". */
export function describeFileUses(uses: readonly FileUse[]): string {
  const parts = uses.map(({ who, file }) => `${who} (${file})`);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
}
