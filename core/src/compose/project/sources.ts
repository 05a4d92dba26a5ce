/**
 * Where each key of the merged model was written. Keys inside mappings are recorded down to any
 * depth; items of sequences are not (their positions change as files merge), so a list is traced to
 * the files that wrote the list.
 */
import type { Document } from 'yaml';
import { locate } from '../../parse/locate';
import type { Path } from '../../types';
import { isMapping } from './merge';
import type { SourceLocation, SourceMap } from './types';

/** A path as a JSON pointer (RFC 6901): `['services', 'web', 'image']` → `/services/web/image`. */
export function pointerOf(path: Path): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Records every mapping key of `value` (the plain value of `doc`) as written in `file`. */
export function recordSources(doc: Document, value: unknown, file: string): SourceMap {
  const sources: SourceMap = new Map();
  const walk = (node: unknown, path: Path): void => {
    if (!isMapping(node)) return;
    for (const [key, child] of Object.entries(node)) {
      const childPath = [...path, key];
      const found = locate(doc, childPath);
      if (found.depth === childPath.length && found.key?.range) {
        const location: SourceLocation = { file, span: [found.key.range[0], found.key.range[1]] };
        const valueRange = found.value?.range;
        if (valueRange) location.valueSpan = [valueRange[0], valueRange[1]];
        sources.set(pointerOf(childPath), [location]);
      }
      walk(child, childPath);
    }
  };
  walk(value, []);
  return sources;
}

/** Appends `from`'s contributions after those already in `into` (a later file wins). */
export function addSources(into: SourceMap, from: SourceMap, via?: SourceLocation['via']): void {
  for (const [pointer, locations] of from) {
    const list = into.get(pointer) ?? [];
    list.push(...locations.map((location) => (via && !location.via ? { ...location, via } : location)));
    into.set(pointer, list);
  }
}

/** Forgets everything recorded at `path` and below it (the value was reset or replaced). */
export function dropSources(sources: SourceMap, path: Path): void {
  const pointer = pointerOf(path);
  for (const key of [...sources.keys()]) {
    if (key === pointer || key.startsWith(`${pointer}/`)) sources.delete(key);
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
  for (let length = path.length; length > 0; length--) {
    const locations = sources.get(pointerOf(path.slice(0, length)));
    if (locations && locations.length > 0) return locations[locations.length - 1];
  }
  return undefined;
}

/** Puts inherited contributions (from `extends` or `include`) before those already recorded: the base comes first. */
export function addSourcesBefore(into: SourceMap, inherited: SourceMap): void {
  for (const [pointer, locations] of inherited) into.set(pointer, [...locations, ...(into.get(pointer) ?? [])]);
}
