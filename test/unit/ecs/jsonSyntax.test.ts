import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { firstJsonProblem } from '../../../core/src/ecs/jsonSyntax';
import { validateTaskDefinition } from '../../../core/src/ecs/validateTaskDefinition';
import { parseText } from '../../../core/src/parse/parseText';
import { dedent, marked } from '../../helpers/marked';

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

/** Every finding for a task definition given with its expected squiggle marked `[[…]]`. */
function findingsOf(source: string): { spans: Array<[number, number]>; findings: ReturnType<typeof validateTaskDefinition> } {
  const { text, spans } = marked(dedent(source));
  return { spans, findings: validateTaskDefinition(text) };
}

test('a missing comma is one ecs/json-syntax error on the value it should follow, and nothing else', () => {
  const { spans, findings } = findingsOf(`
    {
      "family": "web",
      "containerDefinitions": [
        { "name": "web", "image": "nginx[["]]
          "memory": 512 }
      ]
    }
  `);
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity, f.span, f.message]),
    [['ecs/json-syntax', 'error', spans[0], 'This is not strict JSON, which ECS requires: a "," is missing after this value.']],
  );
});

test('YAML in a task definition file is refused at its first character, with no schema noise', () => {
  const { spans, findings } = findingsOf(`
    [[family]]: web
    containerDefinitions:
      - name: web
        image: nginx
  `);
  assert.deepEqual(
    findings.map((f) => [f.code, f.span]),
    [['ecs/json-syntax', spans[0]]],
  );
});

test('a template with $$$NAME$$$ tokens gets one finding saying it is a template, on its first bare token', () => {
  const { spans, findings } = findingsOf(`
    {
      "family": "$$$FAMILY$$$",
      "cpu": [[$$$CPU$$$]],
      "memory": $$$MEMORY$$$,
      "containerDefinitions": [{ "name": "web", "image": "nginx", "memory": $$$MEMORY$$$ }]
    }
  `);
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity, f.span]),
    [['ecs/template', 'warning', spans[0]]],
  );
  assert.equal(
    findings[0]!.message,
    'This is a template, not JSON: ECS can read it only once $$$CPU$$$ and 2 other $$$…$$$ tokens are filled in. Dockside checks the task definition that results.',
  );
  // ecs-agent's own templates: a token stands for a whole member, written with four dollars.
  const agent = findingsOf(`
    {
      "family": "health",
      "containerDefinitions": [{
        "name": "healthcheck",
        "image": "busybox:latest",
        "memory": 300,
        "healthCheck": {
          "command": ["CMD-SHELL", "echo hello"],
          [[$$$$START_PERIOD$$$$]]
          "retries": 3
        }
      }]
    }
  `);
  assert.deepEqual(
    agent.findings.map((f) => [f.code, f.span, f.message]),
    [
      [
        'ecs/template',
        agent.spans[0],
        'This is a template, not JSON: ECS can read it only once $$$$START_PERIOD$$$$ is filled in. Dockside checks the task definition that results.',
      ],
    ],
  );
  // A token inside a string is JSON: the file is checked, and the token is left alone as a template value.
  assert.deepEqual(
    validateTaskDefinition('{"family": "web", "containerDefinitions": [{"name": "web", "image": "$$$IMAGE$$$", "memory": 64}]}').filter(
      (f) => f.severity === 'error',
    ),
    [],
  );
});

test('strict JSON with lone CR line breaks (white space in JSON) reads as the JSON it is', () => {
  const text = '{\r  "family": "web",\r  "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 512}]\r}';
  assert.equal(firstJsonProblem(text), undefined);
  assert.deepEqual(parseText(text).value, JSON.parse(text));
  assert.deepEqual(
    validateTaskDefinition(text).filter((f) => f.severity === 'error'),
    [],
  );
});
