import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../helpers/paths';

const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  main: string;
  bin: Record<string, string>;
  contributes: { grammars: Array<{ path: string }>; configuration: { properties: Record<string, { markdownDescription?: string; default?: unknown; scope?: string }> } };
};

test('the .vsix ships the bundles, schemas and grammar the manifest points to, and nothing else', () => {
  const vsce = join(projectRoot, 'node_modules', '.bin', 'vsce');
  const listed = spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(listed.status, 0, listed.stderr);
  const files = listed.stdout.trim().split('\n').map((f) => f.trim()).sort();
  const required = [manifest.main, ...Object.values(manifest.bin), ...manifest.contributes.grammars.map((g) => g.path), 'dist/server.js', 'schemas/compose.schema.json'];
  for (const file of required) assert.ok(files.includes(file.replace(/^\.\//, '')), `${file} is not packaged: ${files.join(', ')}`);
  assert.deepEqual(files.filter((f) => /(^|\/)(test|node_modules|server\/src|client\/src)\//.test(f) || f.endsWith('.map')), []);
});

test('every setting has a default, a scope and a description', () => {
  for (const [name, setting] of Object.entries(manifest.contributes.configuration.properties)) {
    assert.ok(setting.markdownDescription, `${name} has no description`);
    assert.ok('default' in setting, `${name} has no default`);
    assert.ok(setting.scope, `${name} has no scope`);
  }
});

test('the npm bins start the bundled server and CLI', () => {
  for (const bin of Object.values(manifest.bin)) assert.ok(existsSync(join(projectRoot, bin)), bin);
  const version = spawnSync(process.execPath, [join(projectRoot, manifest.bin['dockside-language-server']!), '--version'], { encoding: 'utf8' });
  assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version);
});
