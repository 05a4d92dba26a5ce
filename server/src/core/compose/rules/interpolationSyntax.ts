import { isScalar, type Node } from 'yaml';
import { walkNodes } from '../../parse/walk';
import type { Finding } from '../../types';
import type { ComposeContext, ComposeRule } from '../../rules/context';
import { scanInterpolations } from '../interpolation';

function checkScalar(ctx: ComposeContext, node: Node | null, findings: Finding[]): void {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range || !node.value.includes('${')) return;
  const [start, end] = node.range;
  const raw = ctx.text.slice(start, end);
  const quote = raw.startsWith('"') || raw.startsWith("'") ? 1 : 0;
  // Offsets inside the value match the text only when nothing was unescaped or folded.
  const maps = raw.slice(quote, quote + node.value.length) === node.value;
  for (const problem of scanInterpolations(node.value).problems) {
    findings.push({
      code: 'compose/interpolation-syntax',
      severity: 'error',
      message: `Invalid interpolation: ${problem.message}.`,
      span: maps ? [start + quote + problem.start, start + quote + problem.end] : [start, end],
    });
  }
}

/** Malformed `${...}` anywhere in a value: Compose stops with "invalid interpolation format". */
export const findInterpolationErrors: ComposeRule = (ctx) => {
  const findings: Finding[] = [];
  if (!ctx.text.includes('${')) return findings;
  walkNodes(ctx.doc, {
    // Keys are never interpolated; values in maps and items in lists are.
    pair(pair) {
      checkScalar(ctx, pair.value as Node | null, findings);
    },
    seq(seq) {
      for (const item of seq.items) checkScalar(ctx, item as Node | null, findings);
    },
  });
  return findings;
};
