// The typo suggestions ("Did you mean …?"): the bounded distance `closest` uses agrees with the
// textbook optimal-string-alignment table on every pair, and picks what a full comparison picks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { closest, editDistance } from '../../../core/src/suggest';

/** The textbook full table, as a reference. */
function tableDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The first candidate at the smallest distance within the limit, comparing every one in full. */
function fullClosest(word: string, candidates: string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === word.toLowerCase()) return candidate;
    const distance = tableDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance && distance <= limit) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'E', '-', '_'), maxLength: 10 });

test('editDistance is the optimal-string-alignment distance', () => {
  fc.assert(
    fc.property(word, word, (a, b) => editDistance(a, b) === tableDistance(a, b)),
    { numRuns: 5000 },
  );
  assert.equal(editDistance('imgae', 'image'), 1);
  assert.equal(editDistance('restat', 'restart'), 1);
});

test('closest picks what comparing every candidate in full picks', () => {
  fc.assert(
    fc.property(word, fc.array(word, { maxLength: 12 }), (w, candidates) => closest(w, candidates) === fullClosest(w, candidates)),
    {
      numRuns: 5000,
    },
  );
  assert.equal(closest('web_57', ['web-56', 'web-57', 'web-58']), 'web-57');
  assert.equal(closest('xyz', ['image', 'build']), undefined);
});
