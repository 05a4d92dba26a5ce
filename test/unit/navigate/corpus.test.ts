import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseText, validateCompose, validateTaskDefinition, type Finding } from '../../../core/src';
import { buildSymbolsIndex, definitionOf, renameAt, type NavigationLanguage, type SymbolEntry } from '../../../core/src/navigate';
import { applyEdits } from '../../helpers/applyEdits';
import { corpus, corpusFiles as namesIn } from '../../helpers/paths';

const UNDEFINED = /^(compose\/undefined-(service|network|volume|secret|config)|ecs\/undefined-(container|volume))$/;
/** Symbols renamed per file: enough to cover every kind without making the suite slow. */
const RENAMES_PER_FILE = 6;

function corpusFiles(): Array<{ file: string; language: NavigationLanguage; text: string }> {
  const folder = (name: string, pattern: RegExp, language: NavigationLanguage) =>
    namesIn(name, pattern).map((file) => ({ file: `${name}/${file}`, language, text: readFileSync(join(corpus, name, file), 'utf8') }));
  return [
    ...folder('compose', /\.ya?ml$/, 'compose'),
    ...folder('compose/invalid', /\.ya?ml$/, 'compose'),
    ...folder('taskdefs', /\.json$/, 'taskdef'),
  ];
}

function validate(language: NavigationLanguage, text: string): Finding[] {
  return language === 'compose' ? validateCompose(text) : validateTaskDefinition(text);
}

function undefinedFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => UNDEFINED.test(finding.code));
}

/** The name a finding calls undefined: the first quoted word of its message. */
function undefinedName(finding: Finding): string {
  return /"([^"]*)"/.exec(finding.message)?.[1] ?? '';
}

/** A fresh name of the right shape that the file does not use yet. */
function freshName(entry: SymbolEntry, text: string): string {
  let name = `${entry.name.replace(/[^a-zA-Z0-9_-]/g, '_')}_renamed`;
  while (text.includes(name)) name += '_';
  return name;
}

// Names, not spans, are compared: for a map-form reference with settings (`networks: {back: {aliases: …}}`)
// the checker underlines the settings rather than the key.
test('corpus: every entry spans its name, and every name the checker calls undefined is an undefined reference in the index', (t) => {
  const files = corpusFiles();
  for (const { file, language, text } of files) {
    const index = buildSymbolsIndex(parseText(text), language);
    for (const entry of index.entries) assert.equal(text.slice(entry.span[0], entry.span[1]), entry.name, file);
    const dangling = new Set(
      index.entries.filter((entry) => entry.role === 'reference' && definitionOf(index, entry).length === 0).map((entry) => entry.name),
    );
    for (const finding of undefinedFindings(validate(language, text))) {
      assert.ok(dangling.has(undefinedName(finding)), `${file}: "${finding.message}" is an undefined reference in the index`);
    }
  }
  t.diagnostic(`${files.length} corpus files indexed`);
});

test('corpus: renaming defined names leaves no new undefined reference', (t) => {
  let renamed = 0;
  let refused = 0;
  for (const { file, language, text } of corpusFiles()) {
    const index = buildSymbolsIndex(parseText(text), language);
    const before = undefinedFindings(validate(language, text)).length;
    const definitions = index.entries.filter((entry) => entry.role === 'definition').slice(0, RENAMES_PER_FILE);
    for (const definition of definitions) {
      const result = renameAt(text, index, definition.span[0], freshName(definition, text));
      if ('error' in result) {
        refused++;
        continue;
      }
      const after = undefinedFindings(validate(language, applyEdits(text, result.edits))).length;
      assert.equal(after, before, `${file}: renaming ${definition.kind} "${definition.name}"`);
      renamed++;
    }
  }
  t.diagnostic(`${renamed} renames checked, ${refused} refused (external, escaped or otherwise unsafe)`);
});
