// The fast reader mirrors yaml's internals (its node classes, ranges and scalar resolution), so yaml is
// pinned to one version, and that version is the one the differential suite last passed against.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../../helpers/paths';

const read = (path: string) => JSON.parse(readFileSync(join(projectRoot, path), 'utf8')) as Record<string, unknown>;

test('yaml is pinned to an exact version, and the installed one is it', () => {
  const pinned = (read('package.json')['devDependencies'] as Record<string, string>)['yaml'];
  assert.match(
    pinned ?? '',
    /^\d+\.\d+\.\d+$/,
    `package.json must pin yaml to an exact version (not "${pinned}"): the fast reader mirrors its internals`,
  );
  assert.equal(read('node_modules/yaml/package.json')['version'], pinned, 'the installed yaml is not the pinned one: run npm ci');
});

test('the installed yaml is the one the differential suite last passed against', () => {
  const installed = read('node_modules/yaml/package.json')['version'];
  const verified = read('core/src/parse/fast/verifiedYaml.json')['yaml'];
  assert.equal(
    installed,
    verified,
    `yaml is ${String(installed)}, but the fast reader (core/src/parse/fast) and the scalar rules were last checked against ` +
      `yaml ${String(verified)}. Run npm run test:yaml: it compares them with yaml ${String(installed)} and, when all agree, ` +
      'records the version in core/src/parse/fast/verifiedYaml.json; commit that file with the upgrade.',
  );
});
