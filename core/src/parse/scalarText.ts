// What YAML scalar text means, the way the `yaml` package reads it: the escapes of double-quoted
// scalars, `''` in single-quoted ones, and plain scalars typed by the YAML 1.2 core schema (null,
// booleans, integers in three bases, floats with `.inf` and `.nan`; `yes`, `on`, `0777`-as-octal and
// the other YAML 1.1 forms are strings or decimal numbers). The two readers beside yaml's parser share
// it: the fast reader (parse/fast), which must build yaml's very values, and the tolerant reader of
// half-typed text that completion and hover use (complete/analyze).
import { Scalar, Schema, type ScalarTag } from 'yaml';

/** The one-character escapes of double-quoted scalars: yaml's table (compose/resolve-flow-scalar). */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
};

/** `\x`, `\u` and `\U` take this many hex digits. */
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * The text of a one-line double-quoted scalar's inside (`a\"b` for `"a\"b"`) with its escapes read.
 * An escape yaml reports as invalid (`\q`, `\x4`, a code point beyond Unicode) stays as written, as
 * yaml keeps it, and `valid` is false.
 */
export function unescapeDoubleQuoted(body: string): { value: string; valid: boolean } {
  if (!body.includes('\\')) return { value: body, valid: true };
  let value = '';
  let valid = true;
  let run = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') continue;
    value += body.slice(run, i);
    const next = body[i + 1] ?? '';
    const simple = Object.hasOwn(ESCAPES, next) ? ESCAPES[next] : undefined;
    const length = Object.hasOwn(HEX_LENGTH, next) ? HEX_LENGTH[next] : undefined;
    if (simple !== undefined) {
      value += simple;
      i += 1;
    } else if (length !== undefined) {
      const hex = body.slice(i + 2, i + 2 + length);
      const code = hex.length === length && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (code <= 0x10ffff) {
        value += String.fromCodePoint(code);
      } else {
        value += body.slice(i, i + 2 + length);
        valid = false;
      }
      i += 1 + length;
    } else {
      value += body.slice(i, i + 2);
      valid = false;
      i += 1;
    }
    run = i + 1;
  }
  return { value: value + body.slice(run), valid };
}

/** The text of a single-quoted scalar's inside (`it''s` for `'it''s'`): `''` is its only escape. */
export function unescapeSingleQuoted(body: string): string {
  return body.includes("''") ? body.replace(/''/g, "'") : body;
}

/**
 * The tag a plain scalar resolves to among a schema's `tags`, as yaml's composer picks it: the first
 * default tag whose test matches (at a key also those marked `default: 'key'`); undefined for a string.
 */
export function plainScalarTag(tags: readonly ScalarTag[], source: string, atKey = false): ScalarTag | undefined {
  for (const tag of tags) {
    if ((tag.default === true || (atKey && tag.default === 'key')) && tag.test?.test(source)) return tag;
  }
  return undefined;
}

/** The default scalar tags of the YAML 1.2 core schema, yaml's default. */
const CORE_TAGS: readonly ScalarTag[] = new Schema({}).tags.filter(
  (tag): tag is ScalarTag => !tag.collection && Boolean((tag as ScalarTag).test),
);
const RESOLVE_OPTIONS = { intAsBigInt: false };

/** A plain scalar's value under the core schema, as yaml reads it: `.inf` is Infinity, `yes` a string. */
export function plainScalarValue(source: string): unknown {
  const tag = plainScalarTag(CORE_TAGS, source);
  if (!tag) return source;
  const resolved: unknown = tag.resolve(source, () => undefined, RESOLVE_OPTIONS as never);
  return resolved instanceof Scalar ? resolved.value : resolved;
}
