// `dockside validate` reads a Compose file as part of its project, as the editor and Up do: through the
// built CLI, in folders made for each case.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { projectRoot } from '../helpers/paths';

const cli = join(projectRoot, 'dist', 'cli.js');
const folders: string[] = [];
after(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A folder holding these files. */
function project(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'dockside-validate-'));
  folders.push(folder);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  return folder;
}

interface Reported {
  file: string;
  range: { start: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

/** Runs the CLI in `cwd` with only these variables (and PATH) in its environment. */
function dockside(cwd: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd, env: { PATH: process.env['PATH'] ?? '', ...env } });
  return { ...result, json: (): Reported[] => JSON.parse(result.stdout) as Reported[] };
}

/** `file:line code` of each finding, for compact assertions. */
function where(reports: Reported[]): string[] {
  return reports.map((r) => `${r.file}:${r.range.start.line + 1} ${r.code}`);
}

const BASE = 'services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n';
const OVERRIDE = 'services:\n  api:\n    image: nginx\n    ports: ["8080:80"]\n    depends_on: [ghost]\n';

describe('dockside validate: a Compose file is checked as part of its project', () => {
  test('a service defined in an included file is defined; the included file is checked too', () => {
    const folder = project({
      'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: nginx\n    depends_on: [db]\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres\n',
    });
    const result = dockside(folder, ['validate', 'compose.yaml']);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '1 file checked: 0 errors, 0 warnings, 0 notes.\n');
    writeFileSync(join(folder, 'db', 'compose.yaml'), 'services:\n  db:\n    imgae: postgres\n');
    const all = dockside(folder, ['validate', '--format', 'json']);
    assert.equal(all.status, 1);
    assert.deepEqual(where(all.json()), ['db/compose.yaml:3 compose/schema']);
  });

  test('an override file is merged: a port published again and an unknown dependency are errors in the override', () => {
    const folder = project({ 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE });
    const expected = ['compose.override.yaml:4 compose/duplicate-host-port', 'compose.override.yaml:5 compose/undefined-service'];
    for (const args of [
      ['compose.yaml', 'compose.override.yaml'],
      ['-f', 'compose.yaml', '-f', 'compose.override.yaml'],
      ['--file=compose.yaml', '-fcompose.override.yaml'],
      [],
      ['.'],
    ]) {
      const result = dockside(folder, ['validate', '--format=json', ...args]);
      assert.equal(result.status, 1, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.deepEqual(where(result.json()), expected, args.join(' '));
    }
    const text = dockside(folder, ['validate']);
    assert.match(text.stdout, /^compose\.override\.yaml:5:18: error compose\/undefined-service: Undefined service "ghost"\./m);
    assert.match(text.stdout, /^2 files checked: 2 errors, 0 warnings, 0 notes\.$/m);
    // -f compose.yaml alone is what `docker compose -f compose.yaml` reads: no override, no error.
    assert.equal(dockside(folder, ['validate', '-f', 'compose.yaml']).status, 0);
  });

  test('variables come from the environment over .env: a required one unset is an error, an unset one a warning', () => {
    const folder = project({
      'compose.yaml': 'services:\n  web:\n    image: ${IMAGE:?IMAGE must be set}\n    environment:\n      MODE: ${MODE}\n',
    });
    const unset = dockside(folder, ['validate', '--format', 'json']);
    assert.equal(unset.status, 1);
    assert.deepEqual(
      unset.json().map((r) => [r.code, r.severity, r.range.start.line, r.range.start.character]),
      [
        ['compose/required-variable', 'error', 2, 11],
        ['compose/unset-variable', 'warning', 4, 12],
      ],
    );
    assert.equal(
      unset.json()[0]!.message,
      'IMAGE is required ("IMAGE must be set") but is set neither in the environment nor in .env; Compose will stop here.',
    );
    assert.equal(
      dockside(folder, ['validate'], { IMAGE: 'nginx', MODE: 'dev' }).stdout,
      '1 file checked: 0 errors, 0 warnings, 0 notes.\n',
    );
    writeFileSync(join(folder, '.env'), 'IMAGE=nginx\nMODE=dev\n');
    assert.equal(dockside(folder, ['validate']).status, 0);
    // The environment wins over .env: an empty IMAGE there fails `:?` as Compose does.
    const empty = dockside(folder, ['validate', '--format=json'], { IMAGE: '' });
    assert.deepEqual(
      empty.json().map((r) => [r.code, r.severity]),
      [['compose/required-variable', 'error']],
    );
    // --env-file replaces .env.
    writeFileSync(join(folder, 'other.env'), 'MODE=prod\n');
    assert.deepEqual(
      dockside(folder, ['validate', '--format=json', '--env-file', 'other.env'])
        .json()
        .map((r) => r.code),
      ['compose/required-variable'],
    );
  });

  test('docker-compose.prod.yml with no base file beside it is checked as a whole project', () => {
    const folder = project({ 'docker-compose.prod.yml': 'services:\n  web:\n    image: nginx\n    depends_on: [ghost]\n' });
    const result = dockside(folder, ['validate', '--format=json', 'docker-compose.prod.yml']);
    assert.equal(result.status, 1);
    assert.deepEqual(where(result.json()), ['docker-compose.prod.yml:4 compose/undefined-service']);
  });

  test('COMPOSE_FILE (with COMPOSE_PATH_SEPARATOR) names the project when no file is given', () => {
    const folder = project({ 'base.yaml': BASE, 'extra.yaml': OVERRIDE, 'compose.yaml': 'services:\n  only:\n    image: nginx\n' });
    assert.equal(dockside(folder, ['validate']).status, 0);
    const listed = dockside(folder, ['validate', '--format=json'], { COMPOSE_FILE: 'base.yaml:extra.yaml' });
    assert.deepEqual(where(listed.json()), ['extra.yaml:4 compose/duplicate-host-port', 'extra.yaml:5 compose/undefined-service']);
    const separated = dockside(folder, ['validate', '--format=json'], {
      COMPOSE_FILE: 'base.yaml;extra.yaml',
      COMPOSE_PATH_SEPARATOR: ';',
    });
    assert.deepEqual(where(separated.json()), where(listed.json()));
    const missing = dockside(folder, ['validate'], { COMPOSE_FILE: 'nope.yaml' });
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'dockside validate: COMPOSE_FILE names nope.yaml, which does not exist.\n');
  });

  test('--profile and COMPOSE_PROFILES enable the services a dependency needs', () => {
    const folder = project({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    depends_on: [db]\n  db:\n    image: postgres\n    profiles: [data]\n',
    });
    const off = dockside(folder, ['validate', '--format=json']);
    assert.deepEqual(where(off.json()), ['compose.yaml:4 compose/undefined-service']);
    assert.equal(dockside(folder, ['validate', '--profile', 'data']).status, 0);
    assert.equal(dockside(folder, ['validate'], { COMPOSE_PROFILES: 'data' }).status, 0);
  });

  test('--project-directory is where .env is read', () => {
    const folder = project({ 'files/compose.yaml': 'services:\n  web:\n    image: ${IMAGE}\n', 'app/.env': 'IMAGE=nginx\n' });
    const plain = dockside(folder, ['validate', '--format=json', '-f', 'files/compose.yaml']);
    assert.deepEqual(where(plain.json()), ['files/compose.yaml:3 compose/unset-variable']);
    const moved = dockside(folder, ['validate', '-f', 'files/compose.yaml', '--project-directory', 'app']);
    assert.equal(moved.stdout, '1 file checked: 0 errors, 0 warnings, 0 notes.\n', moved.stderr);
  });

  test('a mapping used as a key is a finding, and nothing leaks to standard error', () => {
    const folder = project({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    labels:\n      {a: 1}: x\n' });
    const result = dockside(folder, ['validate', '--format=json']);
    assert.equal(result.stderr, '');
    assert.deepEqual(where(result.json()), ['compose.yaml:5 yaml/collection-key']);
  });

  test('with no file and no Compose file in the folder, it says so and how to name one', () => {
    const folder = project({ 'notes.txt': 'nothing here\n' });
    const result = dockside(folder, ['validate']);
    assert.equal(result.status, 2);
    assert.equal(
      result.stderr,
      `dockside validate: no Compose file (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml) in ${folder} or a folder above it.\nName the files with -f, or a file or folder to check.\n`,
    );
    assert.equal(dockside(folder, ['validate', '-f', 'compose.yaml']).stderr, 'dockside validate: compose.yaml: no such file.\n');
  });
});
