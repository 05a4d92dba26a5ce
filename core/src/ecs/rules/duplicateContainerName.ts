import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { containersOf, type Container } from '../model';

/** Container names identify containers in links, dependsOn and logs; ECS rejects a repeated one. */
export const findDuplicateContainerNames: TaskDefinitionRule = (ctx) => {
  const first = new Map<string, Container>();
  const findings: Finding[] = [];
  for (const container of containersOf(ctx.file)) {
    if (container.name === undefined) continue;
    const earlier = first.get(container.name);
    if (!earlier) {
      first.set(container.name, container);
      continue;
    }
    findings.push({
      code: 'ecs/duplicate-container-name',
      severity: 'error',
      message: `Another container is already named "${container.name}"; container names must be unique within a task definition.`,
      span: ctx.span([...container.path, 'name'], 'value'),
      related: [{ span: ctx.span([...earlier.path, 'name'], 'value'), message: `The first "${container.name}" is here.` }],
    });
  }
  return findings;
};
