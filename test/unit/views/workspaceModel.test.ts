import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProject } from '../../../core/src';
import { composeFolders, namedVolumeOf, unreadableStack, workspaceStackOf } from '../../../client/src/views/workspaceModel';

test('each folder with a base file is one project: the preferred base file and its override', () => {
  const folders = composeFolders([
    '/w/shop/compose.stage.yaml',
    '/w/shop/docker-compose.yml',
    '/w/shop/compose.yaml',
    '/w/shop/compose.override.yaml',
    '/w/api/docker-compose.yml',
    '/w/only-partial/compose.prod.yaml',
  ]);
  assert.deepEqual(folders, [
    { workingDir: '/w/api', files: ['/w/api/docker-compose.yml'] },
    { workingDir: '/w/shop', files: ['/w/shop/compose.yaml', '/w/shop/compose.override.yaml'] },
  ]);
});

test('named volumes are told apart from bind mounts and anonymous volumes', () => {
  assert.equal(namedVolumeOf('data:/var/lib/data:ro'), 'data');
  assert.equal(namedVolumeOf({ type: 'volume', source: 'data', target: '/x' }), 'data');
  assert.equal(namedVolumeOf('./src:/app'), undefined);
  assert.equal(namedVolumeOf('/etc:/host-etc'), undefined);
  assert.equal(namedVolumeOf('~/cache:/cache'), undefined);
  assert.equal(namedVolumeOf('/anonymous'), undefined);
  assert.equal(namedVolumeOf({ type: 'bind', source: './x', target: '/x' }), undefined);
});

test('a loaded project gives services with profiles, volumes with their engine names and the services that mount them', () => {
  const files: Record<string, string> = {
    '/w/shop/compose.yaml': [
      'name: shop',
      'services:',
      '  db:',
      '    image: postgres',
      '    volumes: [dbdata:/var/lib/postgresql/data, "./init:/docker-entrypoint-initdb.d"]',
      '  backup:',
      '    image: busybox',
      '    profiles: [ops]',
      '    volumes:',
      '      - type: volume',
      '        source: dbdata',
      '        target: /backup',
      '      - cache:/cache',
      'volumes:',
      '  dbdata:',
      '  cache:',
      '    name: shared-cache',
      '  legacy:',
      '    external: true',
      '',
    ].join('\n'),
  };
  const project = loadProject({ files: Object.keys(files), host: { fileExists: (p) => p in files, readFile: (p) => files[p] } });
  const stack = workspaceStackOf(project);
  assert.equal(stack.projectName, 'shop');
  assert.deepEqual(stack.profiles, ['ops']);
  assert.deepEqual(
    stack.services.map((s) => [s.name, s.active, s.profiles]),
    [
      ['db', true, []],
      ['backup', false, ['ops']],
    ],
  );
  assert.equal(files['/w/shop/compose.yaml']!.slice(stack.services[0]!.source!.offset).split('\n')[0], 'db:');
  assert.deepEqual(
    stack.volumes.map((v) => [v.key, v.engineName, v.external, v.services.map((s) => s.name)]),
    [
      ['dbdata', 'shop_dbdata', false, ['db', 'backup']],
      ['cache', 'shared-cache', false, ['backup']],
      ['legacy', 'legacy', true, []],
    ],
  );
  assert.deepEqual(stack.errors, []);
});

test('a project that cannot be read still shows, named after its folder, with the reason', () => {
  const stack = unreadableStack({ workingDir: '/w/My Shop', files: ['/w/My Shop/compose.yaml'] }, new Error('EACCES: permission denied'));
  assert.equal(stack.projectName, 'myshop');
  assert.deepEqual(stack.errors, ['The project could not be read: EACCES: permission denied']);
  assert.deepEqual(stack.services, []);
});
