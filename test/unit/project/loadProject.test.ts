import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { defaultComposeFiles, loadProject, normalizeProjectName, sourceOf, type ProjectHost } from '../../../core/src/compose/project';
import { fixtures } from '../../helpers/paths';
import { parseText } from '../../../core/src/parse/parseText';
import { memoryHost } from './helpers';

/** The fixture project, read from disk once into an in-memory host rooted at /shop. */
function shopHost(): ProjectHost & { texts: Map<string, string> } {
  const texts = new Map<string, string>();
  const read = (dir: string, virtual: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) read(path, `${virtual}/${name}`);
      else texts.set(`${virtual}/${name}`, readFileSync(path, 'utf8'));
    }
  };
  read(join(fixtures, 'project', 'shop'), '/shop');
  return { texts, readFile: (path) => texts.get(path), fileExists: (path) => texts.has(path) };
}

const SHOP_FILES = ['/shop/compose.yaml', '/shop/compose.override.yaml', '/shop/compose.stage.yaml'];

test('loadProject: base + override + stage file + .env, merged and interpolated', () => {
  const project = loadProject({ files: SHOP_FILES, host: shopHost() });
  assert.equal(project.name, 'shop');
  assert.equal(project.workingDir, '/shop');
  assert.deepEqual(project.findings, []);
  assert.deepEqual(project.model, {
    name: 'shop',
    services: {
      web: {
        image: 'shop/web:1.4.2',
        build: { context: '/shop/web', args: ['NODE_ENV=development'] },
        ports: ['443:443'],
        environment: { API_URL: 'http://api.local.test' },
        depends_on: ['api', 'db'],
        volumes: ['/shop/web/static:/srv/static:ro'],
      },
      api: {
        image: 'shop/api:1.4.2',
        environment: ['DB_USER=shop', 'DB_PASSWORD=s3cr3t#not-a-comment'],
        command: ['npm', 'run', 'dev'],
        healthcheck: { test: ['CMD', 'true'], interval: '10s' },
      },
      db: { image: 'postgres:16', volumes: ['db-data:/var/lib/postgresql/data'] },
      adminer: { image: 'adminer', profiles: ['tools'], depends_on: ['db'] },
      worker: {
        image: 'shop/worker:1.4.2',
        build: '/shop/common/worker',
        restart: 'unless-stopped',
        depends_on: { db: { condition: 'service_healthy' } },
      },
    },
    volumes: { 'db-data': null },
  });
  // COMPOSE_PROFILES=tools in .env activates adminer.
  assert.deepEqual(project.profiles, ['tools']);
  assert.deepEqual(project.services, ['web', 'api', 'db', 'adminer', 'worker']);
});

test('loadProject: a service defined in the base file and named by depends_on in the override resolves', () => {
  const host = memoryHost({
    '/p/compose.yaml': 'services:\n  db:\n    image: postgres\n  web:\n    image: nginx\n',
    '/p/compose.override.yaml': 'services:\n  web:\n    depends_on:\n      - db\n',
  });
  const project = loadProject({ files: ['/p/compose.yaml', '/p/compose.override.yaml'], host });
  const services = project.model['services'] as Record<string, Record<string, unknown>>;
  assert.deepEqual(services['web']!['depends_on'], ['db']);
  assert.ok(services['db']);
  assert.deepEqual(project.services, ['db', 'web']);
  assert.deepEqual(project.findings, []);
  // The fixture does the same: web depends on db from compose.override.yaml.
  const shop = loadProject({ files: SHOP_FILES.slice(0, 2), host: shopHost() });
  assert.deepEqual(shop.findings, []);
  assert.ok(shop.services.includes('db'));
});

test('loadProject: a dependency nobody defines, or one a profile disables, is reported where it is written', () => {
  const override = 'services:\n  web:\n    depends_on:\n      - cache\n      - tools\n';
  const project = loadProject({
    files: ['/p/compose.yaml', '/p/compose.override.yaml'],
    host: memoryHost({
      '/p/compose.yaml': 'services: { web: { image: nginx }, tools: { image: t, profiles: [debug] } }',
      '/p/compose.override.yaml': override,
    }),
  });
  assert.deepEqual(
    project.findings.map((f) => [f.code, f.file, override.slice(...f.span)]),
    [
      ['compose/undefined-service', '/p/compose.override.yaml', 'cache'],
      ['compose/undefined-service', '/p/compose.override.yaml', 'tools'],
    ],
  );
});

