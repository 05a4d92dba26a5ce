// What a deploy changes in a task definition, said as a reader wants it: member by member, containers,
// volumes and variables by name (`containerDefinitions[web].environment[API_URL]`), both sides
// normalised so that what ECS fills in is no change. Values of variables named like credentials
// (`DB_PASSWORD`) are never shown, only that they changed. Pure functions.
import { asRecord, looksLikeSecretName, type Json } from '@dockside/core';
import { normaliseTaskDefinition } from './normalise';

export interface DiffEntry {
  readonly change: 'added' | 'removed' | 'changed';
  /** `cpu`, `containerDefinitions[web].image`, `containerDefinitions[web].environment[API_URL]`. */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Lists whose entries are named: compared entry by entry under their names. */
const NAMED: Readonly<Record<string, string>> = {
  containerDefinitions: 'name',
  volumes: 'name',
  environment: 'name',
  secrets: 'name',
};

const HIDDEN = '(hidden)';

/** The differences between the registered revision (undefined: none yet) and the new task definition. */
export function diffTaskDefinitions(registered: unknown, next: unknown): DiffEntry[] {
  const after = normaliseTaskDefinition(next);
  if (registered === undefined) return [{ change: 'added', path: '', after }];
  return compare(normaliseTaskDefinition(registered), after, '');
}

function compare(before: unknown, after: unknown, path: string): DiffEntry[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (before === undefined) return [{ change: 'added', path, after }];
  if (after === undefined) return [{ change: 'removed', path, before }];
  const key = path.split(/[.[]/).at(-1) ?? '';
  const name = NAMED[key];
  if (name !== undefined && Array.isArray(before) && Array.isArray(after)) {
    const named = (list: unknown[]) => new Map(list.map((item) => [String(asRecord(item)?.[name]), item]));
    const was = named(before);
    const now = named(after);
    const names = [...new Set([...was.keys(), ...now.keys()])].sort();
    return names.flatMap((n) => compare(was.get(n), now.get(n), `${path}[${n}]`));
  }
  const isRecord = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isRecord(before) && isRecord(after)) {
    const b = before as Json;
    const a = after as Json;
    return [...new Set([...Object.keys(b), ...Object.keys(a)])].sort().flatMap((k) => compare(b[k], a[k], path ? `${path}.${k}` : k));
  }
  return [{ change: 'changed', path, before, after }];
}

/**
 * One line per difference: `~ containerDefinitions[web].image: "busybox:1" → "busybox:2"`,
 * `+ containerDefinitions[worker]: image busybox`, `- cpu: "256"`. A new family is summed up by its
 * containers.
 */
export function formatDiff(entries: readonly DiffEntry[]): string[] {
  return entries.flatMap((entry) => {
    if (entry.path === '') return describeNew(entry.after);
    const sign = entry.change === 'added' ? '+' : entry.change === 'removed' ? '-' : '~';
    const shown = (value: unknown) => show(entry.path, value);
    const text =
      entry.change === 'changed'
        ? `${shown(entry.before)} → ${shown(entry.after)}`
        : shown(entry.change === 'added' ? entry.after : entry.before);
    return [`${sign} ${entry.path}: ${text}`];
  });
}

function describeNew(definition: unknown): string[] {
  const record = asRecord(definition) ?? {};
  const containers = (Array.isArray(record['containerDefinitions']) ? record['containerDefinitions'] : []).map((c) => asRecord(c) ?? {});
  const size = [record['cpu'] && `cpu ${String(record['cpu'])}`, record['memory'] && `memory ${String(record['memory'])}`].filter(Boolean);
  return [
    `+ a new family, first revision${size.length ? ` (${size.join(', ')})` : ''}`,
    ...containers.map((c) => `+ containerDefinitions[${String(c['name'])}]: image ${String(c['image'])}`),
  ];
}

/** A value in one line; a container, volume or variable by its main members; a credential's value hidden. */
function show(path: string, value: unknown): string {
  const variable = /\.environment\[([^\]]+)\](\.value)?$/.exec(path);
  if (variable && looksLikeSecretName(variable[1]!)) return HIDDEN;
  const record = asRecord(value);
  if (record && /^containerDefinitions\[[^\]]+\]$/.test(path)) return `image ${String(record['image'])}`;
  if (record && /\.environment\[[^\]]+\]$/.test(path)) return JSON.stringify(record['value'] ?? '');
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
