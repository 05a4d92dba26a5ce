/** Converting a file as a user asks for it: the project around a Compose file, a task definition's text, and the located report. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProject } from '../../../core/src/compose/project';
import { convertFile, profileChoices, type ConvertFileRequest, type ConvertFileResult } from '../../../core/src/convert';
import { dedent } from '../../helpers/marked';
import { memoryHost, type Json } from './helpers';

/** Converts /p/<file> among these files (Compose text dedented); the shell environment is `env`. */
function convert(
  files: Record<string, string>,
  request: Partial<ConvertFileRequest> & { file?: string } = {},
): ConvertFileResult & { definitions: Json[] } {
  const texts = Object.fromEntries(Object.entries(files).map(([name, text]) => [`/p/${name}`, dedent(text)]));
  const result = convertFile({ path: `/p/${request.file ?? 'compose.yaml'}`, to: 'ecs', host: memoryHost(texts), env: {}, ...request });
  const definitions = result.files.filter((f) => f.language === 'json').map((f) => JSON.parse(f.text) as Json);
  return { ...result, definitions };
}

function environmentOf(definition: Json | undefined, container = 'app'): Record<string, string> {
  const containers = (definition?.['containerDefinitions'] ?? []) as Json[];
  const found = containers.find((c) => c['name'] === container);
  assert.ok(found, `no container ${container}`);
  return Object.fromEntries(((found['environment'] ?? []) as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]));
}

test('env_file values are interpolated from the project environment (.env under the shell); single quotes stay literal', () => {
  const result = convert(
    {
      'compose.yaml': `
      services:
        app:
          image: busybox
          env_file: app.env
    `,
      '.env': 'REGION_NAME=eu-west-1\n',
      'app.env': `GREETING=hello-\${REGION_NAME}\nQUOTED="dq-\${REGION_NAME}"\nLITERAL='sq-\${REGION_NAME}'\nFROM_SHELL=\${STAGE}\n`,
    },
    { env: { STAGE: 'prod' } },
  );
  assert.deepEqual(environmentOf(result.definitions[0]), {
    GREETING: 'hello-eu-west-1',
    QUOTED: 'dq-eu-west-1',
    LITERAL: 'sq-${REGION_NAME}',
    FROM_SHELL: 'prod',
  });
  assert.deepEqual(
    result.losses.filter((l) => /not set/.test(l.reason)),
    [],
  );
});

test('an env_file variable that is not set anywhere is reported where the env_file is named', () => {
  const result = convert({
    'compose.yaml': `
      services:
        app:
          image: busybox
          env_file: app.env
    `,
    'app.env': 'GREETING=hello-${REGION_NAME}\n',
  });
  assert.deepEqual(environmentOf(result.definitions[0]), { GREETING: 'hello-' });
  const unset = result.losses.filter((l) => /REGION_NAME/.test(l.reason));
  assert.deepEqual(
    unset.map((l) => [l.kind, l.path, l.line]),
    [['approximated', 'services.app.env_file', 4]],
  );
});

const WITH_PROFILES = {
  'compose.yaml': `
    services:
      app:
        image: busybox
      debug:
        image: busybox
        profiles: [debug]
  `,
};

test('profiles: only the active services are converted, each one left out is said; --profile and COMPOSE_PROFILES bring them in', () => {
  const plain = convert(WITH_PROFILES);
  assert.deepEqual(
    (plain.definitions[0]!['containerDefinitions'] as Json[]).map((c) => c['name']),
    ['app'],
  );
  assert.deepEqual(
    plain.losses.filter((l) => l.path === 'services.debug.profiles').map((l) => [l.kind, l.line, l.reason]),
    [['note', 6, '"debug" is not converted: its profile "debug" is not active.']],
  );
  for (const request of [{ profiles: ['debug'] }, { env: { COMPOSE_PROFILES: 'debug' } }]) {
    const withDebug = convert(WITH_PROFILES, request);
    assert.deepEqual(
      (withDebug.definitions[0]!['containerDefinitions'] as Json[]).map((c) => c['name']),
      ['app', 'debug'],
    );
    assert.ok(!withDebug.losses.some((l) => /not converted/.test(l.reason)));
  }
});

test('no active service: no result, an error saying so, and a line for each service left out', () => {
  const result = convert({ 'compose.yaml': 'services:\n  debug:\n    image: busybox\n    profiles: [debug]\n' });
  assert.deepEqual(result.files, []);
  assert.deepEqual(
    result.losses.map((l) => [l.kind, l.path]),
    [
      ['error', 'services'],
      ['note', 'services.debug.profiles'],
    ],
  );
  assert.match(result.losses[0]!.reason, /No service is active/);
});

test('an unset variable that became "" is reported where it is used; one with a default or set is not', () => {
  const result = convert(
    {
      'compose.yaml': `
        services:
          app:
            image: busybox:\${TAG:-1.36}
            environment:
              REGION: \${AWS_REGION}
              STAGE: \${STAGE}
          off:
            image: \${OFF_IMAGE}
            profiles: [off]
      `,
    },
    { env: { STAGE: 'prod' } },
  );
  assert.deepEqual(environmentOf(result.definitions[0]), { REGION: '', STAGE: 'prod' });
  assert.deepEqual(
    result.losses.filter((l) => /is not set/.test(l.reason)).map((l) => [l.kind, l.path, l.line]),
    [['approximated', 'services.app.environment.REGION', 5]],
  );
  assert.match(result.losses.find((l) => /is not set/.test(l.reason))!.reason, /^AWS_REGION is not set/);
});

