import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../helpers/paths';

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The engine code and the view models run in tests and the CLI, where there is no editor. */
test('nothing under client/src/docker and no view model imports vscode', () => {
  const views = join(projectRoot, 'client', 'src', 'views');
  const files = [...sources(join(projectRoot, 'client', 'src', 'docker')), ...sources(views).filter((f) => /Model\.ts$|contextValues\.ts$|itemView\.ts$/.test(f))];
  assert.ok(files.some((f) => f.endsWith('stacksModel.ts')), 'the view models were not found');
  const offenders: string[] = [];
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const module = match[1] ?? match[2] ?? match[3];
      if (module === 'vscode' || module?.startsWith('vscode-languageclient')) offenders.push(`${relative(projectRoot, file)} imports ${module}`);
    }
  }
  assert.deepEqual(offenders, []);
});
