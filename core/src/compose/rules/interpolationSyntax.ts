import { isScalar, type Node } from 'yaml';
import { walkNodes } from '../../parse/walk';
import type { Finding, Span } from '../../types';
import type { ComposeContext, ComposeRule } from '../../rules/context';
import { scanInterpolations, type ScanResult } from '../interpolation';

/** The interpolations of one scalar value, and how an offset inside the value maps to the text. */
interface ScalarScan {
  scan: ScanResult;
  spanOf(start: number, end: number): Span;
}

function scanScalar(ctx: ComposeContext, node: Node | null): ScalarScan | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range || !node.value.includes('$')) return undefined;
  const [start, end] = node.range;
  const raw = ctx.text.slice(start, end);
  const quote = raw.startsWith('"') || raw.startsWith("'") ? 1 : 0;
  // Offsets inside the value match the text only when nothing was unescaped or folded.
  const maps = raw.slice(quote, quote + node.value.length) === node.value;
  return {
    scan: scanInterpolations(node.value),
    spanOf: (from, to) => (maps ? [start + quote + from, start + quote + to] : [start, end]),
  };
}

/** Every scalar value of the document (keys are never interpolated), scanned for `$`. */
export function eachInterpolatedScalar(ctx: ComposeContext, visit: (scalar: ScalarScan) => void): void {
  if (!ctx.text.includes('$')) return;
  const check = (node: unknown): void => {
    const scanned = scanScalar(ctx, node as Node | null);
    if (scanned) visit(scanned);
  };
  walkNodes(ctx.doc, {
    pair: (pair) => check(pair.value),
    seq: (seq) => seq.items.forEach(check),
  });
}

/** Malformed `${...}` anywhere in a value: Compose stops with "invalid interpolation format". */
export const findInterpolationErrors: ComposeRule = (ctx) => {
  const findings: Finding[] = [];
  eachInterpolatedScalar(ctx, ({ scan, spanOf }) => {
    for (const problem of scan.problems) {
      findings.push({
        code: 'compose/interpolation-syntax',
        severity: 'error',
        message: `Invalid interpolation: ${problem.message}.`,
        span: spanOf(problem.start, problem.end),
      });
    }
  });
  return findings;
};

/**
 * Variables that are neither in the environment nor in `.env`: Compose substitutes an empty string
 * (and warns), or stops when the reference says the variable is required (`${VAR:?message}`).
 * Runs only when the host can say which variables exist.
 */
export const findUnsetVariables: ComposeRule = (ctx) => {
  const lookup = ctx.variables;
  if (!lookup) return [];
  const findings: Finding[] = [];
  eachInterpolatedScalar(ctx, ({ scan, spanOf }) => {
    for (const use of scan.interpolations) {
      const known = lookup(use.name);
      const span = spanOf(use.start, use.end);
      // `${VAR:?message}` also refuses a variable that is set but empty; `${VAR?message}` accepts it.
      if (known !== undefined && known.value === '' && use.operator === ':?') {
        findings.push({
          code: 'compose/required-variable',
          severity: 'error',
          message: `${use.name} is required${use.argument ? ` ("${use.argument}")` : ''} but is set to an empty string; Compose will stop here. Give it a value.`,
          span,
        });
        continue;
      }
      if (known !== undefined) continue;
      if (use.operator === ':?' || use.operator === '?') {
        findings.push({
          code: 'compose/required-variable',
          severity: 'error',
          message: `${use.name} is required${use.argument ? ` ("${use.argument}")` : ''} but is set neither in the environment nor in .env; Compose will stop here.`,
          span,
        });
      } else if (use.operator === undefined) {
        findings.push({
          code: 'compose/unset-variable',
          severity: 'warning',
          message: `${use.name} is set neither in the environment nor in .env, so Compose substitutes an empty string. Set it, or give a default: \${${use.name}:-value}.`,
          span,
        });
      }
    }
  });
  return findings;
};
