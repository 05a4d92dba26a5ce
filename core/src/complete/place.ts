/**
 * Where the cursor is, read once and shared by completion and hover: the tolerant reading of the
 * text, the schema profile, and the names the document defines.
 */
import type { ParsedText } from '../parse/parseText';
import { analyze, type CursorContext, type Syntax } from './analyze/analyze';
import { composeFacts, taskFacts, type ComposeFacts, type Named, type TaskFacts } from './facts';
import { profileFor, type Language, type Profile } from './profile';
import { nounOf, type ReferenceKind } from './references';

export interface PlaceInput {
  text: string;
  offset: number;
  language: Language;
  /** A clean parse of the same text, when the caller has one: defined names are then read from it. */
  parsed?: ParsedText;
}

export interface Place {
  text: string;
  offset: number;
  syntax: Syntax;
  cursor: CursorContext;
  profile: Profile;
  /** The document's plain value as read around the cursor, without the token being typed. */
  value: unknown;
  names: DefinedNames;
}

export interface DefinedNames {
  readonly compose?: ComposeFacts;
  readonly task?: TaskFacts;
}

/** Reads the text around the cursor; undefined in a comment or where nothing can be written. */
export function placeAt(input: PlaceInput): Place | undefined {
  // A parse of this very text knows anchors, merges and flow styles the sketch skips; a stale one
  // (from before the last keystroke) does not describe this text, so the sketch is used instead.
  const parsed = input.parsed;
  const clean = parsed && parsed.text === input.text && !parsed.unreadable && parsed.value !== undefined ? parsed.value : undefined;
  // Compose files can be huge; outside the cursor's own entry their references need only the names
  // and images of services (read from the parse when there is one, so then only the entries' keys).
  // Task definitions are small and their names sit deeper: read them whole.
  const shallowDepth = input.language !== 'compose' ? Infinity : clean === undefined ? 3 : 2;
  const analysis = analyze(input.text, input.offset, { shallowDepth });
  if (analysis.inComment || !analysis.cursor) return undefined;
  const profile = profileFor(input.language, analysis.value);
  const source = clean ?? analysis.value;
  return {
    text: input.text,
    offset: input.offset,
    syntax: analysis.syntax,
    cursor: analysis.cursor,
    profile,
    value: analysis.value,
    names: lazyNames(input.language, source),
  };
}

/** Names are read only when asked for: completing a key in a 1,000-service file seldom needs them. */
function lazyNames(language: Language, source: unknown): DefinedNames {
  let compose: ComposeFacts | undefined;
  let task: TaskFacts | undefined;
  return {
    get compose() {
      if (language !== 'compose') return undefined;
      return (compose ??= composeFacts(source));
    },
    get task() {
      if (language !== 'taskdef') return undefined;
      return (task ??= taskFacts(source, profileFor('taskdef', source)));
    },
  };
}

/** The names of one kind that the document defines. */
export function definedNames(names: DefinedNames, kind: ReferenceKind): Named[] {
  const c = names.compose;
  const t = names.task;
  switch (kind) {
    case 'service':
      return c?.services ?? [];
    case 'network':
      return c?.networks ?? [];
    case 'volume':
      return c?.volumes ?? [];
    case 'secret':
      return c?.secrets ?? [];
    case 'config':
      return c?.configs ?? [];
    case 'container':
      return t?.containers ?? [];
    case 'taskVolume':
      return t?.volumes ?? [];
  }
}

/** What a defined name is, in a line or two of markdown. */
export function describeNamed(kind: ReferenceKind, named: Named): string {
  const noun = nounOf(kind);
  const title = `**${noun[0]!.toUpperCase()}${noun.slice(1)}** \`${named.name}\``;
  if (!named.detail) return title;
  const detail =
    kind === 'service' || kind === 'container'
      ? named.detail.startsWith('build:')
        ? named.detail
        : `image: ${named.detail}`
      : named.detail;
  return `${title}\n\n${detail.replace(/^([^:]+): (.*)$/, '$1: `$2`')}`;
}
