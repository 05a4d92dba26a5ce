#!/usr/bin/env node
// `npm start`: builds and packages Dockside (dist/dockside.vsix, what ships), runs its CLI over examples/
// so the diagnostics can be seen at once, then opens real VS Code (VS Code for the Web, from code-server,
// installed once into node_modules/.cache) with that very .vsix installed on a fresh copy of examples/ in
// a temp folder, and prints where the copy is and the address to open. VS Code for the Web saves as you
// type: the copy takes the edits, and the repository stays as it is. It runs until Ctrl+C (or SIGTERM);
// it never reads standard input. The copy is kept after it stops (a stack started from it may still use
// its files); it is small, and in the temp folder.
// examples/mistakes holds deliberate mistakes, so "errors found" (exit 1) is the expected outcome of the
// CLI here; anything else (a usage error, a crash) fails the command.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDockerEngine } from './docker-engine.mjs';
import { keepServing, startCodeServer } from './code-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const examples = join(root, 'examples');
export const vsix = join(root, 'dist', 'dockside.vsix');

/** A fresh copy of examples/, every file of it (.env and the override files included), in a new temp folder. */
export function copyExamples() {
  const folder = join(mkdtempSync(join(tmpdir(), 'dockside-examples-')), 'examples');
  cpSync(examples, folder, { recursive: true });
  return folder;
}

/**
 * What `npm start` opens: code-server with dist/dockside.vsix installed, on a fresh copy of examples/.
 * Returns { folder, server }: the copy, and the running code-server (see startCodeServer). `env` adds to
 * its environment (a test gives the extension a data folder of its own).
 */
export async function startOnExamples({ port, log, env } = {}) {
  const folder = copyExamples();
  const server = await startCodeServer({ folder, vsix, port, log, env });
  return { folder, server };
}

async function main() {
  const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
  const build = spawnSync('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
  if (build.status !== 0) {
    console.error(`npm run package failed (exit ${build.status ?? build.signal})`);
    process.exit(build.status ?? 1);
  }

  console.log('Dockside checks the example Compose files (examples/mistakes has deliberate mistakes):\n');
  const cli = run(['dist/cli.js', 'validate', 'examples']);
  if (cli.status !== 0 && cli.status !== 1) process.exit(cli.status ?? 1);

  // The sidebar runs the examples' stacks on the local Docker Engine; without one, the rest still works.
  // docker-compose is for the tests only: not installed here.
  await ensureDockerEngine(undefined, { forTests: false }).catch((error) =>
    console.warn(`\nNo Docker Engine for the sidebar: ${error.message}`),
  );

  console.log('\nStarting VS Code with dist/dockside.vsix installed…');
  const { folder, server } = await startOnExamples({ port: process.env.DOCKSIDE_PORT ? Number(process.env.DOCKSIDE_PORT) : undefined });
  console.log(`\nVS Code has a copy of examples/ open, in ${folder}`);
  console.log('It saves as you type, into that copy: the repository stays as it is.');
  keepServing(server);
}

// No top-level await: the TypeScript tests load this module through require().
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
