import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProject, parseIncludeEntries, sourceOf } from '../../../core/src/compose/project';
import { memoryHost } from './helpers';

function services(model: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return model['services'] as Record<string, Record<string, unknown>>;
}

test('include short syntax: the included services join the project and can be depended on', () => {
  const project = loadProject({
    files: ['/app/compose.yaml'],
    host: memoryHost({
      '/app/compose.yaml': `
        include:
          - my-compose-include.yaml
        services:
          serviceA:
            build: .
            depends_on:
              - serviceB
      `,
      '/app/my-compose-include.yaml': 'services: { serviceB: { image: b } }\nvolumes: { shared: {} }',
    }),
  });
  assert.deepEqual(Object.keys(services(project.model)), ['serviceA', 'serviceB']);
  assert.equal(project.model['include'], undefined);
  assert.deepEqual(project.model['volumes'], { shared: {} });
  assert.deepEqual(project.services, ['serviceA', 'serviceB']);
  assert.deepEqual(project.findings, []);
});

test("include: relative paths and .env belong to the included file's folder; the local environment wins", () => {
  const project = loadProject({
    files: ['/app/compose.yaml'],
    env: { SHARED: 'from-shell' },
    host: memoryHost({
      '/app/compose.yaml': 'include:\n  - ../commons/compose.yaml\nservices:\n  web:\n    image: web\n',
      '/commons/compose.yaml': `
        services:
          db:
            image: postgres:\${PG_VERSION}
            build: ./db
            env_file: db.env
            environment:
              SHARED: \${SHARED}
      `,
      '/commons/.env': 'PG_VERSION=16\nSHARED=from-included-env',
    }),
  });
  assert.deepEqual(services(project.model)['db'], {
    image: 'postgres:16',
    build: '/commons/db',
    env_file: '/commons/db.env',
    environment: { SHARED: 'from-shell' },
  });
  // The included .env served only the included file: it is not the project's environment.
  assert.equal(project.environment.get('PG_VERSION'), undefined);
  const pgVersion = project.variables.find((v) => v.name === 'PG_VERSION')!;
  assert.deepEqual(
    [pgVersion.file, pgVersion.source, pgVersion.origin],
    ['/commons/compose.yaml', '.env', { file: '/commons/.env', line: 1 }],
  );
});

test('include long syntax: several files merged, project_directory and env_file', () => {
  const project = loadProject({
    files: ['/app/compose.yaml'],
    host: memoryHost({
      '/app/compose.yaml': `
        include:
          - path:
              - ../commons/compose.yaml
              - ./commons-override.yaml
            project_directory: ..
            env_file:
              - ../another/.env
              - ../another/dev.env
      `,
      '/commons/compose.yaml': 'services: { api: { image: "api:${TAG}", build: ./api, ports: ["80"] } }',
      '/app/commons-override.yaml': 'services: { api: { ports: ["81"] } }',
      '/another/.env': 'TAG=1\nOTHER=x',
      '/another/dev.env': 'TAG=2-${OTHER}',
    }),
  });
  // project_directory ".." is relative to the including file's folder: paths resolve against "/".
  assert.deepEqual(services(project.model)['api'], { image: 'api:2-x', build: '/api', ports: ['80', '81'] });
  assert.deepEqual(project.findings, []);
});

test('include applies recursively, each level relative to its own folder', () => {
  const project = loadProject({
    files: ['/app/compose.yaml'],
    host: memoryHost({
      '/app/compose.yaml': 'include: [lib/compose.yaml]',
      '/app/lib/compose.yaml': 'include: [deeper/compose.yaml]\nservices: { mid: { build: . } }',
      '/app/lib/deeper/compose.yaml': 'services: { deep: { build: . } }',
    }),
  });
  assert.deepEqual(services(project.model), { deep: { build: '/app/lib/deeper' }, mid: { build: '/app/lib' } });
});

test('include paths may use variables', () => {
  const project = loadProject({
    files: ['/app/compose.yaml'],
    env: { INCLUDE_PATH: 'parts' },
    host: memoryHost({
      '/app/compose.yaml': 'include:\n  - ${INCLUDE_PATH:?FOO}/compose.yaml\n',
      '/app/parts/compose.yaml': 'services: { part: { image: p } }',
    }),
  });
  assert.deepEqual(Object.keys(services(project.model)), ['part']);
});

