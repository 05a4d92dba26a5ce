// What the server gives the VS Code client for running stacks from a Compose file: the "Run all" /
// "Run service" lenses (only to a client that has the commands they carry), the volume under the
// cursor by the name the engine knows it by, and on a bind mount's source what is there on the host.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspServer } from '../helpers/lspServer';

const RUN_COMMANDS = ['dockside.compose.runService', 'dockside.compose.runAll'];

const compose = [
  'name: shop',
  'services:',
  '  web:',
  '    image: nginx',
  '    volumes:',
  '      - ./site:/usr/share/nginx/html:ro',
  '      - ./nowhere:/x',
  '      - data:/data',
  '      - /var/run/docker.sock:/var/run/docker.sock',
  '  db:',
  '    image: postgres',
  '    volumes: [pgdata:/var/lib/postgresql/data, shared:/shared]',
  'volumes:',
  '  data:',
  '  pgdata:',
  '    name: custom-pgdata',
  '  shared:',
  '    external:',
  '      name: team-shared',
  '',
].join('\n');

const lines = compose.split('\n');
/** The position of `needle` (plus `delta` characters) in the fixture. */
function at(needle: string, delta = 0): { line: number; character: number } {
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `no ${needle} in the fixture`);
  return { line, character: lines[line]!.indexOf(needle) + delta };
}

type Lens = { range: { start: { line: number; character: number } }; command: { title: string; command: string; arguments: unknown[] } };

describe('run lenses, volumes and host paths over the protocol', () => {
  let folder: string;
  let uri: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'dockside-links-'));
    mkdirSync(join(folder, 'site'));
    writeFileSync(join(folder, 'compose.yaml'), compose);
    uri = pathToFileURL(join(folder, 'compose.yaml')).href;
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('a client with the run commands gets "Run all" on services: and "Run service" on each service', async () => {
    const server = await LspServer.start({ clientCommands: RUN_COMMANDS });
    try {
      assert.ok(server.capabilities['codeLensProvider'], 'code lenses offered');
      await server.open(uri, compose);
      const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Lens[];
      assert.deepEqual(
        lenses.map((l) => [l.range.start, l.command.title, l.command.command, l.command.arguments]),
        [
          [at('services:'), 'Run all', 'dockside.compose.runAll', [uri]],
          [at('web:'), 'Run service', 'dockside.compose.runService', [uri, 'web']],
          [at('db:'), 'Run service', 'dockside.compose.runService', [uri, 'db']],
        ],
      );
      // An unsaved file has no project on disk to run.
      await server.open('untitled:Untitled-1', compose);
      assert.deepEqual(await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: 'untitled:Untitled-1' } }), []);
    } finally {
      await server.stop();
    }
  });

  test('another editor, which has no such commands, is offered no lenses it cannot run', async () => {
    const server = await LspServer.start();
    try {
      assert.equal(server.capabilities['codeLensProvider'], undefined);
    } finally {
      await server.stop();
    }
  });

  test('the volume under the cursor comes with the name the engine knows it by', async () => {
    const server = await LspServer.start();
    try {
      await server.open(uri, compose);
      const volumeAt = (position: { line: number; character: number }) =>
        server.connection.sendRequest('dockside/volumeAt', { textDocument: { uri }, position }) as Promise<{
          engineName: string;
          range: { start: { line: number; character: number }; end: { line: number; character: number } };
        } | null>;
      assert.deepEqual(await volumeAt(at('data:/data', 2)), {
        engineName: 'shop_data',
        range: { start: at('data:/data'), end: at('data:/data', 4) },
      });
      assert.equal((await volumeAt(at('  data:', 3)))?.engineName, 'shop_data', 'where it is declared too');
      assert.equal((await volumeAt(at('pgdata:/var', 1)))?.engineName, 'custom-pgdata', 'its name: wins');
      assert.equal((await volumeAt(at('shared:/shared', 1)))?.engineName, 'team-shared', "an external volume's own name");
      assert.equal(await volumeAt(at('image: nginx', 10)), null);
      assert.equal(await volumeAt(at('./site', 3)), null, 'a bind mount is not a volume');
    } finally {
      await server.stop();
    }
  });

  test('hovering a bind source tells what is on the host: a folder, nothing, or a dangerous path; also with hover docs off', async () => {
    for (const docs of [true, false]) {
      const server = await LspServer.start({ settings: { hover: { enable: docs } } });
      try {
        await server.open(uri, compose);
        const hover = async (position: { line: number; character: number }) =>
          (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as {
            contents: { value: string };
            range: { start: { line: number; character: number }; end: { line: number; character: number } };
          } | null;
        const site = await hover(at('./site', 3));
        assert.match(
          site?.contents.value ?? '',
          new RegExp(`\\*\\*Bind mount\\*\\* of the host path \`${join(folder, 'site')}\` \\(written \`\\./site\`\\)`),
        );
        assert.match(site?.contents.value ?? '', /On this machine it is a folder\./);
        assert.deepEqual(site?.range, { start: at('./site'), end: at('./site', 6) });
        assert.equal(
          /Mounts for the containers/.test(site?.contents.value ?? ''),
          docs,
          'the key documentation follows dockside.hover.enable',
        );
        assert.match(
          (await hover(at('./nowhere', 3)))?.contents.value ?? '',
          /missing: the engine creates an empty folder owned by root there/,
        );
        assert.match(
          (await hover(at('/var/run/docker.sock', 5)))?.contents.value ?? '',
          /This bind mount gives the container full control of the Docker Engine/,
        );
      } finally {
        await server.stop();
      }
    }
  });
});
