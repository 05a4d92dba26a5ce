import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { asNumber, capitalize, containerLabel, containersOf } from '../model';

/** Docker 20.10 and later reserves 6 MiB per container and refuses to start one limited to less. */
export const MIN_CONTAINER_MIB = 6;

export const findContainerMemoryTooSmall: TaskDefinitionRule = (ctx) =>
  containersOf(ctx.file).flatMap((container) =>
    (['memory', 'memoryReservation'] as const).flatMap((key): Finding[] => {
      const mib = asNumber(container.value[key]);
      if (mib === undefined || mib <= 0 || mib >= MIN_CONTAINER_MIB) return [];
      return [
        {
          code: 'ecs/container-memory-too-small',
          severity: 'warning',
          message: `${capitalize(containerLabel(container))} sets "${key}" to ${mib} MiB; Docker 20.10 and later needs at least ${MIN_CONTAINER_MIB} MiB per container, so it may not start.`,
          span: ctx.span([...container.path, key], 'value'),
        },
      ];
    }),
  );