test('include: a name defined on both sides is merged (local over included) with a warning', () => {
  const text = 'include: [other.yaml]\nservices:\n  web:\n    environment: { B: "2" }\n';
  const project = loadProject({
    files: ['/app/compose.yaml'],
    host: memoryHost({ '/app/compose.yaml': text, '/app/other.yaml': 'services: { web: { image: nginx, environment: { A: "1" } } }' }),
  });
  assert.deepEqual(services(project.model)['web'], { image: 'nginx', environment: { A: '1', B: '2' } });
  assert.deepEqual(
    project.findings.map((f) => [f.code, f.severity, text.slice(...f.span)]),
    [['project/include-conflict', 'warning', 'web']],
  );
  // The included definition's keys are traced to the included file.
  assert.deepEqual(
    [sourceOf(project.sources, ['services', 'web', 'image'])?.file, sourceOf(project.sources, ['services', 'web', 'image'])?.via],
    ['/app/other.yaml', 'include'],
  );
});

test('include: a cycle, a missing file and a bad entry are errors on the entry', () => {
  const text = 'include:\n  - a.yaml\n  - missing.yaml\n  - { project_directory: x }\n';
  const other = 'include: [compose.yaml]\nservices: { a: { image: a } }';
  const project = loadProject({
    files: ['/app/compose.yaml'],
    host: memoryHost({ '/app/compose.yaml': text, '/app/a.yaml': other }),
  });
  const texts: Record<string, string> = { '/app/compose.yaml': text, '/app/a.yaml': other };
  assert.deepEqual(
    project.findings.map((f) => [f.code, f.file, texts[f.file]!.slice(...f.span)]),
    [
      ['project/include-invalid', '/app/compose.yaml', '{ project_directory: x }'],
      ['compose/include-cycle', '/app/a.yaml', 'compose.yaml'],
      ['compose/include-missing', '/app/compose.yaml', 'missing.yaml'],
    ],
  );
  assert.equal(
    project.findings[1]!.message,
    'This include closes a cycle: compose.yaml includes a.yaml includes compose.yaml, so Compose refuses to load it ("include cycle detected"). Remove one of these includes.',
  );
  assert.equal(
    project.findings[2]!.message,
    'The included file /app/missing.yaml does not exist or cannot be read, so Compose refuses the project. Fix the path, or remove this entry.',
  );
});

test('include: a file that includes itself, and a missing env_file, are marked where they are written', () => {
  const text = 'include:\n  - compose.yaml\n  - path: [a.yaml]\n    env_file: [a.env, gone.env]\nservices: { web: { image: nginx } }\n';
  const project = loadProject({
    files: ['/app/compose.yaml'],
    host: memoryHost({ '/app/compose.yaml': text, '/app/a.yaml': 'services: { a: { image: a } }', '/app/a.env': 'A=1\n' }),
  });
  assert.deepEqual(
    project.findings.map((f) => [f.code, f.severity, text.slice(...f.span)]),
    [
      ['compose/include-cycle', 'error', 'compose.yaml'],
      ['compose/env-file-missing', 'error', 'gone.env'],
    ],
  );
  assert.match(project.findings[0]!.message, /^compose\.yaml includes itself, so Compose refuses to load it/);
});

test('include: a project whose includes all exist and form no cycle has no finding', () => {
  const project = loadProject({
    files: ['/app/compose.yaml'],
    host: memoryHost({
      '/app/compose.yaml': 'include:\n  - a.yaml\n  - path: b.yaml\n    env_file: b.env\nservices: { web: { image: nginx } }\n',
      '/app/a.yaml': 'services: { a: { image: a } }',
      '/app/b.yaml': 'include: [c.yaml]\nservices: { b: { image: b } }',
      '/app/c.yaml': 'services: { c: { image: c } }',
      '/app/b.env': 'B=1\n',
    }),
  });
  assert.deepEqual(project.findings, []);
});

test('parseIncludeEntries: short and long syntax', () => {
  assert.deepEqual(parseIncludeEntries(['a.yaml', { path: ['b.yaml', 'c.yaml'], project_directory: '..', env_file: 'x.env' }]).entries, [
    { paths: ['a.yaml'], path: ['include', 0], pathLocations: [['include', 0]] },
    {
      paths: ['b.yaml', 'c.yaml'],
      projectDirectory: '..',
      envFiles: ['x.env'],
      path: ['include', 1],
      pathLocations: [
        ['include', 1, 'path', 0],
        ['include', 1, 'path', 1],
      ],
      envFileLocations: [['include', 1, 'env_file']],
    },
  ]);
});
