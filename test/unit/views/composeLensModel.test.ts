import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bindHover, composeLenses, hoverTargetAt, resolveHostPath, volumeHover } from '../../../client/src/views/composeLensModel';

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

const at = (needle: string, delta = 0): number => text.indexOf(needle) + delta;

test('"Run all" sits on the services key and "Run service" on each service key', () => {
  const lenses = composeLenses(text);
  assert.equal(lenses.runAll, at('services:'));
  assert.deepEqual(lenses.services, [
    { name: 'web', offset: at('web:') },
    { name: 'db', offset: at('db:') },
  ]);
});

test('no lenses on a file without services, or one that is not YAML', () => {
  assert.deepEqual(composeLenses('volumes:\n  data:\n'), { services: [] });
  assert.deepEqual(composeLenses('\u0000\u0001binary'), { services: [] });
});

test('hovering a volume name, where it is used or declared, names the volume', () => {
  assert.deepEqual(hoverTargetAt(text, at('data:/data', 2)), {
    kind: 'volume',
    name: 'data',
    span: [at('data:/data'), at('data:/data') + 4],
  });
  assert.equal(hoverTargetAt(text, at('  data:\n', 3))?.kind, 'volume');
});

test('hovering a bind-mount source gives the host path as written, in short and long syntax', () => {
  assert.deepEqual(hoverTargetAt(text, at('./site', 3)), { kind: 'bind', path: './site', span: [at('./site'), at('./site') + 6] });
  assert.deepEqual(hoverTargetAt(text, at('/srv/db', 1)), { kind: 'bind', path: '/srv/db', span: [at('/srv/db'), at('/srv/db') + 7] });
  assert.deepEqual(hoverTargetAt(text, at('C:\\logs', 4)), { kind: 'bind', path: 'C:\\logs', span: [at('C:\\logs'), at('C:\\logs') + 7] });
  // The container side is not the host path.
  assert.equal(hoverTargetAt(text, at('/usr/share', 2)), undefined);
  assert.equal(hoverTargetAt(text, at('image: nginx', 9)), undefined);
});

test('bind sources resolve against the project folder and the home folder', () => {
  assert.equal(resolveHostPath('./site', '/w/shop', '/home/me'), '/w/shop/site');
  assert.equal(resolveHostPath('../shared/x', '/w/shop', '/home/me'), '/w/shared/x');
  assert.equal(resolveHostPath('~/cache', '/w/shop', '/home/me'), '/home/me/cache');
  assert.equal(resolveHostPath('/srv/db', '/w/shop', '/home/me'), '/srv/db');
});

test('the volume hover gives the live state: size and users, or that up will create it', () => {
  const live = volumeHover(
    'shop_data',
    {
      driver: 'local',
      sizeBytes: 2_000_000,
      usedBy: [
        { containerName: 'shop-db-1', running: true, project: 'shop' },
        { containerName: 'old', running: false },
      ],
    },
    true,
  );
  assert.match(live, /\*\*Volume `shop_data`\*\*/);
  assert.match(live, /- size: 2\.0 MB/);
  assert.match(live, /- in use by shop-db-1 \(shop\) and old \(stopped\)/);
  assert.match(volumeHover('shop_data', undefined, true), /Does not exist yet: `up` creates it/);
  assert.match(volumeHover('shop_data', undefined, false), /not connected/);
});

test('the bind hover says what is on the host and warns about dangerous paths', () => {
  assert.match(
    bindHover('./site', '/w/shop/site', 'directory', undefined),
    /`\/w\/shop\/site` \(written `\.\/site`\)[\s\S]*it is a folder\./,
  );
  assert.match(bindHover('/nope', '/nope', 'missing', undefined), /missing: the engine creates an empty folder/);
  assert.match(
    bindHover('/var/run/docker.sock', '/var/run/docker.sock', 'file', 'gives the container full control'),
    /\$\(warning\) This bind mount gives the container full control\./,
  );
});
