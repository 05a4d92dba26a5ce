import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { imageReferenceProblem } from '../imageReference';
import { asString, capitalize, containerLabel, containersOf, isTemplated } from '../model';

/** An image reference Docker cannot parse fails every task at pull time ("invalid reference format"). */
export const findImageReferenceErrors: TaskDefinitionRule = (ctx) =>
  containersOf(ctx.file).flatMap((container): Finding[] => {
    const image = asString(container.value['image']);
    if (image === undefined || isTemplated(image)) return [];
    const problem = imageReferenceProblem(image);
    if (!problem) return [];
    return [
      {
        code: 'ecs/image-reference',
        severity: 'error',
        message: `${capitalize(containerLabel(container))} has an image reference Docker cannot pull, "${image}": ${problem.message}.`,
        span: ctx.spanWithin([...container.path, 'image'], { start: problem.start, length: problem.length }),
      },
    ];
  });
