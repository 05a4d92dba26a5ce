/**
 * A tolerant, line-by-line reader for block YAML. It builds the document's plain value from
 * indentation alone (lines it cannot place are skipped, never fatal) and, on the cursor's line, notes
 * what is being written there and under which path. Where a clean parse of a 1,000-service file takes
 * hundreds of milliseconds, this takes a few, and it copes with the line the user is half-way through.
 *
 * Deliberately out of scope: anchors and aliases (an alias reads as null, `<<` merges are skipped),
 * multi-line plain and quoted scalars (their continuation lines are skipped), explicit `? ` keys.
 */
import type { PathSegment } from '../../types';
import { plainScalarValue } from '../../parse/scalarText';
import { unescapeQuoted, type CursorContext } from './cursor';
import { quotedEnd, scanFlow } from './flowScan';

type Json = Record<string, unknown>;

interface Frame {
  kind: 'map' | 'seq';
  /** The column of the frame's keys (map) or dashes (seq). */
  col: number;
  value: Json | unknown[];
  path: PathSegment[];
  /** map: the last key, when its value is still to come on the following lines. */
  openKey?: string;
  /** seq: true when the last entry is still to come on the following lines. */
  openItem?: boolean;
}

/** One line, split into its parts; offsets are into the whole text. */
interface Line {
  start: number;
  /** End of the line's text, before any line break. */
  end: number;
  /** Offset of the first non-space character (=== end for a blank line). */
  contentStart: number;
  /** Offsets of the `-` of each block-sequence dash at the start of the line. */
  dashes: number[];
  /** Offset where the node after the dashes starts (=== end when there is none). */
  nodeStart: number;
  /** The line's key, when its node is `key: value` (it is then `keyPart`). */
  key?: KeyPart;
  /** Storage for `key`, reused from line to line. */
  keyPart: KeyPart;
  /** The scalar or flow text after the key's colon (or the node itself when there is no key). */
  valueStart: number;
  valueEnd: number;
  /** Offset of a `#` that starts a comment on this line. */
  comment?: number;
}

export interface YamlSketch {
  value: unknown;
  cursor?: CursorContext;
  inComment: boolean;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';
const SPACE = 32;
const TAB = 9;
const isBlankCode = (c: number): boolean => c === SPACE || c === TAB;

interface KeyPart {
  name: string;
  start: number;
  end: number;
  innerStart: number;
  innerEnd: number;
  quote?: '"' | "'";
  colon: number;
}

function newLine(): Line {
  const keyPart: KeyPart = { name: '', start: 0, end: 0, innerStart: 0, innerEnd: 0, colon: 0 };
  return { start: 0, end: 0, contentStart: 0, dashes: [], nodeStart: 0, keyPart, valueStart: 0, valueEnd: 0 };
}

/**
 * Splits one line (between `start` and `end`) into dashes, key, value and comment. Every line of a
 * large file passes through here, so the caller may pass a `Line` to fill in rather than a new one.
 */
function splitLine(text: string, start: number, end: number, line: Line = newLine()): Line {
  let i = start;
  while (i < end && isBlankCode(text.charCodeAt(i))) i++;
  const contentStart = i;
  const dashes = line.dashes;
  dashes.length = 0;
  while (i < end && text.charCodeAt(i) === 45 /* - */ && (i + 1 === end || isBlankCode(text.charCodeAt(i + 1)))) {
    dashes.push(i);
    i++;
    while (i < end && isBlankCode(text.charCodeAt(i))) i++;
  }
  const nodeStart = i;
  const comment = findComment(text, nodeStart, end);
  const stop = comment ?? end;
  line.start = start;
  line.end = end;
  line.contentStart = contentStart;
  line.nodeStart = nodeStart;
  line.valueStart = nodeStart;
  line.valueEnd = trimEnd(text, nodeStart, stop);
  line.comment = comment;
  line.key = undefined;
  if (nodeStart >= stop) return line;
  if (findKey(text, nodeStart, stop, line.keyPart)) {
    const key = line.keyPart;
    line.key = key;
    let v = key.colon + 1;
    while (v < stop && isBlank(text[v])) v++;
    line.valueStart = v;
    line.valueEnd = Math.max(v, trimEnd(text, v, stop));
  }
  return line;
}

function trimEnd(text: string, from: number, to: number): number {
  while (to > from && isBlank(text[to - 1])) to--;
  return to;
}

/** A `#` at the start of the node or after a blank, outside quoted scalars, starts a comment. */
function findComment(text: string, from: number, end: number): number | undefined {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */ && (i === from || isBlankCode(text.charCodeAt(i - 1)))) return i;
    if ((c === 34 /* " */ || c === 39) /* ' */ && (i === from || OPENS_SCALAR.has(text.charCodeAt(i - 1)))) {
      const q = quotedEnd(text, i);
      i = Math.min(q.end, end) - 1;
    }
  }
  return undefined;
}

