import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document } from 'yaml';
import { replaceKeepingQuotes } from '../edit/yamlEdits';
import { spanOf, type SpanPart } from '../parse/locate';
import type { Finding, Path, PathSegment } from '../types';
import { explain, type Vocabulary } from './messages';
import { validator, type ValidatorName } from './validators';

/** A compiled JSON schema, ready to check plain data and say what is wrong in the user's words. */
export interface SchemaChecker {
  /**
   * Checks `value`, which sits at `basePath` in the document (empty for the root; `['taskDefinition']`
   * for a wrapped task definition), and maps each error to a span of `doc`.
   */
  check(doc: Document, value: unknown, lineEnd: (offset: number) => number, basePath?: Path, text?: string): Finding[];
}

/** What a value breaks of a schema, as Ajv reports it (no errors: none). */
export type SchemaErrors = (value: unknown) => readonly ErrorObject[];

/** The errors of one of the compiled validators (validators.ts), loaded on its first use. */
export function errorsOf(name: ValidatorName): SchemaErrors {
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= validator(name);
    return validate(value) ? [] : (validate.errors ?? []);
  };
}

/** A checker with one of the compiled validators, or any other source of Ajv errors. */
export function createSchemaChecker(source: ValidatorName | SchemaErrors, vocabulary: Vocabulary, code: string): SchemaChecker {
  const errorsIn = typeof source === 'string' ? errorsOf(source) : source;
  return {
    check(doc, value, lineEnd, basePath = [], text) {
      const found = errorsIn(value);
      if (found.length === 0) return [];
      const errors = collapseAlternatives(found);
      const findings: Finding[] = [];
      const seen = new Set<string>();
      for (const error of errors) {
        const path = toPath(error.instancePath, value);
        if (vocabulary.accepts?.(error.keyword, path)) continue;
        const explained = explain(error, path, value, vocabulary);
        if (!explained) continue;
        const span = spanOf(doc, [...basePath, ...explained.path], explained.part, lineEnd);
        // One finding per place and message: an anchor's error repeats per alias only where it names
        // the alias's owner (a service), and the caller merges those into one naming them all.
        const id = `${span[0]}:${span[1]}:${explained.message}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const finding: Finding = { code, severity: 'error', message: explained.message, span };
        if (explained.replacement !== undefined && text !== undefined) {
          finding.fixes = [
            {
              title: `Change to "${explained.replacement}"`,
              edits: [replaceKeepingQuotes(text, span, explained.replacement)],
              preferred: true,
            },
          ];
        }
        findings.push(finding);
      }
      return findings;
    },
  };
}

export interface Explained {
  path: Path;
  part: SpanPart;
  message: string;
  /** The value or key most likely meant, offered as a quick fix. */
  replacement?: string;
}

/**
 * `oneOf`/`anyOf` failures list every branch's complaint. Keep what the user needs: when some branch
 * got past the type check (errors deeper down, or a non-type error here), keep those and drop the
 * branches whose type simply did not match; when every branch failed on type, say so once.
 */
export function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const umbrellaPaths = new Set(errors.filter(isUmbrella).map((e) => e.instancePath));
  if (umbrellaPaths.size === 0) return [...errors];
  const result: ErrorObject[] = [];
  const synthesized = new Set<string>();
  for (const error of errors) {
    const at = error.instancePath;
    if (!umbrellaPaths.has(at)) {
      result.push(error);
      continue;
    }
    if (isUmbrella(error)) continue;
    if (error.keyword !== 'type') {
      if (!synthesized.has(`value:${at}`)) {
        synthesized.add(`value:${at}`);
        result.push(mergeValueErrors(errors.filter((e) => e.instancePath === at && e.keyword !== 'type' && !isUmbrella(e))));
      }
      continue;
    }
    const hereOrBelow = errors.filter((e) => e.instancePath === at || e.instancePath.startsWith(`${at}/`));
    const progressed = hereOrBelow.some(
      (e) => (e.instancePath !== at && !isUmbrella(e)) || (e.instancePath === at && e.keyword !== 'type' && !isUmbrella(e)),
    );
    if (progressed || synthesized.has(at)) continue;
    synthesized.add(at);
    const types = new Set<string>();
    for (const e of hereOrBelow) if (e.keyword === 'type' && e.instancePath === at) for (const t of typeList(e.params)) types.add(t);
    result.push({ ...error, params: { type: [...types] } });
  }
  return result;
}

const VALUE_PREFERENCE = ['enum', 'const', 'pattern'];

/**
 * Alternatives that each reject a value (an enum, a pattern for "on-failure:3", a const) become one
 * error: the enum, with every allowed value the alternatives name.
 */
function mergeValueErrors(candidates: ErrorObject[]): ErrorObject {
  const ranked = [...candidates].sort((a, b) => rank(a) - rank(b));
  const chosen = ranked[0]!;
  if (chosen.keyword !== 'enum' && chosen.keyword !== 'const') return chosen;
  const allowed: unknown[] = [];
  for (const e of candidates) {
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'enum') allowed.push(...((params['allowedValues'] as unknown[]) ?? []));
    if (e.keyword === 'const' && params['allowedValue'] !== '') allowed.push(params['allowedValue']);
  }
  return { ...chosen, keyword: 'enum', params: { allowedValues: [...new Set(allowed)] } };
}

function rank(error: ErrorObject): number {
  const index = VALUE_PREFERENCE.indexOf(error.keyword);
  return index < 0 ? VALUE_PREFERENCE.length : index;
}

function isUmbrella(error: ErrorObject): boolean {
  return error.keyword === 'oneOf' || error.keyword === 'anyOf';
}

function typeList(params: Record<string, unknown>): string[] {
  const t = params['type'];
  if (Array.isArray(t)) return t.map(String);
  return typeof t === 'string' ? t.split(',') : [];
}

/** JSON pointer → path; a segment is a number only where the data there is a list. */
export function toPath(pointer: string, root: unknown): Path {
  if (!pointer) return [];
  const path: PathSegment[] = [];
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current = current && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}
