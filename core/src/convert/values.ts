/**
 * Small readers for the plain values both converters walk. Input may be anything a user wrote (a
 * loaded project, or a raw parse), so every reader is defensive and says "undefined" for shapes it
 * does not know; the mapper that asked then reports the value instead of guessing.
 */

import { asRecord } from '../json';

export { asList, asNumber, asRecord, asString, type Json } from '../json';

/** Compose accepts `true`/`false` and, for interpolated values, the strings "true"/"false". */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** A scalar as Compose passes it to Docker: numbers and booleans become their text; null stays undefined. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Compose's "string or list" attributes (`dns`, `tmpfs`, `env_file`…) as a list. */
export function stringOrList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export interface NamedValue {
  name: string;
  /** undefined for `KEY` alone in a list or `KEY:` with no value in a mapping. */
  value: string | undefined;
  /** The key of the entry in the source: the list index, or the mapping key. */
  key: string | number;
}

/**
 * Compose's "list or dict" attributes (`environment`, `labels`, `sysctls`…): `["A=1", "B"]` or
 * `{A: 1, B: null}`, as name/value pairs in order.
 */
export function listOrDict(value: unknown, separator = '='): NamedValue[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index): NamedValue[] => {
      const text = scalarText(item);
      if (text === undefined) return [];
      const at = text.indexOf(separator);
      return at < 0
        ? [{ name: text, value: undefined, key: index }]
        : [{ name: text.slice(0, at), value: text.slice(at + separator.length), key: index }];
    });
  }
  return Object.entries(asRecord(value) ?? {}).map(([name, item]) => ({ name, value: scalarText(item), key: name }));
}

export function isExtensionKey(key: string): boolean {
  return key.startsWith('x-');
}

/** Deep equality of plain JSON-like values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  const left = asRecord(a);
  const right = asRecord(b);
  if (!left || !right) return false;
  const keys = Object.keys(left).filter((k) => left[k] !== undefined);
  const otherKeys = Object.keys(right).filter((k) => right[k] !== undefined);
  return keys.length === otherKeys.length && keys.every((k) => deepEqual(left[k], right[k]));
}

/** Applies `change` to every string in a plain value (keys untouched). */
export function mapStrings(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change));
  const record = asRecord(value);
  if (!record) return value;
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, mapStrings(item, change)]));
}
