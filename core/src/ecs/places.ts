import type { RuleContext } from '../rules/context';
import type { Span } from '../types';
import type { Container } from './model';

/** Where to point at a container as a whole: its name, or the first line of its entry when it has none. */
export function containerSpan(ctx: RuleContext, container: Container): Span {
  return container.name !== undefined ? ctx.span([...container.path, 'name'], 'value') : ctx.span(container.path, 'auto');
}
