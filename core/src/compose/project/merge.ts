/**
 * Merging Compose models (13-merge.md), with the attribute rules Compose itself applies:
 *
 * - mappings merge key by key, recursively; a null in the override keeps the base value;
 * - sequences are appended, then entries that share a unique key (a volume's target, a port's
 *   address, an environment variable's name…) collapse into the later one, in the earlier position;
 * - `command`, `entrypoint` and `healthcheck.test` are replaced, never appended;
 * - attributes written either as a list or as a mapping (`environment`, `labels`, `depends_on`,
 *   `networks`, `extra_hosts`…) are merged by name whatever syntax each side uses;
 * - `!reset` in an override file removes the value, `!override` replaces it whole (see layerOf).
 *
 * Shape of merged list-or-mapping attributes: when both sides use list syntax the result is a list;
 * otherwise it is a mapping (list entries converted); an empty side has no say. Nothing is ever
 * mutated; results are new values.
 */
import { isAlias, isMap, isPair, isSeq, type Document, type Node } from 'yaml';
import { keyName } from '../../parse/locate';
import type { ParsedText } from '../../parse/parseText';
import type { Path } from '../../types';
import { parseShortPort } from '../ports';
import { splitShortVolume } from '../model';
import { matchesPattern } from './interpolate';
import { follow, pathTree, type PathTree } from './pathTree';

type Mapping = Record<string, unknown>;

export interface MergeProblem {
  path: Path;
  message: string;
}

type Merger = (base: unknown, override: unknown, path: Path, problems: MergeProblem[]) => unknown;

/** Merges `override` onto `base` at `path` (the path decides which attribute rule applies). */
export function mergeValues(base: unknown, override: unknown, path: Path = [], problems: MergeProblem[] = []): unknown {
  const special = SPECIAL_MERGERS.find(([pattern]) => matchesPattern(path, pattern))?.[1];
  const merged = special ? special(base, override, path, problems) : mergeGeneric(base, override, path, problems);
  return Array.isArray(merged) ? uniqueEntries(merged, path) : merged;
}

function mergeGeneric(base: unknown, override: unknown, path: Path, problems: MergeProblem[]): unknown {
  if (override === undefined || override === null) return clonePlain(base);
  if (isMapping(base)) {
    if (isMapping(override)) return mergeMappings(base, override, path, problems);
    return mismatch(base, override, path, problems);
  }
  if (Array.isArray(base)) {
    if (Array.isArray(override)) return [...clonePlain(base), ...clonePlain(override)];
    return mismatch(base, override, path, problems);
  }
  return clonePlain(override);
}

/** Compose refuses to merge a mapping with a list; the later file's value stands, and we say so. */
function mismatch(base: unknown, override: unknown, path: Path, problems: MergeProblem[]): unknown {
  problems.push({
    path,
    message: `Cannot merge ${describe(override)} into ${describe(base)} at "${path.join('.')}"; the later file's value replaces it.`,
  });
  return clonePlain(override);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isMapping(value)) return 'a mapping';
  return `the value ${JSON.stringify(value)}`;
}

