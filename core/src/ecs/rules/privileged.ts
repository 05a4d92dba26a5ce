import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { capitalize, containerLabel, containersOf, requiresFargate } from '../model';

/** A privileged container can do almost anything root on the host can. (On Fargate it is an error instead.) */
export const findPrivileged: TaskDefinitionRule = (ctx) => {
  if (requiresFargate(ctx.file)) return [];
  return containersOf(ctx.file).flatMap((container): Finding[] =>
    container.value['privileged'] !== true
      ? []
      : [
          {
            code: 'ecs/privileged',
            severity: 'hint',
            message: `${capitalize(containerLabel(container))} runs privileged, with nearly the access of root on the host. Add only the capabilities it needs under "linuxParameters.capabilities.add" instead.`,
            span: ctx.span([...container.path, 'privileged'], 'value'),
          },
        ],
  );
};
