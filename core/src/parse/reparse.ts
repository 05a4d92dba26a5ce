import { isMap, isScalar, Pair, YAMLMap, type Document, type Node } from 'yaml';
import { fastParseEntry, isFastParsed, markFastParsed } from './fast/fastParse';
import { forgetPairIndex, keyName } from './locate';
import { duplicateKeyFindings, type ParsedText } from './parseText';
import type { Finding, Span } from '../types';

/** What changed between two texts: `[start, end)` of the old text became `text`. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

/** A block mapping's entry and where it sits. */
interface Entry {
  map: YAMLMap;
  index: number;
  /** Column of the mapping's keys. */
  indent: number;
  /** Block collections around the entry's key (the root mapping counts one). */
  depth: number;
  /** Start of the line of the next entry's key: the entry (with the filler after it) ends there. */
  nextLine: number;
}

/**
 * The parse of `text`, made from `previous` (the parse of the text before `change`) when the change
 * stays inside one entry of the root mapping or of a mapping directly under it (a service, a network,
 * a top-level key): that entry alone is read again, from the new text, and everything after it moves
 * by the change's length. Undefined when that cannot give exactly what parsing the whole new text
 * gives — the caller then parses the whole text.
 *
 * Exact by construction: only a document the fast parser built (see fastParse.ts) is updated, and the
 * entry is read by the same parser from the same place in the new text, so every node is the node a
 * full fast parse would build; the nodes after it differ only in their offsets. `previous` is used up:
 * its Document is updated in place and becomes the new parse's.
 */
export function reparse(previous: ParsedText, text: string, change: TextChange): ParsedText | undefined {
  const { doc } = previous;
  if (previous.unreadable || !isFastParsed(doc) || !isMap(doc.contents)) return undefined;
  const delta = text.length - previous.text.length;
  if (change.text.length - (change.end - change.start) !== delta) return undefined;
  // The changed text with a character either side, where a CR could lose or gain its LF.
  if (!plainCharacters(text.slice(Math.max(0, change.start - 1), change.start + change.text.length + 1))) return undefined;

  const entry = entryAround(doc.contents, previous.text, change);
  if (!entry) return undefined;
  const old = entry.map.items[entry.index] as Pair<Node, Node>;
  const lineStart = (old.key.range as [number, number, number])[0] - entry.indent;
  const read = fastParseEntry(text, doc, lineStart, entry.indent, entry.depth);
  // The next entry must start where it did (moved by the change), at the same column, as a key.
  if (!read || read.nextLine !== entry.nextLine + delta || read.nextColumn !== entry.indent || read.nextIsItem) return undefined;
  const { pair } = read;
  const name = keyName(pair.key);
  if (name === undefined || name === '<<' || collides(entry, name)) return undefined;
  const findings = findingsAround(previous.findings, doc, entry, old, pair, delta);
  if (!findings) return undefined;

  entry.map.items[entry.index] = pair;
  forgetPairIndex(entry.map);
  shift(doc, entry.nextLine, delta, pair);
  const parsed: ParsedText = { ...previous, text, findings, value: replaceEntry(previous.value, doc, entry, old, pair) };
  markFastParsed(doc);
  return parsed;
}

/**
 * No control characters but tab and line ends (parseText's binary check counts them), no byte order
 * mark, and every CR starting a CRLF: the fast parser checks these once for the whole text.
 */
function plainCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfeff) return false;
    if (c === 13 && i + 1 < text.length && text.charCodeAt(i + 1) !== 10) return false;
  }
  return true;
}

/**
 * The deepest entry holding the whole change: of the root mapping, or of the block mapping that is an
 * entry's value (`services:` → one service). Its key's first character must come at or before the
 * change, and the newline before the next entry's line after it: then the change can move neither
 * the key's column nor where the next entry begins.
 */
function entryAround(root: YAMLMap, text: string, change: TextChange): Entry | undefined {
  let found: Entry | undefined;
  let map = root;
  for (let depth = 1; depth <= 2; depth++) {
    const indent = columnOf(map, text);
    if (indent === undefined) return found;
    const index = entryIndex(map, change.start);
    if (index < 0 || index + 1 >= map.items.length) return found;
    const next = (map.items[index + 1] as Pair<Node>).key.range;
    if (!next) return found;
    const nextLine = next[0] - indent;
    if (change.end >= nextLine) return found;
    found = { map, index, indent, depth, nextLine };
    const value = (map.items[index] as Pair<Node, Node | null>).value;
    if (!isMap(value) || value.flow) return found;
    map = value;
  }
  return found;
}

/** The column of a block mapping's keys: its first key's, which must be the first thing on its line. */
function columnOf(map: YAMLMap, text: string): number | undefined {
  if (map.flow || map.items.length === 0) return undefined;
  const first = (map.items[0] as Pair<Node>).key;
  if (!isScalar(first) || !first.range) return undefined;
  const at = first.range[0];
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^ *$/.test(text.slice(lineStart, at)) ? at - lineStart : undefined;
}

