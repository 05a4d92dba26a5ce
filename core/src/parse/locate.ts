import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { Path, Span } from '../types';

/** Where a path ends up in the yaml tree: the pair's key (for map entries) and the value node. */
export interface Located {
  key?: Node;
  value?: Node | null;
  /** How many segments of the path were found; less than the path's length when it climbed. */
  depth: number;
}

/** A map key as text; the `<<` merge key parses to a symbol, which reads back as "<<". */
export function keyName(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  return typeof node.value === 'symbol' ? '<<' : String(node.value);
}

type AnyPair = Pair<Node, Node | null>;

/** Key → first pair, for big maps only: finding many keys in a 5,000-service map must not be quadratic. */
const indexes = new WeakMap<Node, Map<string, AnyPair>>();
const INDEX_FROM = 32;

/** A map's entries changed (an entry read again in place, see reparse.ts): its index is built anew when next asked. */
export function forgetPairIndex(map: Node): void {
  indexes.delete(map);
}

function pairIndex(map: Node & { items: unknown[] }): Map<string, AnyPair> {
  let index = indexes.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) {
      const name = isPair(item) ? keyName(item.key) : undefined;
      if (name !== undefined && !index.has(name)) index.set(name, item as AnyPair);
    }
    indexes.set(map, index);
  }
  return index;
}

/** Finds a key's pair in a map, following `<<` merge keys the way Compose resolves them. */
function findPair(doc: Document, map: Node, key: string, seen?: Set<Node>): AnyPair | undefined {
  if (!isMap(map) || seen?.has(map)) return undefined;
  if (map.items.length >= INDEX_FROM) {
    const direct = pairIndex(map).get(key);
    if (direct || !pairIndex(map).has('<<')) return direct;
  }
  let merged: AnyPair | undefined;
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const name = keyName(item.key);
    if (name === key) return item as AnyPair;
    if (name === '<<' && !merged) {
      // Only a merge key leads on to other maps, so only then is a set of the maps searched needed
      // (against alias cycles, and against searching one map twice through several merge keys).
      const searched = (seen ?? new Set<Node>()).add(map);
      const sources = isSeq(item.value) ? item.value.items : [item.value];
      for (const source of sources) {
        const target = isAlias(source) ? source.resolve(doc) : source;
        const found = target ? findPair(doc, target as Node, key, searched) : undefined;
        if (found) {
          merged = found;
          break;
        }
      }
    }
  }
  return merged;
}

/** The pair a map node (or an alias to one) holds for `key`, `<<` merge keys followed; one step of locate. */
export function pairOf(doc: Document, node: Node | null | undefined, key: string): Pair<Node, Node | null> | undefined {
  const target = isAlias(node) ? (node.resolve(doc) as Node | undefined) : node;
  return target ? findPair(doc, target, key) : undefined;
}

/** Walks `path` from the document root; stops at the deepest node that exists. */
export function locate(doc: Document, path: Path): Located {
  let current: Node | null | undefined = doc.contents as Node | null;
  let key: Node | undefined;
  let depth = 0;
  for (const segment of path) {
    if (isAlias(current)) current = current.resolve(doc) as Node | undefined;
    if (isMap(current)) {
      const pair = findPair(doc, current, String(segment));
      if (!pair) break;
      key = pair.key;
      current = pair.value;
    } else if (isSeq(current) && typeof segment === 'number' && segment < current.items.length) {
      key = undefined;
      current = current.items[segment] as Node | null;
    } else {
      break;
    }
    depth++;
  }
  return { key, value: current, depth };
}

function nodeSpan(node: Node | null | undefined): Span | undefined {
  const range = node?.range;
  return range ? [range[0], range[1]] : undefined;
}

export type SpanPart = 'key' | 'value' | 'auto';

/**
 * The smallest true span for a path: the key for "key", the value for "value"; "auto" takes a scalar
 * value, or the key when the value is a whole block (so a squiggle never covers a hundred lines).
 */
export function spanOf(doc: Document, path: Path, part: SpanPart, lineEnd: (offset: number) => number): Span {
  const found = locate(doc, path);
  const climbed = found.depth < path.length;
  const keySpan = nodeSpan(found.key);
  const valueSpan = nodeSpan(found.value);
  const valueIsBlock = found.value != null && !isScalar(found.value) && !isAlias(found.value);
  let span: Span | undefined;
  if (part === 'key' || climbed) span = keySpan ?? valueSpan;
  else if (part === 'value') span = valueSpan && valueSpan[1] > valueSpan[0] ? valueSpan : keySpan;
  else span = valueIsBlock || !valueSpan || valueSpan[1] === valueSpan[0] ? (keySpan ?? valueSpan) : valueSpan;
  if (!span) return [0, Math.min(1, lineEnd(0))];
  if (valueIsBlock && span === valueSpan) return [span[0], Math.max(span[0] + 1, Math.min(span[1], lineEnd(span[0])))];
  return span;
}
