import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtures, projectRoot } from '../helpers/paths';

const cli = join(projectRoot, 'dist', 'cli.js');
const broken = join(fixtures, 'compose', 'broken', 'compose.yaml');
const clean = join(fixtures, 'compose', 'clean', 'compose.yaml');

function dockside(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: projectRoot });
}

test('validate --format json prints every finding with 0-based LSP positions, and exits 1 on errors', () => {
  const result = dockside('validate', broken, '--format', 'json');
  assert.equal(result.status, 1, result.stderr);
  const findings = JSON.parse(result.stdout) as Array<{
    file: string;
    range: { start: { line: number; character: number } };
    severity: string;
    code: string;
    message: string;
  }>;
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity, f.range.start.line, f.range.start.character]),
    [
      ['compose/undefined-network', 'error', 6, 15],
      ['compose/healthcheck-missing', 'warning', 9, 19],
      ['compose/schema', 'error', 11, 4],
      ['compose/duplicate-host-port', 'error', 13, 8],
      ['compose/unused-volume', 'hint', 15, 2],
    ],
  );
  assert.equal(findings[0]!.file, broken);
  assert.equal(findings[2]!.message, 'Unknown key "imgae" in service "api". Did you mean "image"?');
});

test('validate prints file:line:column lines and a summary in text format', () => {
  const result = dockside('validate', broken);
  assert.equal(result.status, 1);
  assert.match(result.stdout, /compose\.yaml:12:5: error compose\/schema: Unknown key "imgae" in service "api"\. Did you mean "image"\?/);
  assert.match(result.stdout, /1 file checked: 3 errors, 1 warning, 1 note\.\n$/);
});

test('a folder is searched for Compose files; a clean file exits 0', () => {
  const result = dockside('validate', join(fixtures, 'compose', 'clean'));
  assert.equal(result.status, 0, result.stdout);
  assert.match(result.stdout, /^1 file checked: 0 errors, 0 warnings, 0 notes\.$/m);
  assert.equal(dockside('validate', clean, '--format=json').stdout.trim(), '[]');
});

test('misuse exits 2 with a message', () => {
  assert.equal(dockside().status, 2);
  const missing = dockside('validate', '/no/such/compose.yaml');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no such file or folder/);
  assert.equal(dockside('validate', clean, '--format', 'xml').status, 2);
  assert.equal(dockside('lint', clean).status, 2);
});

test('each command loads only its own bundle: validate no engine code, swarm neither the rest of the CLI nor the AWS SDK', () => {
  const alone = (files: string[], ...args: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'dockside-cli-'));
    try {
      for (const file of files) copyFileSync(join(projectRoot, 'dist', file), join(dir, file));
      return spawnSync(process.execPath, [join(dir, 'cli.js'), ...args], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const validate = alone(['cli.js', 'cli-main.js'], 'validate', clean);
  assert.equal(validate.status, 0, validate.stderr);
  const compose = alone(['cli.js', 'cli-main.js'], 'compose', 'ps');
  assert.notEqual(compose.status, 0);
  assert.match(compose.stderr, /cli-compose\.js/);
  const swarm = alone(['cli.js', 'cli-swarm.js'], 'swarm', 'deploy', '--help');
  assert.equal(swarm.status, 0, swarm.stderr);
  assert.match(swarm.stdout, /Usage: dockside swarm deploy/);
  // The AWS SDK is a bundle of its own (dist/aws-sdk.js), read on the first AWS call: no command bundle holds it,
  // and an ecs command that calls no AWS runs without it.
  for (const file of ['cli-main.js', 'cli-compose.js', 'cli-ecs.js', 'cli-swarm.js'])
    assert.doesNotMatch(readFileSync(join(projectRoot, 'dist', file), 'utf8'), /aws-sdk-js/, `${file} holds the AWS SDK`);
  const ecs = alone(['cli.js', 'cli-ecs.js'], 'ecs', '--help');
  assert.equal(ecs.status, 0, ecs.stderr);
  assert.match(ecs.stdout, /Usage: dockside ecs run-task/);
});
