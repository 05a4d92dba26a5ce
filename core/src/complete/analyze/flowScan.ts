/**
 * A tolerant reader for JSON documents and YAML flow collections (`[a, b]`, `{ k: v }`). It builds the
 * plain value as far as the text allows (unclosed brackets, missing commas and a half-typed string are
 * all fine) and notes where the cursor is: in which collection, at a key or a value, on which token.
 */
import type { Path, PathSegment } from '../../types';
import { plainScalarValue } from '../../parse/scalarText';
import { unescapeQuoted, type CursorContext } from './cursor';

type Mode = 'json' | 'yaml';

interface Frame {
  kind: 'map' | 'seq';
  value: Record<string, unknown> | unknown[];
  path: PathSegment[];
  /** map: expecting a key, a `:`, a value, or a `,` after the value; seq: a value or a `,`. */
  state: 'key' | 'colon' | 'value' | 'after';
  key?: string;
}

export interface FlowOptions {
  mode: Mode;
  /** The document path of the collection that starts at `start`. */
  basePath: Path;
  cursor?: number;
  /** YAML: a line indented less than this ends an unclosed collection (its text belongs to the block). */
  minIndent?: number;
}

export interface FlowScan {
  value: unknown;
  /** Offset just after the collection (or where reading stopped). */
  end: number;
  cursor?: CursorContext;
  inComment: boolean;
}

interface Token {
  start: number;
  end: number;
  text: string;
  value: unknown;
  quote?: '"' | "'";
  /** Offset of the first character inside the quotes, and of the closing quote (or the end when unclosed). */
  innerStart: number;
  innerEnd: number;
}

/** Where a quoted string ends: after its closing quote, or at the end of the line when it has none. */
export function quotedEnd(text: string, start: number): { end: number; closed: boolean } {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') return { end: i, closed: false };
    if (quote === '"' && c === '\\') {
      // An escaped line break (YAML) or a backslash just typed: either way the string ends on this line.
      if (text[i + 1] === '\n' || text[i + 1] === '\r') return { end: i + 1, closed: false };
      i++;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
        continue;
      }
      return { end: i + 1, closed: true };
    }
  }
  return { end: text.length, closed: false };
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

const FLOW_DELIMITERS = new Set([',', '[', ']', '{', '}']);

/** The end of an unquoted word: JSON stops at any delimiter or space, YAML at `,[]{}`, `: `, ` #` or the line end. */
function wordEnd(text: string, start: number, mode: Mode): number {
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n' || c === '\r' || FLOW_DELIMITERS.has(c)) break;
    if (mode === 'json') {
      if (c === ':' || c === '"' || isSpace(c)) break;
    } else if (c === ':' && (i + 1 >= text.length || isSpace(text[i + 1]) || FLOW_DELIMITERS.has(text[i + 1]!))) {
      break;
    } else if (c === '#' && isSpace(text[i - 1])) {
      break;
    }
  }
  while (i > start && isSpace(text[i - 1])) i--;
  return i;
}

function readToken(text: string, start: number, mode: Mode): Token {
  const c = text[start];
  if (c === '"' || (c === "'" && mode === 'yaml')) {
    const { end, closed } = quotedEnd(text, start);
    const innerEnd = closed ? end - 1 : end;
    const body = text.slice(start + 1, innerEnd);
    return { start, end, text: unescapeQuoted(body, c), value: unescapeQuoted(body, c), quote: c, innerStart: start + 1, innerEnd };
  }
  const end = wordEnd(text, start, mode);
  const raw = text.slice(start, end);
  return { start, end, text: raw, value: plainScalarValue(raw), innerStart: start, innerEnd: end };
}

/** The indentation of the line starting at `lineStart`, or -1 for a blank line. */
function lineIndent(text: string, lineStart: number): number {
  let i = lineStart;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i >= text.length || text[i] === '\n' || text[i] === '\r' || text[i] === '#' ? -1 : i - lineStart;
}

/**
 * Reads the collection (or, in JSON, the document) that starts at `start`. With `cursor`, also
 * returns the cursor's context; the token at the cursor is left out of the value, so the value says
 * what is there besides what is being typed.
 */
