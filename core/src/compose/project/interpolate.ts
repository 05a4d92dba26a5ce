/**
 * Variable substitution as Compose performs it (12-interpolation.md): `$VAR`, `${VAR}`, the six
 * operators, nesting inside defaults and messages, and `$$` for a literal `$`. The syntax scanner
 * (../interpolation.ts) finds the references; this module decides what each one becomes, and keeps a
 * record of every variable used so an editor can say where a value came from.
 */
import type { Path, Span } from '../../types';
import { scanInterpolations, type Interpolation } from '../interpolation';

/** Where a variable's value was found. */
export type VariableOrigin = 'environment' | '.env';

/** A variable the lookup knows, and the `.env` line that set it when it came from a file. */
export interface KnownVariable {
  value: string;
  source: VariableOrigin;
  file?: string;
  line?: number;
}

export type VariableLookup = (name: string) => KnownVariable | undefined;

/** One `$VAR` / `${VAR…}` in a string, and what it turned into. */
export interface VariableUse {
  name: string;
  /** The text this reference put into the string. */
  value: string;
  /**
   * What decided that text: the variable's value ('environment' or '.env'), the fallback written after
   * the operator ('default'), or nothing at all ('unset': the reference became empty).
   */
  source: VariableOrigin | 'default' | 'unset';
  /** The reference's span within the string, from `$` to the end. */
  span: Span;
  /** The variable's own value when it is set (differs from `value` for `${VAR:+alt}`). */
  variableValue?: string;
  /** The `.env` file and line that set the variable, when it came from one. */
  origin?: { file?: string; line?: number };
}

export interface InterpolationIssue {
  severity: 'error' | 'warning';
  kind: 'required' | 'unset' | 'syntax' | 'type';
  message: string;
  span: Span;
  name?: string;
}

export interface InterpolatedString {
  value: string;
  variables: VariableUse[];
  problems: InterpolationIssue[];
}

/** A lookup over plain name → value records, the first record that has the name winning. */
export function lookupIn(...records: Array<Record<string, string | undefined>>): VariableLookup {
  return (name) => {
    for (const record of records) {
      const value = Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
      if (value !== undefined) return { value, source: 'environment' };
    }
    return undefined;
  };
}

/** Resolves every reference in `text`. Offsets in the result are relative to `text`. */
export function interpolateString(text: string, lookup: VariableLookup): InterpolatedString {
  return resolveAt(text, 0, lookup);
}

function resolveAt(text: string, offset: number, lookup: VariableLookup): InterpolatedString {
  const result: InterpolatedString = { value: '', variables: [], problems: [] };
  if (!text.includes('$')) {
    result.value = text;
    return result;
  }
  const scan = scanInterpolations(text, offset);
  if (scan.problems.length > 0) {
    // Compose refuses the whole value ("invalid interpolation format"); keep it as written.
    result.value = text;
    for (const problem of scan.problems) {
      result.problems.push({
        severity: 'error',
        kind: 'syntax',
        message: `Invalid interpolation: ${problem.message}.`,
        span: [problem.start, problem.end],
      });
    }
    return result;
  }
  let position = offset;
  for (const reference of outermost(scan.interpolations)) {
    result.value += unescapeDollars(text.slice(position - offset, reference.start - offset));
    const resolved = resolveReference(reference, lookup);
    result.value += resolved.value;
    result.variables.push(...resolved.variables);
    result.problems.push(...resolved.problems);
    position = reference.end;
  }
  result.value += unescapeDollars(text.slice(position - offset));
  return result;
}

/** The scanner lists nested references after their parent; only the outermost ones are substituted here. */
function outermost(references: Interpolation[]): Interpolation[] {
  const top: Interpolation[] = [];
  let end = -1;
  for (const reference of [...references].sort((a, b) => a.start - b.start)) {
    if (reference.start >= end) {
      top.push(reference);
      end = reference.end;
    }
  }
  return top;
}

/** Between references, `$$` is an escaped `$`; a lone `$` that starts no name stays as it is. */
function unescapeDollars(literal: string): string {
  return literal.replace(/\$\$/g, '$');
}

