// Quick fixes of the task-definition rules: applied to the text, the result must still be valid JSON,
// mean what the fix says, and no longer have the finding it fixed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateTaskDefinition } from '../../../core/src/ecs/validateTaskDefinition';
import type { Finding } from '../../../core/src/types';
import { applyEdits } from '../../helpers/applyEdits';
import { dedent } from '../../helpers/marked';

type Json = Record<string, unknown>;

/** Applies the named fix of the first finding with `code`, and returns the new text. */
function applyFix(text: string, code: string, title: string | RegExp): string {
  const finding = validateTaskDefinition(text).find((f) => f.code === code);
  assert.ok(finding, `no ${code} in:\n${text}`);
  const fix = finding.fixes?.find((f) => (typeof title === 'string' ? f.title === title : title.test(f.title)));
  assert.ok(fix, `no fix ${String(title)}: ${JSON.stringify(finding.fixes?.map((f) => f.title))}`);
  return applyEdits(text, fix.edits);
}

function codes(text: string): string[] {
  return validateTaskDefinition(text).map((f: Finding) => f.code);
}

function errors(text: string): Finding[] {
  return validateTaskDefinition(text).filter((f) => f.severity === 'error');
}

const READ_ONLY_INPUT = dedent(`
  {
    "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
    "family": "web",
    "revision": 3,
    "containerDefinitions": [
      { "name": "web", "image": "nginx", "memory": 512 }
    ],
    "status": "ACTIVE",
    "compatibilities": ["EC2", "FARGATE"],
    "requiresAttributes": [ { "name": "ecs.capability.execution-role-awslogs" } ],
    "registeredAt": 1700000000.5,
    "registeredBy": "arn:aws:iam::123456789012:user/me"
  }
`);

test('read-only fields: one fix on every hint removes them all, leaving valid JSON', () => {
  const hints = validateTaskDefinition(READ_ONLY_INPUT).filter((f) => f.code === 'ecs/read-only-field');
  assert.equal(hints.length, 7);
  for (const hint of hints) {
    assert.deepEqual(hint.tags, ['unnecessary']);
    assert.deepEqual(
      hint.fixes?.map((f) => f.title),
      ['Remove all read-only fields'],
    );
    assert.deepEqual(hint.fixes?.[0]?.edits, hints[0]!.fixes?.[0]?.edits);
  }
  const fixed = applyFix(READ_ONLY_INPUT, 'ecs/read-only-field', 'Remove all read-only fields');
  const expected = JSON.parse(READ_ONLY_INPUT) as Json;
  for (const key of ['taskDefinitionArn', 'revision', 'status', 'compatibilities', 'requiresAttributes', 'registeredAt', 'registeredBy'])
    delete expected[key];
  assert.deepEqual(JSON.parse(fixed), expected);
  assert.equal(
    fixed,
    dedent(`
    {
      "family": "web",
      "containerDefinitions": [
        { "name": "web", "image": "nginx", "memory": 512 }
      ]
    }
  `),
  );
  assert.deepEqual(codes(fixed), []);
});

test('read-only fields: also removed from a one-line file', () => {
  const line =
    '{"revision": 1, "family": "web", "status": "ACTIVE", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 64}], "registeredBy": "me"}';
  const fixedLine = applyFix(line, 'ecs/read-only-field', 'Remove all read-only fields');
  assert.equal(fixedLine, '{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 64}]}');
});

const PLAINTEXT = dedent(`
  {
    "family": "web",
    "containerDefinitions": [
      {
        "name": "web",
        "image": "nginx",
        "memory": 512,
        "environment": [
          { "name": "LOG_LEVEL", "value": "info" },
          { "name": "DB_PASSWORD", "value": "hunter2" }
        ]
      }
    ]
  }
`);

test('plaintext secret: "Move X to secrets" creates "secrets" with a placeholder ARN and drops the variable', () => {
  const fixed = applyFix(PLAINTEXT, 'ecs/plaintext-secret', 'Move DB_PASSWORD to secrets');
  const container = (JSON.parse(fixed) as { containerDefinitions: Json[] }).containerDefinitions[0]!;
  assert.deepEqual(container['environment'], [{ name: 'LOG_LEVEL', value: 'info' }]);
  assert.deepEqual(container['secrets'], [
    { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:DB_PASSWORD' },
  ]);
  assert.deepEqual(codes(fixed), []);
  // Indented like its siblings.
  assert.match(
    fixed,
    /\n {6}"secrets": \[\n {8}\{ "name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:DB_PASSWORD" \}\n {6}\]\n {4}\}/,
  );
});

