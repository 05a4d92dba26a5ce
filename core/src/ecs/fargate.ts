import { orList } from '../schema/messages';

/**
 * Fargate's task sizes: each task-level `cpu` (CPU units) and the `memory` values (MiB) it allows.
 * From the ECS API model (RegisterTaskDefinitionRequest.memory, botocore 2026) and the developer
 * guide's "Task CPU and memory" table (AWS_Fargate.md, task-cpu-memory-error.md); they agree.
 */
function steps(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

export const FARGATE_TASK_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, steps(1024, 4096, 1024)],
  [1024, steps(2048, 8192, 1024)],
  [2048, steps(4096, 16384, 1024)],
  [4096, steps(8192, 30720, 1024)],
  // 8 and 16 vCPU need Linux platform version 1.4.0 or later.
  [8192, steps(16384, 61440, 4096)],
  [16384, steps(32768, 122880, 8192)],
]);

/** Windows containers on Fargate need at least 1 vCPU, and the two largest sizes are Linux-only. */
export const FARGATE_WINDOWS_CPUS: ReadonlySet<number> = new Set([1024, 2048, 4096]);

/** "512, 1024 or 2048", or "4096 to 16384 in steps of 1024" for the long ranges. */
export function describeMemoryChoices(values: readonly number[]): string {
  if (values.length <= 7) return orList(values.map(String));
  return `${values[0]} to ${values[values.length - 1]} in steps of ${values[1]! - values[0]!}`;
}

/** The task-level cpu values whose memory choices include `memory`. */
export function cpusAllowing(memory: number): number[] {
  return [...FARGATE_TASK_SIZES].filter(([, memories]) => memories.includes(memory)).map(([cpu]) => cpu);
}