test('loadProject: the environment records where each variable came from', () => {
  const host = shopHost();
  const project = loadProject({ files: SHOP_FILES, host, env: { DB_USER: 'from-shell' } });
  const tag = project.environment.get('TAG')!;
  assert.deepEqual([tag.value, tag.source, tag.file, tag.line], ['1.4.2', '.env', '/shop/.env', 2]);
  assert.equal(host.texts.get('/shop/.env')!.slice(...tag.span!), 'TAG=1.4.2');
  assert.deepEqual([project.environment.get('DB_USER')!.value, project.environment.get('DB_USER')!.source], ['from-shell', 'environment']);
  assert.equal(project.environment.get('COMPOSE_PROJECT_NAME')!.value, 'shop');

  // Each use is placed in its file: `${TAG}` inside "shop/web:${TAG}".
  const compose = host.texts.get('/shop/compose.yaml')!;
  const webTag = project.variables.find((v) => v.name === 'TAG' && v.path.join('.') === 'services.web.image')!;
  assert.equal(compose.slice(...webTag.fileSpan), '${TAG}');
  assert.deepEqual([webTag.value, webTag.source, webTag.origin], ['1.4.2', '.env', { file: '/shop/.env', line: 2 }]);
  const domain = project.variables.filter((v) => v.name === 'API_URL');
  assert.deepEqual(
    domain.map((v) => v.value),
    ['http://api.local.test'],
  );
});

test('loadProject: sources say which file last wrote each key', () => {
  const host = shopHost();
  const project = loadProject({ files: SHOP_FILES, host });
  const ports = sourceOf(project.sources, ['services', 'web', 'ports'])!;
  assert.equal(ports.file, '/shop/compose.stage.yaml');
  assert.equal(sourceOf(project.sources, ['services', 'db', 'image'])!.file, '/shop/compose.yaml');
  // The reset LOG_LEVEL has no source left; the list of contributors keeps merge order.
  assert.equal(project.sources.get('/services/web/environment/LOG_LEVEL'), undefined);
  assert.deepEqual(
    project.sources.get('/services/web/build')!.map((s) => s.file),
    ['/shop/compose.yaml', '/shop/compose.override.yaml'],
  );
  // A list item is traced to its list; the worker's image to the extended file.
  assert.equal(sourceOf(project.sources, ['services', 'web', 'ports', 0])!.file, '/shop/compose.stage.yaml');
  assert.deepEqual(
    [sourceOf(project.sources, ['services', 'worker', 'image'])!.file, sourceOf(project.sources, ['services', 'worker', 'image'])!.via],
    ['/shop/common/services.yaml', 'extends'],
  );
  const db = sourceOf(project.sources, ['services', 'db'])!;
  assert.equal(host.texts.get('/shop/compose.yaml')!.slice(...db.span), 'db');
});

test('loadProject: profiles given explicitly win over COMPOSE_PROFILES; explicit services narrow the project', () => {
  const host = shopHost();
  assert.deepEqual(loadProject({ files: SHOP_FILES, host, profiles: [] }).services, ['web', 'api', 'db', 'worker']);
  const narrowed = loadProject({ files: SHOP_FILES, host, profiles: [], services: ['web'] });
  assert.deepEqual(narrowed.services, ['web', 'api', 'db']);
  assert.deepEqual(narrowed.disabledServices, ['adminer', 'worker']);
});

test('loadProject: without the .env, the required variable is an error on its reference and the others warn', () => {
  const host = shopHost();
  const project = loadProject({ files: SHOP_FILES, host, envFiles: [] });
  const compose = host.texts.get('/shop/compose.yaml')!;
  const summary = project.findings.map((f) => [f.code, f.severity, f.file === '/shop/compose.yaml' ? compose.slice(...f.span) : f.file]);
  assert.deepEqual(summary, [
    ['compose/unset-variable', 'warning', '${TAG}'],
    ['compose/unset-variable', 'warning', '${API_URL}'],
    ['compose/unset-variable', 'warning', '${TAG}'],
    ['compose/unset-variable', 'warning', '${DB_USER}'],
    ['compose/required-variable', 'error', '${DB_PASSWORD:?set DB_PASSWORD in .env}'],
    ['compose/unset-variable', 'warning', '/shop/common/services.yaml'],
  ]);
  assert.equal(project.findings[4]!.message, 'Required variable DB_PASSWORD is missing a value: set DB_PASSWORD in .env.');
});

test('loadProject: each file is interpolated with the same environment before the merge', () => {
  const project = loadProject({
    files: ['/p/compose.yaml', '/p/stage.yaml'],
    env: { STAGE: 'qa' },
    host: memoryHost({
      '/p/compose.yaml': 'services: { web: { image: "web:${STAGE:-dev}" } }',
      '/p/stage.yaml': 'services: { web: { environment: ["STAGE=${STAGE}"] } }',
    }),
  });
  assert.deepEqual((project.model['services'] as Record<string, unknown>)['web'], { image: 'web:qa', environment: ['STAGE=qa'] });
});

