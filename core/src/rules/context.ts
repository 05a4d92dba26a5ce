import type { Document } from 'yaml';
import { isScalar } from 'yaml';
import { locate, spanOf, type SpanPart } from '../parse/locate';
import type { VariableLookup } from '../compose/project/interpolate';
import type { Finding, Host, Path, Span } from '../types';

/** What every rule receives: the plain value, the yaml tree for spans, and the host. */
export interface RuleContext {
  file: unknown;
  doc: Document;
  text: string;
  host: Host;
  /** Absolute path of the file on disk, when it has one (untitled documents do not). */
  documentPath?: string;
  /**
   * The whole project this file belongs to (base and override files merged), when it has several
   * files: rules report on this file's own text but judge names and usage against the project.
   */
  project?: unknown;
  /** Which interpolation variables exist (environment and `.env`), when the host can tell. */
  variables?: VariableLookup;
  span(path: Path, part?: SpanPart): Span;
  /** The span of a part of a scalar string (`data` in `data:/var/lib/data`), or the whole scalar. */
  spanWithin(path: Path, within?: { start: number; length: number }): Span;
}

export type Rule = (ctx: RuleContext) => Finding[];

/** Compose rules and task-definition rules share one shape. */
export type ComposeContext = RuleContext;
export type ComposeRule = Rule;

export function createContext(
  file: unknown,
  doc: Document,
  text: string,
  host: Host,
  lineEnd: (offset: number) => number,
  documentPath?: string,
  /** Where `file` sits in the document: `['taskDefinition']` for a wrapped task definition. */
  basePath: Path = [],
): RuleContext {
  const span = (path: Path, part: SpanPart = 'auto'): Span => spanOf(doc, [...basePath, ...path], part, lineEnd);
  return {
    file,
    doc,
    text,
    host,
    documentPath,
    span,
    spanWithin(path, within) {
      const whole = span(path, 'value');
      if (!within) return whole;
      const node = locate(doc, [...basePath, ...path]).value;
      if (!isScalar(node) || typeof node.value !== 'string') return whole;
      // Only plain or simply quoted scalars map character for character onto the text.
      const raw = text.slice(whole[0], whole[1]);
      const quote = raw.startsWith('"') || raw.startsWith("'") ? 1 : 0;
      if (raw.slice(quote, quote + node.value.length) !== node.value) return whole;
      const start = whole[0] + quote + within.start;
      return [start, start + Math.max(1, within.length)];
    },
  };
}