export function mergeMappings(base: Mapping, override: Mapping, path: Path, problems: MergeProblem[] = []): Mapping {
  const has = (mapping: Mapping, key: string): boolean => Object.prototype.hasOwnProperty.call(mapping, key);
  // The base's keys keep their order; only what the override leaves alone is copied as it is.
  const result: Mapping = {};
  for (const [key, value] of Object.entries(base))
    result[key] = has(override, key) ? mergeValues(value, override[key], [...path, key], problems) : clonePlain(value);
  for (const [key, value] of Object.entries(override)) if (!has(base, key)) result[key] = clonePlain(value);
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Attribute rules

const replace: Merger = (_base, override) => clonePlain(override);

/** `build: ./dir` is `build: { context: ./dir }`, so either form merges with the other. */
const mergeBuild: Merger = (base, override, path, problems) => {
  const asBuild = (value: unknown): Mapping | undefined =>
    typeof value === 'string' ? { context: value } : isMapping(value) ? value : undefined;
  const baseBuild = asBuild(base);
  const overrideBuild = asBuild(override);
  if (!baseBuild || !overrideBuild) return clonePlain(overrideBuild ?? baseBuild ?? override);
  return mergeMappings(baseBuild, overrideBuild, path, problems);
};

/** `environment`, `labels` and their kin: `KEY=VALUE` lists and mappings, merged by key. */
const mergeKeyValues: Merger = (base, override) => {
  const entries = [...keyValueEntries(base), ...keyValueEntries(override)];
  if (listSyntaxWins(base, override)) return entries.map(([key, value]) => (value === null ? key : `${key}=${String(value)}`));
  const result: Mapping = {};
  for (const [key, value] of entries) result[key] = clonePlain(value);
  return result;
};

/**
 * List-or-mapping attributes keep list syntax when both sides use it. An empty side (`{}`, `[]`,
 * null) has no say, so resetting the last entry of a list does not turn it into a mapping.
 */
function listSyntaxWins(base: unknown, override: unknown): boolean {
  const sides = [base, override];
  const meaningful = sides.filter((side) => !isEmptyCollection(side));
  return (meaningful.length > 0 ? meaningful : sides).every((side) => !isMapping(side));
}

function isEmptyCollection(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isMapping(value) && Object.keys(value).length === 0;
}

function keyValueEntries(value: unknown): Array<[string, unknown]> {
  if (isMapping(value)) return Object.entries(value);
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.map((entry): [string, unknown] => {
    const text = String(entry);
    const equals = text.indexOf('=');
    return equals < 0 ? [text, null] : [text.slice(0, equals), text.slice(equals + 1)];
  });
}

/** `dns`, `env_file`, `tmpfs`…: a string or a list; the result is always a list. */
const mergeAsList: Merger = (base, override) => [...asList(base), ...asList(override)].map((entry) => clonePlain(entry));

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/**
 * `depends_on`, `networks`, `models`: a list of names or a mapping of name → options. List entries
 * become the options Compose gives a bare name (for depends_on: started, required).
 */
function mergeNamed(defaultOptions: () => unknown): Merger {
  return (base, override, path, problems) => {
    if (listSyntaxWins(base, override)) {
      return [...new Set([...asList(base), ...asList(override)].map(String))];
    }
    return mergeMappings(namedAsMapping(base, defaultOptions), namedAsMapping(override, defaultOptions), path, problems);
  };
}

function namedAsMapping(value: unknown, defaultOptions: () => unknown): Mapping {
  if (isMapping(value)) return value;
  const result: Mapping = {};
  for (const name of asList(value)) result[String(name)] = defaultOptions();
  return result;
}

/** `extra_hosts`: one host may map to several addresses, so only identical host/address pairs collapse. */
const mergeExtraHosts: Merger = (base, override) => {
  const pairs: Array<[string, string]> = [];
  for (const pair of [...hostPairs(base), ...hostPairs(override)]) {
    if (!pairs.some(([host, address]) => host === pair[0] && address === pair[1])) pairs.push(pair);
  }
  if (listSyntaxWins(base, override)) return pairs.map(([host, address]) => `${host}=${address}`);
  const result: Record<string, string | string[]> = {};
  for (const [host, address] of pairs) {
    const existing = result[host];
    result[host] = existing === undefined ? address : [...(Array.isArray(existing) ? existing : [existing]), address];
  }
  return result;
};

function hostPairs(value: unknown): Array<[string, string]> {
  if (isMapping(value)) {
    return Object.entries(value).flatMap(([host, address]) => asList(address).map((a): [string, string] => [host, String(a)]));
  }
  return asList(value).map((entry): [string, string] => {
    const text = String(entry);
    // `host=address` is the documented form; `host:address` the older one (IPv6 addresses hold ":").
    const separator = text.includes('=') ? text.indexOf('=') : text.indexOf(':');
    return separator < 0 ? [text, ''] : [text.slice(0, separator), text.slice(separator + 1)];
  });
}

/** Logging options only merge when both files use the same driver (or one names none). */
const mergeLogging: Merger = (base, override, path, problems) => {
  if (!isMapping(base) || !isMapping(override)) return mergeGeneric(base, override, path, problems);
  const sameDriver = base['driver'] === undefined || override['driver'] === undefined || base['driver'] === override['driver'];
  return sameDriver ? mergeMappings(base, override, path, problems) : clonePlain(override);
};

/** IPAM pools are matched by subnet: a pool for the same subnet is merged, a new one added. */
const mergeIpamConfig: Merger = (base, override, path, problems) => {
  if (!Array.isArray(base) || !Array.isArray(override)) return mergeGeneric(base, override, path, problems);
  const result = clonePlain(base);
  for (const pool of override) {
    const index = result.findIndex((existing) => isMapping(existing) && isMapping(pool) && existing['subnet'] === pool['subnet']);
    const existing = result[index];
    if (index >= 0 && isMapping(existing) && isMapping(pool)) result[index] = mergeMappings(existing, pool, path, problems);
    else result.push(clonePlain(pool));
  }
  return result;
};

const service = (attribute: string): string[] => ['services', '*', ...attribute.split('.')];

const KEY_VALUE_ATTRIBUTES = [
  'annotations',
  'build.args',
  'build.additional_contexts',
  'build.labels',
  'deploy.labels',
  'environment',
  'labels',
  'sysctls',
];
const LIST_ATTRIBUTES = ['dns', 'dns_opt', 'dns_search', 'env_file', 'label_file', 'tmpfs'];

const SPECIAL_MERGERS: Array<[pattern: string[], merger: Merger]> = [
  [service('command'), replace],
  [service('entrypoint'), replace],
  [service('healthcheck.test'), replace],
  [service('build'), mergeBuild],
  ...KEY_VALUE_ATTRIBUTES.map((attribute): [string[], Merger] => [service(attribute), mergeKeyValues]),
  [['networks', '*', 'labels'], mergeKeyValues],
  [['volumes', '*', 'labels'], mergeKeyValues],
  ...LIST_ATTRIBUTES.map((attribute): [string[], Merger] => [service(attribute), mergeAsList]),
  [service('depends_on'), mergeNamed(() => ({ condition: 'service_started', required: true }))],
  [service('networks'), mergeNamed(() => null)],
  [service('models'), mergeNamed(() => null)],
  [service('extra_hosts'), mergeExtraHosts],
  [service('build.extra_hosts'), mergeExtraHosts],
  [service('logging'), mergeLogging],
  // Each ulimit is replaced whole: a `nofile` in the override is not merged with the base's.
  [service('ulimits.*'), replace],
  [['networks', '*', 'ipam', 'config'], mergeIpamConfig],
];

// ---------------------------------------------------------------------------------------------------
// Unique keys of sequences: entries with the same key collapse into the later one.

type Indexer = (entry: unknown) => string;

const byWhole: Indexer = (entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry));
const byName: Indexer = (entry) => (typeof entry === 'string' ? (entry.split('=')[0] ?? entry) : JSON.stringify(entry));

