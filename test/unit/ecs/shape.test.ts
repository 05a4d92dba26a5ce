// How a document is recognised (register input, describe output, other), how describe output is
// checked in place, and the pipeline's guarantees: syntax first, strict JSON, one finding per place,
// sorted findings, and rules that cannot break each other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createContext } from '../../../core/src/rules/context';
import { parseText } from '../../../core/src/parse/parseText';
import { noHost, type Finding } from '../../../core/src/types';
import type { TaskDefinitionContext } from '../../../core/src/ecs/context';
import {
  isTaskDefinitionValue,
  runRules,
  taskDefinitionShape,
  validateTaskDefinition,
  warmUpTaskDefinition,
} from '../../../core/src/ecs/validateTaskDefinition';
import { describeTaskDefinitionPath } from '../../../core/src/ecs/vocabulary';
import { marked } from '../../helpers/marked';

const REGISTER = { family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx' }] };

test('shape: top-level containerDefinitions is a register input', () => {
  assert.deepEqual(taskDefinitionShape(REGISTER), { kind: 'register', basePath: [], definition: REGISTER });
  assert.equal(taskDefinitionShape({ containerDefinitions: 'not yet a list' }).kind, 'register');
  assert.equal(isTaskDefinitionValue(REGISTER), true);
});

test('shape: a taskDefinition object holding containerDefinitions is describe output', () => {
  const value = { taskDefinition: REGISTER, tags: [] };
  assert.deepEqual(taskDefinitionShape(value), { kind: 'describe', basePath: ['taskDefinition'], definition: REGISTER });
  assert.equal(isTaskDefinitionValue(value), true);
});

test('shape: anything else is other', () => {
  const others: unknown[] = [
    {},
    [],
    null,
    'text',
    42,
    [{ name: 'web', image: 'nginx' }],
    { services: { web: { image: 'nginx' } } },
    { taskDefinition: { family: 'web' } },
    { taskDefinition: 'web' },
    { taskDefinition: [REGISTER] },
  ];
  for (const value of others) {
    assert.equal(taskDefinitionShape(value).kind, 'other', JSON.stringify(value));
    assert.equal(isTaskDefinitionValue(value), false);
  }
  assert.deepEqual(taskDefinitionShape({ a: 1 }), { kind: 'other', basePath: [], definition: { a: 1 } });
});

test('describe output: schema and rule findings point inside "taskDefinition", naming containers', () => {
  const { text, spans } = marked(
    '{"taskDefinition": {"family": "web", "revision": 2, "networkMode": "awsvpc", "containerDefinitions": [' +
      '{"name": "web", "image": "nginx", "memory": 64, [["imgae"]]: "x", "portMappings": [{"containerPort": 80, "hostPort": [[8080]]}]}]}, [["tagz"]]: []}',
  );
  const findings = validateTaskDefinition(text);
  assert.deepEqual(
    findings.map((f) => [f.code, f.span, f.message]),
    [
      ['ecs/schema', spans[0], 'Unknown key "imgae" in container "web". Did you mean "image"?'],
      [
        'ecs/host-port-mismatch',
        spans[1],
        'In "awsvpc" network mode "hostPort" must be omitted or equal "containerPort" (80), but it is 8080 in container "web".',
      ],
      ['ecs/schema', spans[2], 'Unknown key "tagz" in the describe-task-definition output. Did you mean "tags"?'],
    ],
  );
});

test('describe output still being written (no containers yet) is checked as describe output', () => {
  const { text, spans } = marked('{[["taskDefinition"]]: {"family": "web"}}');
  const findings = validateTaskDefinition(text);
  assert.deepEqual(
    findings.map((f) => [f.code, f.span, f.message]),
    [['ecs/schema', spans[0], 'The task definition is missing the required key "containerDefinitions".']],
  );
});

test('an object that is no task definition yet is checked as a register input', () => {
  const findings = validateTaskDefinition('{"family": "web"}');
  assert.deepEqual(
    findings.map((f) => f.message),
    ['The task definition is missing the required key "containerDefinitions".'],
  );
});

test('a list, a scalar or an empty file gets one sentence, not schema noise', () => {
  const cases: Array<[string, RegExp]> = [
    ['[{"name": "web", "image": "nginx"}]', /^This is a list, not a task definition/],
    ['"web"', /^This is not a task definition/],
    ['', /^This task definition is empty/],
    ['\n', /^This task definition is empty/],
  ];
  for (const [text, message] of cases) {
    const findings = validateTaskDefinition(text);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      [['ecs/not-task-definition', 'warning']],
      text,
    );
    assert.match(findings[0]!.message, message);
  }
});

