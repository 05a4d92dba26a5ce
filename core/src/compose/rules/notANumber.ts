import type { Finding, Path } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asRecord, hasInterpolation } from '../model';
import { CAST_PATTERNS, castFor, matchesPattern } from '../project/interpolate';
import { follow, pathTree, type PathTree } from '../project/pathTree';
import { isDecimalNumber, isWholeNumber } from '../units';
import { resolvedValue, UNKNOWN } from './serviceView';

const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs'];

/**
 * Numbers Compose does not cast while it interpolates but reads when it decodes the service (Go's
 * ParseFloat for CPUs, ParseInt for pids): text that is no number is refused all the same.
 */
const DECODED: ReadonlyArray<{ pattern: readonly string[]; whole: boolean }> = [
  { pattern: ['services', '*', 'deploy', 'resources', 'limits', 'cpus'], whole: false },
  { pattern: ['services', '*', 'deploy', 'resources', 'reservations', 'cpus'], whole: false },
  { pattern: ['services', '*', 'deploy', 'resources', 'limits', 'pids'], whole: true },
];

const DEVICE_COUNTS: ReadonlyArray<readonly string[]> = [
  ['services', '*', 'deploy', 'resources', 'reservations', 'devices', '*', 'count'],
  ['services', '*', 'gpus', '*', 'count'],
];

/** Every typed attribute's path: a walk of the file enters only what leads to one. */
const TYPED: PathTree<true> = pathTree(
  [...CAST_PATTERNS, ...DECODED.map(({ pattern }) => pattern), ...DEVICE_COUNTS].map((pattern) => [pattern, true] as const),
);

/**
 * Calls `visit` with every string value of the file that may be a typed attribute, and its path:
 * the walk leaves out what leads to none (environment, labels, commands), which is most of a file.
 * `path` is the walk's own stack, grown and shrunk in place: whatever keeps a path takes a copy.
 */
function visitStrings(
  value: unknown,
  path: Array<string | number>,
  levels: ReadonlyArray<PathTree<true>>,
  visit: (path: Path, text: string) => void,
): void {
  if (typeof value === 'string') {
    visit(path, value);
    return;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const next = follow(levels, String(index));
      if (next.length === 0) continue;
      path.push(index);
      visitStrings(value[index], path, next, visit);
      path.pop();
    }
    return;
  }
  const record = asRecord(value);
  if (!record) return;
  for (const key of Object.keys(record)) {
    const next = follow(levels, key);
    if (next.length === 0) continue;
    path.push(key);
    visitStrings(record[key], path, next, visit);
    path.pop();
  }
}

function describe(text: string, value: string): string {
  return hasInterpolation(text) ? `"${text}" gives "${value}", which` : `"${value}"`;
}

function where(path: Path): string {
  return path[0] === 'services'
    ? `"${path.slice(2).join('.')}" of service "${String(path[1])}"`
    : `"${path.slice(2).join('.')}" of ${String(path[0]).slice(0, -1)} "${String(path[1])}"`;
}

/**
 * Compose reads these attributes as numbers or booleans, from a literal or an interpolated string
 * alike (`retries: three`, `replicas: ${REPLICAS}` with REPLICAS=two), and refuses text it cannot cast.
 */
export const findUncastableValues: ComposeRule = (ctx) => {
  const file = asRecord(ctx.file) ?? {};
  const findings: Finding[] = [];
  for (const section of SECTIONS) {
    visitStrings(file[section], [section], follow([TYPED], section), (stack, text) => {
      const device = DEVICE_COUNTS.some((pattern) => matchesPattern(stack, pattern));
      const decoded = device ? undefined : DECODED.find(({ pattern }) => matchesPattern(stack, pattern));
      const cast = device || decoded ? undefined : castFor(stack);
      if (!cast && !device && !decoded) return;
      const path = [...stack];
      const value = resolvedValue(ctx, text);
      if (value === UNKNOWN || typeof value !== 'string') return;
      if (decoded) {
        if (!(decoded.whole ? isWholeNumber(value) : isDecimalNumber(value)))
          findings.push(notANumber(ctx, path, text, value, decoded.whole ? 'a whole number' : 'a number'));
        return;
      }
      if (device ? value === 'all' || /^\d+$/.test(value) : cast!.convert(value) !== undefined) return;
      const boolean = cast?.kind === 'boolean';
      const span = ctx.spanWithin(path, { start: 0, length: text.length });
      findings.push({
        code: boolean ? 'compose/not-a-boolean' : 'compose/not-a-number',
        severity: 'error',
        message: boolean
          ? `${describe(text, value)} is not true or false, so Compose cannot read ${where(path)}. Use true or false.`
          : `${describe(text, value)} is not ${device ? 'a number or "all"' : cast!.description}, so Compose cannot read ${where(path)}. Write a number${device ? ', or "all"' : ''}.`,
        span,
      });
    });
  }
  return findings;
};

function notANumber(ctx: Parameters<ComposeRule>[0], path: Path, text: string, value: string, what: string): Finding {
  return {
    code: 'compose/not-a-number',
    severity: 'error',
    message: `${describe(text, value)} is not ${what}, so Compose cannot read ${where(path)}. Write a number.`,
    span: ctx.spanWithin(path, { start: 0, length: text.length }),
  };
}
