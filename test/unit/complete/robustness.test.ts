import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { completeAt } from '../../../core/src/complete/completeAt';
import { hoverAt } from '../../../core/src/hover/hoverAt';
import { parseText, type ParsedText } from '../../../core/src/parse/parseText';
import { corpus, corpusFiles, projectRoot } from '../../helpers/paths';

type Language = 'compose' | 'taskdef';

function files(folder: string, pattern: RegExp): string[] {
  return existsSync(folder)
    ? readdirSync(folder)
        .filter((f) => pattern.test(f))
        .map((f) => join(folder, f))
        .sort()
    : [];
}

/**
 * Completion and hover at (up to 200) offsets of a file, on the file as it is and with the rest of the
 * cursor's line deleted (as if it were being typed): nothing throws, every range holds the cursor and
 * stays on its line. Returns the problems found.
 */
function sweep(file: string, language: Language): string[] {
  const whole = readFileSync(file, 'utf8');
  const problems: string[] = [];
  const step = Math.max(1, Math.floor(whole.length / 200));
  for (let offset = 0; offset <= whole.length; offset += step) {
    const lineEnd = whole.indexOf('\n', offset);
    const typing = whole.slice(0, offset) + (lineEnd < 0 ? '' : whole.slice(lineEnd));
    for (const text of [whole, typing]) {
      const where = `${file}:${offset}${text === whole ? '' : ' (typing)'}`;
      try {
        const [start, end] = completeAt({ text, offset, language }).replaceSpan;
        if (!(start <= offset && offset <= end) || text.slice(start, end).includes('\n'))
          problems.push(`${where}: completion range ${start}-${end}`);
        const hover = hoverAt({ text, offset, language });
        if (hover && !(hover.span[0] <= offset && offset < hover.span[1])) problems.push(`${where}: hover range ${hover.span.join('-')}`);
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

test('robustness: completion and hover anywhere in the example and fixture files', () => {
  const compose = [
    ...files(join(projectRoot, 'examples', 'shop'), /\.ya?ml$/),
    ...files(join(projectRoot, 'examples', 'mistakes'), /\.ya?ml$/),
    ...files(join(projectRoot, 'test', 'fixtures', 'compose', 'broken'), /\.ya?ml$/),
    ...files(join(projectRoot, 'test', 'fixtures', 'compose', 'clean'), /\.ya?ml$/),
  ];
  assert.ok(compose.length > 0);
  assert.deepEqual(
    compose.flatMap((f) => sweep(f, 'compose')),
    [],
  );
});

test('robustness: completion and hover anywhere in the corpus', () => {
  const inCorpus = (folder: string, pattern: RegExp) => corpusFiles(folder, pattern).map((name) => join(corpus, folder, name));
  const compose = [...inCorpus('compose', /\.ya?ml$/), ...inCorpus('compose/invalid', /\.ya?ml$/)];
  const taskdefs = inCorpus('taskdefs', /\.json$/);
  const problems = [...compose.flatMap((f) => sweep(f, 'compose')), ...taskdefs.flatMap((f) => sweep(f, 'taskdef'))];
  assert.deepEqual(problems.slice(0, 20), []);
});

test("completion and hover with the file's parse given read the cursor's place as from the text alone", () => {
  // With a parse the reader skips what other services hold, whose names and images then come from the
  // parse (more exactly: a build's context, say): what is offered, and where, must not change. A file
  // with anchors or merge keys is left out, since there the parse rightly knows more.
  const inCorpus = corpusFiles('compose', /\.ya?ml$/).map((name) => join(corpus, 'compose', name));
  const compose = [...inCorpus, ...files(join(projectRoot, 'examples', 'shop'), /\.ya?ml$/)].filter(
    (f) => !/[&*]\w|<</.test(readFileSync(f, 'utf8')),
  );
  assert.ok(compose.length >= 20, `${compose.length} files`);
  const answers = (text: string, offset: number, parsed?: ParsedText): string => {
    const completion = completeAt({ text, offset, language: 'compose', parsed });
    const hover = hoverAt({ text, offset, language: 'compose', parsed });
    return JSON.stringify([
      completion.replaceSpan,
      completion.items.map((item) => [item.label, item.kind, item.insertText]),
      hover?.span,
      hover?.markdown.split('\n')[0],
    ]);
  };
  const differences: string[] = [];
  let compared = 0;
  for (const file of compose) {
    const text = readFileSync(file, 'utf8');
    const parsed = parseText(text);
    const step = Math.max(1, Math.floor(text.length / 150));
    for (let offset = 0; offset <= text.length; offset += step, compared++) {
      if (answers(text, offset) !== answers(text, offset, parsed)) differences.push(`${file}:${offset}`);
    }
  }
  assert.deepEqual(differences.slice(0, 10), []);
  assert.ok(compared > 3000, `${compared} places`);
});
