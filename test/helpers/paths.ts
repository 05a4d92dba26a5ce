import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..', '..');
export const fixtures = resolve(projectRoot, 'test', 'fixtures');
/** Real Compose files and task definitions from public repositories (sources and licenses in its README). */
export const corpus = resolve(fixtures, 'corpus');

/**
 * The names of the files in a corpus folder (`compose`, `compose/invalid`, `taskdefs`, `pairs`) that
 * match `pattern`, sorted. A missing or empty folder throws: a corpus test never passes on nothing.
 */
export function corpusFiles(folder: string, pattern: RegExp): string[] {
  const names = readdirSync(join(corpus, folder), { withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  if (names.length === 0) throw new Error(`No ${String(pattern)} files in ${join(corpus, folder)}.`);
  return names;
}