test('plaintext secret: appended to existing secrets; the last variable leaves an empty list', () => {
  const text = dedent(`
    {
      "family": "web",
      "containerDefinitions": [
        {
          "name": "web",
          "image": "nginx",
          "memory": 512,
          "secrets": [
            { "name": "A", "valueFrom": "/app/a" }
          ],
          "environment": [ { "name": "API_TOKEN", "value": "t0k3n" } ]
        }
      ]
    }
  `);
  const fixed = applyFix(text, 'ecs/plaintext-secret', 'Move API_TOKEN to secrets');
  const container = (JSON.parse(fixed) as { containerDefinitions: Json[] }).containerDefinitions[0]!;
  assert.deepEqual(container['environment'], []);
  assert.deepEqual(container['secrets'], [
    { name: 'A', valueFrom: '/app/a' },
    { name: 'API_TOKEN', valueFrom: 'arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:API_TOKEN' },
  ]);
  assert.deepEqual(codes(fixed), []);
});

test('plaintext secret: works on one-line JSON and inside describe output', () => {
  const line =
    '{"family":"web","containerDefinitions":[{"name":"web","image":"nginx","memory":64,"environment":[{"name":"SECRET_KEY","value":"x"},{"name":"A","value":"1"}],"secrets":[]}]}';
  const fixedLine = applyFix(line, 'ecs/plaintext-secret', 'Move SECRET_KEY to secrets');
  const container = (JSON.parse(fixedLine) as { containerDefinitions: Json[] }).containerDefinitions[0]!;
  assert.deepEqual(container['environment'], [{ name: 'A', value: '1' }]);
  assert.deepEqual(container['secrets'], [{ name: 'SECRET_KEY', valueFrom: 'arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:SECRET_KEY' }]);

  const wrapped = `{"taskDefinition": ${PLAINTEXT.trim()}}`;
  const fixedWrapped = applyFix(wrapped, 'ecs/plaintext-secret', 'Move DB_PASSWORD to secrets');
  const inner = (JSON.parse(fixedWrapped) as { taskDefinition: { containerDefinitions: Json[] } }).taskDefinition.containerDefinitions[0]!;
  assert.deepEqual(inner['secrets'], [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:DB_PASSWORD' }]);
  assert.deepEqual(codes(fixedWrapped), []);
});

const FARGATE = (networkMode: string): string =>
  dedent(`
    {
      "family": "web",
      "requiresCompatibilities": ["FARGATE"],${networkMode}
      "cpu": "256",
      "memory": "512",
      "containerDefinitions": [ { "name": "web", "image": "nginx" } ]
    }
  `);

test('Fargate network mode: replaced, or added when missing', () => {
  const replaced = applyFix(FARGATE('\n  "networkMode": "bridge",'), 'ecs/fargate-network-mode', 'Use "awsvpc"');
  assert.equal((JSON.parse(replaced) as Json)['networkMode'], 'awsvpc');
  assert.deepEqual(codes(replaced), []);
  const added = applyFix(FARGATE(''), 'ecs/fargate-network-mode', 'Add "networkMode": "awsvpc"');
  assert.equal((JSON.parse(added) as Json)['networkMode'], 'awsvpc');
  assert.match(added, /"image": "nginx" \} \],\n {2}"networkMode": "awsvpc"\n\}\n$/);
  assert.deepEqual(codes(added), []);
});

test('host port under awsvpc: the fix removes "hostPort"', () => {
  const text =
    '{"family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 64, "portMappings": [{"containerPort": 80, "hostPort": 8080, "protocol": "tcp"}]}]}';
  const fixed = applyFix(text, 'ecs/host-port-mismatch', 'Remove "hostPort"');
  assert.equal(
    fixed,
    '{"family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 64, "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}]}',
  );
  assert.deepEqual(errors(fixed), []);
});

test('SUCCESS on an essential container: the fix marks it non-essential (replacing or adding the key)', () => {
  for (const essential of ['', ', "essential": true']) {
    const text = `{"family": "web", "containerDefinitions": [{"name": "init", "image": "busybox", "memory": 64${essential}}, {"name": "web", "image": "nginx", "memory": 64, "dependsOn": [{"containerName": "init", "condition": "SUCCESS"}]}]}`;
    const fixed = applyFix(text, 'ecs/completion-on-essential', 'Mark "init" as not essential');
    const init = (JSON.parse(fixed) as { containerDefinitions: Json[] }).containerDefinitions[0]!;
    assert.equal(init['essential'], false);
    assert.deepEqual(codes(fixed), []);
  }
});

test('numeric task size: the fix writes the string the AWS CLI expects', () => {
  const text = '{"family": "web", "cpu": 256, "memory": 512, "containerDefinitions": [{"name": "web", "image": "nginx"}]}';
  const once = applyFix(text, 'ecs/task-size-number', 'Write "cpu" as a string');
  const twice = applyFix(once, 'ecs/task-size-number', 'Write "memory" as a string');
  assert.equal(twice, '{"family": "web", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "web", "image": "nginx"}]}');
  assert.deepEqual(codes(twice), []);
});