/** Characters after which a quote starts a quoted scalar (rather than sitting inside a plain one). */
const OPENS_SCALAR = new Set([SPACE, TAB, 58 /* : */, 44 /* , */, 91 /* [ */, 123 /* { */, 45 /* - */]);

/** The key of a `key: value` node, if the node is one (plain or quoted key, `:` then a blank or the end). */
function findKey(text: string, from: number, stop: number, into: KeyPart): boolean {
  const c = text[from];
  if (c === '"' || c === "'") {
    const q = quotedEnd(text, from);
    if (!q.closed || q.end > stop) return false;
    let j = q.end;
    while (j < stop && isBlank(text[j])) j++;
    if (text[j] !== ':' || (j + 1 < stop && !isBlank(text[j + 1]))) return false;
    return setKeyPart(into, unescapeQuoted(text.slice(from + 1, q.end - 1), c), from, q.end, from + 1, q.end - 1, j, c);
  }
  if (c === '[' || c === '{' || c === '?' || c === '|' || c === '>') return false;
  for (let j = from; j < stop; j++) {
    if (text.charCodeAt(j) === 58 /* : */ && (j + 1 === stop || isBlankCode(text.charCodeAt(j + 1)))) {
      const keyEnd = trimEnd(text, from, j);
      if (keyEnd === from) return false;
      return setKeyPart(into, text.slice(from, keyEnd), from, keyEnd, from, keyEnd, j, undefined);
    }
  }
  return false;
}

function setKeyPart(
  into: KeyPart,
  name: string,
  start: number,
  end: number,
  innerStart: number,
  innerEnd: number,
  colon: number,
  quote: '"' | "'" | undefined,
): true {
  into.name = name;
  into.start = start;
  into.end = end;
  into.innerStart = innerStart;
  into.innerEnd = innerEnd;
  into.colon = colon;
  into.quote = quote;
  return true;
}

/** Skips `&anchor` and `!tag` properties before a value; returns the offset of the value itself. */
function skipProperties(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text[i] === '&' || text[i] === '!')) {
    while (i < to && !isBlank(text[i])) i++;
    while (i < to && isBlank(text[i])) i++;
  }
  return i;
}

interface ScalarRead {
  value: unknown;
  /** The value is a block scalar (`|`, `>`): its lines follow, more indented. */
  block: boolean;
  /** Nothing after the key (or only properties): the value is on the following lines. */
  open: boolean;
  tokenStart: number;
  tokenEnd: number;
  innerStart: number;
  innerEnd: number;
  quote?: '"' | "'";
}

function newScalarRead(): ScalarRead {
  return { value: null, block: false, open: false, tokenStart: 0, tokenEnd: 0, innerStart: 0, innerEnd: 0, quote: undefined };
}

