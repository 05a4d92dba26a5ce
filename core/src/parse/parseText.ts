import {
  Document,
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type CollectionTag,
  type Node,
  type ScalarTag,
  type YAMLMap,
} from 'yaml';
import type { Finding, Span } from '../types';
import { keyName } from './locate';
import { tryFastParse, type FastPathFallback } from './fast/fastParse';
import { exceedsNesting } from './nesting';
import { walkNodes } from './walk';

/** The result of reading a document's text: the yaml Document, its plain value, and syntax findings. */
export interface ParsedText {
  text: string;
  doc: Document.Parsed;
  /** The document as plain data (anchors, aliases and `<<` merge keys resolved); undefined when it could not be built. */
  value: unknown;
  findings: Finding[];
  /** True when the text is not YAML at all (binary), so later stages have nothing to say. */
  unreadable: boolean;
  /**
   * Which reader built `doc`: the fast reader, or yaml's parser and why the fast one left the text to
   * it. Undefined when no text was read (binary, or nested too deeply).
   */
  reader?: { fast: true } | ({ fast: false } & FastPathFallback);
}

const MAX_SYNTAX_FINDINGS = 50;
/** Deeper than any real Compose file or task definition, and far below what the parser survives. */
const MAX_NESTING = 256;
/** Alias expansions allowed while building plain data; a "billion laughs" document stops here. */
const MAX_ALIAS_COUNT = 10_000;

/**
 * Compose's merge tags: `!reset` drops an inherited value, `!override` replaces it whole. Known tags,
 * so yaml does not warn. Within one file a scalar `!reset` reads as "absent".
 */
function mergeTags(): Array<ScalarTag | CollectionTag> {
  const tags: Array<ScalarTag | CollectionTag> = [];
  for (const tag of ['!reset', '!override']) {
    tags.push({
      tag,
      identify: () => false,
      resolve: (source: string) => (tag === '!reset' ? undefined : parseScalarValue(source)),
    } as ScalarTag);
    tags.push({ tag, collection: 'map', identify: () => false, resolve: (node: unknown) => node } as unknown as CollectionTag);
    tags.push({ tag, collection: 'seq', identify: () => false, resolve: (node: unknown) => node } as unknown as CollectionTag);
  }
  return tags;
}

/** Reads an `!override`-tagged scalar as the core schema would read it untagged. */
function parseScalarValue(source: string): unknown {
  const doc = parseDocument(source, { logLevel: 'error' });
  return doc.errors.length ? source : doc.toJS();
}

const CUSTOM_TAGS = mergeTags();

const PARSE_OPTIONS = {
  prettyErrors: false,
  // yaml writes its warnings to the console (a collection used as a key, …); they become findings instead.
  logLevel: 'error',
  merge: true,
  uniqueKeys: false,
  customTags: CUSTOM_TAGS,
  strict: true,
} as const;

export function parseText(text: string): ParsedText {
  if (looksBinary(text)) {
    return unreadable(text, parseDocument(''), {
      code: 'yaml/binary',
      severity: 'error',
      message: 'This file holds binary data, not YAML text.',
      span: [0, Math.min(text.length, 1)],
    });
  }
  if (exceedsNesting(text, MAX_NESTING)) return tooDeepResult(text, parseDocument(''), [0, Math.min(1, text.length)]);
  // A lone CR ends a line in YAML (and is white space in JSON), but yaml reads it as part of a scalar:
  // as "\n" it means the same, with every offset unchanged.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  // Most Compose files and task definitions are plain block YAML or one-line JSON-ish values, which the
  // fast reader builds the very same tree for, five times faster; anything else takes yaml's parser.
  const fast = tryFastParse(source, PARSE_OPTIONS);
  const doc = fast.doc ?? parseDocument(source, PARSE_OPTIONS);
  const reader: ParsedText['reader'] = fast.fallback ? { fast: false, ...fast.fallback } : { fast: true };
  const tooDeep = [...doc.errors].find((e) => /call stack/i.test(e.message));
  if (tooDeep) return { ...tooDeepResult(text, doc, tooDeep.pos), reader };
  try {
    const findings = syntaxFindings(doc, text);
    findings.push(...duplicateKeyFindings(doc), ...collectionKeyFindings(doc, text));
    const { value, finding } = toPlainValue(doc, text);
    if (finding) findings.push(finding);
    return { text, doc, value, findings, unreadable: false, reader };
  } catch (error) {
    if (error instanceof RangeError) return { ...tooDeepResult(text, doc, [0, 0]), reader };
    throw error;
  }
}

