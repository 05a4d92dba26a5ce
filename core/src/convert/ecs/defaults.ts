/**
 * ECS's documented defaults. A field set to its default means the same as the field left out, so
 * comparisons of containers (the round-trip check in taskDefToCompose.ts, and the tests) strip
 * them first: `"essential": true` and no `essential` are the same container.
 */
import { asRecord, type Json } from '../values';

/** Defaults by field name, wherever the field appears (they are unambiguous in the ECS API). */
const DEFAULTS: Readonly<Record<string, unknown>> = {
  essential: true,
  readOnly: false,
  protocol: 'tcp',
  hostPort: 0,
  cpu: 0,
  initProcessEnabled: false,
  privileged: false,
  readonlyRootFilesystem: false,
  interactive: false,
  pseudoTerminal: false,
  disableNetworking: false,
};

/** healthCheck's defaults (API model, HealthCheck). */
const HEALTH_DEFAULTS: Readonly<Record<string, unknown>> = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 };

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  const record = asRecord(value);
  return record !== undefined && Object.keys(record).length === 0;
}

/** The value without default-valued fields, and without the lists and objects that leaves empty. */
export function withoutDefaults(value: unknown, parentKey?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => withoutDefaults(item, parentKey));
    return items.length === 0 ? undefined : items;
  }
  const record = asRecord(value);
  if (!record) return value;
  const result: Json = {};
  for (const [key, item] of Object.entries(record)) {
    const defaults = parentKey === 'healthCheck' ? HEALTH_DEFAULTS : DEFAULTS;
    if (item === undefined || item === null || (key in defaults && defaults[key] === item)) continue;
    const stripped = withoutDefaults(item, key);
    if (stripped === undefined || isEmpty(stripped)) continue;
    result[key] = stripped;
  }
  return Object.keys(result).length === 0 ? undefined : result;
}
