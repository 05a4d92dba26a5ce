import type { Finding, Fix } from '../../types';
import { docPath, type TaskDefinitionContext, type TaskDefinitionRule } from '../context';
import { appendProperty, replaceValue } from '../edits';
import { capitalize, containerLabel, containerReferences, containersByName, containersOf, isEssential, type Container } from '../model';

/** Marks the container non-essential: replaces `"essential": true`, or adds `"essential": false`. */
function makeNonEssential(ctx: TaskDefinitionContext, target: Container): Fix | undefined {
  const edit =
    target.value['essential'] === undefined
      ? appendProperty(ctx.doc, ctx.text, docPath(ctx, target.path), 'essential', 'false')
      : replaceValue(ctx.span([...target.path, 'essential'], 'value'), 'false');
  return edit ? { title: `Mark "${target.name}" as not essential`, edits: [edit], preferred: true } : undefined;
}

/**
 * `COMPLETE` and `SUCCESS` wait for a container to exit. If that container is essential, its exit
 * stops the whole task, the waiting container included: the API model says these conditions
 * "can't be set on an essential container".
 */
export const findCompletionOnEssential: TaskDefinitionRule = (ctx) => {
  const byName = containersByName(ctx.file);
  return containersOf(ctx.file).flatMap((container) =>
    containerReferences(container).flatMap((ref): Finding[] => {
      const target = byName.get(ref.name);
      if ((ref.condition !== 'COMPLETE' && ref.condition !== 'SUCCESS') || !target || !isEssential(target) || !ref.entryPath) return [];
      const fix = makeNonEssential(ctx, target);
      return [
        {
          code: 'ecs/completion-on-essential',
          severity: 'warning',
          message: `${capitalize(containerLabel(container))} waits for "${ref.name}" to ${ref.condition === 'SUCCESS' ? 'succeed' : 'complete'}, but "${ref.name}" is essential: when it exits, ECS stops the whole task. Set "essential": false on "${ref.name}".`,
          span: ctx.span([...ref.entryPath, 'condition'], 'value'),
          fixes: fix ? [fix] : undefined,
        },
      ];
    }),
  );
};
