// Character-level scanning for the fast parser: every loop that runs once per character lives here,
// working on char codes and offsets into the one source string (no substrings per line).
//
// Keeping all per-character loops in this one module matters for speed when the code runs unbundled
// (tsx, tests): there, every imported binding is read through a getter, which is fine once per line
// or token but not once per character.

import { unescapeDoubleQuoted, unescapeSingleQuoted } from '../scalarText';
import { bail } from './bail';

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const DQUOTE = 34; // "
export const HASH = 35; // #
export const SQUOTE = 39; // '
export const COMMA = 44; // ,
export const DASH = 45; // -
export const DOT = 46; // .
export const COLON = 58; // :
export const GT = 62; // >
export const QUESTION = 63; // ?
export const LBRACKET = 91; // [
export const BACKSLASH = 92; // \
export const RBRACKET = 93; // ]
export const LBRACE = 123; // {
export const PIPE = 124; // |
export const RBRACE = 125; // }

// ---- Lines ----------------------------------------------------------------------------------------

/**
 * True at the end of a line: a newline, the CR of a CRLF, or the end of the text. The entry point has
 * already refused any CR that is not followed by LF, so a CR here always starts a CRLF.
 */
export function isLineEnd(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  return c === LF || c === CR;
}

/** True where a `:`, `-` or `?` right before `i` acts as an indicator: a space or the line end follows. */
export function isBlankOrEnd(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  if (c === TAB) bail('tab after an indicator');
  return c === SPACE || c === LF || c === CR;
}

/** Skips spaces from `i`; a tab would need yaml's own rules for tabs, so it ends the fast path. */
export function skipSpaces(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === SPACE) c = text.charCodeAt(++i);
  if (c === TAB) bail('tab');
  return i;
}

/** Skips spaces from `i` without judging what follows (for measuring indentation). */
export function skipIndent(text: string, i: number): number {
  while (text.charCodeAt(i) === SPACE) i++;
  return i;
}

/** Index of the newline that ends the line holding `i`, or the text length on the last line. */
export function lineEndOf(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl;
}

/** Start of the line after the one holding `i` (just past its newline), or the text length. */
export function nextLineStart(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl + 1;
}

/** End of a line's content: its newline position, minus the CR of a CRLF. */
export function contentEndOf(text: string, lineEnd: number): number {
  return lineEnd > 0 && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
}

/** `---` or `...` at `i` (a line start) followed by white space: a document marker. */
export function isDocumentMarker(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c !== DASH && c !== DOT) return false;
  if (text.charCodeAt(i + 1) !== c || text.charCodeAt(i + 2) !== c) return false;
  if (i + 3 >= text.length) return true;
  const after = text.charCodeAt(i + 3);
  return after === SPACE || after === TAB || after === LF || after === CR;
}

// ---- Plain scalars ----------------------------------------------------------------------------------

/** First characters that cannot start a plain scalar (yaml reads another token or reports an error). */
const NOT_PLAIN_START = new Uint8Array(128);
for (const ch of ',[]{}#&*!|>\'"%@`') NOT_PLAIN_START[ch.charCodeAt(0)] = 1;

/** What the indicators a plain scalar cannot start with begin instead, for the fallback reason. */
const INDICATOR_NAMES: Record<string, string> = {
  '&': 'anchor',
  '*': 'alias',
  '!': 'tag',
  '%': 'directive',
  '@': 'reserved indicator',
  '`': 'reserved indicator',
};

/** Why a token starting with the char code `c` is left to yaml: `anchor "&"`, `tag "!"`, `indicator ","`. */
export function indicatorReason(c: number): string {
  const ch = String.fromCharCode(c);
  return `${INDICATOR_NAMES[ch] ?? 'indicator'} "${ch}"`;
}

/** True when a plain scalar may start with the char code `c` (indicator checks are the caller's). */
export function canStartPlain(c: number): boolean {
  return !(c < 128 && NOT_PLAIN_START[c] === 1);
}

/** Characters that end a plain scalar inside a flow collection. */
export function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/** Why a block plain scalar stopped: the line end, a `:` indicator (so it was a key) or ` #`. */
export const STOP_LINE = 0;
export const STOP_COLON = 1;
export const STOP_COMMENT = 2;

