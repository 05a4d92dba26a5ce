import type { ErrorObject } from 'ajv';
import { closest } from '../suggest';
import type { Path } from '../types';
import type { Explained } from './validate';

/** How a language names the places in its documents ("service \"web\"", "container \"app\""). */
export interface Vocabulary {
  /** A place named for a person: `"healthcheck.interval" in service "web"`. */
  describe(path: Path): string;
  /** A better sentence for an unknown key in special places (a service written at the top level). */
  unknownKey?(parent: Path, key: string, value: unknown, allowed: string[]): string | undefined;
  /** What a valid value looks like here, for pattern failures. */
  formatHint?(path: Path): string | undefined;
  /** True when the language's own reader accepts what the schema refuses here (so nothing is reported). */
  accepts?(keyword: string, path: Path): boolean;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
};

export function typeWord(type: string): string {
  return TYPE_WORDS[type] ?? type;
}

export function kindOf(value: unknown): string {
  if (value === undefined) return 'no value';
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return 'true or false';
  if (typeof value === 'number') return 'a number';
  return 'a string';
}

/** "a, b or c" */
export function orList(words: string[]): string {
  const unique = [...new Set(words)];
  if (unique.length <= 1) return unique[0] ?? '';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}

/** Turns one Ajv error into a sentence about the user's own names, and the part of the text to mark. */
export function explain(error: ErrorObject, path: Path, root: unknown, words: Vocabulary): Explained | undefined {
  const value = valueAt(root, path);
  const where = words.describe(path);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys((error.parentSchema?.['properties'] as object | undefined) ?? {});
      const special = words.unknownKey?.(path, key, valueAt(value, [key]), allowed);
      const suggestion = closest(key, allowed);
      const message = special ?? `Unknown key "${key}" in ${where}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`;
      return { path: [...path, key], part: 'key', message, replacement: special ? undefined : suggestion };
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      return { path, part: 'key', message: `${capitalize(where)} is missing the required key "${missing}".` };
    }
    case 'type': {
      const words = (
        (params['type'] as string[] | string) instanceof Array ? (params['type'] as string[]) : String(params['type']).split(',')
      ).map(typeWord);
      const actual = kindOf(value);
      // Never "must be … or empty, not empty": when the value's kind is among those allowed, the
      // mismatch is one the words cannot show, so the sentence names only what is allowed.
      const not = words.includes(actual) ? '' : `, not ${actual}`;
      return { path, part: 'auto', message: `${capitalize(where)} must be ${orList(words)}${not}.` };
    }
    case 'enum': {
      const allowed = ((params['allowedValues'] as unknown[]) ?? []).map((v) => String(v));
      const suggestion = typeof value === 'string' ? closest(value, allowed) : undefined;
      const list = allowed.length <= 8 ? ` Use ${orList(allowed.map((v) => `"${v}"`))}.` : '';
      return {
        path,
        part: 'value',
        message: `${show(value)} is not a valid value for ${where}.${suggestion ? ` Did you mean "${suggestion}"?` : list}`,
        replacement: suggestion,
      };
    }
    case 'const':
      return { path, part: 'value', message: `${capitalize(where)} must be ${show(params['allowedValue'])}.` };
    case 'pattern':
    case 'format': {
      const hint = words.formatHint?.(path);
      return { path, part: 'value', message: `${show(value)} is not a valid value for ${where}.${hint ? ` ${hint}` : ''}` };
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const limit = params['limit'];
      const relation = { minimum: 'at least', exclusiveMinimum: 'more than', maximum: 'at most', exclusiveMaximum: 'less than' }[
        error.keyword
      ];
      return { path, part: 'value', message: `${capitalize(where)} must be ${relation} ${String(limit)}.` };
    }
    case 'minItems':
    case 'minProperties':
      return { path, part: 'auto', message: `${capitalize(where)} must not be empty.` };
    case 'maxItems':
    case 'maxProperties':
      return { path, part: 'auto', message: `${capitalize(where)} has more than ${String(params['limit'])} entries.` };
    case 'minLength':
      return { path, part: 'value', message: `${capitalize(where)} must not be empty.` };
    case 'maxLength':
      return { path, part: 'value', message: `${capitalize(where)} is longer than ${String(params['limit'])} characters.` };
    case 'uniqueItems': {
      const first = Number(params['j']);
      const second = Number(params['i']);
      return {
        path: [...path, second],
        part: 'value',
        message: `${capitalize(where)} lists the same entry twice (entries ${first + 1} and ${second + 1}).`,
      };
    }
    case 'if':
    case 'not':
    case 'oneOf':
    case 'anyOf':
    case 'allOf':
      return undefined;
    default:
      return { path, part: 'auto', message: `${capitalize(where)}: ${error.message ?? 'is not valid'}.` };
  }
}
