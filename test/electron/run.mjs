#!/usr/bin/env node
// `npm run test:electron`: the extension-host suite (test/electron/suite/) in VS Code desktop, through
// @vscode/test-electron. It needs VS Code desktop: $VSCODE_EXECUTABLE_PATH when set, otherwise
// @vscode/test-electron downloads it from update.code.visualstudio.com into .vscode-test/ (and Linux
// needs a display: run it under xvfb-run there). Machines that cannot reach that address have the
// browser suite instead (test/e2e, part of npm test), which drives the same extension in real VS Code.
// Not named *.test.*, so test/run.mjs leaves it and its suite alone.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = fileURLToPath(new URL('../..', import.meta.url));
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// A copy of examples/, so the suite's edits never reach the real files.
const temp = mkdtempSync(join(tmpdir(), 'dockside-electron-'));
const workspace = join(temp, 'examples');
cpSync(join(root, 'examples'), workspace, { recursive: true });
try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'test', 'electron', 'suite', 'index.cjs'),
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      join(temp, 'user'),
    ],
  });
} catch (error) {
  console.error(`\nThe extension-host suite did not pass: ${error instanceof Error ? error.message : error}`);
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo/.test(String(error))) {
    console.error(
      'VS Code desktop could not be downloaded here. Set VSCODE_EXECUTABLE_PATH to an installed VS Code, or rely on the browser suite: node test/run.mjs test/e2e',
    );
  }
  process.exitCode = 1;
} finally {
  rmSync(temp, { recursive: true, force: true });
}
