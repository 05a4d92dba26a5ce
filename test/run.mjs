#!/usr/bin/env node
// The one test command (`npm test`): builds the bundles the protocol tests speak to, makes sure the
// system parts each suite needs are present, then runs every *.test.ts under test/ with Node's own
// test runner. A suite whose system part is missing fails with a message naming it; none is skipped.
//
// `npm run test:unit` (`--unit`) is the quick loop over the core and protocol tests (test/unit, test/lsp):
// no type-check or lint (`npm run typecheck`, `npm run lint`), the files run two at a time.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const unit = args.includes('--unit');
const only = unit ? ['test/unit/', 'test/lsp/'] : args;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'fixtures' && name !== 'node_modules') out.push(...findTests(path));
    } else if (name.endsWith('.test.ts')) {
      out.push(path);
    }
  }
  return out.sort();
}

if (!unit) {
  run('npx', ['tsc', '-p', '.', '--noEmit']);
  // Lint (eslint with type-aware rules, prettier) is part of the test command: zero warnings.
  run('npm', ['run', '--silent', 'lint']);
}
run('node', ['esbuild.mjs']);

const files = findTests(join(root, 'test')).filter((f) => only.length === 0 || only.some((o) => relative(root, f).includes(o)));
// Suites that talk to the Docker Engine (test/docker, test/e2e) get one, installed and started here
// when missing, rather than skipped; a machine that cannot provide one fails with the reason.
if (files.some((f) => /[\\/]test[\\/](docker|e2e)[\\/]/.test(f))) {
  const { ensureDockerEngine } = await import('../scripts/docker-engine.mjs');
  try {
    await ensureDockerEngine();
  } catch (error) {
    console.error(`\nThe Docker Engine the docker and e2e suites need is not available: ${error.message}`);
    process.exit(1);
  }
}
// The local ECS endpoint's suite drives Debian's AWS CLI.
if (files.some((f) => /[\\/]test[\\/]docker[\\/]/.test(f))) {
  const { ensureAwsCli } = await import('../scripts/aws-cli.mjs');
  try {
    ensureAwsCli();
  } catch (error) {
    console.error(`\nThe AWS CLI the ECS endpoint suite drives is not available: ${error.message}`);
    process.exit(1);
  }
}
// The end-to-end suites drive real VS Code (code-server, installed once into node_modules/.cache) in
// Debian's chromium, both installed here when missing, with the .vsix `npm run package` makes: what is
// tested is what ships. Packaging builds dist/ minified, so the development build is made again after it.
if (files.some((f) => /[\\/]test[\\/]e2e[\\/]/.test(f))) {
  const { ensureChromium, ensureCodeServer } = await import('../scripts/code-server.mjs');
  try {
    ensureChromium();
    ensureCodeServer();
  } catch (error) {
    console.error(`\nThe end-to-end suites need VS Code (code-server) and chromium: ${error.message}`);
    process.exit(1);
  }
  run('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
  run('node', ['esbuild.mjs']);
}
// The engine suites share one engine, so they run one file at a time (said, not left to Node's default,
// which grows with the cores); the quick loop uses every core. A file's process ends when its tests have:
// a connection the engine keeps open must not hold the run until CI's time runs out (seen once, after a
// volume suite had passed every test).
const concurrency = unit ? [`--test-concurrency=${Math.max(2, availableParallelism())}`] : ['--test-concurrency=1'];
run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-force-exit', ...concurrency, ...files]);
