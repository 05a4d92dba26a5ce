/**
 * One Compose file made ready to merge: read through the host, parsed, its `!reset`/`!override` tags
 * found, its values interpolated (Compose interpolates each file before merging), and its keys'
 * locations recorded (when first asked for).
 */
import { isScalar } from 'yaml';
import { locate } from '../../parse/locate';
import type { ParsedText } from '../../parse/parseText';
import type { Path, Span } from '../../types';
import { readDocument, recordVariable, report, reportAt, type LoaderContext } from './context';
import { castFor, interpolateValue, type VariableLookup } from './interpolate';
import { findMergeTags, isMapping, withoutPaths, type MergeTags } from './merge';
import { dropSources, LazySources, pointerOf, recordedAt, recordSources } from './sources';

export interface ComposeFile {
  path: string;
  /** The interpolated plain value, without what `!reset` removed; always a mapping. */
  value: Record<string, unknown>;
  tags: MergeTags;
  sources: LazySources;
}

/** Where a file was asked for, so "not found" lands on the line that names it. */
export interface Requester {
  file: string;
  path: Path;
}

export function readComposeFile(ctx: LoaderContext, path: string, lookup: VariableLookup, requester?: Requester): ComposeFile | undefined {
  const parsed = readDocument(ctx, path);
  if (!parsed) {
    const message = `The Compose file ${path} does not exist or cannot be read.`;
    // A file asked for by "extends: {file}"; a file given on the command line is not found at all.
    if (requester)
      reportAt(ctx, requester.file, requester.path, 'compose/extends-missing', 'error', `${message} Fix the path in "extends.file".`);
    else report(ctx, path, [0, 0], 'project/file-not-found', 'error', message);
    return undefined;
  }
  if (parsed.unreadable) return undefined; // its own syntax findings say why; there is nothing to merge
  // An empty file contributes nothing, as in Compose.
  if (parsed.value === null || parsed.value === undefined)
    return { path, value: {}, tags: { resets: [], overrides: [] }, sources: new LazySources(() => new Map()) };
  if (!isMapping(parsed.value)) {
    report(
      ctx,
      path,
      [0, Math.min(1, parsed.text.length)],
      'project/not-a-mapping',
      'error',
      'A Compose file must be a mapping (top-level keys such as "services:"), so this file adds nothing to the project.',
    );
    return undefined;
  }
  // Every YAML tag is written with a `!`: a text without one has no `!reset` or `!override` to look for.
  const tags: MergeTags = parsed.text.includes('!') ? findMergeTags(parsed.doc) : { resets: [], overrides: [] };
  const isReset = (candidate: Path): boolean => tags.resets.some((reset) => pointerOf(reset) === pointerOf(candidate));
  const interpolated = interpolateValue(parsed.value, lookup, tags.resets.length > 0 ? { skip: isReset } : {});
  recordVariables(ctx, path, parsed, interpolated);
  const value = withoutPaths(interpolated.value, tags.resets);
  const sources = new LazySources(
    () => {
      const recorded = recordSources(parsed.doc, parsed.value, path);
      for (const reset of tags.resets) dropSources(recorded, reset);
      return recorded;
    },
    (at) => recordedAt(parsed.doc, parsed.value, path, tags.resets, at),
  );
  return { path, value: isMapping(value) ? value : {}, tags, sources };
}

function recordVariables(ctx: LoaderContext, file: string, parsed: ParsedText, interpolated: ReturnType<typeof interpolateValue>): void {
  for (const use of interpolated.variables) {
    recordVariable(ctx, { ...use, file, fileSpan: fileSpanOf(parsed, use.path, use.span) });
  }
  for (const problem of interpolated.problems) {
    const code = interpolationCode(problem.kind, problem.path);
    const message = problem.kind === 'required' || problem.kind === 'unset' ? capitalise(problem.message) : problem.message;
    report(
      ctx,
      file,
      fileSpanOf(parsed, problem.path, problem.span),
      code,
      problem.severity,
      message.endsWith('.') ? message : `${message}.`,
    );
  }
}

/**
 * Maps a span inside a string value to the file text. Exact when the scalar's text holds the string
 * as is (plain, or quoted without escapes); otherwise the whole scalar.
 */
export function fileSpanOf(parsed: ParsedText, path: Path, within: Span): Span {
  const node = locate(parsed.doc, path);
  const range = node.depth === path.length ? node.value?.range : undefined;
  if (!range) return [0, 0];
  const [start, end] = range;
  if (!isScalar(node.value) || typeof node.value.value !== 'string') return [start, end];
  const raw = parsed.text.slice(start, end);
  const quote = raw.startsWith('"') || raw.startsWith("'") ? 1 : 0;
  const text = node.value.value;
  if (raw.slice(quote, quote + text.length) !== text) return [start, end];
  return [start + quote + within[0], start + quote + within[1]];
}

/** The finding code the validator gives the same problem, so the two reports agree. */
function interpolationCode(kind: 'required' | 'unset' | 'syntax' | 'type', path: Path): string {
  if (kind === 'type') return castFor(path)?.kind === 'boolean' ? 'compose/not-a-boolean' : 'compose/not-a-number';
  return { required: 'compose/required-variable', unset: 'compose/unset-variable', syntax: 'compose/interpolation-syntax' }[kind];
}

function capitalise(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