function resolveReference(reference: Interpolation, lookup: VariableLookup): InterpolatedString {
  const { name, operator } = reference;
  const span: Span = [reference.start, reference.end];
  const known = lookup(name);
  const isSet = known !== undefined;
  const isNonEmpty = isSet && known.value !== '';
  const fromVariable = (): InterpolatedString => used(known!.value, known!, span, name);
  // Defaults, messages and alternatives are themselves interpolated, but only when they are used.
  const argument = (): InterpolatedString => resolveAt(reference.argument ?? '', argumentOffset(reference), lookup);

  switch (operator) {
    case undefined:
      if (isSet) return fromVariable();
      return {
        value: '',
        variables: [{ name, value: '', source: 'unset', span }],
        problems: [
          { severity: 'warning', kind: 'unset', name, span, message: `The "${name}" variable is not set. Defaulting to a blank string.` },
        ],
      };
    case ':-':
    case '-':
      if (operator === ':-' ? isNonEmpty : isSet) return fromVariable();
      return fallback(argument(), name, span, known);
    case ':?':
    case '?':
      if (operator === ':?' ? isNonEmpty : isSet) return fromVariable();
      return missingRequired(argument(), name, span);
    case ':+':
    case '+': {
      if (operator === ':+' ? isNonEmpty : isSet) {
        const alternative = argument();
        const use: VariableUse = { ...originOf(known!), name, value: alternative.value, span, variableValue: known!.value };
        return { value: alternative.value, variables: [use, ...alternative.variables], problems: alternative.problems };
      }
      // Unset (or empty for ":+") gives the variable's own value, which is empty; no warning, as asked.
      const value = known?.value ?? '';
      const use: VariableUse = known
        ? { ...originOf(known), name, value, span, variableValue: value }
        : { name, value, source: 'unset', span };
      return { value, variables: [use], problems: [] };
    }
  }
}

function argumentOffset(reference: Interpolation): number {
  return reference.start + 2 + reference.name.length + (reference.operator?.length ?? 0);
}

function originOf(known: KnownVariable): Pick<VariableUse, 'source' | 'origin'> {
  if (known.file === undefined && known.line === undefined) return { source: known.source };
  return {
    source: known.source,
    origin: { ...(known.file !== undefined ? { file: known.file } : {}), ...(known.line !== undefined ? { line: known.line } : {}) },
  };
}

function used(value: string, known: KnownVariable, span: Span, name: string): InterpolatedString {
  return { value, variables: [{ ...originOf(known), name, value, span, variableValue: known.value }], problems: [] };
}

function fallback(fallbackText: InterpolatedString, name: string, span: Span, known: KnownVariable | undefined): InterpolatedString {
  const use: VariableUse = { name, value: fallbackText.value, source: 'default', span, ...(known ? { variableValue: known.value } : {}) };
  return { value: fallbackText.value, variables: [use, ...fallbackText.variables], problems: fallbackText.problems };
}

function missingRequired(messageText: InterpolatedString, name: string, span: Span): InterpolatedString {
  const reason = messageText.value;
  const message = reason ? `required variable ${name} is missing a value: ${reason}` : `required variable ${name} is missing a value`;
  return {
    value: '',
    variables: [{ name, value: '', source: 'unset', span }, ...messageText.variables],
    problems: [...messageText.problems, { severity: 'error', kind: 'required', name, span, message }],
  };
}

// ---------------------------------------------------------------------------------------------------
// Whole values

export interface ValueVariableUse extends VariableUse {
  /** The path of the string the reference sits in. */
  path: Path;
}

export interface ValueInterpolationIssue extends InterpolationIssue {
  path: Path;
}

export interface InterpolatedValue {
  value: unknown;
  variables: ValueVariableUse[];
  problems: ValueInterpolationIssue[];
}

export interface InterpolateValueOptions {
  /** Subtrees to leave alone (a `!reset` value is dropped before it is ever used). */
  skip?: (path: Path) => boolean;
  /** The path of `value` itself, when it is part of a larger document. */
  basePath?: Path;
}

/**
 * Interpolates every string value (never a key) of a plain Compose value, returning a new value. A
 * string that fed a typed attribute (`cpus`, `tty`, `ports[].target`…) is cast to that type, as
 * Compose does, so `cpus: ${CPUS}` yields a number.
 */
export function interpolateValue(value: unknown, lookup: VariableLookup, options: InterpolateValueOptions = {}): InterpolatedValue {
  const result: InterpolatedValue = { value: undefined, variables: [], problems: [] };
  result.value = interpolateNode(value, [...(options.basePath ?? [])], lookup, options.skip, result);
  return result;
}

/** `path` is the walk's own stack, grown and shrunk in place: whatever keeps a path gets a copy. */
function interpolateNode(
  value: unknown,
  path: Array<string | number>,
  lookup: VariableLookup,
  skip: InterpolateValueOptions['skip'],
  out: InterpolatedValue,
): unknown {
  if (skip?.([...path])) return value;
  // A string with no `$` has nothing to interpolate (interpolateString gives it back as it is).
  if (typeof value === 'string') return value.includes('$') ? interpolateLeaf(value, [...path], lookup, out) : value;
  if (Array.isArray(value)) {
    return value.map((item, index) => {
      path.push(index);
      const interpolated = interpolateNode(item, path, lookup, skip, out);
      path.pop();
      return interpolated;
    });
  }
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      path.push(key);
      copy[key] = interpolateNode(record[key], path, lookup, skip, out);
      path.pop();
    }
    return copy;
  }
  return value;
}

