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

const FORBIDDEN_IN_CORE = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|fs|node:fs|fs\/promises|node:fs\/promises|child_process|node:child_process|net|node:net|http|node:http)$/;

test('the core imports no editor, protocol, file-system or process module', () => {
  const offenders: string[] = [];
  for (const file of sources(join(projectRoot, 'server', 'src', 'core'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
      if (FORBIDDEN_IN_CORE.test(match[1]!)) offenders.push(`${relative(projectRoot, file)} imports ${match[1]}`);
    }
  }
  assert.deepEqual(offenders, []);
});