/** The parser's own stack ran out: say so once, and let no later stage walk the document. */
function tooDeepResult(text: string, doc: Document.Parsed, pos: readonly [number, number]): ParsedText {
  return unreadable(text, doc, {
    code: 'yaml/too-deep',
    severity: 'error',
    message: `This document nests more than ${MAX_NESTING} levels deep, too deeply to read; no Compose file or task definition needs that.`,
    span: widen(pos, text),
  });
}

/** A document no later stage should look at, with the one finding that says why. */
function unreadable(text: string, doc: Document.Parsed, finding: Finding): ParsedText {
  return { text, doc, value: undefined, unreadable: true, findings: [finding] };
}

/** NUL bytes, or mostly control characters, mean this is not a text file. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

const FRIENDLY_SYNTAX: Record<string, string> = {
  TAB_AS_INDENT: 'Tabs cannot indent YAML; indent with spaces.',
  MULTIPLE_DOCS:
    'Docker Compose merges a second YAML document over the first, but Dockside reads one document per file and can neither check nor run what follows "---". Move it into an override file (compose.override.yaml).',
  BAD_INDENT: 'This line is not indented to match its block.',
  MISSING_CHAR: 'A closing character is missing here.',
  BLOCK_AS_IMPLICIT_KEY: 'A key cannot span several lines; check the indentation or a missing ":".',
  MULTILINE_IMPLICIT_KEY: 'A key cannot span several lines; check the indentation or a missing ":".',
  KEY_OVER_1024_CHARS: 'A key longer than 1024 characters needs the explicit "? " form.',
  BAD_ALIAS: 'This alias names no anchor defined before it.',
};

function syntaxFindings(doc: Document.Parsed, text: string): Finding[] {
  const findings: Finding[] = [];
  const problems = [...doc.errors, ...doc.warnings];
  for (const problem of problems.slice(0, MAX_SYNTAX_FINDINGS)) {
    const isError = doc.errors.includes(problem as never);
    const detail = problem.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, '').trim();
    const friendly = FRIENDLY_SYNTAX[problem.code];
    findings.push({
      code: problem.code === 'TAG_RESOLVE_FAILED' ? 'yaml/unknown-tag' : 'yaml/syntax',
      severity: isError ? 'error' : 'warning',
      // yaml's own words for a second document name its API (parseAllDocuments): ours say it all.
      message: friendly ? (problem.code === 'MULTIPLE_DOCS' ? friendly : `${friendly} (${detail})`) : sentence(detail),
      span: widen(problem.pos, text),
    });
  }
  if (problems.length > MAX_SYNTAX_FINDINGS) {
    const last = problems[MAX_SYNTAX_FINDINGS];
    findings.push({
      code: 'yaml/syntax',
      severity: 'error',
      message: `${problems.length - MAX_SYNTAX_FINDINGS} more YAML problems follow; fix the ones above first.`,
      span: widen(last?.pos ?? [0, 0], text),
    });
  }
  return findings;
}

function sentence(message: string): string {
  const trimmed = message.trim();
  if (!trimmed) return 'This is not valid YAML.';
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** A zero-width position becomes one character (or the last one), so editors can underline it. */
function widen(pos: readonly [number, number], text: string): Span {
  const start = Math.max(0, Math.min(pos[0], text.length));
  let end = Math.max(start, Math.min(pos[1], text.length));
  if (end === start) {
    if (start < text.length && !/[\r\n]/.test(text[start] ?? '')) end = start + 1;
    else if (start > 0) return [start - 1, start];
  }
  return [start, end];
}

/** Duplicate keys in any mapping: Compose rejects them, and the later value would silently win. */
export function duplicateKeyFindings(doc: Pick<Document, 'contents'>): Finding[] {
  const findings: Finding[] = [];
  walkNodes(doc, {
    map(map: YAMLMap) {
      if (map.items.length < 2) return;
      const seen = new Map<string, Node>();
      for (const pair of map.items) {
        const name = keyName(pair.key);
        if (!isScalar(pair.key) || name === undefined || name === '<<') continue;
        const first = seen.get(name);
        const range = pair.key.range;
        if (first && range) {
          const firstRange = first.range ?? range;
          findings.push({
            code: 'yaml/duplicate-key',
            severity: 'error',
            message: `Duplicate key "${name}": this mapping already has it, and only one value can win.`,
            span: [range[0], range[1]],
            related: [{ span: [firstRange[0], firstRange[1]], message: `First "${name}" is here.` }],
          });
        } else {
          seen.set(name, pair.key);
        }
      }
    },
  });
  return findings;
}

