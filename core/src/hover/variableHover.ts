import { scanInterpolations } from '../compose/interpolation';
import type { VariableLookup } from '../compose/project/interpolate';
import type { Span } from '../types';

/**
 * Hover on `${VAR}`: the value Compose would substitute and where it comes from (the environment, a
 * line of `.env`, or the default written in the reference), or that it is unset.
 */
export function variableHoverAt(text: string, offset: number, lookup: VariableLookup): { markdown: string; span: Span } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const lineEnd = newline < 0 ? text.length : newline;
  const uses = scanInterpolations(text.slice(lineStart, lineEnd), lineStart).interpolations;
  // The innermost reference under the cursor (a nested default's variable rather than its parent).
  const use = uses.filter((u) => u.start <= offset && offset < u.end).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
  if (!use) return undefined;
  const known = lookup(use.name);
  const origin = known
    ? known.source === '.env' && known.file
      ? `from \`${known.file.split(/[\\/]/).pop()}\`${known.line ? `, line ${known.line}` : ''}`
      : `from the ${known.source}`
    : undefined;
  const lines = [`**\`${use.name}\`**`, ''];
  if (known) {
    lines.push(`= \`${known.value}\` ${origin}`);
    if (use.operator === ':-' && known.value === '') lines.push('', `It is empty, so the default \`${use.argument ?? ''}\` is used.`);
  } else if (use.operator === ':-' || use.operator === '-') {
    lines.push(`Not set: the default \`${use.argument ?? ''}\` is used.`);
  } else if (use.operator === ':?' || use.operator === '?') {
    lines.push(`Not set, and required: Compose stops with "${use.argument ?? ''}".`);
  } else {
    lines.push('Not set (neither in the environment nor in `.env`): Compose substitutes an empty string.');
  }
  return { markdown: lines.join('\n'), span: [use.start, use.end] };
}
