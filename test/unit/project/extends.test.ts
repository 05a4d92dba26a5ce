import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProject, sourceOf, type Project } from '../../../core/src/compose/project';
import { memoryHost, plain } from './helpers';

function load(files: Record<string, string>, main = '/app/compose.yaml'): Project {
  return loadProject({ files: [main], host: memoryHost(files) });
}

function serviceOf(project: Project, name: string): unknown {
  return (project.model['services'] as Record<string, unknown>)[name];
}

// The examples of 05-services.md, "Merging service definitions".

test('spec extends: mappings (environment) merge, the extending service winning', () => {
  const project = load({
    '/app/compose.yaml': `
      services:
        common:
          image: busybox
          environment:
            TZ: utc
            PORT: 80
        cli:
          extends:
            service: common
          environment:
            PORT: 8080
    `,
  });
  assert.deepEqual(serviceOf(project, 'cli'), plain('environment: { PORT: 8080, TZ: utc }\nimage: busybox'));
  assert.deepEqual(project.findings, []);
});

test('spec extends: the same output with array syntax', () => {
  const project = load({
    '/app/compose.yaml': `
      services:
        common:
          image: busybox
          environment:
            - TZ=utc
            - PORT=80
        cli:
          extends:
            service: common
          environment:
            - PORT=8080
    `,
  });
  assert.deepEqual(serviceOf(project, 'cli'), { image: 'busybox', environment: ['TZ=utc', 'PORT=8080'] });
});

test('spec extends: volumes are keyed by the path inside the container', () => {
  const project = load({
    '/app/compose.yaml': `
      services:
        common:
          image: busybox
          volumes:
            - common-volume:/var/lib/backup/data:rw
        cli:
          extends:
            service: common
          volumes:
            - cli-volume:/var/lib/backup/data:ro
    `,
  });
  assert.deepEqual(serviceOf(project, 'cli'), plain('image: busybox\nvolumes:\n- cli-volume:/var/lib/backup/data:ro'));
});

test('spec extends: a base that extends in turn is resolved first', () => {
  const project = load({
    '/app/compose.yaml': `
      services:
        base:
          image: busybox
          user: root
        common:
          image: busybox
          extends:
            service: base
        cli:
          extends:
            service: common
    `,
  });
  assert.deepEqual(serviceOf(project, 'cli'), plain('image: busybox\nuser: root'));
  assert.deepEqual(serviceOf(project, 'common'), plain('image: busybox\nuser: root'));
});

test('spec extends: sequences (security_opt) are combined, the base first', () => {
  const project = load({
    '/app/compose.yaml': `
      services:
        common:
          image: busybox
          security_opt:
            - label:role:ROLE
        cli:
          extends:
            service: common
          security_opt:
            - label:user:USER
    `,
  });
  assert.deepEqual(serviceOf(project, 'cli'), plain('image: busybox\nsecurity_opt:\n- label:role:ROLE\n- label:user:USER'));
});

test('extends: the short string form names a service of the same file', () => {
  const project = load({ '/app/compose.yaml': 'services: { a: { image: x }, b: { extends: a, command: run } }' });
  assert.deepEqual(serviceOf(project, 'b'), { image: 'x', command: 'run' });
});

test('extends from another file: its relative paths stay relative to its own folder', () => {
  const project = load({
    '/app/compose.yaml': `
      services:
        web:
          extends:
            file: ../common/base.yaml
            service: webapp
          environment:
            MODE: app
    `,
    '/common/base.yaml': `
      services:
        webapp:
          build: ./web
          env_file: common.env
          volumes:
            - ./static:/srv/static
            - data:/data
          environment:
            MODE: base
            REGION: eu
    `,
  });
  assert.deepEqual(serviceOf(project, 'web'), {
    build: '/common/web',
    env_file: '/common/common.env',
    volumes: ['/common/static:/srv/static', 'data:/data'],
    environment: { MODE: 'app', REGION: 'eu' },
  });
  // The other file's services are not part of the project.
  assert.deepEqual(Object.keys(project.model['services'] as object), ['web']);
  assert.deepEqual(project.findings, []);
});