/**
 * A mapping or a list used as a key (`? [a, b]: x`, `{a: 1}: x`): yaml would turn it into text, but
 * Compose refuses any key that is not a string, so the file would not load.
 */
function collectionKeyFindings(doc: Document.Parsed, text: string): Finding[] {
  const findings: Finding[] = [];
  walkNodes(doc, {
    pair(pair) {
      const key = pair.key as Node | null;
      const target = isAlias(key) ? key.resolve(doc) : key;
      if (!isCollection(target) || !key?.range) return;
      // A block collection's range runs on to the next line; the finding ends with its last character.
      let end = key.range[1];
      while (end > key.range[0] + 1 && /\s/.test(text[end - 1] ?? '')) end--;
      findings.push({
        code: 'yaml/collection-key',
        severity: 'error',
        message: `This key is a ${isSeq(target) ? 'list' : 'mapping'}, not a name: Compose accepts only text as a key. Write the key as plain text.`,
        span: [key.range[0], end],
      });
    },
  });
  return findings;
}

/** Builds plain data; an alias bomb or an impossibly deep document becomes one finding, not a crash. */
function toPlainValue(doc: Document.Parsed, text: string): { value: unknown; finding?: Finding } {
  // Only a document with an alias ("*name") can be circular; most Compose files have none.
  const circular = text.includes('*') ? findCircularAlias(doc) : undefined;
  if (circular) {
    return {
      value: undefined,
      finding: {
        code: 'yaml/resource-limit',
        severity: 'error',
        message: 'This alias refers to the node that contains it, so its value would never end.',
        span: circular,
      },
    };
  }
  try {
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { value: text.includes('!reset') ? withoutResetScalars(value) : value };
  } catch (error) {
    const badMerge = error instanceof Error && /merge sources/i.test(error.message) ? findBadMergeSource(doc) : undefined;
    if (badMerge) {
      return {
        value: undefined,
        finding: {
          code: 'yaml/syntax',
          severity: 'error',
          message: 'A merge key "<<" takes a mapping, or a list of mappings, to merge in; this is neither.',
          span: badMerge,
        },
      };
    }
    const firstAlias = findFirstAlias(doc);
    const span: Span = firstAlias ?? [0, Math.min(1, text.length)];
    const message =
      error instanceof RangeError && /call stack/i.test(error.message)
        ? 'This document is nested too deeply to check.'
        : `Aliases here expand to more than ${MAX_ALIAS_COUNT.toLocaleString('en-US')} copies; Compose would refuse or exhaust memory reading it.`;
    return { value: undefined, finding: { code: 'yaml/resource-limit', severity: 'error', message, span } };
  }
}

/**
 * A scalar tagged `!reset` reads as absent within its own file (the tag resolves to undefined): the
 * key goes, as it will once Compose merges the file, rather than staying as a key without a value.
 */
function withoutResetScalars(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutResetScalars);
  if (value === null || typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) kept[key] = withoutResetScalars(item);
  return kept;
}

/** The value of the first `<<` whose source is not a mapping (nor a list of mappings). */
function findBadMergeSource(doc: Document.Parsed): Span | undefined {
  let found: Span | undefined;
  walkNodes(doc, {
    pair(pair) {
      if (found || keyName(pair.key) !== '<<') return;
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const source of sources) {
        const target = isAlias(source) ? source.resolve(doc) : source;
        const range = (source as Node | null)?.range;
        if (!isMap(target) && range) {
          found = [range[0], range[1]];
          return;
        }
      }
    },
  });
  return found;
}

/** An alias inside the very node its anchor names (`&a [*a]`) would make the data circular. */
function findCircularAlias(doc: Document.Parsed): Span | undefined {
  let found: Span | undefined;
  walkNodes(doc, {
    alias(alias) {
      const source = alias.resolve(doc);
      const own = alias.range;
      const outer = source?.range;
      if (own && outer && outer[0] <= own[0] && own[1] <= outer[2]) {
        found = [own[0], own[1]];
        return true;
      }
      return false;
    },
  });
  return found;
}

function findFirstAlias(doc: Document.Parsed): Span | undefined {
  let found: Span | undefined;
  walkNodes(doc, {
    alias(alias) {
      if (alias.range) found = [alias.range[0], alias.range[1]];
      return true;
    },
  });
  return found;
}