function interpolateLeaf(text: string, path: Path, lookup: VariableLookup, out: InterpolatedValue): unknown {
  const resolved = interpolateString(text, lookup);
  out.variables.push(...resolved.variables.map((use) => ({ ...use, path })));
  out.problems.push(...resolved.problems.map((problem) => ({ ...problem, path })));
  // Only a value that was interpolated is cast: a literal "abc" in `cpus` is the schema's to report.
  if (resolved.variables.length === 0) return resolved.value;
  const cast = castFor(path);
  if (!cast) return resolved.value;
  const typed = cast.convert(resolved.value);
  if (typed !== undefined) return typed;
  out.problems.push({
    severity: 'error',
    kind: 'type',
    path,
    span: [0, text.length],
    message: `"${text}" gave "${resolved.value}", which is not ${cast.description}.`,
  });
  return resolved.value;
}

// ---------------------------------------------------------------------------------------------------
// Type casts: Compose reads these attributes as numbers or booleans after substitution.

export interface Cast {
  kind: 'number' | 'boolean';
  description: string;
  convert(text: string): unknown;
}

const toInteger: Cast = {
  kind: 'number',
  description: 'a whole number',
  convert: (text) => (/^[+-]?\d+$/.test(text.trim()) ? Number(text) : undefined),
};
const toFloat: Cast = {
  kind: 'number',
  description: 'a number',
  convert: (text) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined),
};
const toBoolean: Cast = {
  kind: 'boolean',
  description: 'a boolean (true or false)',
  convert: (text) => {
    const lower = text.trim().toLowerCase();
    if (['true', 'y', 'yes', 'on'].includes(lower)) return true;
    if (['false', 'n', 'no', 'off'].includes(lower)) return false;
    return undefined;
  },
};

const CASTS: Array<[pattern: string[], cast: Cast]> = [
  ...(
    [
      ['cpu_count', toInteger],
      ['cpu_percent', toFloat],
      ['cpu_period', toInteger],
      ['cpu_quota', toInteger],
      ['cpu_rt_period', toInteger],
      ['cpu_rt_runtime', toInteger],
      ['cpus', toFloat],
      ['cpu_shares', toInteger],
      ['init', toBoolean],
      ['depends_on.*.required', toBoolean],
      ['depends_on.*.restart', toBoolean],
      ['deploy.replicas', toInteger],
      ['deploy.update_config.parallelism', toInteger],
      ['deploy.update_config.max_failure_ratio', toFloat],
      ['deploy.rollback_config.parallelism', toInteger],
      ['deploy.rollback_config.max_failure_ratio', toFloat],
      ['deploy.restart_policy.max_attempts', toInteger],
      ['deploy.placement.max_replicas_per_node', toInteger],
      ['healthcheck.retries', toInteger],
      ['healthcheck.disable', toBoolean],
      ['oom_kill_disable', toBoolean],
      ['oom_score_adj', toInteger],
      ['pids_limit', toInteger],
      ['ports.*.target', toInteger],
      ['privileged', toBoolean],
      ['read_only', toBoolean],
      ['scale', toInteger],
      ['stdin_open', toBoolean],
      ['tty', toBoolean],
      ['ulimits.*', toInteger],
      ['ulimits.*.hard', toInteger],
      ['ulimits.*.soft', toInteger],
      ['volumes.*.read_only', toBoolean],
      ['volumes.*.volume.nocopy', toBoolean],
    ] as Array<[string, Cast]>
  ).map(([attribute, cast]): [string[], Cast] => [['services', '*', ...attribute.split('.')], cast]),
  ...['external', 'internal', 'attachable', 'enable_ipv4', 'enable_ipv6'].map((key): [string[], Cast] => [
    ['networks', '*', key],
    toBoolean,
  ]),
  ...['volumes', 'secrets', 'configs'].map((kind): [string[], Cast] => [[kind, '*', 'external'], toBoolean]),
];

/**
 * The casts that may apply to a path, by its last segment (those whose pattern ends in `*` apply to
 * any), in CASTS's order: a lookup runs for every string of a file, and tries a few patterns, not all.
 */
const lastSegment = (path: readonly unknown[]): string => String(path[path.length - 1]);
const WILDCARD_CASTS = CASTS.filter(([pattern]) => lastSegment(pattern) === '*');
const CASTS_BY_LAST = new Map(
  CASTS.map(([pattern]) => lastSegment(pattern)).map((last) => [
    last,
    CASTS.filter(([pattern]) => [last, '*'].includes(lastSegment(pattern))),
  ]),
);

/** Where the casts apply: the paths of the typed attributes (`*` for any key or index). */
export const CAST_PATTERNS: ReadonlyArray<readonly string[]> = CASTS.map(([pattern]) => pattern);

/** The type Compose casts the string at `path` to, if it casts it. */
export function castFor(path: Path): Cast | undefined {
  return (CASTS_BY_LAST.get(lastSegment(path)) ?? WILDCARD_CASTS).find(([pattern]) => matchesPattern(path, pattern))?.[1];
}

/** True when `path` has the pattern's length and each segment equals it or meets a `*`. */
export function matchesPattern(path: Path, pattern: readonly string[]): boolean {
  return path.length === pattern.length && pattern.every((segment, i) => segment === '*' || segment === String(path[i]));
}
