// Character codes and tiny scanning helpers shared by the fast parser's modules. The parser works on
// char codes and offsets into the one source string, never on substrings per line, to stay cheap.

import { bail } from './bail';

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const BANG = 33; // !
export const DQUOTE = 34; // "
export const HASH = 35; // #
export const PERCENT = 37; // %
export const AMP = 38; // &
export const SQUOTE = 39; // '
export const STAR = 42; // *
export const PLUS = 43; // +
export const COMMA = 44; // ,
export const DASH = 45; // -
export const DOT = 46; // .
export const ZERO = 48;
export const NINE = 57;
export const COLON = 58; // :
export const GT = 62; // >
export const QUESTION = 63; // ?
export const AT = 64; // @
export const LBRACKET = 91; // [
export const BACKSLASH = 92; // \
export const RBRACKET = 93; // ]
export const BACKTICK = 96; // `
export const LBRACE = 123; // {
export const PIPE = 124; // |
export const RBRACE = 125; // }

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