const byVolumeTarget: Indexer = (entry) => {
  if (typeof entry === 'string') return splitShortVolume(entry).target;
  const target = isMapping(entry) ? entry['target'] : undefined;
  return typeof target === 'string' ? target : JSON.stringify(entry);
};

const byDeviceTarget: Indexer = (entry) => {
  if (typeof entry === 'string') {
    const parts = entry.split(':');
    return (parts.length === 1 ? parts[0] : parts[1]) ?? entry;
  }
  const target = isMapping(entry) ? entry['target'] : undefined;
  return typeof target === 'string' ? target : JSON.stringify(entry);
};

/** Secrets and configs are unique by where they appear in the container. */
function byMountTarget(defaultDirectory: string): Indexer {
  return (entry) => {
    if (typeof entry === 'string') return `${defaultDirectory}/${entry}`;
    if (!isMapping(entry)) return JSON.stringify(entry);
    if (typeof entry['target'] === 'string') return entry['target'];
    return `${defaultDirectory}/${String(entry['source'])}`;
  };
}

/** A port is unique by host address, published port, container port and protocol, in either syntax. */
const byPortAddress: Indexer = (entry) => {
  if (typeof entry === 'number') return `:${entry}/tcp`;
  if (typeof entry === 'string') {
    const parsed = parseShortPort(entry);
    if (!parsed.ok) return entry;
    const { hostIp, published, target, protocol } = parsed.mapping;
    const range = (r: { start: number; end: number }): string => (r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`);
    return `${hostIp ?? ''}:${published ? range(published) : ''}:${range(target)}/${protocol}`;
  }
  if (!isMapping(entry)) return JSON.stringify(entry);
  const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
  return `${text(entry['host_ip'])}:${text(entry['published'])}:${text(entry['target'])}/${text(entry['protocol']) || 'tcp'}`;
};

const byEnvFilePath: Indexer = (entry) => (isMapping(entry) ? String(entry['path']) : byWhole(entry));

const UNIQUE_SEQUENCES: Array<[pattern: string[], indexer: Indexer]> = [
  ...[
    'annotations',
    'build.args',
    'build.additional_contexts',
    'build.labels',
    'build.platforms',
    'build.tags',
    'cap_add',
    'cap_drop',
    'deploy.labels',
    'dns',
    'dns_opt',
    'dns_search',
    'environment',
    'labels',
    'links',
    'networks.*.aliases',
    'networks.*.link_local_ips',
    'profiles',
    'sysctls',
    'tmpfs',
  ].map((attribute): [string[], Indexer] => [service(attribute), byName]),
  [['networks', '*', 'labels'], byName],
  [['volumes', '*', 'labels'], byName],
  [service('volumes'), byVolumeTarget],
  [service('devices'), byDeviceTarget],
  [service('secrets'), byMountTarget('/run/secrets')],
  [service('configs'), byMountTarget('')],
  [service('ports'), byPortAddress],
  [service('expose'), (entry) => String(entry)],
  [service('env_file'), byEnvFilePath],
];

function uniqueEntries(list: unknown[], path: Path): unknown[] {
  const indexer = UNIQUE_SEQUENCES.find(([pattern]) => matchesPattern(path, pattern))?.[1];
  return indexer ? uniqueBy(list, indexer) : list;
}

/** The list with entries of the same key collapsed into the later one, in the earlier position; the list itself when none repeat. */
function uniqueBy(list: unknown[], indexer: Indexer): unknown[] {
  const result: unknown[] = [];
  const positions = new Map<string, number>();
  for (const entry of list) {
    const key = indexer(entry);
    const position = positions.get(key);
    if (position === undefined) {
      positions.set(key, result.length);
      result.push(entry);
    } else {
      result[position] = entry;
    }
  }
  return result.length === list.length ? list : result;
}

/** A unique-key rule with its place in UNIQUE_SEQUENCES: where two patterns apply, the first listed wins. */
interface UniqueRule {
  order: number;
  indexer: Indexer;
}
type UniqueStep = PathTree<UniqueRule>;

/** UNIQUE_SEQUENCES as a tree: a walk learns whether a rule lies further down and, at a list, which applies. */
const UNIQUE_TREE: UniqueStep = pathTree(UNIQUE_SEQUENCES.map(([pattern, indexer], order) => [pattern, { order, indexer }] as const));

function ruleAt(steps: readonly UniqueStep[]): Indexer | undefined {
  let rule: UniqueRule | undefined;
  for (const step of steps) if (step.value && (!rule || step.value.order < rule.order)) rule = step.value;
  return rule?.indexer;
}

/**
 * Applies the unique-key rule to a whole model, as Compose does after loading each file, so that a
 * single file's repeated port or volume target also collapses. The value must be the caller's own
 * (a merge's result): what no rule changes is returned as it is, not copied.
 */
export function enforceUniqueness(value: unknown, path: Path = []): unknown {
  return uniqueWithin(
    value,
    path.reduce<readonly UniqueStep[]>((steps, segment) => follow(steps, String(segment)), [UNIQUE_TREE]),
  );
}

function uniqueWithin(value: unknown, steps: readonly UniqueStep[]): unknown {
  // A scalar, or a place no unique-key rule reaches, stays as it is.
  if (value === null || typeof value !== 'object' || steps.length === 0) return value;
  if (Array.isArray(value)) {
    let items = value;
    value.forEach((item, i) => {
      const unique = uniqueWithin(item, follow(steps, String(i)));
      if (unique === item) return;
      if (items === value) items = [...value];
      items[i] = unique;
    });
    const indexer = ruleAt(steps);
    return indexer ? uniqueBy(items, indexer) : items;
  }
  if (!isMapping(value)) return value;
  let result: Mapping | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const unique = uniqueWithin(item, follow(steps, key));
    if (unique === item) continue;
    result ??= { ...value };
    result[key] = unique;
  }
  return result ?? value;
}

// ---------------------------------------------------------------------------------------------------
// Files: `!reset` and `!override`

/** Paths of the values a file tagged `!reset` (remove) or `!override` (replace whole). */
export interface MergeTags {
  resets: Path[];
  overrides: Path[];
}

/** A file ready to merge: its plain value without the `!reset` values, and the tagged paths. */
export interface ComposeLayer {
  value: unknown;
  tags: MergeTags;
}

const MAX_TAG_VISITS = 100_000;

/**
 * Finds `!reset` and `!override` on the yaml Document. Values reached through a `<<` merge key keep
 * the path of the mapping they are merged into, as Compose resolves them.
 */
export function findMergeTags(doc: Document): MergeTags {
  const tags: MergeTags = { resets: [], overrides: [] };
  if (!doc.contents) return tags;
  let visits = 0;
  const visit = (node: unknown, path: Path, viaAliases: Set<Node>): void => {
    if (++visits > MAX_TAG_VISITS) return;
    let target = node;
    if (isAlias(node)) {
      const resolved = node.resolve(doc) as Node | undefined;
      if (!resolved || viaAliases.has(resolved)) return; // an alias inside its own anchor
      viaAliases = new Set(viaAliases).add(resolved);
      target = resolved;
    }
    const tag = (target as { tag?: string } | null)?.tag;
    if (tag === '!reset' || tag === '!override') {
      // Nothing below a tagged value is looked at: it is removed or taken whole.
      (tag === '!reset' ? tags.resets : tags.overrides).push(path);
      return;
    }
    if (isMap(target)) {
      for (const pair of target.items) {
        if (!isPair(pair)) continue;
        const key = keyName(pair.key);
        if (key === undefined) continue;
        if (key === '<<') {
          for (const source of isSeq(pair.value) ? pair.value.items : [pair.value]) visit(source, path, viaAliases);
        } else {
          visit(pair.value, [...path, key], viaAliases);
        }
      }
    } else if (isSeq(target)) {
      target.items.forEach((item, index) => visit(item, [...path, index], viaAliases));
    }
  };
  visit(doc.contents, [], new Set());
  return tags;
}

/** A parsed file as a merge layer: `!reset` values removed from its plain value, tags recorded. */
export function layerOf(parsed: Pick<ParsedText, 'doc' | 'value'>): ComposeLayer {
  const tags = findMergeTags(parsed.doc);
  return { value: withoutPaths(parsed.value, tags.resets), tags };
}

/** Removes each path from a plain value (deepest first, so list indices stay valid). */
export function withoutPaths(value: unknown, paths: readonly Path[]): unknown {
  // Nothing to remove: every caller merges from the value without changing it, so no copy is needed.
  if (paths.length === 0) return value;
  let result = clonePlain(value);
  const deepestFirst = [...paths].sort((a, b) => b.length - a.length || compareLastSegmentDescending(a, b));
  for (const path of deepestFirst) result = removePath(result, path);
  return result;
}

function compareLastSegmentDescending(a: Path, b: Path): number {
  const x = a[a.length - 1];
  const y = b[b.length - 1];
  return typeof x === 'number' && typeof y === 'number' ? y - x : 0;
}

/** Deletes in place in an already-cloned value; the root itself "removed" becomes undefined. */
function removePath(value: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const parent = path.slice(0, -1).reduce<unknown>((node, segment) => childOf(node, segment), value);
  const last = path[path.length - 1]!;
  if (isMapping(parent) && typeof last === 'string') delete parent[last];
  else if (Array.isArray(parent)) removeFromList(parent, last);
  return value;
}

function childOf(node: unknown, segment: string | number): unknown {
  if (Array.isArray(node) && typeof segment === 'number') return node[segment];
  if (isMapping(node)) return node[String(segment)];
  return undefined;
}

/**
 * In the override file an index names the item itself. A name removes it from a list written in
 * list syntax (`environment: [FOO=bar]` reset by `environment: { FOO: !reset }`), which Compose
 * itself does not do but which is plainly what the reset asks for.
 */
function removeFromList(list: unknown[], segment: string | number): void {
  if (typeof segment === 'number') {
    if (segment < list.length) list.splice(segment, 1);
    return;
  }
  for (let i = list.length - 1; i >= 0; i--) {
    const entry = list[i];
    if (typeof entry === 'string' && (entry === segment || entry.startsWith(`${segment}=`))) list.splice(i, 1);
  }
}

/**
 * Merges one file onto the model built so far: values the file resets or overrides are first
 * removed from the base (a reset removes; an override then lands on empty ground and so replaces),
 * then the file merges in normally. Indices in the base are never removed: an item of the base
 * cannot be named by its position from another file.
 */
export function mergeLayer(base: unknown, layer: ComposeLayer, problems: MergeProblem[] = []): unknown {
  const cleared = withoutPaths(
    base,
    [...layer.tags.resets, ...layer.tags.overrides].filter((path) => path.every((s) => typeof s === 'string')),
  );
  if (cleared === undefined) return clonePlain(layer.value);
  return mergeValues(cleared, layer.value, [], problems);
}

/** Merges parsed Compose files, base first, the way `docker compose -f a -f b` does (without interpolation). */
export function mergeComposeFiles(files: Array<Pick<ParsedText, 'doc' | 'value'>>, problems: MergeProblem[] = []): unknown {
  let model: unknown = {};
  for (const file of files) model = enforceUniqueness(mergeLayer(model, layerOf(file), problems));
  return model;
}

// ---------------------------------------------------------------------------------------------------

export function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A deep copy of plain data (the merge hands out values no caller shares with another). */
export function clonePlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => clonePlain(item)) as T;
  if (isMapping(value)) {
    const copy: Mapping = {};
    for (const [key, item] of Object.entries(value)) copy[key] = clonePlain(item);
    return copy as T;
  }
  return value;
}
