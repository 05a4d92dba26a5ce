// Every package the code imports is one package.json declares: a package that resolves only because
// another one brought it into node_modules (hoisting) changes or vanishes when that one is updated.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { importsOf } from '../helpers/imports';
import { projectRoot } from '../helpers/paths';

const FOLDERS = ['core', 'engine', 'server', 'client', 'cli', 'test', 'bench', 'scripts', 'bin'];
const SKIP = new Set(['node_modules', 'fixtures', 'dist']);
/** Not from npm: the editor provides `vscode` at run time (its types are @types/vscode); the rest are the project's own packages. */
const PROVIDED = new Set(['vscode', '@dockside/core', '@dockside/engine']);

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sources(path);
    return /\.(ts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

/** `yaml` for `yaml`, `@scope/name` for `@scope/name/deep/path`, undefined for relative paths and Node's own modules. */
function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? undefined : name;
}

test('every imported package is declared in package.json', () => {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, string> | undefined
  >;
  const declared = new Set([...Object.keys(manifest['dependencies'] ?? {}), ...Object.keys(manifest['devDependencies'] ?? {})]);
  const undeclared: string[] = [];
  let imports = 0;
  for (const file of FOLDERS.flatMap((folder) => sources(join(projectRoot, folder)))) {
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      const name = packageName(specifier);
      if (!name || PROVIDED.has(name) || name.startsWith('@dockside/')) continue;
      imports++;
      if (!declared.has(name)) undeclared.push(`${relative(projectRoot, file)} imports ${name}`);
    }
  }
  assert.ok(imports > 50, `found only ${imports} package imports: is the scan broken?`);
  assert.deepEqual(undeclared, []);
});
