import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { asNumber, capitalize, containerLabel, containersOf } from '../model';

/** The soft limit (`memoryReservation`) cannot be above the hard limit (`memory`): ECS rejects it. */
export const findMemoryReservationExceedsMemory: TaskDefinitionRule = (ctx) =>
  containersOf(ctx.file).flatMap((container): Finding[] => {
    const memory = asNumber(container.value['memory']);
    const reservation = asNumber(container.value['memoryReservation']);
    if (memory === undefined || reservation === undefined || reservation <= memory) return [];
    return [
      {
        code: 'ecs/memory-reservation-exceeds-memory',
        severity: 'error',
        message: `${capitalize(containerLabel(container))} reserves ${reservation} MiB ("memoryReservation") but its hard limit ("memory") is ${memory} MiB; the reservation must not be larger than the limit.`,
        span: ctx.span([...container.path, 'memoryReservation'], 'value'),
        related: [{ span: ctx.span([...container.path, 'memory'], 'value'), message: 'The hard limit is set here.' }],
      },
    ];
  });