test('extends from another file whose service extends again, there and from a third file', () => {
  const project = load({
    '/app/compose.yaml': 'services: { web: { extends: { file: lib/a.yaml, service: a } } }',
    '/app/lib/a.yaml': 'services: { a: { extends: b, user: a }, b: { extends: { file: ../shared/c.yaml, service: c }, image: b } }',
    '/app/shared/c.yaml': 'services: { c: { image: c, restart: always } }',
  });
  assert.deepEqual(serviceOf(project, 'web'), { image: 'b', restart: 'always', user: 'a' });
});

test('extends: a cycle is one error, on the extends of the service where it starts', () => {
  const text = `
    services:
      a:
        extends: b
      b:
        extends:
          service: a
  `;
  const project = load({ '/app/compose.yaml': text });
  const cycles = project.findings.filter((f) => f.code === 'compose/extends-cycle');
  assert.equal(cycles.length, 1);
  assert.equal(
    cycles[0]!.message,
    'Circular "extends": "a" in compose.yaml, extends "b" in compose.yaml, extends "a" in compose.yaml, so Compose refuses to load the project. Remove one of these "extends".',
  );
});

test('extends: a service extending itself, and a cycle across files', () => {
  const self = load({ '/app/compose.yaml': 'services: { a: { extends: a, image: x } }' });
  assert.deepEqual(
    self.findings.map((f) => f.code),
    ['compose/extends-cycle'],
  );
  assert.deepEqual(serviceOf(self, 'a'), { image: 'x' });

  const across = load({
    '/app/compose.yaml': 'services: { a: { extends: { file: other.yaml, service: b } } }',
    '/app/other.yaml': 'services: { b: { extends: { file: compose.yaml, service: a } } }',
  });
  assert.deepEqual(
    across.findings.map((f) => [f.code, f.file]),
    [['compose/extends-cycle', '/app/compose.yaml']],
  );
  assert.match(across.findings[0]!.message, /"a" in compose\.yaml, extends "b" in other\.yaml, extends "a" in compose\.yaml/);
});

test('extends: a missing service or file is an error where it is named', () => {
  const text = 'services:\n  a:\n    extends:\n      service: nope\n  b:\n    extends:\n      file: missing.yaml\n      service: x\n';
  const project = load({ '/app/compose.yaml': text });
  assert.deepEqual(
    project.findings.map((f) => [f.code, text.slice(...f.span)]),
    [
      ['compose/undefined-service', 'nope'],
      ['compose/extends-missing', 'missing.yaml'],
    ],
  );
  assert.match(project.findings[0]!.message, /Service "a" extends "nope", but this file has no service "nope"/);
});

test('extends: !reset and !override in the extending service act on what it inherits', () => {
  const project = load({
    '/app/compose.yaml': `
      services:
        common:
          image: busybox
          ports: ["80:80"]
          environment: { A: "1", B: "2" }
        cli:
          extends: common
          ports: !reset []
          environment: !override { C: "3" }
    `,
  });
  assert.deepEqual(serviceOf(project, 'cli'), { image: 'busybox', environment: { C: '3' } });
});

test('extends: inherited keys are traced to the base service, own keys to the extending one', () => {
  const text = 'services:\n  common:\n    image: busybox\n    user: root\n  cli:\n    extends: common\n    user: me\n';
  const project = load({ '/app/compose.yaml': text });
  const image = sourceOf(project.sources, ['services', 'cli', 'image'])!;
  assert.equal(text.slice(...image.span), 'image');
  assert.equal(image.via, 'extends');
  const user = project.sources.get('/services/cli/user')!;
  assert.deepEqual(
    user.map((s) => [s.span[0], s.via]),
    [
      [text.indexOf('user'), 'extends'],
      [text.lastIndexOf('user'), undefined],
    ],
  );
});
