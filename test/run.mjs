#!/usr/bin/env node
// The one test command (`npm test`): builds the bundles the protocol tests speak to, makes sure the
// system parts each suite needs are present, then runs every *.test.ts under test/ with Node's own
// test runner. A suite whose system part is missing fails with a message naming it; none is skipped.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2);

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

run('npx', ['tsc', '-p', '.', '--noEmit']);
run('node', ['esbuild.mjs']);

const files = findTests(join(root, 'test')).filter(
  (f) => only.length === 0 || only.some((o) => relative(root, f).includes(o)),
);
run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]);
