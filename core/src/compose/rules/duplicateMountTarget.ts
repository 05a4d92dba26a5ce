import type { Finding, Path } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asRecord, splitShortVolume, type Json } from '../model';
import { resolvedValue, serviceViews, UNKNOWN } from './serviceView';

interface MountEntry {
  target: string;
  /** Where the entry is, relative to the service. */
  path: Path;
  label: string;
}

/** `tmpfs` entries, one per path: Compose drops exact repeats, but two entries on one path conflict. */
function tmpfsEntries(service: Json, resolve: (value: unknown) => unknown): MountEntry[] {
  const raw = service['tmpfs'];
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  const byKey = new Map<string, MountEntry>();
  list.forEach((entry, index) => {
    const text = resolve(entry);
    if (typeof text !== 'string') return;
    // Compose's own de-duplication key: the text before "=", or the whole entry.
    const key = text.split('=')[0]!;
    const target = text.split(':')[0]!;
    byKey.set(key, { target, path: typeof raw === 'string' ? ['tmpfs'] : ['tmpfs', index], label: `"tmpfs" entry "${text}"` });
  });
  return [...byKey.values()];
}

/** `volumes` entries by target: the last mount on a target replaces earlier ones, as in Compose. */
function volumeEntries(service: Json, resolve: (value: unknown) => unknown): MountEntry[] {
  const raw = service['volumes'];
  if (!Array.isArray(raw)) return [];
  const byTarget = new Map<string, MountEntry>();
  raw.forEach((entry, index) => {
    const text = resolve(entry);
    const target = typeof text === 'string' ? splitShortVolume(text).target : resolve(asRecord(entry)?.['target']);
    if (typeof target !== 'string' || target === '') return;
    byTarget.delete(target);
    byTarget.set(target, { target, path: ['volumes', index], label: `"volumes" entry ${index + 1}` });
  });
  return [...byTarget.values()];
}

/** Two mounts on one path in a container (tmpfs and a volume, or two tmpfs): Compose refuses the service. */
export const findDuplicateMountTargets: ComposeRule = (ctx) =>
  serviceViews(ctx).flatMap(({ name, own }): Finding[] => {
    // The volumes alone never collide (the last on a target replaces the others): without tmpfs,
    // nothing to read (most services of a large file).
    if (typeof own['tmpfs'] !== 'string' && !Array.isArray(own['tmpfs'])) return [];
    const resolve = (value: unknown): unknown => {
      const resolved = resolvedValue(ctx, value);
      return resolved === UNKNOWN ? undefined : resolved;
    };
    const seen = new Map<string, MountEntry>();
    const findings: Finding[] = [];
    for (const entry of [...tmpfsEntries(own, resolve), ...volumeEntries(own, resolve)]) {
      const first = seen.get(entry.target);
      if (!first) {
        seen.set(entry.target, entry);
        continue;
      }
      findings.push({
        code: 'compose/duplicate-mount-target',
        severity: 'error',
        message: `"${entry.target}" is already mounted by the ${first.label} of service "${name}"; Compose refuses two mounts on one path. Remove one, or mount it elsewhere.`,
        span: ctx.span(['services', name, ...entry.path], 'value'),
        related: [{ span: ctx.span(['services', name, ...first.path], 'value'), message: `"${entry.target}" is first mounted here.` }],
      });
    }
    return findings;
  });
