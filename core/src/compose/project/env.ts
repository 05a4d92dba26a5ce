/**
 * `.env` files as Compose reads them (its dotenv parser): `KEY=VALUE` or `KEY: VALUE`, an optional
 * `export ` prefix, `#` comment lines, single quotes (literal, `\'` allowed), double quotes (escape
 * sequences, then interpolation), unquoted values (inline ` #` comments cut, trailing space trimmed,
 * interpolation), a bare `KEY` that copies the variable from the environment, and references to
 * variables defined earlier in the same file.
 */
import type { Span } from '../../types';
import { interpolateString, type KnownVariable, type VariableLookup } from './interpolate';

export interface EnvEntry {
  name: string;
  value: string;
  /** 1-based line of the key. */
  line: number;
  /** The key's span in the file text. */
  keySpan: Span;
  /** From the key to the end of the value (the closing quote for quoted values). */
  span: Span;
  /** The file the entry was read from, when the caller named it. */
  file?: string;
}

export interface EnvProblem {
  severity: 'error' | 'warning';
  message: string;
  span: Span;
}

export interface ParsedEnvFile {
  /** Entries by name, in file order; a later line for the same name replaces the earlier one. */
  entries: Map<string, EnvEntry>;
  problems: EnvProblem[];
}

export interface EnvParseOptions {
  /** Variables already known (the environment): they win over earlier lines when values are interpolated. */
  lookup?: VariableLookup;
  /** Consulted after the file's own earlier lines (e.g. the env files read before this one). */
  fallback?: VariableLookup;
  file?: string;
}

const BYTE_ORDER_MARK = '\uFEFF';

export function parseEnvFile(text: string, options: EnvParseOptions = {}): ParsedEnvFile {
  const reader = new EnvReader(text, options);
  reader.readAll();
  return { entries: reader.entries, problems: reader.problems };
}

/** Reads one file left to right; `pos` is an offset into the original text, so spans need no fixing up. */
class EnvReader {
  readonly entries = new Map<string, EnvEntry>();
  readonly problems: EnvProblem[] = [];
  private pos: number;

  constructor(
    private readonly text: string,
    private readonly options: EnvParseOptions,
  ) {
    this.pos = text.startsWith(BYTE_ORDER_MARK) ? 1 : 0;
  }

  readAll(): void {
    while (this.skipBlanksAndComments()) {
      if (!this.readStatement()) return; // Compose stops at the first malformed line; so do we.
    }
  }

  /** Moves to the next statement; false at the end of the text. */
  private skipBlanksAndComments(): boolean {
    for (;;) {
      while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
      if (this.pos >= this.text.length) return false;
      if (this.text[this.pos] !== '#') return true;
      const newline = this.text.indexOf('\n', this.pos);
      if (newline < 0) return false;
      this.pos = newline;
    }
  }

  private readStatement(): boolean {
    const exported = /^export[ \t]+/.exec(this.text.slice(this.pos, this.pos + 32));
    if (exported) this.pos += exported[0].length;
    const key = this.readKey();
    if (!key) return false;
    if (key.inherited) {
      // A bare `KEY` line passes the variable through from the environment, if it has one.
      const known = this.lookup(key.name);
      if (known !== undefined) this.add(key.name, known.value, key.span, key.span);
      return true;
    }
    this.skipSpaces();
    const value = this.text[this.pos] === '"' || this.text[this.pos] === "'" ? this.readQuoted() : this.readUnquoted();
    if (!value) return false;
    this.add(key.name, value.value, key.span, [key.span[0], value.end]);
    return true;
  }

  /** The name up to `=`, `:` or the end of the line; letters, digits and `_ . - [ ]` only. */
  private readKey(): { name: string; span: Span; inherited: boolean } | undefined {
    const start = this.pos;
    for (let i = start; i <= this.text.length; i++) {
      const char = this.text[i];
      if (char === undefined || char === '=' || char === ':' || char === '\n') {
        const raw = this.text.slice(start, i);
        const name = raw.trimEnd();
        this.pos = char === undefined ? i : i + 1;
        const span: Span = [start, start + name.length];
        if (/\s/.test(name)) return this.fail(span, `The variable name "${name}" contains a space.`);
        return { name, span, inherited: char === undefined || char === '\n' };
      }
      if (isInlineSpace(char) || /[\p{L}\p{N}_.\-[\]]/u.test(char)) continue;
      const line = this.text.slice(start, lineEndFrom(this.text, start));
      return this.fail([i, i + 1], `Unexpected character "${char}" in the variable name "${line}".`);
    }
    return undefined;
  }

  private readUnquoted(): { value: string; end: number } {
    const lineEnd = lineEndFrom(this.text, this.pos);
    let raw = this.text.slice(this.pos, lineEnd);
    // An inline comment needs a space before its `#`; `a#b` is a value.
    const comment = raw.indexOf(' #');
    if (comment >= 0) raw = raw.slice(0, comment);
    raw = raw.trimEnd();
    const start = this.pos;
    this.pos = lineEnd;
    return { value: this.interpolate(raw, start), end: start + raw.length };
  }

