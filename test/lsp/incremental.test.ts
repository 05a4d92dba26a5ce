// Incremental checking against full re-checks, over the protocol: the same generated edits go to two
// copies of a Compose file in folders of their own, one as incremental changes (the server then reads
// again only the entry an edit stays in, and re-checks only the services that changed), the other as the
// whole new text (read and checked from scratch). Every version's diagnostics must be the same in both,
// ranges, messages, related places and quick fixes included; and completion and hover anywhere must
// answer the same.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateCompose } from '../../bench/generateCompose';
import { withMistakes } from '../../bench/mistakes';
import { applyEdit, random, typingEdit, type Edit } from '../helpers/edits';
import { LspServer } from '../helpers/lspServer';
import { corpus, corpusFiles, fixtures } from '../helpers/paths';

let server: LspServer;
const folders: string[] = [];

before(async () => {
  // No pause before a check: every version is checked, and each burst's last one is compared.
  server = await LspServer.start({ settings: { diagnostics: { delay: 0 } }, workspaceTrusted: true });
});
after(async () => {
  await server.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function texts(): Array<[string, string]> {
  const files = corpusFiles('compose', /\.ya?ml$/).map((name) => join(corpus, 'compose', name));
  files.push(join(fixtures, 'compose', 'broken', 'compose.yaml'), join(fixtures, 'compose', 'clean', 'compose.yaml'));
  return [
    ...files.map((f): [string, string] => [f, readFileSync(f, 'utf8')]),
    ['bench file, 200 services with mistakes', withMistakes(generateCompose(200), 200).text],
  ];
}

/** A compose.yaml in a folder of its own (nothing beside it), opened; its URI. */
async function openCopy(text: string): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'dockside-incremental-'));
  folders.push(folder);
  const path = join(folder, 'compose.yaml');
  writeFileSync(path, text);
  const uri = pathToFileURL(path).href;
  await server.open(uri, text);
  return uri;
}

/**
 * An answer as compared: the document's own URI (in related places) and its folder (in a bind mount's
 * hover) replaced, so the two copies compare; `data` left out (it numbers the server's completion
 * lists, one counter for both copies).
 */
function comparable(answer: unknown, uri: string): string {
  const json = JSON.stringify(answer, (key, value: unknown) => (key === 'data' ? undefined : value));
  const folder = dirname(fileURLToPath(uri));
  return [uri, folder].reduce((text, own) => text.split(JSON.stringify(own).slice(1, -1)).join('<own>'), json);
}

test('every version checked incrementally gets the diagnostics of a full check of its text', async (t) => {
  let versions = 0;
  for (const [index, [name, original]] of texts().entries()) {
    const incremental = await openCopy(original);
    const full = await openCopy(original);
    const next = random(index + 1);
    let text = original;
    for (let burst = 0; burst < 25; burst++) {
      // One to four edits before the server checks, as when the user types quickly; some come in one
      // didChange, each range in the text the previous change left (as LSP has it).
      const count = 1 + Math.floor(next() * 4);
      let version = 0;
      for (let i = 0; i < count; i++) {
        const changes = [];
        for (let inOne = next() < 0.3 ? 2 : 1; inOne > 0; inOne--) {
          const edit: Edit = typingEdit(text, next);
          const document = TextDocument.create(incremental, 'dockercompose', 0, text);
          changes.push({ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, text: edit.text });
          text = applyEdit(text, edit);
        }
        version = await server.edit(incremental, changes);
        await server.change(full, text);
      }
      const [got, expected] = await Promise.all([server.diagnosticsFor(incremental, version), server.diagnosticsFor(full, version)]);
      const where = `${name}, burst ${burst}, version ${version}`;
      assert.equal(comparable(got, incremental), comparable(expected, full), where);
      // Completion and hover read the same parse: one made from the last, or one of the whole text.
      const position = TextDocument.create(full, 'dockercompose', version, text).positionAt(Math.floor(next() * text.length));
      for (const method of ['textDocument/completion', 'textDocument/hover']) {
        const [a, b] = await Promise.all(
          [incremental, full].map((uri) => server.connection.sendRequest(method, { textDocument: { uri }, position })),
        );
        assert.equal(comparable(a, incremental), comparable(b, full), `${where}: ${method} at ${JSON.stringify(position)}`);
      }
      versions++;
    }
    await server.close(incremental);
    await server.close(full);
  }
  t.diagnostic(`${versions} versions compared`);
});