test('loadProject: a missing file and a file that is not a mapping are reported', () => {
  const project = loadProject({
    files: ['/p/compose.yaml', '/p/missing.yaml', '/p/list.yaml'],
    host: memoryHost({ '/p/compose.yaml': 'services: {}', '/p/list.yaml': '- a' }),
  });
  assert.deepEqual(
    project.findings.map((f) => [f.code, f.file]),
    [
      ['project/file-not-found', '/p/missing.yaml'],
      ['project/not-a-mapping', '/p/list.yaml'],
    ],
  );
});

test('project name: -p, then COMPOSE_PROJECT_NAME, then name: (interpolated), then the folder', () => {
  const host = memoryHost({
    '/work/My Project!/compose.yaml': 'services: {}',
    '/p/named.yaml': 'name: "${PREFIX}-App"',
    '/p/other.yaml': 'services: {}',
  });
  assert.equal(loadProject({ files: ['/work/My Project!/compose.yaml'], host }).name, 'myproject');
  assert.equal(loadProject({ files: ['/p/named.yaml'], host, env: { PREFIX: 'Demo' } }).name, 'demo-app');
  assert.equal(loadProject({ files: ['/p/named.yaml'], host, env: { PREFIX: 'x', COMPOSE_PROJECT_NAME: 'fromenv' } }).name, 'fromenv');
  const explicit = loadProject({ files: ['/p/named.yaml', '/p/other.yaml'], host, projectName: 'given' });
  assert.deepEqual([explicit.name, explicit.model['name']], ['given', 'given']);
  const invalid = loadProject({ files: ['/p/other.yaml'], host, projectName: 'Not Valid' });
  assert.deepEqual([invalid.name, invalid.findings.map((f) => f.code)], ['notvalid', ['project/invalid-name']]);
});

test('normalizeProjectName: lowercase, [a-z0-9_-], starting with a letter or digit', () => {
  assert.equal(normalizeProjectName('My_App-2'), 'my_app-2');
  assert.equal(normalizeProjectName('__-.Hidden'), 'hidden');
  assert.equal(normalizeProjectName('Ünïcode app'), 'ncodeapp');
});

test('defaultComposeFiles: the preferred base file and its override, looking upwards', () => {
  const host = memoryHost({
    '/a/compose.yaml': '',
    '/a/docker-compose.yml': '',
    '/a/compose.override.yaml': '',
    '/a/docker-compose.override.yml': '',
    '/b/docker-compose.yaml': '',
    '/b/docker-compose.yml': '',
    '/c/compose.yml': '',
  });
  assert.deepEqual(defaultComposeFiles('/a', host), ['/a/compose.yaml', '/a/compose.override.yaml']);
  assert.deepEqual(defaultComposeFiles('/b', host), ['/b/docker-compose.yml']);
  assert.deepEqual(defaultComposeFiles('/c/deep/er', host), ['/c/compose.yml']);
  assert.deepEqual(defaultComposeFiles('/none', host), []);
  assert.deepEqual(defaultComposeFiles('/shop', shopHost()), ['/shop/compose.yaml', '/shop/compose.override.yaml']);
});

test('loadProject reads each file once', () => {
  const host = memoryHost({
    '/p/compose.yaml':
      'name: x\nservices: { a: { image: a }, b: { extends: { file: base.yaml, service: s } }, c: { extends: { file: base.yaml, service: s } } }',
    '/p/base.yaml': 'services: { s: { image: s } }',
  });
  loadProject({ files: ['/p/compose.yaml'], host });
  assert.deepEqual(host.reads.filter((path) => path.endsWith('.yaml')).sort(), ['/p/base.yaml', '/p/compose.yaml']);
});

test('loadProject: .env problems land in the .env file; the obsolete version key is dropped', () => {
  const dotEnv = 'GOOD=1\nBAD KEY=2\n';
  const project = loadProject({
    files: ['/p/compose.yaml'],
    host: memoryHost({ '/p/compose.yaml': 'version: "3.8"\nservices: { web: { image: "x:${GOOD}" } }', '/p/.env': dotEnv }),
  });
  assert.deepEqual(
    project.findings.map((f) => [f.code, f.file, dotEnv.slice(...f.span)]),
    [['compose/env-file-syntax', '/p/.env', 'BAD KEY']],
  );
  assert.deepEqual(project.model, { name: 'p', services: { web: { image: 'x:1' } } });
});

