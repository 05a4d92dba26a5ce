import type { Finding, Path } from '../../types';
import type { ComposeContext, ComposeRule } from '../../rules/context';
import { asRecord, hasInterpolation, servicesOf, type Json } from '../model';
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

function valueAt(service: Json, keys: string[]): unknown {
  let current: unknown = service;
  for (const key of keys) current = asRecord(current)?.[key];
  return current;
}

/** Each string value of a service at the given fields, plus long-form tmpfs sizes for byte sizes. */
function* scalarsAt(ctx: ComposeContext, fields: string[][], withTmpfs: boolean): Generator<{ path: Path; text: string; service: string }> {
  for (const [name, service] of servicesOf(ctx.file)) {
    for (const field of fields) {
      const value = valueAt(service, field);
      if (typeof value === 'string' || typeof value === 'number')
        yield { path: ['services', name, ...field], text: String(value), service: name };
    }
    if (!withTmpfs || !Array.isArray(service['volumes'])) continue;
    for (const [i, volume] of (service['volumes'] as unknown[]).entries()) {
      const size = asRecord(asRecord(volume)?.['tmpfs'])?.['size'];
      if (typeof size === 'string') yield { path: ['services', name, 'volumes', i, 'tmpfs', 'size'], text: size, service: name };
    }
  }
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
