import { FARGATE_TASK_SIZES } from '../ecs/fargate';
/**
 * Fargate's task size table: each task CPU value allows a fixed set of memory values (MiB). Both are
 * strings in the API (`"cpu": "1024"`); people also write `"1 vCPU"` and `"2 GB"`.
 */
/** The one Fargate size table lives with the task-definition rules; completion reads the same. */
export const FARGATE_SIZES: ReadonlyArray<readonly [cpu: number, memory: readonly number[]]> = [...FARGATE_TASK_SIZES.entries()];

export function fargateCpuValues(): number[] {
  return FARGATE_SIZES.map(([cpu]) => cpu);
}

/** Memory values Fargate accepts with this CPU (empty when the CPU is not a Fargate size). */
export function fargateMemoryFor(cpu: number): number[] {
  return [...(FARGATE_SIZES.find(([c]) => c === cpu)?.[1] ?? [])];
}

/** CPU values Fargate accepts with this much memory. */
export function fargateCpuFor(memory: number): number[] {
  return FARGATE_SIZES.filter(([, memories]) => memories.includes(memory)).map(([cpu]) => cpu);
}

/** Every memory value of the table, in order. */
export function fargateMemoryValues(): number[] {
  return [...new Set(FARGATE_SIZES.flatMap(([, m]) => m))].sort((a, b) => a - b);
}

/** CPU units from `1024`, `"1024"` or `"1 vCPU"`. */
export function cpuUnits(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(vcpu)?\s*$/i.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] ? Math.round(n * 1024) : n;
}

/** Memory in MiB from `2048`, `"2048"` or `"2 GB"`. */
export function memoryMiB(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(gb|gib|mb|mib)?\s*$/i.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] && /^g/i.test(m[2]) ? Math.round(n * 1024) : n;
}

/** `2048` → `2 GB`, `512` → `0.5 GB`. */
export function gigabytes(mib: number): string {
  return `${Number((mib / 1024).toFixed(2))} GB`;
}

/** `1024` → `1 vCPU`, `256` → `0.25 vCPU`. */
export function vcpus(units: number): string {
  return `${Number((units / 1024).toFixed(2))} vCPU`;
}
