/**
 * Values as Compose reads them when it loads the project: interpolated with the variables the host
 * knows, and, when the file is one of several, merged with the project's other files. The load-time
 * rules judge these values and report on the keys this file writes.
 */
import type { ComposeContext } from '../../rules/context';
import { asRecord, hasInterpolation, servicesOf, type Json } from '../model';
import { interpolateString } from '../project/interpolate';

/** A value that holds a variable the host cannot resolve: the rules make no claim about it. */
export const UNKNOWN: unique symbol = Symbol('unknown');

export type Resolved = unknown;

const noVariables = (): undefined => undefined;

/** A value of this file as Compose will read it, or UNKNOWN when it depends on a variable nobody knows. */
export function resolvedValue(ctx: ComposeContext, value: unknown): Resolved {
  if (typeof value !== 'string' || !value.includes('$')) return value;
  if (hasInterpolation(value) && !ctx.variables) return UNKNOWN;
  return interpolateString(value, ctx.variables ?? noVariables).value;
}

/** The value at `keys` inside `root`. */
export function valueAt(root: unknown, keys: readonly string[]): unknown {
  let current = root;
  for (const key of keys) current = asRecord(current)?.[key];
  return current;
}

/** One service of this file, with the values Compose will judge. */
export interface ServiceView {
  name: string;
  /** The service as this file writes it. */
  own: Json;
  /** The value at `keys`: the project's (merged, interpolated) when there is one, else this file's, resolved. */
  get(keys: readonly string[]): Resolved;
  /** True when this file writes the key itself (so a finding about it belongs here). */
  writes(keys: readonly string[]): boolean;
}

/**
 * The views made for one check, shared by the dozen rules that ask (each would otherwise make a
 * thousand of them for a large file): kept while the context holds the same file, project and variables.
 */
const viewsCache = new WeakMap<ComposeContext, { file: unknown; project: unknown; variables: unknown; views: readonly ServiceView[] }>();

/** Every service of this file, seen as Compose will load it. */
export function serviceViews(ctx: ComposeContext): readonly ServiceView[] {
  const hit = viewsCache.get(ctx);
  if (hit && hit.file === ctx.file && hit.project === ctx.project && hit.variables === ctx.variables) return hit.views;
  const views = makeViews(ctx);
  viewsCache.set(ctx, { file: ctx.file, project: ctx.project, variables: ctx.variables, views });
  return views;
}

function makeViews(ctx: ComposeContext): ServiceView[] {
  const merged = asRecord(asRecord(ctx.project)?.['services']);
  return servicesOf(ctx.file).map(([name, own]) => {
    const project = asRecord(merged?.[name]);
    return {
      name,
      own,
      get: (keys) => (project ? valueAt(project, keys) : resolvedValue(ctx, valueAt(own, keys))),
      writes: (keys) => valueAt(own, keys) !== undefined,
    };
  });
}

/** A top-level section (secrets, volumes…) as Compose will see it: the project's when there is one. */
export function projectSection(ctx: ComposeContext, section: string): Json {
  return asRecord(asRecord(ctx.project ?? ctx.file)?.[section]) ?? {};
}

/** A whole number as Compose casts one (strconv.Atoi), from a number or its text. */
export function asInteger(value: Resolved): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  return typeof value === 'string' && /^[+-]?\d+$/.test(value) ? Number(value) : undefined;
}

/** A number as Compose casts one (strconv.ParseFloat), from a number or its text. */
export function asNumber(value: Resolved): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() !== value || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** "a", "a" and "b", "a", "b" and "c": names quoted for a sentence. */
export function quotedList(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