// Filled in for every line of a large file: one object shape, reused, no spreads (slow in V8).
function scalarRead(
  into: ScalarRead,
  value: unknown,
  tokenStart: number,
  tokenEnd: number,
  innerStart: number,
  innerEnd: number,
  quote?: '"' | "'",
): ScalarRead {
  into.value = value;
  into.block = false;
  into.open = false;
  into.tokenStart = tokenStart;
  into.tokenEnd = tokenEnd;
  into.innerStart = innerStart;
  into.innerEnd = innerEnd;
  into.quote = quote;
  return into;
}

/** Reads the scalar value text of a line (from `from` to `to`, comments already cut off). */
function readValue(text: string, from: number, to: number, into: ScalarRead = newScalarRead()): ScalarRead {
  const start = skipProperties(text, from, to);
  if (start >= to) {
    const read = scalarRead(into, null, start, start, start, start);
    read.open = true;
    return read;
  }
  const c = text.charCodeAt(start);
  if (c === 124 /* | */ || c === 62 /* > */) {
    const read = scalarRead(into, '', start, start, start, start);
    read.block = true;
    return read;
  }
  if (c === 42 /* * */) return scalarRead(into, null, start, to, start, to);
  if (c === 34 /* " */ || c === 39 /* ' */) {
    const quote = c === 34 ? '"' : "'";
    const q = quotedEnd(text, start);
    const innerEnd = q.closed ? q.end - 1 : Math.min(q.end, to);
    return scalarRead(into, unescapeQuoted(text.slice(start + 1, innerEnd), quote), start, Math.min(q.end, to), start + 1, innerEnd, quote);
  }
  return scalarRead(into, plainScalarValue(text.slice(start, to)), start, to, start, to);
}

/**
 * Reads block YAML. With `cursor`, also returns the context there; the token at the cursor is left
 * out of the value.
 */
export function sketchYaml(text: string, cursor?: number, options: SketchOptions = {}): YamlSketch {
  return new Reader(text, cursor, options.shallowDepth ?? Infinity).read();
}

export interface SketchOptions {
  /**
   * Outside the cursor's own entry, read only this many levels of collections (the root is one): a
   * Compose file's services, their keys and scalar values (enough for the names and images that
   * references need), not every port and environment variable of a thousand other services.
   */
  shallowDepth?: number;
}

