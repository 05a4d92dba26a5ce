import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../../core/src';

test('an empty text has one line, and every offset maps to 0:0', () => {
  const index = new LineIndex('');
  assert.equal(index.lineCount, 1);
  assert.deepEqual(index.positionAt(5), { line: 0, character: 0 });
});

test('a text without a final newline ends on its last line', () => {
  const index = new LineIndex('a: 1\nb: 2');
  assert.deepEqual(index.positionAt(9), { line: 1, character: 4 });
  assert.equal(index.offsetAt({ line: 1, character: 3 }), 8);
});

test('CRLF and lone CR each end one line', () => {
  const index = new LineIndex('a\r\nb\rc\n');
  assert.equal(index.lineCount, 4);
  assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
  assert.deepEqual(index.positionAt(5), { line: 2, character: 0 });
  assert.equal(index.lineEndAt(0), 1);
});

test('characters are counted in UTF-16 code units, as LSP counts them', () => {
  const text = 'x: "🐳 é"\ny: 1';
  const index = new LineIndex(text);
  const y = text.indexOf('y');
  assert.deepEqual(index.positionAt(y), { line: 1, character: 0 });
  assert.deepEqual(index.positionAt(text.indexOf('é')), { line: 0, character: 7 });
});
