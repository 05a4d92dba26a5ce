import { isMap, isScalar, type Document, type Node, type YAMLMap } from 'yaml';
import { locate } from '../parse/locate';
import type { Path, Span, TextEdit } from '../types';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Replaces a key or scalar, keeping the quotes it was written with (`"imgae"` → `"image"`). */
export function replaceKeepingQuotes(text: string, span: Span, replacement: string): TextEdit {
  const quote = text[span[0]];
  const quoted = (quote === '"' || quote === "'") && text[span[1] - 1] === quote;
  return { span, newText: quoted ? `${quote}${replacement}${quote}` : replacement };
}

/** Wraps a plain scalar in double quotes. */
export function quoteScalar(text: string, span: Span): TextEdit {
  return { span, newText: `"${text.slice(span[0], span[1]).replace(/["\\]/g, '\\$&')}"` };
}

/** Where the content of a block map's last entry ends: the end of its last non-blank line. */
function endOfLastEntry(text: string, map: YAMLMap): number {
  const last = map.items[map.items.length - 1];
  const value = last?.value as Node | null | undefined;
  const key = last?.key as Node | null | undefined;
  let end = value?.range?.[1] ?? key?.range?.[1] ?? map.range?.[1] ?? text.length;
  while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
  return lineEnd(text, end);
}

function indentLines(block: string, indent: string, newline: string): string {
  return block
    .split('\n')
    .map((line) => (line ? indent + line : line))
    .join(newline);
}

/**
 * Adds `entry` (YAML text, possibly several lines, unindented) as the last entry of the block map at
 * `path`, indented like its siblings. Creates the key (at the top level) when it does not exist.
 * Returns undefined for shapes it will not touch safely (a flow map, a scalar in the way).
 */
export function appendToMap(doc: Document, text: string, path: Path, entry: string): TextEdit | undefined {
  const newline = eol(text);
  const found = locate(doc, path);
  if (found.depth < path.length) {
    if (path.length !== 1 || !isMap(doc.contents)) return undefined;
    // A new top-level section at the end of the file.
    const trimmed = text.replace(/\s+$/, '');
    const prefix = trimmed.length === 0 ? '' : newline;
    return {
      span: [trimmed.length, text.length],
      newText: `${prefix}${String(path[0])}:${newline}${indentLines(entry, '  ', newline)}${newline}`,
    };
  }
  const map = found.value;
  const keyNode = found.key;
  if (isMap(map) && !map.flow && map.items.length > 0) {
    const firstKey = map.items[0]?.key as Node | undefined;
    const keyStart = firstKey?.range?.[0];
    if (keyStart === undefined) return undefined;
    const indent = ' '.repeat(keyStart - lineStart(text, keyStart));
    const at = endOfLastEntry(text, map);
    return { span: [at, at], newText: newline + indentLines(entry, indent, newline) };
  }
  const emptyValue = map === null || map === undefined || (isScalar(map) && map.value === null);
  if (emptyValue && keyNode?.range) {
    const keyIndent = keyNode.range[0] - lineStart(text, keyNode.range[0]);
    const at = lineEnd(text, keyNode.range[1]);
    // Keep a comment after `key:` where it is: insert after the whole line.
    return { span: [at, at], newText: newline + indentLines(entry, ' '.repeat(keyIndent + 2), newline) };
  }
  return undefined;
}
