/**
 * Text edits on task-definition documents (strict JSON) that leave them valid: removing object members
 * or array items (commas included) and adding entries to objects and arrays. Pure functions of
 * the yaml tree and the text; they return edits, never the new text.
 */
import { isMap, isPair, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { keyName, locate } from '../parse/locate';
import type { Path, Span, TextEdit } from '../types';

type Collection = YAMLMap | YAMLSeq;

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

function onlySpaceBefore(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

/** Where an item starts: a pair's key, or a list item's value. */
function itemStart(item: unknown): number {
  const node = (isPair(item) ? item.key : item) as Node | null;
  return node?.range?.[0] ?? 0;
}

/** Where an item's own text ends, without the spaces and line breaks after it. */
function itemEnd(text: string, item: unknown): number {
  const pair = isPair(item) ? (item as Pair<Node | null, Node | null>) : undefined;
  const node = (pair ? (pair.value ?? pair.key) : item) as Node | null;
  let end = node?.range?.[1] ?? 0;
  if (pair?.key && (pair.key as Node).range) end = Math.max(end, (pair.key as Node).range![1]);
  while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
  return end;
}

/** Index runs [first, last] of neighbouring items, so removals of neighbours never overlap. */
function runsOf(indices: number[]): Array<[number, number]> {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const index of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === index - 1) last[1] = index;
    else runs.push([index, index]);
  }
  return runs;
}

/** JSON-style `{ "a": 1, "b": 2 }`: the run takes one comma with it, or the whole inside when it is everything. */
function flowRemoval(text: string, collection: Collection, [first, last]: [number, number]): Span {
  const items = collection.items;
  if (last < items.length - 1) return [itemStart(items[first]), itemStart(items[last + 1])];
  if (first > 0) return [itemEnd(text, items[first - 1]), itemEnd(text, items[last])];
  const range = collection.range!;
  return [range[0] + 1, range[1] - 1];
}

/** Paths inside another path of the list go with it; editing both would give overlapping edits. */
function withoutNested(paths: readonly Path[]): Path[] {
  const within = (inner: Path, outer: Path): boolean =>
    outer.length < inner.length && outer.every((segment, i) => String(inner[i]) === String(segment));
  return paths.filter((path) => !paths.some((other) => within(path, other)));
}

/** The collection at `path` and the index of each item to remove in it. */
function targetsByCollection(doc: Document, paths: readonly Path[]): Map<Collection, number[]> {
  const targets = new Map<Collection, number[]>();
  for (const path of withoutNested(paths)) {
    if (path.length === 0) continue;
    const parent = locate(doc, path.slice(0, -1));
    if (parent.depth < path.length - 1) continue;
    const collection = parent.value;
    const last = path[path.length - 1]!;
    let index = -1;
    if (isMap(collection)) index = collection.items.findIndex((pair) => keyName(pair.key) === String(last));
    else if (isSeq(collection) && typeof last === 'number' && last < collection.items.length) index = last;
    if (index < 0 || !(isMap(collection) || isSeq(collection))) continue;
    targets.set(collection, [...(targets.get(collection) ?? []), index]);
  }
  return targets;
}

/**
 * Edits that delete the object members and array items at `paths`, taking a separating comma along so
 * the JSON stays valid. Task definitions are strict JSON: every collection is a flow collection.
 */
export function removeProperties(doc: Document, text: string, paths: readonly Path[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const [collection, indices] of targetsByCollection(doc, paths)) {
    for (const run of runsOf(indices)) {
      edits.push({ span: flowRemoval(text, collection, run), newText: '' });
    }
  }
  return edits.sort((a, b) => a.span[0] - b.span[0]);
}

/** One indentation step, read from how the collection's first item sits under its opening line. */
function indentUnit(text: string, collection: Collection): string {
  const first = collection.items[0];
  const start = collection.range?.[0] ?? 0;
  if (first === undefined) return '  ';
  const inner = indentAt(text, itemStart(first));
  const outer = indentAt(text, start);
  return inner.length > outer.length ? inner.slice(outer.length) : '  ';
}

/**
 * Inserts `entry` (JSON text) as the last item of a JSON object or array, on a new line indented like
 * its siblings when they each have their own line.
 */
function appendToFlow(text: string, collection: Collection, entry: string): TextEdit | undefined {
  if (!collection.flow || !collection.range) return undefined;
  const items = collection.items;
  const last = items[items.length - 1];
  if (last === undefined) {
    const inside: Span = [collection.range[0] + 1, collection.range[1] - 1];
    return { span: inside, newText: entry };
  }
  const lastStart = itemStart(last);
  const at = itemEnd(text, last);
  if (!onlySpaceBefore(text, lastStart)) return { span: [at, at], newText: `, ${entry}` };
  const indent = indentAt(text, lastStart);
  return { span: [at, at], newText: `,\n${indent}${entry.replace(/\n/g, `\n${indent}`)}` };
}

/** Adds `"key": value` (value as JSON text) as the last property of the JSON object at `path`. */
export function appendProperty(doc: Document, text: string, path: Path, key: string, value: string): TextEdit | undefined {
  const found = locate(doc, path);
  if (found.depth < path.length || !isMap(found.value)) return undefined;
  return appendToFlow(text, found.value, `${JSON.stringify(key)}: ${value}`);
}

/** Adds `item` (JSON text) as the last entry of the JSON array at `path`. */
export function appendItem(doc: Document, text: string, path: Path, item: string): TextEdit | undefined {
  const found = locate(doc, path);
  if (found.depth < path.length || !isSeq(found.value)) return undefined;
  return appendToFlow(text, found.value, item);
}

/** A multi-line JSON array of one item, indented one step deeper than the object at `path`. */
export function jsonArrayOf(doc: Document, text: string, path: Path, item: string): string {
  const found = locate(doc, path).value;
  const unit = isMap(found) || isSeq(found) ? indentUnit(text, found) : '  ';
  return `[\n${unit}${item}\n]`;
}

/** Replaces a scalar's text with a JSON value. */
export function replaceValue(span: Span, json: string): TextEdit {
  return { span, newText: json };
}
