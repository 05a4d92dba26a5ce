/**
 * How a completion is written into the document: YAML or JSON quoting, the `key: ` form, commas in
 * JSON and flow collections, `- ` on an empty sequence line, and indentation of multi-line inserts.
 */
import type { Span } from '../types';
import type { CursorContext, Syntax } from './analyze/analyze';
import { plainScalarValue } from '../parse/scalarText';

export interface Insertion {
  insertText: string;
  insertTextIsSnippet?: boolean;
  filterText?: string;
}

/** A value, as a snippet body or plain text, in the document's own syntax. */
export type Template = { map: Array<[string, Template]> } | { seq: Template[] } | { str: string } | { raw: string };

/** Escapes text for use inside a snippet (`$`, `}` and `\` are special there). */
export function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

// YAML 1.1 readers (Docker Compose's included, for some keys) take these as booleans or null.
const YAML_SPECIAL_WORDS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

/** True when a string would not read back as the same string if written without quotes. */
export function yamlNeedsQuotes(text: string, inFlow: boolean): boolean {
  if (text === '' || text.trim() !== text) return true;
  if (YAML_SPECIAL_WORDS.test(text)) return true;
  // Numbers, and `80:80`, which YAML 1.1 reads as a base-60 number.
  if (typeof plainScalarValue(text) !== 'string' || /^\d+(:\d+)+$/.test(text)) return true;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text)) return true;
  if (/: |:$| #/.test(text)) return true;
  return inFlow && /[,[\]{}]/.test(text);
}

export function yamlScalar(value: string | number | boolean | null, inFlow = false): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  return yamlNeedsQuotes(value, inFlow) ? JSON.stringify(value) : value;
}

export class Inserter {
  /** The text every candidate replaces. */
  readonly span: Span;
  private readonly json: boolean;
  private readonly flow: boolean;
  /** Inside a YAML quoted scalar: insert the bare text, the quotes are there already. */
  private readonly insideQuotes?: '"' | "'";

  constructor(
    private readonly text: string,
    syntax: Syntax,
    private readonly cursor: CursorContext,
    offset: number,
  ) {
    this.json = syntax === 'json';
    this.flow = cursor.style === 'flow';
    const [innerStart, innerEnd] = cursor.innerSpan;
    const closed = cursor.quote !== undefined && text[innerEnd] === cursor.quote;
    // In YAML, a cursor between the quotes (or after an unclosed one) edits the text inside them; one
    // before the opening quote or after the closing one replaces the whole scalar.
    const inside =
      !this.json && cursor.quote !== undefined && offset >= innerStart && offset <= (closed ? innerEnd : lineEnd(text, innerStart));
    this.insideQuotes = inside ? cursor.quote : undefined;
    // An unclosed quote runs to the cursor, even past trailing blanks.
    this.span = inside ? [innerStart, Math.max(innerEnd, offset)] : cursor.tokenSpan;
  }

