import type { Finding, Path } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asRecord, hasInterpolation } from '../model';
import { castFor, matchesPattern } from '../project/interpolate';
import { isDecimalNumber, isWholeNumber } from '../units';
import { resolvedValue, UNKNOWN } from './serviceView';

const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs'];
/** As deep as the deepest typed attribute (services.*.deploy.resources.reservations.devices.*.count). */
const MAX_DEPTH = 8;

/**
 * Calls `visit` with every string value of the file's typed sections and its path. `path` is the
 * walk's own stack, grown and shrunk in place (the file has thousands of strings, few of them typed):
 * whatever keeps a path takes a copy.
 */
function visitStrings(value: unknown, path: Array<string | number>, visit: (path: Path, text: string) => void): void {
  if (typeof value === 'string') {
    visit(path, value);
    return;
  }
  if (path.length >= MAX_DEPTH) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      path.push(index);
      visitStrings(item, path, visit);
      path.pop();
    });
    return;
  }
  const record = asRecord(value);
  if (!record) return;
  for (const key of Object.keys(record)) {
    path.push(key);
    visitStrings(record[key], path, visit);
    path.pop();
  }
}

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
    visitStrings(file[section], [section], (stack, text) => {
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
