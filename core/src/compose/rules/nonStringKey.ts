import { isScalar } from 'yaml';
import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { walkNodes } from '../../parse/walk';

/**
 * Compose reads every key as a string and refuses one YAML reads as a number, a boolean or null
 * (`123:` as a service name, `1: FOO` in `environment`). Quoting the key makes it a string.
 */
function readAs(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'boolean' ? 'a boolean' : 'a number';
}

export const findNonStringKeys: ComposeRule = (ctx) => {
  const findings: Finding[] = [];
  walkNodes(ctx.doc, {
    pair(pair) {
      const key = pair.key;
      if (!isScalar(key) || !key.range || typeof key.value === 'string' || typeof key.value === 'symbol') return;
      const [start, end] = key.range;
      const text = ctx.text.slice(start, end);
      findings.push({
        code: 'compose/non-string-key',
        severity: 'error',
        message: `The key ${text} is read as ${readAs(key.value)}, and Compose refuses keys that are not strings. Quote it: "${text}".`,
        span: [start, end],
        fixes: [{ title: `Quote "${text}"`, edits: [{ span: [start, end], newText: `"${text}"` }], preferred: true }],
      });
    },
  });
  return findings;
};
