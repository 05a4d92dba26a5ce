/**
 * Task-level `cpu` and `memory`. Fargate bills fixed sizes, so the containers' total is rounded up to
 * the smallest size in its table (ecs/fargate.ts) that holds it. On EC2 both are optional; memory is
 * set only when a container names none (ECS then needs the task's).
 */
import { FARGATE_TASK_SIZES } from '../../ecs/fargate';
import type { Reporter } from '../report';
import { asNumber, type Json } from '../values';
import type { LaunchType } from './context';

export interface TaskSize {
  cpu?: string;
  memory?: string;
}

/** What an EC2 container without a memory setting is assumed to need. */
const EC2_DEFAULT_CONTAINER_MIB = 512;

/** The smallest Fargate size with at least `cpu` units and `memory` MiB: the fewest CPUs first, then the least memory. */
export function smallestFargateSize(cpu: number, memory: number): { cpu: number; memory: number } | undefined {
  for (const [sizeCpu, memories] of FARGATE_TASK_SIZES) {
    if (sizeCpu < cpu) continue;
    const fit = memories.find((m) => m >= memory);
    if (fit !== undefined) return { cpu: sizeCpu, memory: fit };
  }
  return undefined;
}

function needs(containers: readonly Json[]): { cpu: number; memory: number; anyCpu: boolean; anyMemory: boolean; withoutMemory: number } {
  let cpu = 0;
  let memory = 0;
  let withoutMemory = 0;
  for (const container of containers) {
    cpu += asNumber(container['cpu']) ?? 0;
    const mib = Math.max(asNumber(container['memory']) ?? 0, asNumber(container['memoryReservation']) ?? 0);
    memory += mib;
    if (mib === 0) withoutMemory++;
  }
  return { cpu, memory, anyCpu: cpu > 0, anyMemory: memory > 0, withoutMemory };
}

export function taskSize(containers: readonly Json[], launchType: LaunchType, report: Reporter): TaskSize {
  const need = needs(containers);
  if (launchType === 'EC2') {
    if (need.withoutMemory === 0) return {};
    const memory = need.memory + EC2_DEFAULT_CONTAINER_MIB * need.withoutMemory;
    report.approximate(
      ['services'],
      `ECS on EC2 needs memory for every container, and ${need.withoutMemory} state(s) none: the task gets ${memory} MiB (${EC2_DEFAULT_CONTAINER_MIB} MiB for each of those).`,
      'Set a memory limit on each service (deploy.resources.limits.memory), or the task memory in the top-level x-ecs.',
    );
    return { memory: String(memory) };
  }
  const size = smallestFargateSize(need.cpu, need.memory);
  if (!size) {
    const largest = [...FARGATE_TASK_SIZES].pop()!;
    const max = largest[1][largest[1].length - 1]!;
    report.error(
      ['services'],
      `The containers need ${need.cpu} CPU units and ${need.memory} MiB together, more than the largest Fargate task (${largest[0]} units, ${max} MiB).`,
      "Lower the services' limits, or convert with one task definition per service.",
    );
    return { cpu: String(largest[0]), memory: String(max) };
  }
  if (!need.anyCpu && !need.anyMemory) {
    report.note(
      ['services'],
      `No service states CPU or memory; the task gets Fargate's smallest size: ${size.cpu} CPU units (${size.cpu / 1024} vCPU) and ${size.memory} MiB.`,
      'Set deploy.resources.limits on the services, or "cpu" and "memory" in the top-level x-ecs.',
    );
  } else if (size.cpu !== need.cpu || size.memory !== need.memory) {
    report.approximate(
      ['services'],
      `Fargate runs fixed task sizes: the containers' ${need.cpu} CPU units and ${need.memory} MiB are rounded up to ${size.cpu} units and ${size.memory} MiB.`,
    );
  }
  return { cpu: String(size.cpu), memory: String(size.memory) };
}
