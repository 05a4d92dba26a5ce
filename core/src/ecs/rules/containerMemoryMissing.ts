import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { asNumber, asRecord, capitalize, containerLabel, containersOf, requiresFargate, type Container } from '../model';
import { containerSpan } from '../places';

function hasMemory(container: Container): boolean {
  return (['memory', 'memoryReservation'] as const).some((key) => (asNumber(container.value[key]) ?? 0) > 0);
}

/**
 * Without task-level `memory`, ECS cannot place a container that states no memory of its own, and
 * refuses to register it. (On Fargate the missing task memory is reported by the Fargate rule.)
 */
export const findContainerMemoryMissing: TaskDefinitionRule = (ctx) => {
  const definition = asRecord(ctx.file);
  if (!definition || definition['memory'] !== undefined || requiresFargate(definition)) return [];
  return containersOf(definition)
    .filter((container) => !hasMemory(container))
    .map((container): Finding => ({
      code: 'ecs/container-memory-missing',
      severity: 'error',
      message: `${capitalize(containerLabel(container))} needs "memory" or "memoryReservation" (in MiB), because the task definition has no task-level "memory".`,
      span: containerSpan(ctx, container),
    }));
};
