// The server says in its log, at debug level, which documents the fast YAML reader leaves to yaml's
// parser and why: once per document and reason, not on every keystroke.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LspServer } from '../helpers/lspServer';

const DEBUG = 5;
let server: LspServer;
before(async () => {
  server = await LspServer.start();
});
after(() => server.stop());

const fallbackLines = (uri: string) => server.logEntries.filter((e) => e.message.startsWith(`${uri} is read by yaml's parser`));

test('a document with an anchor is logged at debug level with the reason and the counts, once per reason', async () => {
  const plain = 'file:///work/fast/compose.yaml';
  const anchored = 'file:///work/anchored/compose.yaml';
  await server.open(plain, 'services:\n  web:\n    image: nginx\n');
  await server.diagnostics(plain);
  assert.deepEqual(fallbackLines(plain), [], 'a document the fast reader takes is not logged');

  const text = 'x-common: &common\n  restart: always\nservices:\n  web:\n    image: nginx\n    <<: *common\n';
  await server.open(anchored, text);
  await server.diagnostics(anchored);
  const lines = fallbackLines(anchored);
  assert.equal(lines.length, 1, JSON.stringify(server.logEntries));
  assert.equal(lines[0]!.type, DEBUG);
  assert.match(lines[0]!.message, /does not take anchor "&"\. So far 1 of 2 reads by yaml's parser \(anchor "&" 1\)\.$/);

  // The same reason in the next version is not logged again.
  const version = await server.change(anchored, `${text}# edited\n`);
  await server.diagnosticsFor(anchored, version);
  assert.equal(fallbackLines(anchored).length, 1);
});
