import type { TaskDefinitionRule } from '../context';
import { containerLabel, containersOf, isEssential } from '../model';

/** ECS refuses a task definition whose containers are all `"essential": false`: nothing would decide when the task ends. */
export const findNoEssentialContainer: TaskDefinitionRule = (ctx) => {
  const containers = containersOf(ctx.file);
  if (containers.length === 0 || containers.some(isEssential)) return [];
  return [
    {
      code: 'ecs/no-essential-container',
      severity: 'error',
      message:
        'Every container is marked "essential": false, but a task needs at least one essential container. Remove "essential": false from the main one.',
      span: ctx.span(['containerDefinitions'], 'key'),
      related: containers.map((c) => ({
        span: ctx.span([...c.path, 'essential'], 'value'),
        message: `${containerLabel(c)} is not essential.`,
      })),
    },
  ];
};