/** A project of every layer: an include, an extends in the same file, an override file with !reset and !override. */
function layeredHost(): ProjectHost {
  return memoryHost({
    '/app/compose.yaml': `
      include:
        - shared/db.yaml
      services:
        web:
          extends: base
          image: shop/web:\${TAG:-1}
          ports: ["8080:80"]
          environment:
            LOG_LEVEL: debug
            MODE: full
        base:
          restart: always
          labels:
            team: shop
    `,
    '/app/compose.override.yaml': `
      services:
        web:
          environment:
            LOG_LEVEL: !reset null
          ports: !override ["9090:80"]
          depends_on: [cache]
        db:
          environment:
            POOL: "5"
    `,
    '/app/shared/db.yaml': `
      services:
        db:
          image: postgres:16
          volumes: [data:/var/lib/postgresql/data]
      volumes:
        data: {}
    `,
  });
}

test('loadProject: the sources of a layered project, built when first read, hold every key of every layer in merge order', () => {
  const host = layeredHost();
  const project = loadProject({ files: ['/app/compose.yaml', '/app/compose.override.yaml'], host });
  const where = (file: string, [start, end]: readonly [number, number]): string =>
    `${file.slice('/app/'.length)} ${JSON.stringify(host.readFile(file)!.slice(start, end))}@${start}`;
  const entries = [...project.sources].map(
    ([pointer, locations]) =>
      `${pointer}: ${locations.map((l) => `${where(l.file, l.span)}${l.valueSpan ? `-${l.valueSpan[1]}` : ''}${l.via ? ` (${l.via})` : ''}`).join(', ')}`,
  );
  assert.deepEqual(entries, [
    '/include: compose.yaml "include"@0-28',
    '/services: compose.yaml "services"@28-230, compose.override.yaml "services"@0-159',
    '/services/web: compose.yaml "web"@40-173, compose.override.yaml "web"@12-120',
    '/services/web/extends: compose.yaml "extends"@49-62',
    '/services/web/image: compose.yaml "image"@67-92',
    '/services/web/environment: compose.yaml "environment"@120-173, compose.override.yaml "environment"@21-63',
    '/services/web/environment/MODE: compose.yaml "MODE"@162-172',
    '/services/base: compose.yaml "base"@175-230',
    '/services/base/restart: compose.yaml "restart"@185-200',
    '/services/base/labels: compose.yaml "labels"@205-230',
    '/services/base/labels/team: compose.yaml "team"@219-229',
    '/services/db: shared/db.yaml "db"@12-84 (include), compose.override.yaml "db"@122-159',
    '/services/db/image: shared/db.yaml "image"@20-38 (include)',
    '/services/db/volumes: shared/db.yaml "volumes"@43-83 (include)',
    '/volumes/data: shared/db.yaml "data"@95-103 (include)',
    '/services/web/restart: compose.yaml "restart"@185-200 (extends)',
    '/services/web/labels: compose.yaml "labels"@205-230 (extends)',
    '/services/web/labels/team: compose.yaml "team"@219-229 (extends)',
    '/services/web/ports: compose.override.yaml "ports"@67-95',
    '/services/web/depends_on: compose.override.yaml "depends_on"@100-119',
    '/services/db/environment: compose.override.yaml "environment"@130-159',
    '/services/db/environment/POOL: compose.override.yaml "POOL"@149-158',
  ]);
  assert.equal(project.sources, project.sources, 'built once');
  // A problem on the merged model is placed through the sources, in the file that wrote it.
  assert.deepEqual(
    project.findings.map((f) => `${f.code} ${where(f.file, f.span)}`),
    ['compose/undefined-service compose.override.yaml "cache"@113'],
  );
});

test("loadProject: the model is the load's own copy; changing it leaves the parsed document the editor holds as it was", () => {
  const host = memoryHost({
    '/app/compose.yaml': `
      services:
        web:
          image: nginx
          ports: ["80:80", "80:80"]
          environment: { MODE: full }
    `,
  });
  const parsed = parseText(host.readFile('/app/compose.yaml')!);
  const before = structuredClone(parsed.value);
  const load = (): Record<string, unknown> => loadProject({ files: ['/app/compose.yaml'], host, parse: () => parsed }).model;
  const model = load();
  assert.deepEqual(model['services'], { web: { image: 'nginx', ports: ['80:80'], environment: { MODE: 'full' } } });
  const web = (model['services'] as Record<string, Record<string, unknown>>)['web']!;
  web['image'] = 'changed';
  (web['environment'] as Record<string, unknown>)['MODE'] = 'changed';
  (web['ports'] as unknown[]).push('81:81');
  assert.deepEqual(parsed.value, before);
  assert.deepEqual(load()['services'], { web: { image: 'nginx', ports: ['80:80'], environment: { MODE: 'full' } } });
});
