import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { closest } from '../../suggest';
import { containerReferences, containersByName, containersOf, isTemplated, proxyReference, type ContainerReference } from '../model';

const SETTING: Record<ContainerReference['via'], string> = {
  dependsOn: '"dependsOn"',
  links: '"links"',
  volumesFrom: '"volumesFrom"',
  proxyConfiguration: 'the task\'s "proxyConfiguration"',
};

/** `dependsOn`, `links`, `volumesFrom` and `proxyConfiguration` must name a container of this task definition. */
export const findUndefinedContainers: TaskDefinitionRule = (ctx) => {
  const names = containersByName(ctx.file);
  const references = containersOf(ctx.file).flatMap(containerReferences);
  const proxy = proxyReference(ctx.file);
  if (proxy) references.push(proxy);
  return references.flatMap((ref): Finding[] => {
    if (names.has(ref.name) || isTemplated(ref.name)) return [];
    const suggestion = closest(ref.name, names.keys());
    return [
      {
        code: 'ecs/undefined-container',
        severity: 'error',
        message: `No container is named "${ref.name}" (named in ${SETTING[ref.via]}).${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        span: ctx.spanWithin(ref.path, ref.within),
      },
    ];
  });
};
