/**
 * The units the two formats disagree on. Compose writes durations the Go way (`1m30s`) and sizes
 * the Docker way (`512m`, 1024-based); ECS wants whole seconds, MiB and CPU units (1 vCPU = 1024).
 */

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, μs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;

/** Seconds in a Go duration (`1m30s`, `500ms`, `0`), or undefined when it is not one. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '0') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[-+]/, '');
  if (body === '') return undefined;
  DURATION_PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = DURATION_PART.exec(body); match; match = DURATION_PART.exec(body)) {
    total += Number(match[1]) * DURATION_UNITS[match[2]!]!;
    consumed = DURATION_PART.lastIndex;
  }
  return consumed === body.length ? sign * total : undefined;
}

/** How Compose files write a number of seconds back: always plain seconds, `30s`, so it reads at a glance. */
export function formatSeconds(seconds: number): string {
  return `${seconds}s`;
}

const BYTE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** Bytes in a Docker size (`512m`, `1.5g`, `50MB`, `1024`, or a number of bytes), or undefined. */
export function byteCount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?$/i.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * BYTE_UNITS[match[2]!.toLowerCase()]!;
}

export const MIB = 1024 * 1024;

/** Whole MiB, rounded up so a limit is never made tighter; `exact` says whether rounding was needed. */
export function mebibytes(bytes: number): { value: number; exact: boolean } {
  const value = Math.ceil(bytes / MIB - 1e-9);
  return { value, exact: Math.abs(value * MIB - bytes) < 1 };
}

/** How a number of MiB is written in Compose: `512M` (Docker sizes are 1024-based). */
export function formatMebibytes(mib: number): string {
  return `${mib}M`;
}

/** CPU units for a number of CPUs (`0.5` → 512), rounded up to a whole unit; `exact` as for mebibytes. */
export function cpuUnits(value: unknown): { value: number; exact: boolean } | undefined {
  const cpus =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d*\.?\d+$/.test(value.trim()) ? Number(value) : undefined;
  if (cpus === undefined || !Number.isFinite(cpus) || cpus < 0) return undefined;
  const units = cpus * 1024;
  const rounded = Math.round(units);
  if (Math.abs(units - rounded) < 1e-6) return { value: rounded, exact: true };
  return { value: Math.ceil(units), exact: false };
}

/** CPUs for a number of CPU units (256 → 0.25); exact, since every n/1024 is a finite binary fraction. */
export function cpusOf(units: number): number {
  return units / 1024;
}