  private readQuoted(): { value: string; end: number } | undefined {
    const quote = this.text[this.pos]!;
    const start = this.pos;
    let chars = '';
    let escaping = false;
    for (let i = start + 1; i < this.text.length; i++) {
      const char = this.text[i]!;
      if (char === quote && !escaping) {
        this.pos = i + 1;
        // Single quotes are literal; double quotes expand escapes, then variables.
        const value = quote === '"' ? this.interpolate(expandEscapes(chars), start + 1) : chars;
        return { value, end: i + 1 };
      }
      if (escaping) {
        // Only the quote itself loses its backslash here; other escapes are expanded afterwards.
        chars += char === quote ? char : `\\${char}`;
        escaping = false;
      } else if (char === '\\') {
        escaping = true;
      } else {
        chars += char;
      }
    }
    return this.fail([start, lineEndFrom(this.text, start)], `The quoted value starting here is never closed with ${quote}.`);
  }

  private skipSpaces(): void {
    while (this.pos < this.text.length && isInlineSpace(this.text[this.pos]!)) this.pos++;
  }

  /** Earlier lines of this file are visible to later ones; the environment wins over them. */
  private lookup(name: string): KnownVariable | undefined {
    const known = this.options.lookup?.(name);
    if (known !== undefined) return known;
    const entry = this.entries.get(name);
    if (!entry) return this.options.fallback?.(name);
    return {
      value: entry.value,
      source: '.env',
      line: entry.line,
      ...(this.options.file !== undefined ? { file: this.options.file } : {}),
    };
  }

  private interpolate(raw: string, offset: number): string {
    const resolved = interpolateString(raw, (name) => this.lookup(name));
    for (const problem of resolved.problems) {
      this.problems.push({
        severity: problem.severity,
        message: problem.message,
        span: [offset + problem.span[0], offset + problem.span[1]],
      });
    }
    return resolved.value;
  }

  private add(name: string, value: string, keySpan: Span, span: Span): void {
    // Re-inserting moves a redefined key to its latest position, which is the one that counts.
    this.entries.delete(name);
    const entry: EnvEntry = { name, value, line: lineNumberAt(this.text, keySpan[0]), keySpan, span };
    if (this.options.file !== undefined) entry.file = this.options.file;
    this.entries.set(name, entry);
  }

  private fail(span: Span, message: string): undefined {
    this.problems.push({ severity: 'error', message, span });
    return undefined;
  }
}

/** Spaces and tabs, never a line break (a bare key ends at its line). */
function isInlineSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\v' || char === '\f' || char === '\u0085' || char === '\u00A0';
}

