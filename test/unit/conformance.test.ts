// Compose conformance: each folder of test/fixtures/conformance/cases is a small project written anew for
// Dockside after one expectation of the upstream tests (compose-go, docker/compose; see the README there).
// `dockside validate` must err where Compose refuses the project, at the place Compose names, and report
// no error where Compose accepts it. Run after `node esbuild.mjs`: it drives the built CLI, as CI does.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fixtures, projectRoot } from '../helpers/paths';

const cli = join(projectRoot, 'dist', 'cli.js');
const casesFolder = join(fixtures, 'conformance', 'cases');

interface ConformanceCase {
  upstream: string;
  args: string[];
  env?: Record<string, string>;
  expect: 'error' | 'clean';
  code?: string;
  file?: string;
  line?: number;
  composeSays: string;
  note?: string;
  /** Where Dockside knowingly answers otherwise than Compose, and why; the test holds it to that answer. */
  disagrees?: string;
}

interface Finding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const names = readdirSync(casesFolder, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function load(name: string): ConformanceCase {
  return JSON.parse(readFileSync(join(casesFolder, name, 'case.json'), 'utf8')) as ConformanceCase;
}

/** The CLI in the case's folder, with PATH and HOME and the case's own variables only. */
function validate(folder: string, spec: ConformanceCase): Promise<Run> {
  const env: Record<string, string> = {};
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  Object.assign(env, spec.env);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, 'validate', '--format', 'json', ...spec.args], { cwd: folder, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Starts every run now, a few at a time, so the tests below only wait for their own. */
function runAll(specs: Map<string, ConformanceCase>): Map<string, Promise<Run>> {
  const queue = [...specs.keys()];
  const settle = new Map<string, { resolve: (run: Run) => void; reject: (error: unknown) => void }>();
  const runs = new Map<string, Promise<Run>>();
  for (const name of queue) {
    runs.set(name, new Promise<Run>((resolve, reject) => settle.set(name, { resolve, reject })));
  }
  const worker = async (): Promise<void> => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const { resolve, reject } = settle.get(name)!;
      await validate(join(casesFolder, name), specs.get(name)!).then(resolve, reject);
    }
  };
  const width = Math.max(2, Math.min(4, availableParallelism()));
  for (let i = 0; i < width; i++) void worker();
  return runs;
}

function findings(run: Run): Finding[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(run.stdout);
  } catch {
    assert.fail(`dockside exited ${run.status} without a JSON list of findings:\n${run.stderr || run.stdout}`);
  }
  assert.ok(Array.isArray(parsed), `dockside printed ${run.stdout.slice(0, 200)}, not a list of findings`);
  return parsed as Finding[];
}

/** One file, however each side spells its path (relative to the case, absolute, through a symlink). */
function sameFile(folder: string, reported: string, expected: string): boolean {
  const real = (path: string): string => (existsSync(path) ? realpathSync(path) : path);
  return real(resolve(folder, reported)) === real(resolve(folder, expected));
}

function describe(found: Finding[]): string {
  if (found.length === 0) return '  (no findings)';
  return found.map((f) => `  ${f.file}:${f.range.start.line + 1}: ${f.severity} ${f.code}: ${f.message}`).join('\n');
}

const specs = new Map(names.map((name) => [name, load(name)] as const));
const runs = runAll(specs);

test('every conformance case says what it expects', () => {
  assert.ok(names.length > 0, `no cases in ${casesFolder}`);
  for (const [name, spec] of specs) {
    assert.ok(spec.expect === 'error' || spec.expect === 'clean', `${name}: expect is "error" or "clean"`);
    assert.ok(spec.expect === 'clean' || spec.code, `${name}: an error case names the finding code`);
    assert.ok(Array.isArray(spec.args) && spec.args.length > 0, `${name}: args`);
    assert.ok(spec.upstream && spec.composeSays, `${name}: upstream and composeSays`);
    if (spec.file) assert.ok(existsSync(join(casesFolder, name, spec.file)), `${name}: ${spec.file} exists`);
  }
});

for (const [name, spec] of specs) {
  test(name, async () => {
    const folder = join(casesFolder, name);
    const found = findings(await runs.get(name)!);
    const errors = found.filter((f) => f.severity === 'error');
    if (spec.disagrees) {
      // A known difference stays visible: when Dockside comes to agree, this fails and the case loses its note.
      const agrees = spec.expect === 'clean' ? errors.length === 0 : errors.some((f) => f.code === spec.code);
      assert.ok(!agrees, `Dockside now agrees with Compose here; remove "disagrees" from ${name}/case.json`);
      return;
    }
    if (spec.expect === 'clean') {
      assert.equal(errors.length, 0, `Compose accepts this project (${spec.composeSays}); Dockside reports errors:\n${describe(errors)}`);
      return;
    }
    const where = spec.file ? ` in ${spec.file}${spec.line ? ` at line ${spec.line}` : ''}` : '';
    const match = errors.find(
      (f) =>
        f.code === spec.code && (!spec.file || sameFile(folder, f.file, spec.file)) && (!spec.line || f.range.start.line + 1 === spec.line),
    );
    assert.ok(match, `Compose says "${spec.composeSays}"; expected an error ${spec.code}${where}, Dockside reports:\n${describe(found)}`);
  });
}
