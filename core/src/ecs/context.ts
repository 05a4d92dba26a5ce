import type { RuleContext } from '../rules/context';
import type { Finding, Path } from '../types';

export type TaskDefinitionKind = 'register' | 'describe' | 'other';

/**
 * The shared rule context, plus where the definition sits in the document, which fixes need: spans
 * take paths relative to the definition, but edits work on the whole document.
 */
export interface TaskDefinitionContext extends RuleContext {
  kind: TaskDefinitionKind;
  /** `[]` for a register input, `['taskDefinition']` for describe output. */
  basePath: Path;
}

export type TaskDefinitionRule = (ctx: TaskDefinitionContext) => Finding[];

/** The document path of a place given relative to the definition, for edits. */
export function docPath(ctx: TaskDefinitionContext, path: Path): Path {
  return [...ctx.basePath, ...path];
}