/** The index of the entry whose key starts at or before `offset` (the last such), or -1. */
function entryIndex(map: YAMLMap, offset: number): number {
  let low = 0;
  let high = map.items.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const start = (map.items[mid] as Pair<Node>).key.range?.[0] ?? Infinity;
    if (start <= offset) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/**
 * The findings of the new parse. A fast-parsed document's only findings are duplicate keys (it reads
 * nothing else that parseText reports on), listed in the order parseText's walk meets their mappings:
 * mapping by mapping, each before what it holds. Those of the mappings inside the entry form one run,
 * found by their place in the text, which the entry's new ones replace; those after it move. A
 * duplicate among the keys of the entry's own mapping or of the root mapping sits outside that order
 * (its mapping comes before everything in it): undefined, and the whole text is parsed.
 */
function findingsAround(
  previous: readonly Finding[],
  doc: Document,
  entry: Entry,
  old: Pair<Node>,
  pair: Pair,
  delta: number,
): Finding[] | undefined {
  const fresh = duplicateKeyFindings({ contents: pair.value as Node });
  if (previous.length === 0) return fresh;
  if (previous.some((f) => f.code !== 'yaml/duplicate-key' || isKeyOf(doc.contents as YAMLMap, f.span) || isKeyOf(entry.map, f.span)))
    return undefined;
  const start = (old.key.range as [number, number, number])[0];
  const inside = (f: Finding): boolean => f.span[0] >= start && f.span[0] < entry.nextLine;
  const first = previous.findIndex(inside);
  const before = previous.filter((f) => f.span[0] < start);
  const after = previous.filter((f) => f.span[0] >= entry.nextLine).map((f) => moved(f, entry.nextLine, delta));
  // The run inside the entry sits between those before and those after it, or where they meet.
  if (first >= 0 && first !== before.length) return undefined;
  return [...before, ...fresh, ...after];
}

/** Whether a span starts at one of a mapping's own keys. */
function isKeyOf(map: YAMLMap, span: Span): boolean {
  return map.items.some((item) => (item.key as Node | null)?.range?.[0] === span[0]);
}

/** A finding after the change, with every offset in it moved by the change's length. */
function moved(finding: Finding, from: number, delta: number): Finding {
  const move = (span: Span): Span => [span[0] >= from ? span[0] + delta : span[0], span[1] >= from ? span[1] + delta : span[1]];
  const shifted: Finding = { ...finding, span: move(finding.span) };
  if (finding.related) shifted.related = finding.related.map((r) => ({ ...r, span: move(r.span) }));
  return shifted;
}

/** A renamed key that another entry of the same mapping already has: parseText reports that. */
function collides(entry: Entry, name: string): boolean {
  const old = keyName((entry.map.items[entry.index] as Pair).key);
  if (old === name) return false;
  return entry.map.items.some((item, i) => i !== entry.index && keyName(item.key) === name);
}

/** Moves every offset at or after `from` by `delta`, in every node but the new entry's. */
function shift(doc: Document, from: number, delta: number, skip: Pair): void {
  if (delta === 0) return;
  const move = (range: [number, number, number] | null | undefined): void => {
    if (!range) return;
    for (let i = 0; i < 3; i++) if (range[i]! >= from) range[i]! += delta;
  };
  move(doc.range as [number, number, number]);
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop() as (Node & { items?: unknown[] }) | Pair | null;
    if (!node || node === skip) continue;
    if (node instanceof Pair) {
      stack.push(node.key, node.value);
      continue;
    }
    const range = node.range as [number, number, number] | undefined;
    // A node that ends before the change has nothing after it to move.
    if (!range || range[2] < from) continue;
    move(range);
    if (node.items) for (const item of node.items) stack.push(item);
  }
}

/** The plain value with the entry's new value (and key) in place, sharing everything else. */
function replaceEntry(value: unknown, doc: Document, entry: Entry, old: Pair, pair: Pair): unknown {
  const [key, js] = plainEntry(doc, pair);
  const [oldKey] = plainEntry(doc, new Pair(old.key, null));
  const root = value as Record<string, unknown>;
  if (entry.depth === 1) return swapped(root, oldKey, key, js);
  const section = (doc.contents as YAMLMap).items.find((item) => item.value === entry.map);
  const [sectionKey] = plainEntry(doc, new Pair(section?.key, null));
  const record = root[sectionKey] as Record<string, unknown>;
  // A section (the services) is updated in place, as the Document is: copying a thousand services'
  // record costs more than the rest of the update. The root is new, so what is cached by it (the
  // services' list, compose/model.ts) is made again.
  if (oldKey === key) record[key] = js;
  return { ...root, [sectionKey]: oldKey === key ? record : swapped(record, oldKey, key, js) };
}

/** A copy of `record` with the entry `oldKey` replaced by `key: js`, in its place. */
function swapped(record: Record<string, unknown>, oldKey: string, key: string, js: unknown): Record<string, unknown> {
  if (oldKey === key) return { ...record, [key]: js };
  return Object.fromEntries(Object.entries(record).map(([k, v]) => (k === oldKey ? [key, js] : [k, v])));
}

/** A pair as yaml's toJS makes it: the key as the object key it becomes, and the plain value. */
function plainEntry(doc: Document, pair: Pair): [string, unknown] {
  const single = new YAMLMap(doc.schema);
  single.items.push(pair);
  const entries = Object.entries(single.toJS(doc) as Record<string, unknown>);
  return entries[0] as [string, unknown];
}
