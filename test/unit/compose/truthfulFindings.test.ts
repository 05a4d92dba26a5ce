// Findings that must be true and precise (issue 13, items 3 and 5), and what Compose accepts that
// must stay clean: `!reset null` on a map entry, a lone "$", repeated entries Compose merges.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorObject } from 'ajv';
import { validateCompose, validateTaskDefinition, type Finding } from '../../../core/src';
import { explain } from '../../../core/src/schema/messages';
import { composeVocabulary } from '../../../core/src/compose/vocabulary';
import { dedent, marked } from '../../helpers/marked';

const codesOf = (findings: Finding[]): string[] => findings.map((f) => f.code);

test('!reset null on a map entry (the merge chapter of the Compose Specification) is clean', () => {
  const text = dedent(`
    services:
      foo:
        image: foo
        build: !reset null
        environment: {FOO: !reset null}
        labels:
          keep: "1"
          drop: !reset
  `);
  assert.deepEqual(validateCompose(text, { documentPath: '/p/compose.override.yaml' }), []);
});

test('the type message never contradicts itself: a value of an allowed kind is not said to be of another', () => {
  const error = {
    keyword: 'type',
    instancePath: '/services/foo/environment/FOO',
    params: { type: ['string', 'number', 'boolean', 'null'] },
  };
  const root = { services: { foo: { environment: { FOO: undefined } } } };
  const explained = explain(error as unknown as ErrorObject, ['services', 'foo', 'environment', 'FOO'], root, composeVocabulary);
  assert.equal(explained?.message, '"environment.FOO" in service "foo" must be a string, a number, true or false or empty, not no value.');
  const nullRoot = { services: { foo: { environment: { FOO: null } } } };
  const again = explain(error as unknown as ErrorObject, ['services', 'foo', 'environment', 'FOO'], nullRoot, composeVocabulary);
  assert.equal(again?.message, '"environment.FOO" in service "foo" must be a string, a number, true or false or empty.');
  const list = { keyword: 'type', instancePath: '/services/foo/environment', params: { type: 'object,array' } };
  const wrong = explain(
    list as unknown as ErrorObject,
    ['services', 'foo', 'environment'],
    { services: { foo: { environment: 42 } } },
    composeVocabulary,
  );
  assert.equal(wrong?.message, '"environment" in service "foo" must be a mapping or a list, not a number.');
});

test('a lone "$" is kept as written by Compose, so it stays clean', () => {
  const text = dedent(`
    services:
      web:
        image: alpine:3.20
        environment:
          PRICE: "cost$"
          PATTERN: "^v[0-9]+$"
          SENTENCE: "a $ string"
          ESCAPED: "$$HOME"
  `);
  assert.deepEqual(validateCompose(text, { variables: () => undefined }), []);
});

test('entries Compose merges (the same port or tmpfs twice) are not refused', () => {
  const text = dedent(`
    services:
      test:
        image: foo
        ports: ["9080:80", "9081:81", "9080:80", "6060:6060/udp", "9080:6060/udp"]
        cap_add: [NET_ADMIN, NET_ADMIN]
        tmpfs: [/run, /run]
  `);
  assert.deepEqual(validateCompose(text), []);
  // Lists Compose does not merge keep the schema's refusal.
  const refused = validateCompose('services:\n  a:\n    image: x\n    security_opt: [no-new-privileges, no-new-privileges]\n');
  assert.deepEqual(codesOf(refused), ['compose/schema']);
});

test('a merge key "<<" on a scalar is a YAML error where the alias is', () => {
  const { text, spans } = marked('x-scalar: &s "not-a-map"\nservices:\n  s1:\n    image: alpine\n    <<: [[*s]]\n');
  const findings = validateCompose(text);
  assert.deepEqual(
    findings.map((f) => [f.code, f.span]),
    [['yaml/syntax', spans[0]]],
  );
  assert.equal(findings[0]!.message, 'A merge key "<<" takes a mapping, or a list of mappings, to merge in; this is neither.');
});

test('plaintext-secret: a flag or an access key ID is no secret; the secret access key is', () => {
  const { text, spans } = marked(
    dedent(`
    services:
      db:
        image: mysql:8
        environment:
          MYSQL_ALLOW_EMPTY_PASSWORD: "yes"
          MYSQL_RANDOM_ROOT_PASSWORD: 1
          MYSQL_ONETIME_PASSWORD: true
          MYSQL_PASSWORD: [[hunter2]]
      app:
        image: example/app
        environment:
          - AWS_ACCESS_KEY=AKIAIOSFODNN7EXAMPLE
          - AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
          - AWS_SECRET_ACCESS_KEY=[[wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY]]
          - DEBUG_TOKEN=off
  `),
  );
  const findings = validateCompose(text).filter((f) => f.code === 'compose/plaintext-secret');
  assert.deepEqual(
    findings.map((f) => f.span),
    spans,
  );
});

test('ecs/plaintext-secret: the same flags and identifiers stay quiet in a task definition', () => {
  const environment = [
    { name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: 'yes' },
    { name: 'AWS_ACCESS_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' },
    { name: 'AWS_ACCESS_KEY', value: 'AKIAIOSFODNN7EXAMPLE' },
    { name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMI' },
  ];
  const text = JSON.stringify(
    { family: 'app', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128, essential: true, environment }] },
    null,
    2,
  );
  const findings = validateTaskDefinition(text).filter((f) => f.code === 'ecs/plaintext-secret');
  assert.deepEqual(
    findings.map((f) => text.slice(...f.span)),
    ['"wJalrXUtnFEMI"'],
  );
});

