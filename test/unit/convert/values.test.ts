/** The small readers the converters share: word splitting, durations, sizes, CPUs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitShellWords } from '../../../core/src/convert/shellWords';
import { byteCount, cpuUnits, durationSeconds, mebibytes } from '../../../core/src/convert/units';

test('splitShellWords: quotes and escapes as a shell reads them; shell syntax is flagged, not interpreted', () => {
  const cases: Array<[string, string[], boolean]> = [
    ['bundle exec thin -p 3000', ['bundle', 'exec', 'thin', '-p', '3000'], false],
    [`echo "two words" 'single $X' plain\\ space`, ['echo', 'two words', 'single $X', 'plain space'], false],
    ['echo "a \\"quoted\\" b"', ['echo', 'a "quoted" b'], false],
    ['a && b', ['a', '&&', 'b'], true],
    ['echo $HOME', ['echo', '$HOME'], true],
    ['echo "$HOME"', ['echo', '$HOME'], true],
    ['  spaced   out  ', ['spaced', 'out'], false],
    ['""', [''], false],
  ];
  for (const [text, words, shellSyntax] of cases) assert.deepEqual(splitShellWords(text), { words, shellSyntax }, text);
  assert.equal(splitShellWords('echo "unclosed'), undefined);
});

test('durationSeconds: Go durations', () => {
  const cases: Array<[unknown, number | undefined]> = [
    ['30s', 30],
    ['1m30s', 90],
    ['1h', 3600],
    ['500ms', 0.5],
    ['0', 0],
    ['1.5s', 1.5],
    ['10', undefined],
    ['abc', undefined],
    [30, undefined],
  ];
  for (const [text, seconds] of cases) assert.equal(durationSeconds(text), seconds, String(text));
});

test('byteCount and mebibytes: Docker sizes are 1024-based; MiB round up', () => {
  const cases: Array<[unknown, number | undefined]> = [
    ['512m', 512 * 1024 ** 2],
    ['1G', 1024 ** 3],
    ['1.5g', 1.5 * 1024 ** 3],
    ['50MB', 50 * 1024 ** 2],
    ['100k', 102400],
    [2048, 2048],
    ['1024', 1024],
    ['lots', undefined],
  ];
  for (const [text, bytes] of cases) assert.equal(byteCount(text), bytes, String(text));
  assert.deepEqual(mebibytes(1024 ** 2), { value: 1, exact: true });
  assert.deepEqual(mebibytes(100_000_000), { value: 96, exact: false });
});

test('cpuUnits: 1 CPU = 1024 units, rounded up to a whole unit', () => {
  assert.deepEqual(cpuUnits('0.5'), { value: 512, exact: true });
  assert.deepEqual(cpuUnits(2), { value: 2048, exact: true });
  assert.deepEqual(cpuUnits(0.1), { value: 103, exact: false });
  assert.equal(cpuUnits('half'), undefined);
});
