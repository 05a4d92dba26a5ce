/**
 * Readers for plain values (a parsed Compose file, a task definition, a loaded project). The value may
 * be anything a user typed, so each reader is defensive and yields nothing (undefined, or an empty list)
 * for a shape it does not recognise; the caller then reports the value or passes over it.
 */

export type Json = Record<string, unknown>;

/** A mapping, not an array or null. */
export function asRecord(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A list; anything else reads as an empty one. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A finite number (not NaN or Infinity, which no setting means). */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
