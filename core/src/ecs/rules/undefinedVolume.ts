import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { closest } from '../../suggest';
import { isTemplated, mountedVolumes, volumesOf } from '../model';

/** A mount point must name a volume declared in the task definition's `volumes`. */
export const findUndefinedVolumes: TaskDefinitionRule = (ctx) => {
  const declared = new Set(volumesOf(ctx.file).flatMap((v) => (v.name === undefined ? [] : [v.name])));
  return mountedVolumes(ctx.file).flatMap(({ name, path }): Finding[] => {
    if (declared.has(name) || isTemplated(name)) return [];
    const suggestion = closest(name, declared);
    return [
      {
        code: 'ecs/undefined-volume',
        severity: 'error',
        message: `No volume is named "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ' Declare it in the task-level "volumes".'}`,
        span: ctx.span(path, 'value'),
      },
    ];
  });
};
