import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bindHover, mountTargetAt, parseText, resolveHostPath, runLenses } from '../../../core/src/index';

const text = [
  '# shop',
  'name: shop',
  'services:',
  '  web:',
  '    image: nginx',
  '    volumes:',
  '      - "./site:/usr/share/nginx/html:ro"',
  '      - data:/data',
  '  db:',
  '    image: postgres',
  '    volumes:',
  '      - type: bind',
  '        source: /srv/db',
  '        target: /var/lib/postgresql/data',
  '      - C:\\logs:/logs',
  'volumes:',
  '  data:',
  '',
].join('\n');

const parsed = parseText(text);
const at = (needle: string, delta = 0): number => text.indexOf(needle) + delta;

test('"Run all" sits on the services key and "Run service" on each service key', () => {
  const lenses = runLenses(parseText(text));
  assert.equal(lenses.runAll, at('services:'));
  assert.deepEqual(lenses.services, [
    { name: 'web', offset: at('web:') },
    { name: 'db', offset: at('db:') },
  ]);
});

test('no lenses on a file without services, or one that is not YAML', () => {
  assert.deepEqual(runLenses(parseText('volumes:\n  data:\n')), { services: [] });
  assert.deepEqual(runLenses(parseText('\u0000\u0001binary')), { services: [] });
});

test('hovering a volume name, where it is used or declared, names the volume', () => {
  assert.deepEqual(mountTargetAt(parsed, at('data:/data', 2)), {
    kind: 'volume',
    name: 'data',
    span: [at('data:/data'), at('data:/data') + 4],
  });
  assert.equal(mountTargetAt(parsed, at('  data:\n', 3))?.kind, 'volume');
});

test('hovering a bind-mount source gives the host path as written, in short and long syntax', () => {
  assert.deepEqual(mountTargetAt(parsed, at('./site', 3)), { kind: 'bind', path: './site', span: [at('./site'), at('./site') + 6] });
  assert.deepEqual(mountTargetAt(parsed, at('/srv/db', 1)), { kind: 'bind', path: '/srv/db', span: [at('/srv/db'), at('/srv/db') + 7] });
  assert.deepEqual(mountTargetAt(parsed, at('C:\\logs', 4)), {
    kind: 'bind',
    path: 'C:\\logs',
    span: [at('C:\\logs'), at('C:\\logs') + 7],
  });
  // The container side is not the host path.
  assert.equal(mountTargetAt(parsed, at('/usr/share', 2)), undefined);
  assert.equal(mountTargetAt(parsed, at('image: nginx', 9)), undefined);
});

test('bind sources resolve against the project folder and the home folder', () => {
  assert.equal(resolveHostPath('./site', '/w/shop', '/home/me'), '/w/shop/site');
  assert.equal(resolveHostPath('../shared/x', '/w/shop', '/home/me'), '/w/shared/x');
  assert.equal(resolveHostPath('~/cache', '/w/shop', '/home/me'), '/home/me/cache');
  assert.equal(resolveHostPath('/srv/db', '/w/shop', '/home/me'), '/srv/db');
});

test('the bind hover says what is on the host and warns about dangerous paths', () => {
  assert.match(
    bindHover('./site', '/w/shop/site', 'directory', undefined),
    /`\/w\/shop\/site` \(written `\.\/site`\)[\s\S]*it is a folder\./,
  );
  assert.match(bindHover('/nope', '/nope', 'missing', undefined), /missing: the engine creates an empty folder/);
  assert.match(
    bindHover('/var/run/docker.sock', '/var/run/docker.sock', 'file', 'gives the container full control'),
    /⚠️ This bind mount gives the container full control\./,
  );
});
