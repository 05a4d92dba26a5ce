/**
 * What the loader carries while it reads a project: the host, the parsed documents (so any problem
 * can be placed on the text it concerns), and the findings and variable uses gathered so far.
 */
import type { Document } from 'yaml';
import { spanOf } from '../../parse/locate';
import { parseText, type ParsedText } from '../../parse/parseText';
import { LineIndex } from '../../text/lineIndex';
import type { Path, Severity, Span } from '../../types';
import type { EnvironmentVariable } from './env';
import type { ValueVariableUse } from './interpolate';
import type { ProjectFinding, ProjectHost } from './types';

/** A variable reference in a Compose file, placed in that file's text. */
export interface ProjectVariableUse extends ValueVariableUse {
  /** The Compose file holding the reference. */
  file: string;
  /** Where the reference is in that file (the whole string when the text cannot be mapped exactly). */
  fileSpan: Span;
}

export interface LoaderContext {
  host: ProjectHost;
  /** HOME, for `~` in host paths. */
  home?: string;
  findings: ProjectFinding[];
  variables: ProjectVariableUse[];
  /** Files read so far, by absolute path; undefined marks a file that could not be read. */
  documents: Map<string, ParsedText | undefined>;
  /** Keys of the variable uses recorded, so a file read twice (extended and loaded) counts once. */
  variableKeys: Set<string>;
  /** Files loaded through `include`, with the environment each was interpolated with. */
  included: Map<string, ReadonlyMap<string, EnvironmentVariable>>;
  parse: (path: string, text: string) => ParsedText;
}

export function createContext(
  host: ProjectHost,
  home: string | undefined,
  parse: (path: string, text: string) => ParsedText = (_path, text) => parseText(text),
): LoaderContext {
  return { host, home, findings: [], variables: [], documents: new Map(), variableKeys: new Set(), included: new Map(), parse };
}

/** Reads and parses a file once per load, however many times it is included or extended. */
export function readDocument(ctx: LoaderContext, path: string): ParsedText | undefined {
  if (ctx.documents.has(path)) return ctx.documents.get(path);
  const text = ctx.host.readFile(path);
  const parsed = text === undefined ? undefined : ctx.parse(path, text);
  ctx.documents.set(path, parsed);
  return parsed;
}

export function recordVariable(ctx: LoaderContext, use: ProjectVariableUse): void {
  const key = `${use.file}:${use.fileSpan[0]}:${use.fileSpan[1]}:${use.path.join('.')}:${use.span[0]}:${use.name}:${use.value}`;
  if (ctx.variableKeys.has(key)) return;
  ctx.variableKeys.add(key);
  ctx.variables.push(use);
}

export function report(ctx: LoaderContext, file: string, span: Span, code: string, severity: Severity, message: string): void {
  const duplicate = ctx.findings.some(
    (f) => f.file === file && f.code === code && f.message === message && f.span[0] === span[0] && f.span[1] === span[1],
  );
  if (!duplicate) ctx.findings.push({ file, span, code, severity, message });
}

/** Reports a problem at the node a path names in a file (its key when the value is a block). */
export function reportAt(ctx: LoaderContext, file: string, path: Path, code: string, severity: Severity, message: string): void {
  report(ctx, file, spanAt(ctx, file, path), code, severity, message);
}

export function spanAt(ctx: LoaderContext, file: string, path: Path): Span {
  const parsed = ctx.documents.get(file);
  if (!parsed) return [0, 0];
  return spanOf(parsed.doc as Document, path, 'auto', lineEndOf(parsed));
}

const lineIndexes = new WeakMap<ParsedText, LineIndex>();

function lineEndOf(parsed: ParsedText): (offset: number) => number {
  let index = lineIndexes.get(parsed);
  if (!index) {
    index = new LineIndex(parsed.text);
    lineIndexes.set(parsed, index);
  }
  const lines = index;
  return (offset) => lines.lineEndAt(offset);
}