function lineEndFrom(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

function lineNumberAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\' };

/**
 * The escapes Compose honours inside double quotes. `\$` becomes `$$`, which interpolation then
 * turns into a literal `$`; `\0ddd` is an octal byte; anything else keeps its backslash.
 */
function expandEscapes(text: string): string {
  return text.replace(/\\(?:[abcfnrtv$"\\]|0\d{0,3})/g, (match) => {
    const letter = match.slice(1);
    if (letter === '$') return '$$';
    const simple = SIMPLE_ESCAPES[letter];
    if (simple !== undefined) return simple;
    if (/^0[0-7]{3}$/.test(letter)) return String.fromCharCode(parseInt(letter.slice(1), 8));
    return match;
  });
}

// ---------------------------------------------------------------------------------------------------
// A service's env_file, as the Compose runner and the converter both read it

/** One entry of a service's `env_file`: a path, or `{path, required, format}`. */
export interface EnvFileReference {
  path: string;
  required: boolean;
  /** `format: raw`: each line is KEY=VALUE taken literally, with no quotes, escapes or interpolation. */
  raw: boolean;
  /** Its index when `env_file` is a list. */
  index?: number;
}

export interface ServiceEnvFile {
  reference: EnvFileReference;
  /** False when the file could not be read. */
  read: boolean;
  /** Lines Compose cannot read (errors: the rest of the file is ignored) and unset variables (warnings). */
  problems: EnvProblem[];
}

export interface ServiceEnvFiles {
  /** The variables, later files winning over earlier ones. */
  values: Map<string, string>;
  files: ServiceEnvFile[];
  /** Indexes (undefined: the single value) of entries that name no path. */
  invalid: Array<number | undefined>;
}

/** The entries of `env_file` (a string, or a list of strings and `{path, required, format}`). */
export function envFileReferences(value: unknown): { references: EnvFileReference[]; invalid: Array<number | undefined> } {
  const references: EnvFileReference[] = [];
  const invalid: Array<number | undefined> = [];
  const items: Array<[unknown, number | undefined]> = Array.isArray(value)
    ? value.map((item, index): [unknown, number] => [item, index])
    : value === undefined || value === null
      ? []
      : [[value, undefined]];
  for (const [item, index] of items) {
    const at = index === undefined ? {} : { index };
    if (typeof item === 'string') {
      references.push({ path: item, required: true, raw: false, ...at });
      continue;
    }
    const record = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
    const path = record?.['path'];
    if (typeof path !== 'string') {
      invalid.push(index);
      continue;
    }
    const required = record!['required'];
    references.push({ path, required: required !== false && required !== 'false', raw: record!['format'] === 'raw', ...at });
  }
  return { references, invalid };
}

export interface ServiceEnvFileOptions {
  readFile: (path: string) => string | undefined;
  /** The project's environment (the shell over `.env`). */
  lookup?: VariableLookup;
  /** The service's own `environment` entries that have a value. */
  environment?: ReadonlyMap<string, string>;
}

/**
 * Reads a service's env files as Compose does (compose-go, `WithServicesEnvironmentResolved`): in
 * order, later files winning; unquoted and double-quoted values interpolated from the project's
 * environment (the shell over `.env`), then the service's own `environment`, then the lines read
 * before (this file's and earlier files'); single-quoted values and `format: raw` files taken
 * literally. A file that cannot be read adds nothing: the caller decides whether that is a problem.
 */
export function readServiceEnvFiles(envFile: unknown, options: ServiceEnvFileOptions): ServiceEnvFiles {
  const { references, invalid } = envFileReferences(envFile);
  const values = new Map<string, string>();
  const known = (map: ReadonlyMap<string, string> | undefined, name: string): KnownVariable | undefined => {
    const value = map?.get(name);
    return value === undefined ? undefined : { value, source: '.env' };
  };
  const lookup: VariableLookup = (name) => options.lookup?.(name) ?? known(options.environment, name);
  const fallback: VariableLookup = (name) => known(values, name);
  const files = references.map((reference): ServiceEnvFile => {
    const text = options.readFile(reference.path);
    if (text === undefined) return { reference, read: false, problems: [] };
    if (reference.raw) {
      for (const [name, value] of parseRawEnvFile(text)) values.set(name, value);
      return { reference, read: true, problems: [] };
    }
    const parsed = parseEnvFile(text, { lookup, fallback, file: reference.path });
    for (const [name, entry] of parsed.entries) values.set(name, entry.value);
    return { reference, read: true, problems: parsed.problems };
  });
  return { values, files, invalid };
}

/** `format: raw`: every line is KEY=VALUE taken literally. */
function parseRawEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals > 0) values.set(line.slice(0, equals).trim(), line.slice(equals + 1));
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------
// Reading several files into one environment

export interface EnvironmentVariable {
  value: string;
  source: 'environment' | '.env';
  /** For values from a file: where the line is. */
  file?: string;
  line?: number;
  span?: Span;
}

/** The variables of a project's environment as given by the caller (the shell's, in Compose's case). */
export function environmentFrom(record: Record<string, string>): Map<string, EnvironmentVariable> {
  return new Map(Object.entries(record).map(([name, value]): [string, EnvironmentVariable] => [name, { value, source: 'environment' }]));
}

/**
 * Adds `.env` files (later files win) under `base`, which wins over all of them, as Compose builds a
 * project's environment (the shell over `.env`) and an included project's (the including project's
 * environment over the included `env_file`). Each file sees `base` and the files before it.
 */
export function buildEnvironment(
  base: ReadonlyMap<string, EnvironmentVariable>,
  envFiles: Array<{ path: string; text: string }>,
): { variables: Map<string, EnvironmentVariable>; problems: Array<EnvProblem & { file: string }> } {
  const problems: Array<EnvProblem & { file: string }> = [];
  const fromFiles = new Map<string, EnvironmentVariable>();
  for (const { path, text } of envFiles) {
    const lookup = environmentLookup(new Map([...fromFiles, ...base]));
    const parsed = parseEnvFile(text, { lookup, file: path });
    for (const [name, entry] of parsed.entries) {
      fromFiles.set(name, { value: entry.value, source: '.env', file: path, line: entry.line, span: entry.span });
    }
    problems.push(...parsed.problems.map((problem) => ({ ...problem, file: path })));
  }
  return { variables: new Map([...fromFiles, ...base]), problems };
}

/** A lookup over a built environment, for interpolation. */
export function environmentLookup(variables: ReadonlyMap<string, EnvironmentVariable>): VariableLookup {
  return (name) => {
    const variable = variables.get(name);
    if (!variable) return undefined;
    return {
      value: variable.value,
      source: variable.source,
      ...(variable.file ? { file: variable.file } : {}),
      ...(variable.line ? { line: variable.line } : {}),
    };
  };
}
