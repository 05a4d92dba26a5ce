// Scalars exactly as yaml's composer builds them (compose-scalar.js): the same tag choice, the same
// resolved value, and the same `range`, `source`, `type` and `format` fields.

import { Scalar, type Document, type ScalarTag } from 'yaml';
import { plainScalarTag } from '../scalarText';
import { FastPathBail, bail } from './bail';

type ScalarType = Scalar['type'];

/** The YAML 1.2 core schema tags (plus `<<` from `merge: true`) this module knows how to mirror. */
const KNOWN_TAG_TESTS = new Set([
  '^(?:~|[Nn]ull|NULL)?$',
  '^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$',
  '^0o[0-7]+$',
  '^[-+]?[0-9]+$',
  '^0x[0-9a-fA-F]+$',
  '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$',
  '^<<$',
]);

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/**
 * First characters with which some known tag's test can match a non-empty plain scalar:
 * `~ N n T t F f`, digits, `+ - .` and `<`. Any other first character makes the scalar a string
 * without running nine regular expressions (the test suite checks this claim against the schema).
 */
const MAYBE_TYPED = new Uint8Array(128);
for (const ch of '~NnTtFf+-.<0123456789') MAYBE_TYPED[ch.charCodeAt(0)] = 1;

/** Builds scalars for one document, resolving plain ones with that document's own schema tags. */
export class ScalarFactory {
  private readonly tags: ScalarTag[];
  private readonly options: Document['options'];

  constructor(doc: Document) {
    this.options = doc.options;
    this.tags = [];
    for (const tag of doc.schema.tags) {
      if (tag.collection || !tag.default) continue;
      const scalarTag = tag as ScalarTag;
      if (!scalarTag.test) continue;
      // A schema with tests we have not vetted could resolve plain scalars in ways MAYBE_TYPED misses.
      if (!KNOWN_TAG_TESTS.has(scalarTag.test.source)) bail(`unknown default tag ${tag.tag}`);
      this.tags.push(scalarTag);
    }
  }

  /** A plain scalar, typed like yaml's findScalarTagByTest (keys may also match `default: 'key'` tags). */
  plain(source: string, atKey: boolean, start: number, valueEnd: number, nodeEnd: number): Scalar {
    const first = source.charCodeAt(0);
    if (source.length > 0 && !(first < 128 && MAYBE_TYPED[first])) {
      return finish(new Scalar(source), source, Scalar.PLAIN, start, valueEnd, nodeEnd);
    }
    const tag = plainScalarTag(this.tags, source, atKey);
    if (!tag) return finish(new Scalar(source), source, Scalar.PLAIN, start, valueEnd, nodeEnd);
    if (tag.tag === MERGE_TAG) bail('merge key');
    return this.resolveWith(tag, source, start, valueEnd, nodeEnd);
  }

  private resolveWith(tag: ScalarTag, source: string, start: number, valueEnd: number, nodeEnd: number): Scalar {
    let res: unknown;
    try {
      res = tag.resolve(source, (message) => bail(`tag resolve: ${message}`), this.options);
    } catch (error) {
      // yaml records a throwing resolver as an error; so do we, by leaving the document to yaml.
      if (error instanceof FastPathBail) throw error;
      bail('tag resolver threw');
    }
    const scalar = res instanceof Scalar ? res : new Scalar(res);
    finish(scalar, source, Scalar.PLAIN, start, valueEnd, nodeEnd);
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }
}

/** Sets the fields composeScalar sets, in the same order (so the objects also share a shape). */
export function finish(scalar: Scalar, source: string, type: ScalarType, start: number, valueEnd: number, nodeEnd: number): Scalar {
  scalar.range = [start, valueEnd, nodeEnd];
  scalar.source = source;
  scalar.type = type;
  return scalar;
}

/** A quoted scalar: never typed, always a string. */
export function quoted(value: string, type: ScalarType, start: number, valueEnd: number, nodeEnd: number): Scalar {
  return finish(new Scalar(value), value, type, start, valueEnd, nodeEnd);
}
