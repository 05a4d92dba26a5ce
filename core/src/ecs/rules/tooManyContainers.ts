import type { TaskDefinitionRule } from '../context';
import { asList, asRecord } from '../model';

/** The "containers per task definition" quota: 10, and AWS does not raise it. */
export const MAX_CONTAINERS = 10;

export const findTooManyContainers: TaskDefinitionRule = (ctx) => {
  const count = asList(asRecord(ctx.file)?.['containerDefinitions']).length;
  if (count <= MAX_CONTAINERS) return [];
  return [
    {
      code: 'ecs/too-many-containers',
      severity: 'error',
      message: `This task definition has ${count} containers; ECS allows at most ${MAX_CONTAINERS} per task definition (a fixed quota). Split them into several task definitions.`,
      span: ctx.span(['containerDefinitions'], 'key'),
    },
  ];
};
