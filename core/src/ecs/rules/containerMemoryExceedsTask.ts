import type { Finding } from '../../types';
import type { TaskDefinitionContext, TaskDefinitionRule } from '../context';
import { asNumber, capitalize, containerLabel, containersOf, taskMemory, type Container } from '../model';

/** A container's own limit or reservation larger than the whole task's memory. */
function oversized(ctx: TaskDefinitionContext, container: Container, task: number): Finding[] {
  return (['memory', 'memoryReservation'] as const).flatMap((key): Finding[] => {
    const mib = asNumber(container.value[key]);
    if (mib === undefined || mib <= task) return [];
    const what = key === 'memory' ? 'a hard memory limit' : 'a memory reservation';
    return [
      {
        code: 'ecs/container-memory-exceeds-task',
        severity: 'error',
        message: `${capitalize(containerLabel(container))} has ${what} of ${mib} MiB, more than the task's "memory" of ${task} MiB.`,
        span: ctx.span([...container.path, key], 'value'),
      },
    ];
  });
}

/** What a container takes from the task's memory: its reservation, else its hard limit. */
function reservedBy(container: Container): number | undefined {
  return asNumber(container.value['memoryReservation']) ?? asNumber(container.value['memory']);
}

/**
 * Containers live inside the task's memory: none may have more than the task, and together their
 * reservations must fit in it (API model, ContainerDefinition.memory).
 */
export const findContainerMemoryExceedsTask: TaskDefinitionRule = (ctx) => {
  const task = taskMemory(ctx.file);
  if (task === undefined) return [];
  const containers = containersOf(ctx.file);
  const single = containers.flatMap((c) => oversized(ctx, c, task));
  // One container that alone is too big already explains why the total is too big.
  if (single.length > 0) return single;
  const reserving = containers.flatMap((c) => {
    const mib = reservedBy(c);
    return mib !== undefined && mib > 0 ? [{ container: c, mib }] : [];
  });
  const total = reserving.reduce((sum, r) => sum + r.mib, 0);
  if (total <= task) return [];
  return [
    {
      code: 'ecs/container-memory-exceeds-task',
      severity: 'error',
      message: `The containers reserve ${total} MiB of memory in all (${reserving.map((r) => `${containerLabel(r.container)}: ${r.mib}`).join(', ')}), more than the task's "memory" of ${task} MiB.`,
      span: ctx.span(['memory'], 'value'),
    },
  ];
};
