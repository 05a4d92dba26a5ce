import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { firstJsonProblem } from '../../../core/src/ecs/jsonSyntax';

function accepts(text: string): boolean {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ''));
    return true;
  } catch {
    return false;
  }
}

test('the scanner agrees with JSON.parse on generated JSON and on mutations of it', () => {
  const mutated = fc
    .tuple(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(0, 2),
      fc.nat(),
      fc.constantFrom('', ',', "'", '//', '#', ']', '}', ':', 'x', '\n', '"', '\\', '1', '-', '.', 'e', ' '),
    )
    .map(([value, space, at, insert]) => {
      const text = JSON.stringify(value, null, space);
      const i = text.length === 0 ? 0 : at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i);
    });
  fc.assert(
    fc.property(mutated, (text) => {
      assert.equal(firstJsonProblem(text) === undefined, accepts(text), JSON.stringify(text));
    }),
    { numRuns: 3000 },
  );
});

test('YAML-isms are named, at the character at fault', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['{"a": 1,\n}', ',', /no comma before a closing bracket/],
    ['{"a": [1, 2, ]}', ',', /no comma before a closing bracket/],
    ["{'a': 1}", "'", /keys need double quotes, not single quotes/],
    ['{"a": \'x\'}', "'", /strings need double quotes/],
    ['{a: 1}', 'a', /keys need double quotes/],
    ['{"a": 1} // note', '// note', /no comments/],
    ['{"a": 1, # note\n"b": 2}', '# note', /no comments/],
    ['{"a": "x\ty"}', '\t', /control character/],
    ['{"a": 1', '1', /the text ends where "," or "}" should follow/],
    ['{"a": tru}', 'tru', /"tru" is not a JSON value/],
    ['{"a": 01}', '01', /"01" is not a JSON number/],
  ];
  for (const [text, part, message] of cases) {
    const problem = firstJsonProblem(text);
    assert.ok(problem, text);
    assert.equal(text.slice(problem.offset, problem.offset + problem.length), part, text);
    assert.match(problem.message, message, text);
  }
  assert.equal(firstJsonProblem('\uFEFF{"a": [1, {"b": null}], "c": -1.5e3}'), undefined);
  assert.equal(firstJsonProblem('['.repeat(100000) + ']'.repeat(100000)), undefined);
});