test('a task definition that is not strict JSON gets one ecs/json-syntax error and no other finding (ECS reads JSON only)', () => {
  for (const text of [
    '{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 64, "user": "root"}]',
    "{'family': 'web', 'containerDefinitions': [{'name': 'web', 'image': 'nginx', 'memory': 64}]}",
    '{family: web, containerDefinitions: []}',
    'family: web\ncontainerDefinitions:\n  - name: web\n    image: nginx\n    memory: 64\n',
  ]) {
    assert.deepEqual(
      validateTaskDefinition(text).map((f) => [f.code, f.severity]),
      [['ecs/json-syntax', 'error']],
      text,
    );
  }
});

test('findings are sorted by position', () => {
  const text =
    '{"family": "web", "cpu": "64", "containerDefinitions": [{"name": "web", "image": "Nginx", "memory": 4, "user": "root", "imgae": 1}]}';
  const starts = validateTaskDefinition(text).map((f) => f.span[0]);
  assert.ok(starts.length >= 4);
  assert.deepEqual(
    starts,
    [...starts].sort((a, b) => a - b),
  );
});

test('a rule that throws yields nothing, and the other rules still report', () => {
  const text = '{"family": "web", "containerDefinitions": []}';
  const parsed = parseText(text);
  const base = createContext(parsed.value, parsed.doc, text, noHost, () => text.length);
  const ctx: TaskDefinitionContext = { ...base, kind: 'register', basePath: [] };
  const finding: Finding = { code: 'test/ok', severity: 'hint', message: 'ok', span: [0, 1] };
  const findings = runRules(
    [
      () => {
        throw new Error('broken rule');
      },
      () => [finding],
    ],
    ctx,
  );
  assert.deepEqual(findings, [finding]);
});

test('places are named as the author reads them', () => {
  const definition = { containerDefinitions: [{ name: 'web' }, {}], volumes: [{ name: 'data' }] };
  const cases: Array<[Array<string | number>, string]> = [
    [[], 'the task definition'],
    [['cpu'], '"cpu"'],
    [['requiresCompatibilities', 0], 'entry 1 of "requiresCompatibilities"'],
    [['containerDefinitions', 0], 'container "web"'],
    [['containerDefinitions', 1, 'image'], '"image" in container 2'],
    [['containerDefinitions', 0, 'portMappings', 0, 'hostPort'], '"portMappings[0].hostPort" in container "web"'],
    [['containerDefinitions', 0, 'portMappings', 1], 'entry 2 of "portMappings" in container "web"'],
    [['volumes', 0, 'host', 'sourcePath'], '"host.sourcePath" in volume "data"'],
  ];
  for (const [path, expected] of cases) assert.equal(describeTaskDefinitionPath(path, definition), expected);
});

test('warm-up compiles both schemas without reporting anything', () => {
  assert.doesNotThrow(() => warmUpTaskDefinition());
});

test('a rule finding on the same place as a schema finding replaces it', () => {
  const containers = Array.from({ length: 11 }, (_, i) => `{"name": "c${i}", "image": "busybox", "memory": 16}`).join(', ');
  const findings = validateTaskDefinition(`{"family": "web", "containerDefinitions": [${containers}]}`);
  assert.deepEqual(
    findings.map((f) => f.code),
    ['ecs/too-many-containers'],
  );
});
