// Every finding code the core writes out in full is in one of the README's tables of findings.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../helpers/paths';

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

test('the README names every compose/, ecs/ and yaml/ code the core reports', () => {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const codes = new Set(
    sources(join(projectRoot, 'core', 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/['`]((?:compose|ecs|yaml)\/[a-z0-9-]+)['`]/g)].map((match) => match[1]!),
    ),
  );
  assert.ok(codes.has('compose/not-a-number') && codes.has('ecs/healthcheck-command'), 'the codes are found in the sources');
  assert.deepEqual(
    [...codes].filter((code) => !readme.includes(`\`${code}\``)),
    [],
  );
});