/** Result of the last scanPlain call (one shared object: scanning is the hottest path). */
export const plainScan = { end: 0, stop: STOP_LINE, stopAt: 0 };

/**
 * Scans a one-line plain scalar the way yaml's lexer does in block context: it ends at the line end,
 * at `:` followed by a space or the line end, and before ` #`; trailing spaces are not part of it.
 * Whether it continues on the next line is the caller's business (such a line is more indented, which
 * the block structure refuses). Returns the end of its text; details are in `plainScan`.
 */
export function scanPlain(text: string, start: number): number {
  const len = text.length;
  let end = start;
  let stop = STOP_LINE;
  let i = start;
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) break;
    if (c === COLON) {
      const n = i + 1 < len ? text.charCodeAt(i + 1) : LF;
      if (n === SPACE || n === LF || n === CR) {
        stop = STOP_COLON;
        break;
      }
      if (n === TAB) bail('tab after ":"');
      end = i + 1;
    } else if (c === SPACE) {
      if (text.charCodeAt(i + 1) === HASH) {
        stop = STOP_COMMENT;
        i += 1;
        break;
      }
    } else if (c === TAB) {
      bail('tab in plain scalar');
    } else {
      end = i + 1;
    }
  }
  plainScan.end = end;
  plainScan.stop = stop;
  plainScan.stopAt = i;
  return end;
}

/**
 * End of a plain scalar in flow context (Lexer#parsePlainScalar with inFlow): it stops at a flow
 * indicator and at `:` followed by a space, flow indicator or line end. ` #` would start a comment
 * that swallows the closing bracket, and the line end would continue the collection: both bail.
 */
export function plainEndInFlow(text: string, start: number): number {
  const len = text.length;
  let end = start;
  for (let i = start; ; i++) {
    if (i >= len) bail('flow collection continues on the next line');
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) bail('flow collection continues on the next line');
    if (c === COLON) {
      if (isFlowStop(text, i + 1)) return end;
      end = i + 1;
    } else if (c === SPACE) {
      const next = text.charCodeAt(i + 1);
      if (next === HASH) bail('comment inside flow collection');
      if (isFlowIndicator(next)) return end;
    } else if (c === TAB) {
      bail('tab in flow collection');
    } else if (isFlowIndicator(c)) {
      return end;
    } else {
      end = i + 1;
    }
  }
}

/** A space, a flow indicator or the line end after `-`, `?` or `:` makes them indicators in flow context. */
export function isFlowStop(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  return c === SPACE || c === TAB || c === LF || c === CR || isFlowIndicator(c);
}

// ---- Quoted scalars ------------------------------------------------------------------------------------

/** A scanned quoted scalar: its resolved text and the offset just past its closing quote. */
export interface QuotedToken {
  value: string;
  end: number;
}

/** Bails unless [from, to) lies on one line: yaml folds multi-line quoted scalars, which we leave to it. */
function checkOneLine(text: string, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) bail('quoted scalar spans lines');
  }
}

/** A single-quoted scalar starting at `start`; `''` is its only escape. */
export function readSingleQuoted(text: string, start: number): QuotedToken {
  let close = text.indexOf("'", start + 1);
  while (close !== -1 && text.charCodeAt(close + 1) === SQUOTE) close = text.indexOf("'", close + 2);
  if (close === -1) bail('unclosed single-quoted scalar');
  checkOneLine(text, start + 1, close);
  return { value: unescapeSingleQuoted(text.slice(start + 1, close)), end: close + 1 };
}

/**
 * A double-quoted scalar starting at `start`. The closing quote is found the way yaml's lexer finds
 * it: the first `"` preceded by an even run of backslashes.
 */
export function readDoubleQuoted(text: string, start: number): QuotedToken {
  let close = text.indexOf('"', start + 1);
  while (close !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) break;
    close = text.indexOf('"', close + 1);
  }
  if (close === -1) bail('unclosed double-quoted scalar');
  checkOneLine(text, start + 1, close);
  const { value, valid } = unescapeDoubleQuoted(text.slice(start + 1, close));
  if (!valid) bail('escape yaml reports as invalid');
  return { value, end: close + 1 };
}