/** The indentation of the line at `start`, or -1 when it is blank (CRLF too) or a comment. */
function indentOf(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && isBlankCode(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  return i >= end || c === 35 /* # */ || c === 13 /* \r */ ? -1 : i - start;
}

/** The start of the line before the one starting at `start` (which must not be the first line). */
function previousLineStart(text: string, start: number): number {
  return start <= 1 ? 0 : text.lastIndexOf('\n', start - 2) + 1;
}

class Reader {
  private readonly stack: Frame[] = [];
  private root: unknown;
  private context?: CursorContext;
  private inComment = false;
  private indentUnit = 0;
  /** Lines more indented than this belong to a block scalar and are skipped. */
  private blockScalarCol = -1;
  /** Lines starting before this offset were read by a multi-line flow collection. */
  private resumeAt = 0;
  /** An entry placed only to give the cursor's line a home; removed at the end if it stayed empty. */
  private placeholder?: { seq: unknown[]; item: Json };

  /** The cursor's own entry (read in full) starts at this offset, on a line indented this much. */
  private focusStart = 0;
  private focusCol = -1;
  private focusEnded = false;
  private readonly lineScratch = newLine();
  private readonly readScratch = newScalarRead();

  constructor(
    private readonly text: string,
    private readonly cursor: number | undefined,
    private readonly shallowDepth: number,
  ) {
    if (cursor !== undefined && shallowDepth !== Infinity) this.findFocus(cursor);
  }

  read(): YamlSketch {
    const { text, cursor } = this;
    let start = 0;
    while (start <= text.length) {
      const newline = text.indexOf('\n', start);
      const lineEnd = newline < 0 ? text.length : newline;
      const end = lineEnd > start && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
      const isCursorLine = cursor !== undefined && cursor >= start && cursor <= end;
      if (start >= this.resumeAt && (isCursorLine || !this.skipDeep(start, end))) this.line(start, end, isCursorLine);
      if (newline < 0) break;
      start = newline + 1;
    }
    const placeholder = this.placeholder;
    if (placeholder && Object.keys(placeholder.item).length === 0) {
      const at = placeholder.seq.indexOf(placeholder.item);
      if (at >= 0) placeholder.seq.splice(at, 1);
      if (this.context) this.context.itemValue = undefined;
    }
    if (this.context) this.context.indentUnit = this.indentUnit || 2;
    return { value: this.root, cursor: this.context, inComment: this.inComment };
  }

  /**
   * The cursor's entry starts on the nearest line at or above the cursor that is indented no more than
   * the document's first level (`  web:` for a cursor anywhere inside service `web`).
   */
  private findFocus(cursor: number): void {
    const { text } = this;
    let firstLevel = -1;
    for (let start = 0; start < text.length && firstLevel < 0;) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      const indent = indentOf(text, start, end);
      if (indent > 0) firstLevel = indent;
      start = end + 1;
    }
    if (firstLevel < 0) return;
    let start = cursor === 0 ? 0 : text.lastIndexOf('\n', cursor - 1) + 1;
    for (let onCursorLine = true; ; onCursorLine = false) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      let indent = indentOf(text, start, end);
      // An empty cursor line is indented as far as the cursor.
      if (onCursorLine && indent < 0) indent = cursor - start;
      if (indent >= 0 && indent <= firstLevel) {
        this.focusStart = start;
        this.focusCol = indent;
        return;
      }
      if (start === 0) break;
      start = previousLineStart(text, start);
    }
    this.focusStart = 0;
    this.focusCol = 0;
  }

  /** Outside the cursor's entry, lines deeper than `shallowDepth` levels are not read. */
  private skipDeep(start: number, end: number): boolean {
    if (this.shallowDepth === Infinity) return false;
    const indent = indentOf(this.text, start, end);
    if (start >= this.focusStart && !this.focusEnded) {
      if (this.cursor! < start && indent >= 0 && indent <= this.focusCol) this.focusEnded = true;
      else return false;
    }
    const deepest = this.stack[this.shallowDepth - 1];
    if (indent < 0) return this.blockScalarCol < 0 && this.stack.length >= this.shallowDepth;
    return deepest !== undefined && indent > deepest.col && this.blockScalarCol < 0;
  }

  private line(start: number, end: number, isCursorLine: boolean): void {
    const { text } = this;
    // The cursor's line is kept whole; every other line reuses one scratch `Line`.
    const line = isCursorLine ? splitLine(text, start, end) : splitLine(text, start, end, this.lineScratch);
    const col = line.contentStart - start;
    const blank = line.contentStart >= end || text[line.contentStart] === '#';
    if (this.blockScalarCol >= 0) {
      if (blank || col > this.blockScalarCol) return;
      this.blockScalarCol = -1;
    }
    if (isCursorLine) {
      this.cursorLine(line);
      return;
    }
    if (blank) return;
    if (col === 0 && /^(---|\.\.\.)(\s|$)/.test(text.slice(start, Math.min(end, start + 4)))) return;
    this.place(line);
  }

  // ---- placing nodes by indentation -------------------------------------------------------

  private top(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  private open(kind: 'map' | 'seq', col: number, parent: Frame | undefined): Frame {
    const value: Json | unknown[] = kind === 'map' ? {} : [];
    let path: PathSegment[] = [];
    if (!parent) {
      this.root = value;
    } else if (parent.kind === 'map' && parent.openKey !== undefined) {
      (parent.value as Json)[parent.openKey] = value;
      path = [...parent.path, parent.openKey];
      parent.openKey = undefined;
    } else {
      const seq = parent.value as unknown[];
      if (parent.openItem) seq[seq.length - 1] = value;
      else seq.push(value);
      path = [...parent.path, seq.length - 1];
      parent.openItem = false;
    }
    if (parent?.kind === 'map' && kind === 'map' && !this.indentUnit && col > parent.col) this.indentUnit = col - parent.col;
    const frame: Frame = { kind, col, value, path };
    this.stack.push(frame);
    return frame;
  }

  /** The mapping a key at `col` belongs to, opened when a key above is waiting for it. */
  private mapFor(col: number): Frame | undefined {
    const { stack } = this;
    while (stack.length > 0) {
      const t = stack[stack.length - 1]!;
      if (t.col > col || (t.col === col && t.kind === 'seq')) stack.pop();
      else break;
    }
    const t = this.top();
    if (!t) return this.root === undefined ? this.open('map', col, undefined) : undefined;
    if (t.kind === 'map' && t.col === col) return t;
    if (t.col < col && ((t.kind === 'map' && t.openKey !== undefined) || (t.kind === 'seq' && t.openItem))) return this.open('map', col, t);
    return undefined;
  }

  /** The sequence a dash at `col` belongs to (a compact sequence may sit at its key's column). */
  private seqFor(col: number): Frame | undefined {
    const { stack } = this;
    while (stack.length > 0 && stack[stack.length - 1]!.col > col) stack.pop();
    const t = this.top();
    if (!t) return this.root === undefined ? this.open('seq', col, undefined) : undefined;
    if (t.kind === 'seq' && t.col === col) return t;
    if (t.kind === 'map' && t.openKey !== undefined && t.col <= col) return this.open('seq', col, t);
    if (t.kind === 'seq' && t.openItem && t.col < col) return this.open('seq', col, t);
    return undefined;
  }

  /** Places a line's dashes; returns the innermost sequence, with a new (open) entry for the node. */
  private dashes(line: Line): Frame | undefined {
    let seq: Frame | undefined;
    for (const dash of line.dashes) {
      const col = dash - line.start;
      if (!seq) seq = this.seqFor(col);
      else seq = this.open('seq', col, seq);
      if (!seq) return undefined;
      (seq.value as unknown[]).push(null);
      seq.openItem = true;
    }
    return seq;
  }

  /** Places a line that is not the cursor's. */
  private place(line: Line): void {
    const nodeCol = line.nodeStart - line.start;
    let owner: Frame | undefined;
    if (line.dashes.length > 0) {
      owner = this.dashes(line);
      if (!owner) return;
      if (line.nodeStart >= line.valueEnd && !line.key) return;
    }
    if (line.key) {
      const map = owner ? this.open('map', nodeCol, owner) : this.mapFor(nodeCol);
      if (!map) return;
      this.setKey(map, line.key.name, line, nodeCol);
      return;
    }
    // A scalar (or flow collection) node: a sequence entry, the root, or a stray line.
    const read = this.readValue(line, () => (owner ? [...owner.path, (owner.value as unknown[]).length - 1] : []));
    if (read.block) this.blockScalarCol = owner ? owner.col : nodeCol - 1;
    if (owner) {
      const seq = owner.value as unknown[];
      seq[seq.length - 1] = read.value;
      owner.openItem = false;
    } else if (this.root === undefined && this.stack.length === 0) {
      this.root = read.value;
    }
  }

  private setKey(map: Frame, key: string, line: Line, keyCol: number): void {
    map.openKey = undefined;
    if (key === '<<') return;
    const read = this.readValue(line, () => [...map.path, key]);
    (map.value as Json)[key] = read.value;
    if (read.open) map.openKey = key;
    if (read.block) this.blockScalarCol = keyCol;
  }

  /**
   * Reads a line's value; a flow collection may run over several lines, and the cursor may be inside
   * one that started on an earlier line.
   */
  private readValue(line: Line, pathOf: () => PathSegment[]): ScalarRead {
    const start = skipProperties(this.text, line.valueStart, line.valueEnd);
    const c = this.text[start];
    if (c !== '[' && c !== '{') return readValue(this.text, line.valueStart, line.valueEnd, this.readScratch);
    const cursor = this.cursor !== undefined && this.cursor > start ? this.cursor : undefined;
    const scan = scanFlow(this.text, start, { mode: 'yaml', basePath: pathOf(), cursor, minIndent: line.contentStart - line.start + 1 });
    this.resumeAt = scan.end;
    if (scan.cursor) this.context = { ...scan.cursor, extraIndent: 0, indentUnit: 2, style: 'flow' };
    if (scan.inComment) this.inComment = true;
    return scalarRead(newScalarRead(), scan.value, start, start, start, start);
  }

  // ---- the cursor's line ------------------------------------------------------------------

  private cursorLine(line: Line): void {
    const cursor = this.cursor!;
    const { text } = this;
    if (line.comment !== undefined && cursor > line.comment) {
      this.inComment = true;
      return;
    }
    const indent = line.contentStart - line.start;
    const blank = line.contentStart >= line.end || line.contentStart === line.comment;
    if (blank) {
      this.blankCursorLine(cursor - line.start);
      return;
    }
    // On the indentation, a dash, or between a dash and its node: nothing is being written there.
    if (cursor < line.nodeStart) return;
    const nodeCol = line.nodeStart - line.start;
    const shared = { extraIndent: nodeCol - indent, indentUnit: 2, style: 'block' as const };
    let owner: Frame | undefined;
    if (line.dashes.length > 0) {
      owner = this.dashes(line);
      if (!owner) return;
    }
    const key = line.key;
    if (key && cursor <= key.end) {
      if (cursor < key.start) return;
      const map = owner ? this.open('map', nodeCol, owner) : this.mapFor(nodeCol);
      if (!map) return;
      // The key is complete (its `:` is there): it stays in the value with what follows it, so that
      // hover can describe it; completion still offers its name.
      this.setKey(map, key.name, line, nodeCol);
      this.context = {
        ...shared,
        position: 'key',
        path: [...map.path],
        container: map.value,
        tokenSpan: [key.start, key.end],
        innerSpan: [key.innerStart, key.innerEnd],
        partial: text.slice(key.innerStart, Math.max(key.innerStart, Math.min(cursor, key.innerEnd))),
        token: key.name,
        quote: key.quote,
        hasColon: true,
      };
      return;
    }
    if (key) {
      if (cursor <= key.colon) return;
      const map = owner ? this.open('map', nodeCol, owner) : this.mapFor(nodeCol);
      if (!map) return;
      map.openKey = undefined;
      this.valueContext(line, map, key.name, cursor, shared);
      return;
    }
    // A node without a key: in a sequence entry it may become a scalar or a mapping; elsewhere it is
    // a key being typed (there is no colon yet).
    if (text[line.nodeStart] === '[' || text[line.nodeStart] === '{') {
      const path = owner ? [...owner.path, (owner.value as unknown[]).length - 1] : [];
      const scan = scanFlow(text, line.nodeStart, { mode: 'yaml', basePath: path, cursor, minIndent: indent + 1 });
      if (owner) (owner.value as unknown[])[(owner.value as unknown[]).length - 1] = scan.value;
      this.resumeAt = scan.end;
      this.inComment = scan.inComment;
      this.context = scan.cursor && { ...scan.cursor, ...shared, style: 'flow' };
      return;
    }
    const read = readValue(text, line.valueStart, line.valueEnd);
    const token = {
      // Blanks typed after the scalar belong to it: the range must reach the cursor.
      tokenSpan: [read.tokenStart, Math.max(read.tokenEnd, read.tokenStart, cursor)] as const,
      innerSpan: [read.innerStart, read.innerEnd] as const,
      partial: text.slice(read.innerStart, Math.max(read.innerStart, Math.min(cursor, read.innerEnd))),
      token: typeof read.value === 'string' ? read.value : text.slice(read.innerStart, read.innerEnd),
      quote: read.quote,
    };
    if (cursor < read.tokenStart) return;
    if (owner) {
      const item = this.entryPlaceholder(owner, nodeCol);
      this.context = { ...shared, ...token, position: 'item', path: [...item.path], container: owner.value, itemValue: item.value };
      return;
    }
    const map = this.mapFor(nodeCol);
    if (!map) return;
    this.context = { ...shared, ...token, position: 'key', path: [...map.path], container: map.value, hasColon: false };
  }

  /** A sequence entry being written: an empty mapping that the following lines may fill. */
  private entryPlaceholder(seq: Frame, col: number): Frame {
    const item = this.open('map', col, seq);
    this.placeholder = { seq: seq.value as unknown[], item: item.value as Json };
    return item;
  }

  private valueContext(
    line: Line,
    map: Frame,
    key: string,
    cursor: number,
    shared: Pick<CursorContext, 'extraIndent' | 'indentUnit' | 'style'>,
  ): void {
    const { text } = this;
    const path = [...map.path, key];
    const start = skipProperties(text, line.valueStart, line.valueEnd);
    const c = text[start];
    if ((c === '[' || c === '{') && cursor > start) {
      const scan = scanFlow(text, start, { mode: 'yaml', basePath: path, cursor, minIndent: line.contentStart - line.start + 1 });
      (map.value as Json)[key] = scan.value;
      this.resumeAt = scan.end;
      this.inComment = scan.inComment;
      this.context = scan.cursor && { ...scan.cursor, ...shared, style: 'flow' };
      return;
    }
    if (c === '|' || c === '>') return;
    const read = readValue(text, line.valueStart, line.valueEnd);
    // Right after the colon of a key with nothing after it: the value comes after a blank.
    const afterColon = cursor === line.key!.colon + 1 && line.valueStart >= line.valueEnd;
    // Between the colon and a value, or on an anchor or tag: offer nothing rather than a range the
    // cursor is not in.
    if (cursor < read.tokenStart && !afterColon) return;
    // Blanks typed after a plain value belong to it: the range must reach the cursor.
    const tokenStart = afterColon ? cursor : read.tokenStart;
    const tokenEnd = afterColon ? cursor : Math.max(read.tokenEnd, cursor);
    const innerStart = afterColon ? cursor : read.innerStart;
    const innerEnd = afterColon ? cursor : read.quote ? read.innerEnd : Math.max(read.innerEnd, cursor);
    this.context = {
      ...shared,
      position: 'value',
      key,
      path,
      container: map.value,
      tokenSpan: [tokenStart, tokenEnd],
      innerSpan: [innerStart, innerEnd],
      partial: afterColon ? '' : text.slice(innerStart, Math.max(innerStart, Math.min(cursor, innerEnd))),
      token: afterColon ? '' : typeof read.value === 'string' ? read.value : text.slice(read.innerStart, read.innerEnd),
      quote: afterColon ? undefined : read.quote,
      needsSpaceBefore: afterColon,
    };
  }

  /** An empty line: a new key of the mapping at that column, or a new `- ` entry of a sequence there. */
  private blankCursorLine(col: number): void {
    const { stack } = this;
    while (stack.length > 0 && stack[stack.length - 1]!.col > col) stack.pop();
    const t = this.top();
    const cursor = this.cursor!;
    const empty = {
      tokenSpan: [cursor, cursor] as const,
      innerSpan: [cursor, cursor] as const,
      partial: '',
      token: '',
      extraIndent: 0,
      indentUnit: 2,
      style: 'block' as const,
    };
    // A sequence indented under its key takes a new `- ` entry here; a compact one (dashes at the
    // key's own column) more likely ends, and a new key of the mapping starts.
    const parent = this.stack[this.stack.length - 2];
    const compact = parent !== undefined && parent.kind === 'map' && parent.col === col;
    if (t && t.kind === 'seq' && t.col === col && !compact) {
      const seq = t.value as unknown[];
      this.context = { ...empty, position: 'item', path: [...t.path, seq.length], container: seq, needsDash: true };
      return;
    }
    const map = this.mapFor(col);
    if (!map) return;
    this.context = { ...empty, position: 'key', path: [...map.path], container: map.value };
  }
}
