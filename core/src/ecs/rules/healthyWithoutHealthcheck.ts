import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { capitalize, containerLabel, containerReferences, containersByName, containersOf } from '../model';

/** `HEALTHY` waits for a health check to pass; a container without one never passes, and the dependent never starts. */
export const findHealthyWithoutHealthcheck: TaskDefinitionRule = (ctx) => {
  const byName = containersByName(ctx.file);
  return containersOf(ctx.file).flatMap((container) =>
    containerReferences(container).flatMap((ref): Finding[] => {
      const target = byName.get(ref.name);
      if (ref.condition !== 'HEALTHY' || !target || target.value['healthCheck'] !== undefined || !ref.entryPath) return [];
      return [
        {
          code: 'ecs/healthy-without-healthcheck',
          severity: 'error',
          message: `${capitalize(containerLabel(container))} waits for "${ref.name}" to be HEALTHY, but "${ref.name}" has no "healthCheck", so it never becomes healthy. Add a "healthCheck" to "${ref.name}" or use "START".`,
          span: ctx.span([...ref.entryPath, 'condition'], 'value'),
        },
      ];
    }),
  );
};
