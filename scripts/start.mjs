#!/usr/bin/env node
// `npm start`: builds and packages Dockside (dist/dockside.vsix, what ships), runs its CLI over examples/
// so the diagnostics can be seen at once, then opens real VS Code (VS Code for the Web, from code-server,
// installed once into node_modules/.cache) with that very .vsix installed on the examples/ folder, and
// prints the address to open. It runs until Ctrl+C (or SIGTERM); it never reads standard input.
// examples/mistakes holds deliberate mistakes, so "errors found" (exit 1) is the expected outcome of the
// CLI here; anything else (a usage error, a crash) fails the command.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureDockerEngine } from './docker-engine.mjs';
import { keepServing, startCodeServer } from './code-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
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
await ensureDockerEngine(undefined, { forTests: false }).catch((error) => console.warn(`\nNo Docker Engine for the sidebar: ${error.message}`));

console.log('\nStarting VS Code with dist/dockside.vsix installed…');
const server = await startCodeServer({
  folder: `${root}examples`,
  vsix: `${root}dist/dockside.vsix`,
  port: process.env.DOCKSIDE_PORT ? Number(process.env.DOCKSIDE_PORT) : undefined,
});
keepServing(server);
