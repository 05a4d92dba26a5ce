/**
 * What the text around the cursor says, as completion and hover need it. Both read half-typed text,
 * so this comes from a tolerant scan of the text, never from a clean parse.
 */
import { unescapeDoubleQuoted, unescapeSingleQuoted } from '../../parse/scalarText';
import type { Path, Span } from '../../types';

/**
 * - `key`: a key of the mapping at `path` is being written (or the cursor is on one);
 * - `value`: the value of `key` is being written; `path` is the value's own path (mapping path + key);
 * - `item`: an entry of the sequence is being written; `path` is the entry's path (sequence path +
 *   index). A block sequence entry may become a scalar or a mapping, so both kinds are offered there.
 */
export type CursorPosition = 'key' | 'value' | 'item';

export interface CursorContext {
  position: CursorPosition;
  path: Path;
  /** For `value`: the key whose value it is. */
  key?: string;
  /**
   * The collection the cursor is in, with what is already there (without the token being typed):
   * the mapping for `key` and `value`, the sequence for `item`.
   */
  container: unknown;
  /** For `item` in a block sequence: the mapping the entry already has when it is a mapping. */
  itemValue?: unknown;
  /** The whole token at the cursor, quotes included; empty at the cursor when there is none. */
  tokenSpan: Span;
  /** The token without its quotes. */
  innerSpan: Span;
  /** The token's text (unquoted) from its start to the cursor. */
  partial: string;
  /** The whole token's text, unquoted. */
  token: string;
  quote?: '"' | "'";
  /** `key` only: a `:` already follows the token, so only the name should be inserted. */
  hasColon?: boolean;
  /** Flow collections: the previous entry has no `,` after it yet. */
  needsCommaBefore?: boolean;
  /** Block YAML: the cursor is right after a `:` or `-`, so a blank must come before the value. */
  needsSpaceBefore?: boolean;
  /** Block sequences: the cursor is on an empty line where a new `- ` entry would go. */
  needsDash?: boolean;
  /** Block YAML: columns from the line's indentation to where the token starts (after `- `). */
  extraIndent: number;
  /** Block YAML: the indentation step the document uses (2 unless it shows otherwise). */
  indentUnit: number;
  /** `block`: block YAML; `flow`: JSON or a YAML flow collection. */
  style: 'block' | 'flow';
}

export type Syntax = 'yaml' | 'json';

export interface Analysis {
  syntax: Syntax;
  /** The document as plain data, as far as it can be read, without the token at the cursor. */
  value: unknown;
  /** Undefined when the cursor is where nothing can be completed (a comment, punctuation, …). */
  cursor?: CursorContext;
  /** True when the cursor is inside a comment. */
  inComment: boolean;
}

/** The value at a path of plain data, or undefined. */
export function valueAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/**
 * The text inside a quoted scalar (`a\"b` for `"a\"b"`, `it''s` for `'it''s'`), with escapes read as
 * yaml reads them (JSON's escapes are among YAML's and mean the same).
 */
export function unescapeQuoted(body: string, quote: '"' | "'"): string {
  return quote === "'" ? unescapeSingleQuoted(body) : unescapeDoubleQuoted(body).value;
}
