// Which reader built a document, and the counts the language server logs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FastPathCounter, parseText } from '../../../core/src';
import { tryFastParse } from '../../../core/src/parse/fast/fastParse';

test('a plain block document is read by the fast reader', () => {
  assert.deepEqual(parseText('services:\n  web:\n    image: nginx\n').reader, { fast: true });
});

test('constructs outside the fast path name themselves as the reason', () => {
  const cases: Array<[string, string]> = [
    ['a: &x 1\nb: *x\n', 'anchor "&"'],
    ['a: !reset\n', 'tag "!"'],
    ['a:\n\t- b\n', 'tab in indentation'],
    ['a: 1\n---\nb: 2\n', 'document marker'],
    ['a: [b, &c d]\n', 'flow item starts with anchor "&"'],
  ];
  for (const [text, reason] of cases) assert.deepEqual(parseText(text).reader, { fast: false, reason }, JSON.stringify(text));
});

test('a construct outside the fast path is counted, by reason', () => {
  const counter = new FastPathCounter();
  assert.equal(counter.count(parseText('services:\n  web:\n    image: nginx\n')), undefined);
  assert.deepEqual(counter.count(parseText('a: &x 1\n')), { fast: false, reason: 'anchor "&"' });
  counter.count(parseText('b: &y 2\n'));
  counter.count(parseText('c: !reset\n'));
  counter.count(parseText('\u0000binary')); // not read at all: not counted
  assert.equal(counter.reads, 4);
  assert.equal(counter.fallbacks, 3);
  assert.equal(counter.faults, 0);
  assert.deepEqual(
    [...counter.reasons],
    [
      ['anchor "&"', 2],
      ['tag "!"', 1],
    ],
  );
  assert.equal(counter.summary(), `3 of 4 reads by yaml's parser (anchor "&" 2, tag "!" 1)`);
});

test('a failure of the fast reader is a fault, not swallowed', () => {
  const options = {
    get merge(): boolean {
      throw new Error('boom');
    },
  };
  const result = tryFastParse('a: 1\n', options);
  assert.equal(result.doc, undefined);
  assert.equal(result.fallback?.reason, 'fault: boom');
  assert.ok(result.fallback?.fault instanceof Error);
  const counter = new FastPathCounter();
  counter.count({ reader: { fast: false, ...result.fallback } });
  assert.equal(counter.faults, 1);
});