export function scanFlow(text: string, start: number, options: FlowOptions): FlowScan {
  const { mode, cursor } = options;
  const stack: Frame[] = [];
  let root: unknown;
  let context: CursorContext | undefined;
  let pending = cursor !== undefined;
  let inComment = false;
  /** Removes the token at the cursor from the value once reading is done. */
  let removeCursorToken: (() => void) | undefined;
  let i = start;

  const top = (): Frame | undefined => stack[stack.length - 1];

  /** Stores a finished value where the innermost collection expects one. */
  const place = (value: unknown): void => {
    const frame = top();
    if (!frame) {
      root = value;
      return;
    }
    if (frame.kind === 'seq') {
      (frame.value as unknown[]).push(value);
      frame.state = 'after';
    } else if (frame.state === 'value' && frame.key !== undefined) {
      (frame.value as Record<string, unknown>)[frame.key] = value;
      frame.state = 'after';
    }
  };

  /** The path a value placed now would get. */
  const childSegment = (frame: Frame): PathSegment | undefined =>
    frame.kind === 'seq' ? (frame.value as unknown[]).length : frame.state === 'value' ? frame.key : undefined;

  const between = (): void => {
    pending = false;
    const frame = top();
    if (!frame || cursor === undefined) return;
    context = contextBetween(frame, cursor);
  };

  while (i < text.length) {
    if (pending && cursor !== undefined && i >= cursor && !(i === cursor && startsToken(text, i, mode))) between();
    const c = text[i]!;
    if (c === '\n' || c === '\r') {
      i++;
      if (mode === 'yaml' && options.minIndent !== undefined && (c === '\n' || text[i] !== '\n')) {
        const indent = lineIndent(text, i);
        if (indent >= 0 && indent < options.minIndent) break;
      }
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (mode === 'yaml' && c === '#' && (i === start || isSpace(text[i - 1]))) {
      let eol = i;
      while (eol < text.length && text[eol] !== '\n' && text[eol] !== '\r') eol++;
      if (cursor !== undefined && cursor > i && cursor <= eol) {
        inComment = true;
        pending = false;
      }
      i = eol;
      continue;
    }
    if (c === '{' || c === '[') {
      const frame = top();
      const segment = frame ? childSegment(frame) : undefined;
      const value: Record<string, unknown> | unknown[] = c === '{' ? {} : [];
      const path = frame ? (segment === undefined ? [...frame.path, '?'] : [...frame.path, segment]) : [...options.basePath];
      place(value);
      stack.push({ kind: c === '{' ? 'map' : 'seq', value, path, state: c === '{' ? 'key' : 'value' });
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      const frame = stack.pop();
      if (frame?.kind === 'map' && frame.state === 'colon' && frame.key !== undefined)
        (frame.value as Record<string, unknown>)[frame.key] = null;
      i++;
      if (stack.length === 0) break;
      continue;
    }
    const frame = top();
    if (c === ',') {
      if (frame?.kind === 'map') {
        if (frame.state === 'colon' && frame.key !== undefined) (frame.value as Record<string, unknown>)[frame.key] = null;
        frame.state = 'key';
      } else if (frame) frame.state = 'value';
      i++;
      continue;
    }
    if (
      c === ':' &&
      frame?.kind === 'map' &&
      (mode === 'json' || isSpace(text[i + 1]) || i + 1 >= text.length || FLOW_DELIMITERS.has(text[i + 1]!) || text[i + 1] === '"')
    ) {
      if (frame.state === 'colon' || frame.state === 'key') frame.state = 'value';
      i++;
      continue;
    }
    const token = readToken(text, i, mode);
    if (token.end === i) {
      i++;
      continue;
    }
    const atCursor = pending && cursor !== undefined && token.start <= cursor && cursor <= token.end;
    if (atCursor) {
      pending = false;
      context = frame ? contextOnToken(frame, token, cursor, text, mode) : undefined;
    }
    if (!frame) {
      root = token.value;
      i = token.end;
      break;
    }
    if (frame.kind === 'seq') {
      const index = (frame.value as unknown[]).length;
      place(token.value);
      if (atCursor) {
        const seq = frame.value as unknown[];
        removeCursorToken = () => void seq.splice(index, 1);
      }
    } else if (frame.state === 'value' && frame.key !== undefined) {
      const key = frame.key;
      place(token.value);
      if (atCursor) {
        const map = frame.value as Record<string, unknown>;
        removeCursorToken = () => void delete map[key];
      }
    } else {
      // A key (also after a missing comma, or a second key where a `:` was expected).
      if (frame.state === 'colon' && frame.key !== undefined) (frame.value as Record<string, unknown>)[frame.key] = null;
      frame.key = token.text;
      frame.state = 'colon';
      if (mode === 'yaml') (frame.value as Record<string, unknown>)[token.text] = null;
      // A key being typed is left out; one that already has its `:` stays (hover describes it).
      if (atCursor && !context?.hasColon) {
        const map = frame.value as Record<string, unknown>;
        const key = token.text;
        removeCursorToken = () => void delete map[key];
      }
    }
    i = token.end;
  }
  if (pending && cursor !== undefined && cursor <= i && stack.length > 0) between();
  // Keys left waiting for a value (JSON `"key":` at the end of what was typed) still count as present.
  for (const frame of stack) {
    if (frame.kind === 'map' && frame.key !== undefined && frame.state !== 'after' && !(frame.key in frame.value)) {
      (frame.value as Record<string, unknown>)[frame.key] = null;
    }
  }
  removeCursorToken?.();
  return { value: root, end: i, cursor: context, inComment };
}

function startsToken(text: string, i: number, mode: Mode): boolean {
  const c = text[i];
  return c !== undefined && !isSpace(c) && !FLOW_DELIMITERS.has(c) && !(c === ':' && mode === 'json') && !(c === '#' && mode === 'yaml');
}

function base(frame: Frame, cursor: number): Omit<CursorContext, 'position' | 'path'> {
  return {
    container: frame.value,
    tokenSpan: [cursor, cursor],
    innerSpan: [cursor, cursor],
    partial: '',
    token: '',
    extraIndent: 0,
    indentUnit: 2,
    style: 'flow',
  };
}

/** The cursor is between tokens: what the innermost collection expects next is what is being written. */
function contextBetween(frame: Frame, cursor: number): CursorContext | undefined {
  if (frame.kind === 'seq') {
    const index = (frame.value as unknown[]).length;
    return { ...base(frame, cursor), position: 'item', path: [...frame.path, index], needsCommaBefore: frame.state === 'after' };
  }
  if (frame.state === 'value' && frame.key !== undefined) {
    return { ...base(frame, cursor), position: 'value', key: frame.key, path: [...frame.path, frame.key] };
  }
  if (frame.state === 'key' || frame.state === 'after') {
    return { ...base(frame, cursor), position: 'key', path: [...frame.path], needsCommaBefore: frame.state === 'after' };
  }
  return undefined;
}

/** The cursor is on (or just after) a token. */
function contextOnToken(frame: Frame, token: Token, cursor: number, text: string, mode: Mode): CursorContext {
  const inner = Math.max(token.innerStart, Math.min(cursor, token.innerEnd));
  const raw = text.slice(token.innerStart, inner);
  const shared = {
    ...base(frame, cursor),
    tokenSpan: [token.start, token.end] as const,
    innerSpan: [token.innerStart, token.innerEnd] as const,
    partial: token.quote ? unescapeQuoted(raw, token.quote) : raw,
    token: token.text,
    quote: token.quote,
  };
  if (frame.kind === 'seq') {
    return {
      ...shared,
      position: 'item',
      path: [...frame.path, (frame.value as unknown[]).length],
      needsCommaBefore: frame.state === 'after',
    };
  }
  if (frame.state === 'value' && frame.key !== undefined) {
    return { ...shared, position: 'value', key: frame.key, path: [...frame.path, frame.key] };
  }
  let j = token.end;
  while (j < text.length && isSpace(text[j])) j++;
  const hasColon =
    text[j] === ':' && (mode === 'json' || isSpace(text[j + 1]) || j + 1 >= text.length || FLOW_DELIMITERS.has(text[j + 1]!));
  return {
    ...shared,
    position: 'key',
    path: [...frame.path],
    hasColon,
    needsCommaBefore: frame.state === 'after' || frame.state === 'colon',
  };
}
