import { parseText, type Span } from '../../../core/src';
import { buildSymbolsIndex, type NavigationLanguage, type SymbolsIndex } from '../../../core/src/navigate';
import { dedent } from '../../helpers/marked';

export interface NavigationFixture {
  text: string;
  /** Spans marked `{{like this}}`: definitions. */
  definitions: Span[];
  /** Spans marked `[[like this]]`: references. */
  references: Span[];
  /** Where `‸` stood, if the fixture has one. */
  cursor?: number;
}

const CURSOR = '‸';
const MARKS = { '[[': { close: ']]', role: 'references' }, '{{': { close: '}}', role: 'definitions' } } as const;

/**
 * A document with its expected names marked: `{{web}}:` is where `web` is defined, `[[web]]` where it
 * is referred to, `‸` the cursor; in a flow list, `[[[db]], [[web]]]`. Indented template literals are
 * dedented. `{{` and `[[` never occur in the Compose or JSON fixtures themselves.
 */
export function fixture(source: string): NavigationFixture {
  const input = source.startsWith('\n') ? dedent(source) : source;
  const result: NavigationFixture = { text: '', definitions: [], references: [] };
  let open: { start: number; close: string; role: 'references' | 'definitions' } | undefined;
  for (let i = 0; i < input.length; i++) {
    const pair = input.slice(i, i + 2);
    // In `[[[db]]]` the first `[` is the YAML list's own: a mark opens at the last `[[` of a run.
    if (!open && (pair === '[[' || pair === '{{') && input[i + 2] !== pair[0]) {
      open = { start: result.text.length, ...MARKS[pair] };
      i++;
    } else if (open && pair === open.close) {
      result[open.role].push([open.start, result.text.length]);
      open = undefined;
      i++;
    } else if (input[i] === CURSOR) {
      result.cursor = result.text.length;
    } else {
      result.text += input[i];
    }
  }
  if (open) throw new Error(`Unclosed mark in fixture: ${JSON.stringify(source)}`);
  return result;
}

export function cursorOf(f: NavigationFixture): number {
  if (f.cursor === undefined) throw new Error('The fixture needs a cursor "‸".');
  return f.cursor;
}

export function indexOf(text: string, language: NavigationLanguage): SymbolsIndex {
  return buildSymbolsIndex(parseText(text), language);
}

export function byStart(a: Span, b: Span): number {
  return a[0] - b[0];
}

/** Spans as `name@start` strings, so a failing comparison shows the text that was expected. */
export function show(text: string, spans: readonly Span[]): string[] {
  return [...spans].sort(byStart).map(([start, end]) => `${text.slice(start, end)}@${start}`);
}