test("every result passes Dockside's own checks, or each error it finds is an error of the conversion", () => {
  const cycle = convert({
    'compose.yaml': `
      services:
        app:
          image: busybox
          depends_on: [db]
        db:
          image: busybox
          depends_on: [app]
    `,
  });
  const errors = cycle.losses.filter((l) => l.kind === 'error' && l.path.startsWith('p.task-definition.json:'));
  assert.equal(errors.length, 1, JSON.stringify(cycle.losses, null, 2));
  assert.match(errors[0]!.reason, /^The result does not pass Dockside's checks: .*\(ecs\/dependency-cycle\)$/);
  const clean = convert({ 'compose.yaml': 'services:\n  app:\n    image: busybox\n' });
  assert.deepEqual(
    clean.losses.filter((l) => l.kind === 'error'),
    [],
  );
});

test('a task definition that is not strict JSON is not converted: one error at the mistake', () => {
  const broken = convert(
    { 'web.task-definition.json': '{\n  "family": "web",\n  "containerDefinitions": [{"name": "web" "image": "nginx"}]\n}\n' },
    { file: 'web.task-definition.json', to: 'compose' },
  );
  assert.deepEqual(broken.files, []);
  assert.deepEqual(
    broken.losses.map((l) => [l.kind, l.line, l.reason]),
    [['error', 3, 'This is not strict JSON, which ECS requires: a "," is missing after this value.']],
  );
  const template = convert(
    { 'web.task-definition.json': '{"family": "web", "cpu": $$$CPU$$$, "containerDefinitions": []}' },
    { file: 'web.task-definition.json', to: 'compose' },
  );
  assert.deepEqual(template.files, []);
  assert.deepEqual(
    template.losses.map((l) => [l.kind, l.line]),
    [['error', 1]],
  );
  assert.match(template.losses[0]!.reason, /^This is a template, not JSON/);
});

test('the profile pick: each profile with the services it adds, the active ones (COMPOSE_PROFILES) picked, the rest always converted', () => {
  const files = {
    '/p/compose.yaml': dedent(`
      services:
        app:
          image: busybox
        db:
          image: postgres
        debug:
          image: busybox
          profiles: [tools, debug]
        admin:
          image: adminer
          profiles: [tools]
    `),
  };
  const load = (env: Record<string, string>) => loadProject({ files: ['/p/compose.yaml'], host: memoryHost(files), env });
  assert.deepEqual(profileChoices(load({})), {
    always: ['app', 'db'],
    profiles: [
      { profile: 'debug', services: ['debug'], picked: false },
      { profile: 'tools', services: ['debug', 'admin'], picked: false },
    ],
  });
  assert.deepEqual(
    profileChoices(load({ COMPOSE_PROFILES: 'tools' })).profiles.map((p) => [p.profile, p.picked]),
    [
      ['debug', false],
      ['tools', true],
    ],
  );
  const none = loadProject({ files: ['/p/compose.yaml'], host: memoryHost({ '/p/compose.yaml': 'services:\n  app:\n    image: a\n' }) });
  assert.deepEqual(profileChoices(none), { always: ['app'], profiles: [] });
});

test('what a deploy needs besides the task definition: replicas per service and the top-level x-ecs.service, never in the task definition', () => {
  const compose = `
      x-ecs:
        cpu: "1024"
        memory: "2048"
        service:
          networkConfiguration:
            awsvpcConfiguration: { subnets: [subnet-1], assignPublicIp: ENABLED }
      services:
        web:
          image: busybox
          deploy: { replicas: 2 }
        worker:
          image: busybox
          scale: 3
        cache:
          image: busybox
    `;
  const single = convert({ 'compose.yaml': compose });
  assert.equal(single.definitions.length, 1);
  assert.equal(single.definitions[0]!['cpu'], '1024');
  assert.equal(single.definitions[0]!['service'], undefined, 'x-ecs.service is no task definition field');
  assert.deepEqual(single.files[0]!.ecsService, {
    composeServices: ['web', 'worker', 'cache'],
    replicas: { web: 2, worker: 3 },
    settings: { networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'ENABLED' } } },
  });
  assert.deepEqual(
    single.losses.filter((l) => l.kind === 'error'),
    [],
  );
  const perService = convert({ 'compose.yaml': compose }, { perService: true });
  assert.deepEqual(
    perService.files.map((f) => [f.name, f.ecsService?.composeServices, f.ecsService?.replicas, f.ecsService?.settings !== undefined]),
    [
      ['p-web.task-definition.json', ['web'], { web: 2 }, true],
      ['p-worker.task-definition.json', ['worker'], { worker: 3 }, true],
      ['p-cache.task-definition.json', ['cache'], {}, true],
    ],
  );
  const wrong = convert({ 'compose.yaml': 'x-ecs:\n  service: nope\nservices:\n  web:\n    image: busybox\n' });
  assert.deepEqual(
    wrong.losses.filter((l) => l.path === 'x-ecs.service').map((l) => l.kind),
    ['dropped'],
  );
});
