// A fast parser for the block-YAML subset that Compose files use, building the very node tree that
// yaml's `parseDocument` builds (same classes, values, scalar types and ranges), so everything that
// walks yaml nodes works unchanged. Anything outside the subset returns undefined and the caller
// falls back to `parseDocument`. See README.md for the subset, the range rules and the numbers.
//
// How it works: one pass over the text, line by line. A "content line" holds a key, a `- ` item or
// both (`- key: v`); "filler lines" are blank or comment-only. Collections are parsed recursively by
// indentation. The subtle part is `range[2]` (a node's end including trailing comments): yaml's CST
// hands filler lines to different nodes depending on their indentation, and the functions below
// marked "range rule" reproduce exactly that (see README.md, "Where filler lines go").

import { Document, Pair, Scalar, YAMLMap, YAMLSeq, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { FastPathBail, bail } from './bail';
import { readBlockScalar } from './blockScalar';
import { readFlowCollection } from './flow';
import { ScalarFactory, quoted } from './scalars';
import * as scan from './scan';

// The scanning helpers and char codes, bound once: unbundled (tsx, tests) every imported binding is
// read through a getter, which adds up over a few accesses per line; bundled it makes no difference.
const {
  COLON,
  DASH,
  DQUOTE,
  GT,
  HASH,
  LBRACE,
  LBRACKET,
  LF,
  PIPE,
  QUESTION,
  SQUOTE,
  STOP_COLON,
  TAB,
  canStartPlain,
  contentEndOf,
  indicatorReason,
  isBlankOrEnd,
  isDocumentMarker,
  isLineEnd,
  lineEndOf,
  nextLineStart,
  plainScan,
  readDoubleQuoted,
  readSingleQuoted,
  scanPlain,
  skipIndent,
  skipSpaces,
} = scan;

export type FastParseOptions = DocumentOptions & SchemaOptions & ParseOptions;

/** The options the language server parses with (parseText.ts adds its `!reset`/`!override` tags). */
export const FAST_PARSE_OPTIONS: FastParseOptions = { prettyErrors: false, merge: true, uniqueKeys: false, strict: true };

/** yaml refuses implicit keys whose `:` is more than 1024 characters after their start. */
const MAX_KEY_SPAN = 1000;

/** Deeper nesting than any Compose file has; the recursion below stays far from the stack limit. */
const MAX_DEPTH = 100;

/** Why the fast reader left a text to yaml's parser. */
export interface FastPathFallback {
  /** The construct it does not reproduce (`anchor "&"`, `tab in indentation`, …), or `fault: <message>`. */
  reason: string;
  /** Set when the fast reader failed rather than refused: a bug in it (yaml's parser still reads the text right). */
  fault?: unknown;
}

/** The fast reader's Document, or why there is none. */
export type FastParseResult = { doc: Document.Parsed; fallback?: undefined } | { doc?: undefined; fallback: FastPathFallback };

/**
 * A yaml Document identical to parseDocument(text, options) for the block-YAML subset Compose files
 * use, or why the text needs the full parser. Pass the same options the full parser gets (custom tags
 * included) so the Document's schema matches too; the default is FAST_PARSE_OPTIONS.
 */
export function tryFastParse(text: string, options: FastParseOptions = FAST_PARSE_OPTIONS): FastParseResult {
  try {
    const doc = parseSubset(text, options);
    FAST_PARSED.add(doc);
    return { doc };
  } catch (error) {
    // A bail is the expected way out. Anything else is a bug here (the tests call parseSubset, which
    // lets it through): reported as a fault, while the caller's full parser still gives the right tree.
    if (error instanceof FastPathBail) return { fallback: { reason: error.reason } };
    return { fallback: { reason: `fault: ${error instanceof Error ? error.message : String(error)}`, fault: error } };
  }
}

/** tryFastParse's Document, or undefined when the text needs the full parser. */
export function fastParseDocument(text: string, options: FastParseOptions = FAST_PARSE_OPTIONS): Document.Parsed | undefined {
  return tryFastParse(text, options).doc;
}

/**
 * Documents this parser built (or that were updated entry by entry from one, see fastParseEntry):
 * exactly what yaml's parser builds for their text, with none of the constructs the fast path refuses.
 */
const FAST_PARSED = new WeakSet<Document>();

export function isFastParsed(doc: Document): boolean {
  return FAST_PARSED.has(doc);
}

/** Marks a document updated from a fast-parsed one by fastParseEntry, so it can be updated again. */
export function markFastParsed(doc: Document): void {
  FAST_PARSED.add(doc);
}

/** One entry of a block mapping, read by fastParseEntry, and where the text after it goes on. */
export interface ParsedEntry {
  pair: Pair<Scalar, ValueNode>;
  /** Start of the first content line after the entry (-1 at the end of the text), and its column. */
  nextLine: number;
  nextColumn: number;
  /** Whether that line is a `- ` item rather than a key. */
  nextIsItem: boolean;
}

/**
 * Reads the one entry (`key: value`, the value with everything nested under it) of a block mapping at
 * column `indent` whose key starts the line at `lineStart`, inside `depth` enclosing block collections,
 * exactly as fastParseDocument reads it within the whole text: the parser's state where an entry
 * starts is its position alone (the pending filler is cleared between entries), and it reads the text
 * after the entry only to end it. Undefined where the fast path refuses the text.
 */
export function fastParseEntry(text: string, doc: Document, lineStart: number, indent: number, depth: number): ParsedEntry | undefined {
  try {
    return new BlockParser(text, doc).parseEntry(lineStart, indent, depth);
  } catch (error) {
    if (error instanceof FastPathBail) return undefined;
    throw error;
  }
}

/** Like fastParseDocument, but throws FastPathBail when bailing and lets unexpected errors through (for tests). */
export function parseSubset(text: string, options: FastParseOptions = FAST_PARSE_OPTIONS): Document.Parsed {
  checkCharacters(text);
  const doc = new Document(undefined, options);
  checkOptions(doc);
  const parser = new BlockParser(text, doc);
  const { contents, start, valueEnd, end } = parser.parseRoot();
  doc.contents = contents;
  const parsed = doc as Document.Parsed;
  parsed.range = [start, valueEnd, end];
  return parsed;
}

/**
 * Options under which yaml would report more than the fast parser checks (duplicate keys, non-string
 * keys) or attach more to nodes (source tokens, compat warnings) are left to yaml.
 */
function checkOptions(doc: Document): void {
  const { uniqueKeys, stringKeys, keepSourceTokens } = doc.options;
  if (uniqueKeys !== false || stringKeys || keepSourceTokens || doc.schema.compat) bail('options not mirrored');
}

/** Whole-text checks that are cheaper once than per token: a BOM, and CRs that do not start a CRLF. */
function checkCharacters(text: string): void {
  if (text.includes('\uFEFF')) bail('byte order mark');
  for (let cr = text.indexOf('\r'); cr !== -1; cr = text.indexOf('\r', cr + 2)) {
    if (text.charCodeAt(cr + 1) !== LF) bail('CR without LF');
  }
}

type ValueNode = Scalar | YAMLMap | YAMLSeq;

/**
 * The pending "tail": filler lines after the last node that no node has claimed yet. When a block
 * collection ends, yaml keeps the tail inside it if one of its comments is indented at least as far
 * as the collection (and the collection is not at column 0); otherwise it passes it to the parent.
 */
interface Tail {
  /** Offset where the unclaimed filler starts, or -1 when there is none. */
  start: number;
  /** Largest indentation of a comment line in it, -1 without comments. */
  maxCommentIndent: number;
}

class BlockParser {
  private readonly text: string;
  private readonly len: number;
  private readonly doc: Document;
  private readonly scalars: ScalarFactory;

  // The current content line: its start, the offset and column of the token being looked at (after
  // `- ` indicators these move right, as if the line were indented), or eof.
  private lineStart = 0;
  private pos = 0;
  private col = 0;
  private eof = false;
  /** Start of the filler lines before the current content line (equals lineStart when there are none). */
  private fillerStart = 0;
  private readonly tail: Tail = { start: -1, maxCommentIndent: -1 };
  /** Offset of the `:` after the key that readKey last read. */
  private keyColon = 0;
  /** How many block collections enclose the current line. */
  private depth = 0;

  constructor(text: string, doc: Document) {
    this.text = text;
    this.len = text.length;
    this.doc = doc;
    this.scalars = new ScalarFactory(doc);
  }

  parseRoot(): { contents: YAMLMap | YAMLSeq | null; start: number; valueEnd: number; end: number } {
    this.advanceTo(0);
    if (this.eof) return { contents: null, start: 0, valueEnd: this.len, end: this.len };
    // yaml's document starts at the first line that is not blank or a comment.
    const start = this.lineStart;
    const root = this.isSeqItem() ? this.parseSeq(this.col) : this.parseMap(this.col);
    if (!this.eof) bail('content after the root collection');
    const valueEnd = root.range![2];
    // A tail no collection kept becomes the document's end tokens, which reach the end of the text.
    const end = this.tail.start >= 0 && this.tail.start < this.len ? this.len : valueEnd;
    return { contents: root, start, valueEnd, end };
  }

  /** See fastParseEntry. */
  parseEntry(lineStart: number, indent: number, depth: number): ParsedEntry {
    this.depth = depth;
    this.advanceTo(lineStart);
    if (this.eof || this.lineStart !== lineStart || this.col !== indent || this.isSeqItem()) bail('not an entry');
    const key = this.readKey();
    const value = this.parseMapValue(indent, this.keyColon + 1);
    return {
      pair: new Pair(key, value),
      nextLine: this.eof ? -1 : this.lineStart,
      nextColumn: this.col,
      nextIsItem: !this.eof && this.isSeqItem(),
    };
  }

  // ---- Lines -------------------------------------------------------------------------------------

  /** Moves to the first content line at or after `from` (a line start), skipping filler lines. */
  private advanceTo(from: number): void {
    const text = this.text;
    this.fillerStart = from;
    let line = from;
    while (line < this.len) {
      const i = skipIndent(text, line);
      if (text.charCodeAt(i) === TAB) bail('tab in indentation');
      if (isLineEnd(text, i) || text.charCodeAt(i) === HASH) {
        line = nextLineStart(text, i);
        continue;
      }
      if (i === line && isDocumentMarker(text, i)) bail('document marker');
      this.lineStart = line;
      this.pos = i;
      this.col = i - line;
      this.eof = false;
      return;
    }
    this.lineStart = this.len;
    this.pos = this.len;
    this.col = 0;
    this.eof = true;
  }

  /** Where the filler before the current content line ends: that line's first token (yaml counts its indentation in). */
  private fillerEnd(): number {
    return this.eof ? this.len : this.pos;
  }

  /** Where the filler lines before the current content line stop: the start of that line. */
  private fillerLinesEnd(): number {
    return this.eof ? this.len : this.lineStart;
  }

  private isSeqItem(): boolean {
    return this.text.charCodeAt(this.pos) === DASH && isBlankOrEnd(this.text, this.pos + 1);
  }

  // ---- Collections -------------------------------------------------------------------------------

  /** A block mapping whose first key is the current token, at column `indent`. */
  private parseMap(indent: number): YAMLMap {
    this.enter();
    const map = new YAMLMap(this.doc.schema);
    const start = this.pos;
    let end: number;
    for (;;) {
      const key = this.readKey();
      const value = this.parseMapValue(indent, this.keyColon + 1);
      map.items.push(new Pair(key, value));
      end = value.range![2];
      if (this.eof || this.col < indent) break;
      if (this.col > indent) bail('line indented deeper than its mapping');
      if (this.isSeqItem()) bail('sequence item among mapping keys');
      this.clearTail();
    }
    map.range = [start, end, end];
    this.closeCollection(map, indent);
    this.depth--;
    return map;
  }

  /** A block sequence whose first `-` is the current token, at column `indent`. */
  private parseSeq(indent: number): YAMLSeq {
    this.enter();
    const seq = new YAMLSeq(this.doc.schema);
    const start = this.pos;
    let end: number;
    // Range rule: filler between items becomes the next item's start tokens, so a comment in it
    // counts for that item if it turns out empty (see emptySeqItem).
    let commentBefore = false;
    for (;;) {
      const item = this.parseSeqItem(indent, commentBefore);
      seq.items.push(item);
      end = item.range![2];
      if (this.eof || this.col < indent) break;
      if (this.col > indent) bail('line indented deeper than its sequence');
      // A key at the sequence's column ends it; only a mapping at that column may go on (its caller checks).
      if (!this.isSeqItem()) break;
      commentBefore = this.tail.start >= 0 && this.tail.maxCommentIndent >= 0;
      this.clearTail();
    }
    seq.range = [start, end, end];
    this.closeCollection(seq, indent);
    this.depth--;
    return seq;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) bail('nested too deeply');
  }

  /** Range rule: an ending collection keeps the tail if a tail comment is indented at least as far as it. */
  private closeCollection(node: YAMLMap | YAMLSeq, indent: number): void {
    const tail = this.tail;
    if (tail.start >= 0 && indent !== 0 && tail.maxCommentIndent >= indent) {
      node.range![2] = this.fillerEnd();
      this.clearTail();
    }
  }

  private clearTail(): void {
    this.tail.start = -1;
    this.tail.maxCommentIndent = -1;
  }

  /** A mapping or sequence starting at the current (more indented) content line. */
  private parseNested(): YAMLMap | YAMLSeq {
    return this.isSeqItem() ? this.parseSeq(this.col) : this.parseMap(this.col);
  }

  // ---- Mapping entries and sequence items ------------------------------------------------------

  /** The key at the current token, which must be a plain or quoted scalar followed by a `:` indicator. */
  private readKey(): Scalar {
    const text = this.text;
    const start = this.pos;
    const c = text.charCodeAt(start);
    let key: Scalar;
    let colon: number;
    if (c === DQUOTE || c === SQUOTE) {
      const token = c === DQUOTE ? readDoubleQuoted(text, start) : readSingleQuoted(text, start);
      colon = skipSpaces(text, token.end);
      if (text.charCodeAt(colon) !== COLON || !isBlankOrEnd(text, colon + 1)) bail('quoted scalar that is not a key');
      key = quoted(token.value, c === DQUOTE ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, start, token.end, token.end);
    } else {
      this.checkPlainStart(start);
      const end = scanPlain(text, start);
      if (plainScan.stop !== STOP_COLON) bail('line is not a key');
      colon = plainScan.stopAt;
      key = this.scalars.plain(text.slice(start, end), true, start, end, end);
    }
    if (colon - start > MAX_KEY_SPAN) bail('very long key');
    this.keyColon = colon;
    return key;
  }

  /** The value after a key's `:`; `afterColon` is just past it. */
  private parseMapValue(mapIndent: number, afterColon: number): ValueNode {
    const text = this.text;
    const p = skipSpaces(text, afterColon);
    const c = text.charCodeAt(p);
    if (!isLineEnd(text, p) && c !== HASH) return this.parseInlineValue(p, mapIndent);
    this.advanceTo(nextLineStart(text, p));
    if (!this.eof) {
      if (this.col > mapIndent) return this.parseNested();
      // A sequence may sit at its key's own column (`key:\n- a`).
      if (this.col === mapIndent && this.isSeqItem()) return this.parseSeq(this.col);
    }
    return this.emptyMapValue(p, mapIndent, c === HASH);
  }

  /** One `- ` item at the current token (column `seqIndent`); `commentBefore`: a comment line precedes it. */
  private parseSeqItem(seqIndent: number, commentBefore: boolean): ValueNode {
    const text = this.text;
    const p = skipSpaces(text, this.pos + 1);
    const c = text.charCodeAt(p);
    if (isLineEnd(text, p) || c === HASH) {
      this.advanceTo(nextLineStart(text, p));
      if (!this.eof && this.col > seqIndent) return this.parseNested();
      return this.emptySeqItem(p, commentBefore || c === HASH);
    }
    // Compact forms: `- - a` and `- key: value` open a collection at this column.
    if (c === DASH && isBlankOrEnd(text, p + 1)) {
      this.moveWithinLine(p);
      return this.parseSeq(this.col);
    }
    if (this.startsKey(p)) {
      this.moveWithinLine(p);
      return this.parseMap(this.col);
    }
    return this.parseInlineValue(p, seqIndent);
  }

  /** Treats the rest of the current line from `p` as if it were indented to `p`'s column. */
  private moveWithinLine(p: number): void {
    this.pos = p;
    this.col = p - this.lineStart;
  }

  /** True when a key (plain or quoted scalar, then `: `) starts at `p`. */
  private startsKey(p: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const token = c === DQUOTE ? readDoubleQuoted(text, p) : readSingleQuoted(text, p);
      const colon = skipSpaces(text, token.end);
      return text.charCodeAt(colon) === COLON && isBlankOrEnd(text, colon + 1);
    }
    if (!canStartPlain(c)) return false;
    scanPlain(text, p);
    return plainScan.stop === STOP_COLON;
  }

  // ---- Values on the line of their key or dash -----------------------------------------------------

  /** A scalar, flow collection or block scalar starting at `p`, in the collection at column `parentIndent`. */
  private parseInlineValue(p: number, parentIndent: number): ValueNode {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === PIPE || c === GT) return this.parseBlockScalar(p, parentIndent);
    let node: Scalar | YAMLMap | YAMLSeq;
    let valueEnd: number;
    if (c === DQUOTE || c === SQUOTE) {
      const token = c === DQUOTE ? readDoubleQuoted(text, p) : readSingleQuoted(text, p);
      valueEnd = token.end;
      node = quoted(token.value, c === DQUOTE ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, p, valueEnd, valueEnd);
    } else if (c === LBRACKET || c === LBRACE) {
      const flow = readFlowCollection(text, p, this.doc.schema, this.scalars);
      valueEnd = flow.end;
      node = flow.node;
    } else {
      this.checkPlainStart(p);
      valueEnd = scanPlain(text, p);
      if (plainScan.stop === STOP_COLON) bail('mapping on the line of a key');
      node = this.scalars.plain(text.slice(p, valueEnd), false, p, valueEnd, valueEnd);
    }
    this.checkLineRest(valueEnd);
    const lineNext = nextLineStart(text, valueEnd);
    this.advanceTo(lineNext);
    node.range![2] = this.absorbIndentedComments(lineNext, parentIndent);
    return node;
  }

  private parseBlockScalar(p: number, parentIndent: number): Scalar {
    const node = readBlockScalar(this.text, p, parentIndent);
    const end = node.range![2];
    this.advanceTo(end);
    this.setTail(end);
    return node;
  }

  /** Plain scalars cannot start with an indicator character; yaml would read something else or fail. */
  private checkPlainStart(p: number): void {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (!canStartPlain(c)) bail(indicatorReason(c));
    if ((c === DASH || c === QUESTION || c === COLON) && isBlankOrEnd(text, p + 1)) bail('indicator');
  }

  /** After a value only spaces and a comment (preceded by a space) may follow on its line. */
  private checkLineRest(valueEnd: number): void {
    const text = this.text;
    const i = skipSpaces(text, valueEnd);
    if (isLineEnd(text, i)) return;
    if (text.charCodeAt(i) !== HASH || i === valueEnd) bail('unexpected text after a value');
  }

  // ---- Range rules for filler lines --------------------------------------------------------------

  /**
   * Range rule for a value on its key's or dash's line: its node end is its line's end, extended over
   * following comment lines indented deeper than the collection holding it (with blank lines before
   * them); yaml appends those to the value's `end` tokens. The rest of the filler becomes the tail.
   */
  private absorbIndentedComments(lineNext: number, parentIndent: number): number {
    const stop = this.fillerLinesEnd();
    if (lineNext >= stop) {
      this.clearTail();
      return lineNext;
    }
    const text = this.text;
    let end = lineNext;
    for (let line = lineNext; line < stop; line = nextLineStart(text, line)) {
      const i = skipIndent(text, line);
      if (text.charCodeAt(i) !== HASH) continue; // blank: joins whichever side the next comment takes
      if (i - line <= parentIndent) break;
      end = nextLineStart(text, i);
    }
    this.setTail(end);
    return end;
  }

  /** Records the filler from `start` up to the current content line as the unclaimed tail. */
  private setTail(start: number): void {
    const stop = this.fillerLinesEnd();
    if (start >= this.fillerEnd()) {
      this.clearTail();
      return;
    }
    const text = this.text;
    let maxIndent = -1;
    for (let line = start; line < stop; line = nextLineStart(text, line)) {
      const i = skipIndent(text, line);
      if (text.charCodeAt(i) === HASH && i - line > maxIndent) maxIndent = i - line;
    }
    this.tail.start = start;
    this.tail.maxCommentIndent = maxIndent;
  }

  /**
   * Range rule for `key:` with no value: the empty scalar sits just after `:` and its spaces (`p`).
   * yaml gives it the filler that follows, up to the next key at the mapping's column: when such a
   * key comes, the filler after the second newline following the last comment indented deeper than
   * the mapping goes to that key instead. The node end reaches the end of what it got, but only if
   * that holds a comment.
   */
  private emptyMapValue(p: number, mapIndent: number, inlineComment: boolean): Scalar {
    this.clearTail();
    const text = this.text;
    const stop = this.fillerLinesEnd();
    const nextKeyAtColumn = !this.eof && this.col === mapIndent;
    let hasComment = inlineComment;
    let keptEnd = this.fillerEnd();
    if (nextKeyAtColumn) {
      // Find the line after the last deeper comment (or after the key line); the value keeps up to its newline.
      let splitLine = this.fillerStart;
      for (let line = this.fillerStart; line < stop; line = nextLineStart(text, line)) {
        const i = skipIndent(text, line);
        if (text.charCodeAt(i) === HASH && i - line > mapIndent) splitLine = nextLineStart(text, line);
      }
      if (splitLine < stop) keptEnd = contentEndOf(text, lineEndOf(text, splitLine));
    }
    if (!hasComment) hasComment = this.hasCommentLine(this.fillerStart, Math.min(stop, keptEnd));
    const end = hasComment ? keptEnd : p;
    return this.scalars.plain('', false, p, p, end);
  }

  /**
   * Range rule for an empty `- ` item: it gets all following filler (yaml puts it in the item's start
   * tokens, which already hold the filler before the dash); its end reaches the end of that filler
   * only if a comment is among it, before the dash, after it, or on its line.
   */
  private emptySeqItem(p: number, commentBefore: boolean): Scalar {
    this.clearTail();
    const hasComment = commentBefore || this.hasCommentLine(this.fillerStart, this.fillerLinesEnd());
    return this.scalars.plain('', false, p, p, hasComment ? this.fillerEnd() : p);
  }

  /** True when a comment line starts in [from, to). */
  private hasCommentLine(from: number, to: number): boolean {
    const text = this.text;
    for (let line = from; line < to; line = nextLineStart(text, line)) {
      // A comment counts when its `#` is before `to` (a cut may fall inside a comment line's end).
      const i = skipIndent(text, line);
      if (text.charCodeAt(i) === HASH && i < to) return true;
    }
    return false;
  }
}
