// removeProperties must leave valid JSON (or YAML) that parses to the object minus what was removed,
// whatever the layout: checked on generated objects in every indentation style.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { removeProperties } from '../../../core/src/ecs/edits';
import { parseText } from '../../../core/src/parse/parseText';
import type { Path } from '../../../core/src/types';
import { applyEdits } from '../../helpers/applyEdits';

type Json = Record<string, unknown>;

const key = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_-]{0,8}$/);
const value = fc.jsonValue({ maxDepth: 2 }).filter((v) => v !== undefined);
const object = fc.dictionary(key, value, { minKeys: 1, maxKeys: 8 });
const indent = fc.constantFrom<number | string>(0, 2, 4, '\t');

/** The object, with a chosen subset of its keys to remove. */
const removal = object.chain((obj) => fc.tuple(fc.constant(obj), fc.subarray(Object.keys(obj)), indent));

/** The object minus `keys`, as JSON would carry it (-0 reads back as 0). */
function without(obj: Json, keys: string[]): Json {
  const copy = { ...obj };
  for (const k of keys) delete copy[k];
  return JSON.parse(JSON.stringify(copy)) as Json;
}

function remove(text: string, paths: Path[]): string {
  return applyEdits(text, removeProperties(parseText(text).doc, text, paths));
}

test('JSON objects: removing any subset of properties leaves the rest, in any layout', () => {
  fc.assert(
    fc.property(removal, ([obj, keys, space]) => {
      const text = JSON.stringify(obj, null, space);
      const result = remove(
        text,
        keys.map((k) => [k]),
      );
      assert.deepEqual(JSON.parse(result), without(obj, keys), result);
    }),
    { numRuns: 500 },
  );
});

test('JSON arrays: removing any subset of items leaves the rest, in any layout', () => {
  const list = fc.array(value, { minLength: 1, maxLength: 8 });
  const items = list.chain((arr) => fc.tuple(fc.constant(arr), fc.subarray([...arr.keys()]), indent));
  fc.assert(
    fc.property(items, ([arr, indices, space]) => {
      const text = JSON.stringify({ list: arr, after: 1 }, null, space);
      const result = remove(
        text,
        indices.map((i) => ['list', i]),
      );
      assert.deepEqual(JSON.parse(result), without({ list: arr.filter((_, i) => !indices.includes(i)), after: 1 }, []), result);
    }),
    { numRuns: 500 },
  );
});

test('nested removals in one edit list never overlap, and unknown paths are ignored', () => {
  const text = JSON.stringify({ a: { x: 1, y: 2 }, b: [1, 2, 3], c: 3 }, null, 2);
  const edits = removeProperties(parseText(text).doc, text, [['a', 'y'], ['b', 0], ['b', 2], ['missing'], ['b', 9], ['c']]);
  const sorted = [...edits].sort((p, q) => p.span[0] - q.span[0]);
  sorted.slice(1).forEach((edit, i) => assert.ok(edit.span[0] >= sorted[i]!.span[1], 'edits overlap'));
  assert.deepEqual(JSON.parse(applyEdits(text, edits)), { a: { x: 1 }, b: [2] });
  // A path inside another removed path goes with it.
  assert.deepEqual(JSON.parse(remove(text, [['a', 'x'], ['a'], ['b', 1]])), { b: [1, 3], c: 3 });
});