test('legacy-bridge-network says what links make reachable, and which link Docker refuses', () => {
  const text = dedent(`
    services:
      db:
        image: postgres
        network_mode: bridge
      web:
        image: nginx
        network_mode: bridge
        links: [db, api]
      api:
        image: example/api
      lonely:
        image: busybox
        network_mode: bridge
  `);
  const messages = validateCompose(text)
    .filter((f) => f.code === 'compose/legacy-bridge-network')
    .map((f) => f.message);
  assert.deepEqual(messages, [
    'Service "db" uses "network_mode: bridge", Docker\'s legacy default network, so it leaves the project network: services on the project network cannot reach it by name. "web" reaches it through "links". Remove the line to use the project network.',
    'Service "web" uses "network_mode: bridge", Docker\'s legacy default network, so it leaves the project network: services on the project network cannot reach it by name. Through its "links" it reaches "db", also on the default bridge. Its link to "api" fails: Docker links only containers on the default bridge, and that service is on the project network. Remove the line to use the project network.',
    'Service "lonely" uses "network_mode: bridge", Docker\'s legacy default network, so it leaves the project network: other services cannot reach it by name (nor it them). Remove the line to use the project network.',
  ]);
});

test('a mistake inside an anchor merged into two services is reported once, at the anchor, naming them', () => {
  const { text, spans } = marked(
    dedent(`
    x-common: &common
      image: nginx
      restart: [[sometimes]]
      stop_grace_period: [[10]]
      environment:
        DB_PASSWORD: [[hunter2]]
    services:
      a:
        <<: *common
      b:
        <<: *common
      c:
        image: nginx
        restart: [[sometimes]]
  `),
  );
  const findings = validateCompose(text);
  assert.deepEqual(
    findings.map((f) => [f.code, f.span]),
    [
      ['compose/schema', spans[0]],
      ['compose/duration-syntax', spans[1]],
      ['compose/plaintext-secret', spans[2]],
      ['compose/schema', spans[3]],
    ],
  );
  assert.deepEqual(
    findings.map((f) => f.message),
    [
      '"sometimes" is not a valid value for "restart" in the anchor "common" (used by services "a" and "b"). Use "no", "always", "on-failure" or "unless-stopped".',
      '"10" is not a valid duration for "stop_grace_period" in the anchor "common" (used by services "a" and "b"): use a number with a unit, such as "30s", "1m30s" or "500ms". Add a unit: "10s"?',
      'The anchor "common" (used by services "a" and "b") sets DB_PASSWORD in plain text in the Compose file, where version control and "docker inspect" show it. Take it from the environment or .env ("${DB_PASSWORD}") or use a Compose secret.',
      '"sometimes" is not a valid value for "restart" in service "c". Use "no", "always", "on-failure" or "unless-stopped".',
    ],
  );
});

test('ecs/host-namespace: pidMode and ipcMode host are told their own values, not network modes', () => {
  const text = JSON.stringify({
    family: 'app',
    networkMode: 'bridge',
    pidMode: 'host',
    ipcMode: 'host',
    containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128, essential: true }],
  });
  const messages = validateTaskDefinition(text)
    .filter((f) => f.code === 'ecs/host-namespace')
    .map((f) => f.message);
  assert.deepEqual(messages, [
    '"pidMode": "host" shares the instance\'s process table: containers see, and as root signal, every process on the instance. Use "task" if the task\'s containers need to see each other\'s processes, or remove "pidMode" to keep each container\'s own.',
    '"ipcMode": "host" shares the instance\'s shared memory and semaphores. Use "task" if the task\'s containers share memory with each other, "none" for none, or remove "ipcMode" to keep each container\'s own.',
  ]);
  assert.ok(messages.every((message) => !/awsvpc|bridge/.test(message)));
});

test('ecs/healthcheck-command: "NONE" and anything but CMD or CMD-SHELL are refused by ECS', () => {
  const container = (name: string, command: unknown): object => ({
    name,
    image: 'nginx',
    memory: 128,
    essential: true,
    healthCheck: { command },
  });
  const text = JSON.stringify(
    {
      family: 'app',
      containerDefinitions: [
        container('none', ['NONE']),
        container('bare', ['curl', '-f', 'http://localhost/']),
        container('shell', ['CMD-SHELL', 'curl -f http://localhost/ || exit 1']),
        container('exec', ['CMD', 'true']),
      ],
    },
    null,
    2,
  );
  const findings = validateTaskDefinition(text).filter((f) => f.code === 'ecs/healthcheck-command');
  assert.deepEqual(
    findings.map((f) => [f.severity, text.slice(...f.span)]),
    [
      ['error', '"NONE"'],
      ['error', '"curl"'],
    ],
  );
  assert.equal(
    findings[0]!.message,
    'Container "none" has a "healthCheck" of "NONE", which ECS refuses: its health checks start with "CMD" or "CMD-SHELL". To have no health check, remove "healthCheck" (ECS ignores a HEALTHCHECK built into the image).',
  );
  assert.equal(
    findings[1]!.message,
    'The "healthCheck.command" of container "bare" starts with "curl"; ECS needs "CMD" (run the executable directly) or "CMD-SHELL" (run the line through the shell) first, as in ["CMD-SHELL", "curl -f http://localhost/"].',
  );
});