  /** A scalar value (or sequence entry). */
  value(value: string | number | boolean | null): Insertion {
    if (this.insideQuotes) {
      const raw = String(value);
      return { insertText: this.insideQuotes === '"' ? JSON.stringify(raw).slice(1, -1) : raw.replace(/'/g, "''") };
    }
    const literal = this.json ? JSON.stringify(value) : yamlScalar(value, this.flow);
    return this.wrap(literal, false, typeof value === 'string' ? value : String(value));
  }

  /** A value written as given (a snippet when `snippet`), with commas and `- ` as needed. */
  raw(text: string, snippet: boolean, label: string): Insertion {
    return this.wrap(text, snippet, label);
  }

  /** A key, with what its value needs: `key: `, or a block on the next lines for mappings and lists. */
  key(name: string, types: readonly string[]): Insertion {
    const keyText = this.json ? JSON.stringify(name) : yamlScalar(name, this.flow);
    if (this.cursor.hasColon) return this.wrap(keyText, false, name, true);
    if (this.json) {
      const only = (t: string): boolean => types.length > 0 && types.every((x) => x === t || (t === 'number' && x === 'integer'));
      const value = only('object') ? '{$1}' : only('array') ? '[$1]' : only('string') ? '"$1"' : '$1';
      return this.wrap(`${escapeSnippet(keyText)}: ${value}`, true, name);
    }
    // In a flow mapping the value goes where the cursor lands, before any comma added after it.
    if (this.flow) return this.wrap(`${escapeSnippet(keyText)}: $1`, true, name);
    const collection = types.length > 0 && types.every((t) => t === 'object' || t === 'array' || t === 'null');
    if (!collection) return this.wrap(`${keyText}: `, false, name);
    const unit = ' '.repeat(this.cursor.indentUnit);
    const body = types.includes('object') ? '$0' : '- $0';
    return this.wrap(`${escapeSnippet(keyText)}:\n${this.continuation()}${unit}${body}`, true, name);
  }

  /** A key and its value from a template (`healthcheck:` and its lines). */
  entry(key: string, value: Template, label: string): Insertion {
    const lines = this.json
      ? [`${jsonKey(key)}: ${jsonLines(value, '  ').join('\n')}`]
      : yamlEntry(key, value, ' '.repeat(this.cursor.indentUnit));
    return this.wrap(this.join(lines), true, label);
  }

  /** A sequence entry from a template. */
  item(value: Template, label: string): Insertion {
    const lines = this.json ? jsonLines(value, '  ') : yamlBlock(value, ' '.repeat(this.cursor.indentUnit));
    return this.wrap(this.join(lines), true, label);
  }

  /** Lines after the first are indented from the line's own indentation to where the insert starts. */
  private join(lines: string[]): string {
    if (this.json) return lines.join('\n');
    return lines.join(`\n${this.continuation()}`);
  }

  private continuation(): string {
    return ' '.repeat(this.cursor.extraIndent + (this.cursor.needsDash ? 2 : 0));
  }

  /** Adds what the surroundings need: a blank after `:`, `- `, and commas in JSON and flow collections. */
  private wrap(text: string, snippet: boolean, label: string, isKeyName = false): Insertion {
    let before = '';
    let after = '';
    if (this.json || this.flow) {
      if (this.cursor.needsCommaBefore) before = ', ';
      if (!isKeyName && this.memberFollows()) after = ',';
    } else {
      if (this.cursor.needsSpaceBefore) before = ' ';
      if (this.cursor.needsDash) before = '- ';
    }
    const insertText = `${before}${text}${after}`;
    const result: Insertion = { insertText };
    if (snippet) result.insertTextIsSnippet = true;
    // VS Code filters on the text from the range start to the cursor; in JSON that starts with a quote.
    if (this.json && this.text[this.span[0]] === '"') result.filterText = JSON.stringify(label);
    return result;
  }

  /** JSON and flow collections: another entry follows the replaced text, so a comma must separate them. */
  private memberFollows(): boolean {
    let i = this.cursor.tokenSpan[1];
    while (i < this.text.length && /\s/.test(this.text[i]!)) i++;
    const next = this.text[i];
    return next !== undefined && !',}]:'.includes(next);
  }
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

function jsonKey(key: string): string {
  return `"${key}"`;
}

function isScalarTemplate(t: Template): t is { str: string } | { raw: string } {
  return 'str' in t || 'raw' in t;
}

function yamlTemplateScalar(t: { str: string } | { raw: string }): string {
  if ('raw' in t) return t.raw;
  // Placeholders hide the final text; quote when the default text would need it.
  const plain = t.str.replace(/\$\{\d+:([^}]*)\}|\$\{\d+\|([^|,]*)[^}]*\}|\$\d+/g, (_m, a?: string, b?: string) => a ?? b ?? 'x');
  return yamlNeedsQuotes(plain, false) ? `"${t.str}"` : t.str;
}

function yamlEntry(key: string, value: Template, unit: string): string[] {
  if (isScalarTemplate(value)) return [`${key}: ${yamlTemplateScalar(value)}`];
  return [`${key}:`, ...yamlBlock(value, unit).map((l) => unit + l)];
}

function yamlBlock(t: Template, unit: string): string[] {
  if ('map' in t) return t.map.flatMap(([k, v]) => yamlEntry(k, v, unit));
  if ('seq' in t) {
    return t.seq.flatMap((item) => {
      const lines = isScalarTemplate(item) ? [yamlTemplateScalar(item)] : yamlBlock(item, unit);
      return [`- ${lines[0] ?? ''}`, ...lines.slice(1).map((l) => `  ${l}`)];
    });
  }
  return [yamlTemplateScalar(t)];
}

function jsonLines(t: Template, unit: string): string[] {
  if ('raw' in t) return [t.raw];
  if ('str' in t) return [`"${t.str}"`];
  const [open, close, parts] =
    'map' in t ? ['{', '}', t.map.map(([k, v]) => [`${jsonKey(k)}: `, v] as const)] : ['[', ']', t.seq.map((v) => ['', v] as const)];
  if (parts.length === 0) return [`${open}${close}`];
  const lines = [open];
  parts.forEach(([prefix, value], i) => {
    const inner = jsonLines(value, unit);
    const comma = i < parts.length - 1 ? ',' : '';
    inner.forEach((line, j) => lines.push(`${unit}${j === 0 ? prefix : ''}${line}${j === inner.length - 1 ? comma : ''}`));
  });
  lines.push(close);
  return lines;
}
