/**
 * Where each key of the merged model was written. Keys inside mappings are recorded down to any
 * depth; items of sequences are not (their positions change as files merge), so a list is traced to
 * the files that wrote the list.
 */
import type { Document, Node } from 'yaml';
import { pairOf } from '../../parse/locate';
import type { Path } from '../../types';
import { isMapping } from './merge';
import type { SourceLocation, SourceMap } from './types';

/** A path as a JSON pointer (RFC 6901): `['services', 'web', 'image']` → `/services/web/image`. */
export function pointerOf(path: Path): string {
  return path.map(pointerSegment).join('');
}

function pointerSegment(segment: string | number): string {
  return `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * Records every mapping key of `value` (the plain value of `doc`) as written in `file`. The yaml tree
 * is walked beside the value, one step per key, so a file of thousands of services stays linear.
 */
export function recordSources(doc: Document, value: unknown, file: string): SourceMap {
  const sources: SourceMap = new Map();
  const walk = (plain: unknown, node: Node | null | undefined, pointer: string): void => {
    if (!isMapping(plain)) return;
    for (const [key, child] of Object.entries(plain)) {
      const childPointer = pointer + pointerSegment(key);
      const pair = node ? pairOf(doc, node, key) : undefined;
      const location = locationOf(pair, file);
      if (location) sources.set(childPointer, [location]);
      walk(child, pair?.value, childPointer);
    }
  };
  walk(value, doc.contents as Node | null, '');
  return sources;
}

/**
 * A source map built the first time it is asked for. Recording every key of a large file is most of
 * what loading it costs, and most loads (a diagnostics run with nothing to place on the merged model,
 * or a problem or two to place) never need the whole map. Whoever changes the map asks for it first,
 * so the map a caller sees is the one an eager build would have given: only the recording of keys
 * nothing changed is put off, and its inputs (the parsed document and its plain value) never change.
 */
export class LazySources {
  private map: SourceMap | undefined;

  /**
   * `probe`, when given, answers `get().get(pointerOf(path))` for the map `build` would make, without
   * making it.
   */
  constructor(
    private readonly build: () => SourceMap,
    private readonly probe?: (path: Path) => SourceLocation[] | undefined,
  ) {}

  get(): SourceMap {
    return (this.map ??= this.build());
  }

  /** The entry at `path`; built or probed, the same answer. */
  entryAt(path: Path): SourceLocation[] | undefined {
    return this.map === undefined && this.probe ? this.probe(path) : this.get().get(pointerOf(path));
  }

  /** sourceOf over this map. */
  sourceOf(path: Path): SourceLocation | undefined {
    return lastSourceAlong(path, (prefix) => this.entryAt(prefix));
  }
}

/**
 * The entry recordSources would make at `path` (after `dropped` were dropped from it), found by
 * walking to it alone.
 */
export function recordedAt(
  doc: Document,
  value: unknown,
  file: string,
  dropped: readonly Path[],
  path: Path,
): SourceLocation[] | undefined {
  const pointer = pointerOf(path);
  if (path.length === 0 || dropped.some((reset) => under(pointer, pointerOf(reset)))) return undefined;
  let plain = value;
  let node = doc.contents as Node | null | undefined;
  let location: SourceLocation | undefined;
  for (const segment of path) {
    const key = String(segment);
    if (!isMapping(plain) || !Object.prototype.propertyIsEnumerable.call(plain, key)) return undefined;
    const pair = node ? pairOf(doc, node, key) : undefined;
    location = locationOf(pair, file);
    plain = plain[key];
    node = pair?.value;
  }
  return location ? [location] : undefined;
}

/** Where a mapping key and its value are written, when the parser placed the key. */
function locationOf(pair: ReturnType<typeof pairOf>, file: string): SourceLocation | undefined {
  if (!pair?.key?.range) return undefined;
  const location: SourceLocation = { file, span: [pair.key.range[0], pair.key.range[1]] };
  const valueRange = pair.value?.range;
  if (valueRange) location.valueSpan = [valueRange[0], valueRange[1]];
  return location;
}

/** True when `pointer` is `at` or below it. */
function under(pointer: string, at: string): boolean {
  return pointer === at || pointer.startsWith(`${at}/`);
}

/** Appends `from`'s contributions after those already in `into` (a later file wins). */
export function addSources(into: SourceMap, from: SourceMap, via?: SourceLocation['via']): void {
  for (const [pointer, locations] of from) {
    const added = via ? locations.map((location) => (location.via ? location : { ...location, via })) : locations;
    const list = into.get(pointer);
    if (list) list.push(...added);
    else into.set(pointer, [...added]);
  }
}

/** Forgets everything recorded at `path` and below it (the value was reset or replaced). */
export function dropSources(sources: SourceMap, path: Path): void {
  const pointer = pointerOf(path);
  for (const key of [...sources.keys()]) {
    if (under(key, pointer)) sources.delete(key);
  }
}

/** The entries recorded under `path`, re-rooted at `to` (a service's sources copied to the service extending it). */
export function rebaseSources(sources: SourceMap, from: Path, to: Path, via?: SourceLocation['via']): SourceMap {
  const fromPointer = pointerOf(from);
  const toPointer = pointerOf(to);
  const result: SourceMap = new Map();
  for (const [pointer, locations] of sources) {
    if (!pointer.startsWith(`${fromPointer}/`)) continue;
    result.set(
      toPointer + pointer.slice(fromPointer.length),
      locations.map((location) => (via ? { ...location, via } : location)),
    );
  }
  return result;
}

/** The entries recorded under a top-level section's name (`services/web`, with everything below it). */
export function sourcesUnder(sources: SourceMap, path: Path): SourceMap {
  const pointer = pointerOf(path);
  const result: SourceMap = new Map();
  for (const [key, locations] of sources) if (key === pointer || key.startsWith(`${pointer}/`)) result.set(key, locations);
  return result;
}

/**
 * Where the value at `path` was last written: its own entry, or that of the nearest mapping key
 * above it (a list item is traced to its list).
 */
export function sourceOf(sources: SourceMap, path: Path): SourceLocation | undefined {
  return lastSourceAlong(path, (prefix) => sources.get(pointerOf(prefix)));
}

/** The last location `entryAt` gives for `path`, else for the nearest key above it that has one. */
function lastSourceAlong(path: Path, entryAt: (prefix: Path) => SourceLocation[] | undefined): SourceLocation | undefined {
  for (let length = path.length; length > 0; length--) {
    const locations = entryAt(path.slice(0, length));
    if (locations && locations.length > 0) return locations[locations.length - 1];
  }
  return undefined;
}

/** Puts inherited contributions (from `extends` or `include`) before those already recorded: the base comes first. */
export function addSourcesBefore(into: SourceMap, inherited: SourceMap): void {
  for (const [pointer, locations] of inherited) into.set(pointer, [...locations, ...(into.get(pointer) ?? [])]);
}
