// Block scalars (`|` literal and `>` folded), ported from yaml's lexer (Lexer#parseBlockScalar, which
// decides where the scalar's text ends) and composer (resolve-block-scalar.js, which turns that text
// into the value). The port keeps yaml's variable names and steps so the two stay easy to compare;
// every place where yaml would report an error gives up on the fast path instead.

import { Scalar } from 'yaml';
import { bail } from './bail';
import { CR, HASH, LF, PIPE, SPACE, TAB, isLineEnd, nextLineStart, skipSpaces } from './scan';
import { finish } from './scalars';

interface BlockHeader {
  /** `|` or `>`. */
  literal: boolean;
  /** Explicit indentation indicator (1-9), or 0 when absent. */
  indent: number;
  chomp: '' | '-' | '+';
  /** Offset of the first line of content, just past the header line's newline. */
  bodyStart: number;
}

/**
 * The block scalar whose header (`|`, `>`, with optional indicators and comment) starts at `start`.
 * `parentIndent` is the indentation of the collection holding it: the key column of its mapping or
 * the dash column of its sequence, which is what yaml's lexer and composer measure against.
 */
export function readBlockScalar(text: string, start: number, parentIndent: number): Scalar {
  const header = readHeader(text, start);
  const source = scalarSource(text, header, parentIndent);
  const value = resolveValue(source, header, parentIndent);
  const end = header.bodyStart + source.length;
  return finish(new Scalar(value), value, header.literal ? Scalar.BLOCK_LITERAL : Scalar.BLOCK_FOLDED, start, end, end);
}

/** The header line: mode, at most one chomping and one indentation indicator, then a comment or nothing. */
function readHeader(text: string, start: number): BlockHeader {
  let indent = 0;
  let chomp: BlockHeader['chomp'] = '';
  let i = start + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (i >= text.length || c === SPACE || c === TAB || c === LF || c === CR || c === HASH) break;
    const ch = text[i];
    if ((ch === '-' || ch === '+') && !chomp) chomp = ch;
    else if (ch !== undefined && ch >= '1' && ch <= '9' && !indent) indent = Number(ch);
    else bail('block scalar header has extra characters');
    i++;
  }
  const afterHeader = i;
  i = skipSpaces(text, i);
  if (text.charCodeAt(i) === HASH) {
    // yaml (strict) wants white space before a comment.
    if (i === afterHeader) bail('comment glued to block scalar header');
  } else if (!isLineEnd(text, i)) {
    bail('text after block scalar header');
  }
  return { literal: text.charCodeAt(start) === PIPE, indent, chomp, bodyStart: nextLineStart(text, i) };
}

/**
 * The scalar's raw text, from the line after the header through the newline of its last line: a port
 * of Lexer#parseBlockScalar, with the lexer's `indentNext` starting at `parentIndent + 1`.
 */
function scalarSource(text: string, header: BlockHeader, parentIndent: number): string {
  const pos = header.bodyStart;
  let nl = pos - 1;
  let indent = 0;
  let i = pos;
  // Skip leading blank lines, measuring the indentation of the first non-blank one.
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE) indent += 1;
    else if (c === LF) {
      nl = i;
      indent = 0;
    } else if (c === CR && text.charCodeAt(i + 1) === LF) continue;
    else break;
  }
  let indentNext = parentIndent + 1;
  if (indent >= indentNext) {
    indentNext = header.indent === 0 ? indent : header.indent - 1 + indentNext;
    do {
      const cs = continueScalar(text, nl + 1, indentNext);
      if (cs === -1) break;
      nl = text.indexOf('\n', cs);
    } while (nl !== -1);
    if (nl === -1) nl = text.length;
  }
  // yaml folds a following line that starts with a tab into the scalar to report it; not our business.
  let j = nl + 1;
  while (text.charCodeAt(j) === SPACE) j++;
  if (text.charCodeAt(j) === TAB) bail('tab after block scalar');
  if (header.chomp !== '+') nl = dropTrailingBlankLines(text, nl, pos, indent);
  return text.slice(pos, nl + 1);
}

/** Lexer#continueScalar for a positive indentNext: where the next line's text starts, or -1 if it ends the scalar. */
function continueScalar(text: string, offset: number, indentNext: number): number {
  let indent = 0;
  let c = text.charCodeAt(offset);
  while (c === SPACE) c = text.charCodeAt(++indent + offset);
  if (c === CR && text.charCodeAt(indent + offset + 1) === LF) return offset + indent + 1;
  return c === LF || indent >= indentNext ? offset + indent : -1;
}

/** Without `+` chomping, yaml's lexer leaves trailing blank lines that are not more indented out of the scalar. */
function dropTrailingBlankLines(text: string, nl: number, pos: number, indent: number): number {
  for (;;) {
    let i = nl - 1;
    let c = text.charCodeAt(i);
    if (c === CR) c = text.charCodeAt(--i);
    const lastChar = i;
    while (c === SPACE) c = text.charCodeAt(--i);
    if (c === LF && i >= pos && i + 1 + indent > lastChar) nl = i;
    else return nl;
  }
}

/** resolve-block-scalar.js: the value of the scalar text, given the collection indentation yaml uses. */
function resolveValue(source: string, header: BlockHeader, parentIndent: number): string {
  const lines = source ? splitLines(source) : [];
  // determine the end of content & start of chomping
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    const content = (lines[i] as [string, string])[1];
    if (content === '' || content === '\r') chompStart = i;
    else break;
  }
  // shortcut for empty contents
  if (chompStart === 0) {
    return header.chomp === '+' && lines.length > 0 ? '\n'.repeat(Math.max(1, lines.length - 1)) : '';
  }
  // find the indentation level to trim from start
  let trimIndent = parentIndent + header.indent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i] as [string, string];
    if (content === '' || content === '\r') {
      if (header.indent === 0 && indent.length > trimIndent) trimIndent = indent.length;
    } else {
      if (indent.length < trimIndent) bail('block scalar with more-indented leading empty lines');
      if (header.indent === 0) trimIndent = indent.length;
      contentStart = i;
      if (trimIndent === 0) bail('block scalar in a collection must be indented');
      break;
    }
  }
  // include trailing more-indented empty lines in content
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if ((lines[i] as [string, string])[0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  // leading whitespace is kept intact
  for (let i = 0; i < contentStart; ++i) value += (lines[i] as [string, string])[0].slice(trimIndent) + '\n';
  for (let i = contentStart; i < chompStart; ++i) {
    const line = lines[i] as [string, string];
    const indent = line[0];
    let content = line[1];
    if (content[content.length - 1] === '\r') content = content.slice(0, -1);
    if (content && indent.length < trimIndent) bail('block scalar line less indented than its first line');
    if (header.literal) {
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
    } else if (indent.length > trimIndent || content[0] === '\t') {
      // more-indented content within a folded block
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      // empty line
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  switch (header.chomp) {
    case '-':
      break;
    case '+':
      for (let i = chompStart; i < lines.length; ++i) value += '\n' + (lines[i] as [string, string])[0].slice(trimIndent);
      if (value[value.length - 1] !== '\n') value += '\n';
      break;
    default:
      value += '\n';
  }
  return value;
}

/** resolve-block-scalar.js#splitLines: `[indent, content]` per line. */
function splitLines(source: string): Array<[string, string]> {
  const split = source.split(/\n( *)/);
  const first = split[0] ?? '';
  const m = /^( *)/.exec(first);
  const line0: [string, string] = m?.[1] ? [m[1], first.slice(m[1].length)] : ['', first];
  const lines: Array<[string, string]> = [line0];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i] ?? '', split[i + 1] ?? '']);
  return lines;
}
