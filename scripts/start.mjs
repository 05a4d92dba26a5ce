#!/usr/bin/env node
// `npm start`: builds Dockside, then runs its CLI over examples/ so the diagnostics can be seen at once.
// examples/mistakes holds deliberate mistakes, so "errors found" (exit 1) is the expected outcome here;
// anything else (a usage error, a crash) fails the command.
import { spawnSync } from 'node:child_process';

const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit' });

const build = run(['esbuild.mjs']);
if (build.status !== 0) process.exit(build.status ?? 1);

console.log('Dockside checks the example Compose files (examples/mistakes has deliberate mistakes):\n');
const cli = run(['dist/cli.js', 'validate', 'examples']);
if (cli.status !== 0 && cli.status !== 1) process.exit(cli.status ?? 1);
console.log('\nOpen examples/ in VS Code with Dockside installed to see the same findings as squiggles.');
