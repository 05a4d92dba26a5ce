// Incremental parsing (core/src/parse/reparse.ts) against parsing the whole text: after every generated
// edit of real and generated Compose files, a parse updated entry by entry must be the parse of the new
// text, node for node (classes, values, all three offsets of every range), with the same plain value and
// findings, and the same diagnostics when checked (a check leaves caches behind, keyed by the nodes
// an updated parse keeps); and edits that reparse cannot take must say so (undefined), never guess.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseText, validateCompose, type ParsedText } from '../../../core/src';
import { isFastParsed } from '../../../core/src/parse/fast/fastParse';
import { reparse } from '../../../core/src/parse/reparse';
import { generateCompose } from '../../../bench/generateCompose';
import { withMistakes } from '../../../bench/mistakes';
import { applyEdit, random, randomEdit } from '../../helpers/edits';
import { corpus, corpusFiles, fixtures } from '../../helpers/paths';

function composeTexts(): Array<[string, string]> {
  const folders = [join(fixtures, 'compose', 'clean'), join(fixtures, 'project', 'shop')];
  const files = folders.flatMap((folder) =>
    existsSync(folder)
      ? readdirSync(folder)
          .filter((f) => /\.ya?ml$/.test(f))
          .sort()
          .map((f) => join(folder, f))
      : [],
  );
  files.unshift(...corpusFiles('compose', /\.ya?ml$/).map((name) => join(corpus, 'compose', name)));
  const generated = [10, 60].map((n): [string, string] => [`bench file, ${n} services`, withMistakes(generateCompose(n), n).text]);
  return [...files.map((f): [string, string] => [f, readFileSync(f, 'utf8')]), ...generated];
}

/** The parse as the tests compare it: the tree (node classes and all), the document's range, value and findings. */
function comparable(parsed: ParsedText): unknown {
  return { contents: parsed.doc.contents, range: parsed.doc.range, value: parsed.value, findings: parsed.findings, text: parsed.text };
}

test('a parse updated edit by edit is the parse of the whole new text, and takes most edits inside an entry', (t) => {
  let updated = 0;
  let edits = 0;
  // Edits made to a parse reparse may update: the fast parser built it (its only findings are duplicate keys).
  let eligible = 0;
  for (const [name, original] of composeTexts()) {
    for (let seed = 1; seed <= 8; seed++) {
      const next = random(seed);
      let text = original;
      let parsed = parseText(text);
      validateCompose(text, {}, parsed);
      // A run of edits, each from the parse the previous one left: as the server keeps it while typing.
      for (let step = 0; step < 10; step++) {
        const edit = randomEdit(text, next);
        const after = applyEdit(text, edit);
        const full = parseText(after);
        if (isFastParsed(parsed.doc) && parsed.findings.every((f) => f.code === 'yaml/duplicate-key')) eligible++;
        const incremental = reparse(parsed, after, edit);
        edits++;
        if (incremental) {
          updated++;
          const where = `${name}, seed ${seed}, step ${step}: ${JSON.stringify(edit)}`;
          assert.deepStrictEqual(comparable(incremental), comparable(full), where);
          assert.deepStrictEqual(validateCompose(after, {}, incremental), validateCompose(after, {}, full), where);
        }
        text = after;
        parsed = incremental ?? full;
      }
    }
  }
  t.diagnostic(`${updated} of ${edits} edits updated the parse in place (${eligible} made to a parse it could update)`);
  // Most random edits that stay inside an entry are taken; those that break the YAML are not.
  assert.ok(updated > eligible / 4, `only ${updated} of ${eligible} edits were taken incrementally`);
});

test('a change that reaches past its entry, or one reparse cannot read exactly, falls back to a full parse', () => {
  const text = 'services:\n  web:\n    image: nginx\n  db:\n    image: postgres\nvolumes:\n  data:\n';
  const cases: Array<[string, { start: number; end: number; text: string }]> = [
    ['joining two services', { start: text.indexOf('\n  db:'), end: text.indexOf('\n  db:') + 1, text: '' }],
    ['an anchor', { start: text.indexOf('nginx'), end: text.indexOf('nginx'), text: '&a ' }],
    ['a service renamed to another one', { start: text.indexOf('web'), end: text.indexOf('web') + 3, text: 'db' }],
    ['the last entry of the file', { start: text.indexOf('data'), end: text.indexOf('data'), text: 'x' }],
    ['a tab', { start: text.indexOf('nginx'), end: text.indexOf('nginx'), text: '\t' }],
  ];
  for (const [what, change] of cases) assert.equal(reparse(parseText(text), applyEdit(text, change), change), undefined, what);
  // One that stays inside a service is taken, a duplicate key inside it too (the finding comes along).
  const inside = { start: text.indexOf('nginx'), end: text.indexOf('nginx') + 5, text: 'busybox' };
  assert.ok(reparse(parseText(text), applyEdit(text, inside), inside));
  const duplicate = { start: text.indexOf('\n  db:'), end: text.indexOf('\n  db:'), text: '\n    image: x' };
  assert.deepEqual(
    reparse(parseText(text), applyEdit(text, duplicate), duplicate)?.findings.map((f) => f.code),
    ['yaml/duplicate-key'],
  );
});
