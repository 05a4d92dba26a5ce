import type { Finding, Path } from '../../types';
import type { ComposeContext, ComposeRule } from '../../rules/context';
import { asRecord, hasInterpolation, servicesOf } from '../model';
import { isByteSize, isDuration } from '../units';

const DURATION_FIELDS: string[][] = [
  ['healthcheck', 'interval'],
  ['healthcheck', 'timeout'],
  ['healthcheck', 'start_period'],
  ['healthcheck', 'start_interval'],
  ['stop_grace_period'],
  ['deploy', 'restart_policy', 'delay'],
  ['deploy', 'restart_policy', 'window'],
  ['deploy', 'update_config', 'delay'],
  ['deploy', 'update_config', 'monitor'],
  ['deploy', 'rollback_config', 'delay'],
  ['deploy', 'rollback_config', 'monitor'],
];

const BYTE_FIELDS: string[][] = [
  ['shm_size'],
  ['mem_limit'],
  ['mem_reservation'],
  ['memswap_limit'],
  ['build', 'shm_size'],
  ['deploy', 'resources', 'limits', 'memory'],
  ['deploy', 'resources', 'reservations', 'memory'],
];

/** Each string (and with `withNumbers` each number) at `field` of `value`, `*` any key: its keys and text. */
function collectAt(
  value: unknown,
  field: readonly string[],
  keys: string[],
  withNumbers: boolean,
  found: (keys: string[], text: string) => void,
): void {
  const depth = keys.length;
  if (depth === field.length) {
    if (typeof value === 'string' || (withNumbers && typeof value === 'number')) found([...keys], String(value));
    return;
  }
  const record = asRecord(value);
  if (!record) return;
  const key = field[depth] as string;
  for (const name of key === '*' ? Object.keys(record) : [key]) {
    keys.push(name);
    collectAt(record[name], field, keys, withNumbers, found);
    keys.pop();
  }
}

/** Each string value of a service at the given fields, plus long-form tmpfs sizes for byte sizes. */
function scalarsAt(
  ctx: ComposeContext,
  fields: string[][],
  withTmpfs: boolean,
  withNumbers = true,
): Array<{ path: Path; text: string; service: string }> {
  const out: Array<{ path: Path; text: string; service: string }> = [];
  for (const [name, service] of servicesOf(ctx.file)) {
    for (const field of fields) {
      collectAt(service, field, [], withNumbers, (keys, text) => out.push({ path: ['services', name, ...keys], text, service: name }));
    }
    if (!withTmpfs || !Array.isArray(service['volumes'])) continue;
    for (const [i, volume] of (service['volumes'] as unknown[]).entries()) {
      const size = asRecord(asRecord(volume)?.['tmpfs'])?.['size'];
      if (typeof size === 'string') out.push({ path: ['services', name, 'volumes', i, 'tmpfs', 'size'], text: size, service: name });
    }
  }
  return out;
}

function check(ctx: ComposeContext, kind: 'duration' | 'byte-size'): Finding[] {
  const isValid = kind === 'duration' ? isDuration : isByteSize;
  const fields = kind === 'duration' ? DURATION_FIELDS : BYTE_FIELDS;
  const findings: Finding[] = [];
  for (const { path, text, service } of scalarsAt(ctx, fields, kind === 'byte-size')) {
    // Byte sizes may be plain numbers of bytes; durations always need a unit.
    if (hasInterpolation(text) || isValid(text)) continue;
    const field = path.slice(2).join('.');
    const example =
      kind === 'duration'
        ? 'a number with a unit, such as "30s", "1m30s" or "500ms"'
        : 'bytes, or a number with a unit, such as "512m", "1g" or "64k"';
    const unitless = kind === 'duration' && /^\d+(\.\d+)?$/.test(text.trim()) ? ` Add a unit: "${text.trim()}s"?` : '';
    findings.push({
      code: `compose/${kind}-syntax`,
      severity: 'error',
      message: `"${text}" is not a valid ${kind === 'duration' ? 'duration' : 'size'} for "${field}" in service "${service}": use ${example}.${unitless}`,
      span: ctx.span(path, 'value'),
    });
  }
  return findings;
}

export const findDurationSyntaxErrors: ComposeRule = (ctx) => check(ctx, 'duration');
export const findByteSizeSyntaxErrors: ComposeRule = (ctx) => check(ctx, 'byte-size');
