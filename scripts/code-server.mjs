#!/usr/bin/env node
// Real VS Code for `npm start` and the end-to-end tests (and the browser those tests drive it with): VS Code for the Web from the npm package
// code-server, installed on demand into node_modules/.cache/dockside/code-server-<version>/ (later runs reuse
// it), and started on 127.0.0.1 with throw-away user data and extensions folders, with Dockside's .vsix
// installed into them. code-server is not a dependency of the project: it is large and builds native
// modules, and only these two uses need it. `npm ci` empties node_modules, and with it this copy.
//
// Installing it on a Debian machine with no access to GitHub needs (see ensureCodeServer): a C/C++
// tool chain and libkrb5-dev for its native modules (installed with apt as root when missing, as
// scripts/docker-engine.mjs does for the engine), Debian's ripgrep in place of the binary
// @vscode/ripgrep downloads from GitHub, and two npm settings for install scripts run as root.
//
// Run directly: node scripts/code-server.mjs install | node scripts/code-server.mjs FOLDER VSIX
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptInstall, have } from './system.mjs';

/** The last code-server whose engines accept Node.js 20 (4.103 wants 22); it is VS Code 1.100.3. */
export const CODE_SERVER_VERSION = '4.100.3';
const root = fileURLToPath(new URL('..', import.meta.url));
// Under node_modules/.cache, where tools keep caches: ignored by git, and not walked by vsce when it
// packages (a folder elsewhere in the project would be, all 300 MB of it, on every `npm run package`).
export const codeServerHome = join(root, 'node_modules', '.cache', 'dockside', `code-server-${CODE_SERVER_VERSION}`);
const binary = join(codeServerHome, 'node_modules', '.bin', 'code-server');
const installedMarker = join(codeServerHome, '.installed');

// @vscode/ripgrep, as pinned by this code-server, fetches this ripgrep build from GitHub unless its cache
// in the temp folder already has it.
const RIPGREP_PACKAGE = '1.15.11';
const RIPGREP_BUILD = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-gnu' }[process.arch];
const RIPGREP_ARCHIVE = `ripgrep-v13.0.0-10-${RIPGREP_BUILD}.tar.gz`;

const defaultLog = (message) => console.log(`[code-server] ${message}`);

/** The system packages code-server's install needs on Linux, by what is missing. */
function missingSystemPackages() {
  if (process.platform !== 'linux') return [];
  const missing = [];
  if (!have('make') || !have('g++')) missing.push('build-essential');
  if (!have('python3')) missing.push('python3');
  if (!have('pkg-config')) missing.push('pkg-config');
  // kerberos (a VS Code dependency) builds from source when its prebuilt binary cannot be fetched.
  if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (!have('rg')) missing.push('ripgrep');
  return missing;
}

/** A temp folder whose @vscode/ripgrep cache holds the system's rg, so its install needs no GitHub. */
function seedRipgrepCache(log) {
  const temp = mkdtempSync(join(tmpdir(), 'dockside-code-server-install-'));
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (process.platform !== 'linux' || !RIPGREP_BUILD || !rg) return temp;
  const cache = join(temp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE}`);
  const staging = join(temp, 'rg');
  mkdirSync(cache);
  mkdirSync(staging);
  cpSync(rg, join(staging, 'rg'));
  const tar = spawnSync('tar', ['czf', join(cache, RIPGREP_ARCHIVE), '-C', staging, 'rg'], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error('could not pack the system ripgrep for @vscode/ripgrep');
  log(`@vscode/ripgrep will use ${rg}`);
  return temp;
}

/**
 * Makes sure code-server is installed under node_modules/.cache/ and returns the path of its executable. The
 * first run installs it (about a minute, most of it native builds); later runs find it at once.
 */
export function ensureCodeServer(log = defaultLog) {
  if (existsSync(installedMarker) && existsSync(binary)) return binary;
  const started = Date.now();
  const missing = missingSystemPackages();
  if (missing.length) aptInstall(missing, log);
  log(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerHome} (once; later runs reuse it)…`);
  rmSync(codeServerHome, { recursive: true, force: true });
  mkdirSync(codeServerHome, { recursive: true });
  writeFileSync(
    join(codeServerHome, 'package.json'),
    `${JSON.stringify({ private: true, description: 'code-server for Dockside: npm start and the end-to-end tests' }, null, 2)}\n`,
  );
  const temp = seedRipgrepCache(log);
  // Leave out what `npm run`/`npm test` put in the environment about this project, so npm installs here.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_(package_|lifecycle_|config_(local_)?prefix$)/.test(key)),
  );
  Object.assign(env, {
    TMPDIR: temp,
    // code-server's postinstall refuses to run as root without it (npm 11 warns that it does not know
    // the setting, but still hands it to the script, which is what reads it).
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall runs `npx node-gyp …`, which would otherwise ask before installing.
    npm_config_yes: 'true',
  });
  try {
    const npm = spawnSync(
      'npm',
      ['install', '--prefix', codeServerHome, '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`],
      {
        cwd: codeServerHome,
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    if (npm.status !== 0)
      throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${npm.status ?? npm.signal}); see the output above`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  const version = spawnSync(binary, ['--config', '/dev/null', '--version'], { encoding: 'utf8' });
  if (version.status !== 0 || !version.stdout.startsWith(CODE_SERVER_VERSION)) {
    throw new Error(`the installed code-server does not run: ${version.stderr || version.stdout}`);
  }
  writeFileSync(installedMarker, `${version.stdout.trim()}\n`);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return binary;
}

/**
 * The browser the end-to-end tests drive VS Code with: $CHROMIUM, or Debian's chromium, installed with
 * apt (as root) when missing. Returns its path.
 */
export function ensureChromium(log = defaultLog) {
  const path = process.env.CHROMIUM || '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (process.env.CHROMIUM) throw new Error(`CHROMIUM=${path} does not exist`);
  aptInstall(['chromium'], log);
  if (!existsSync(path)) throw new Error(`Debian's chromium package did not install ${path}`);
  return path;
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function healthy(url) {
  return new Promise((resolveHealth) => {
    const req = get(`${url}/healthz`, { timeout: 1000 }, (res) => {
      res.resume();
      resolveHealth(res.statusCode === 200);
    });
    req.on('error', () => resolveHealth(false));
    req.on('timeout', () => {
      req.destroy();
      resolveHealth(false);
    });
  });
}

/**
 * User settings for a throw-away profile: no welcome page, walkthroughs, tips, telemetry, update checks
 * or extension gallery look-ups. Workspace trust stays on, as users have it; the folder is trusted once,
 * in the dialog VS Code shows when it opens.
 */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  // Ports the stacks publish are on this machine already; no forwarding offers.
  'remote.autoForwardPorts': false,
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'always',
};

/**
 * Starts code-server on a free port of 127.0.0.1 with Dockside's .vsix installed, and waits until it
 * answers. `folder` is the workspace the printed URL opens; `env` adds to the environment it runs in. Returns { url, folderUrl, dataDir, log,
 * stop() }; stop() ends code-server and its children and removes the data folder.
 */
export async function startCodeServer({ folder, vsix, settings = {}, port, log = defaultLog, env }) {
  const cs = ensureCodeServer(log);
  if (!existsSync(vsix)) throw new Error(`${vsix} does not exist: run npm run package first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'dockside-vscode-'));
  const userDir = join(dataDir, 'user');
  mkdirSync(join(userDir, 'User'), { recursive: true });
  writeFileSync(join(userDir, 'User', 'settings.json'), `${JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2)}\n`);
  port ??= await freePort();
  // A config file of our own: without one, code-server writes ~/.config/code-server/config.yaml.
  const config = join(dataDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const common = ['--config', config, '--user-data-dir', userDir, '--extensions-dir', join(dataDir, 'extensions')];
  const install = spawnSync(cs, [...common, '--install-extension', resolve(vsix)], { encoding: 'utf8' });
  if (install.status !== 0 || !/successfully installed/.test(install.stdout)) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`code-server could not install ${vsix}: ${install.stderr || install.stdout}`);
  }
  const logFile = join(dataDir, 'code-server.log');
  const out = openSync(logFile, 'a');
  const child = spawn(
    cs,
    [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      resolve(folder),
    ],
    // Its own process group, so stop() ends the extension host and language servers with it.
    { stdio: ['ignore', out, out], detached: true, env: { ...process.env, ...env } },
  );
  closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const started = Date.now();
  while (!(await healthy(url))) {
    if (child.exitCode !== null || Date.now() - started > 60_000) {
      const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      await stop();
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, folderUrl: `${url}/?folder=${encodeURIComponent(resolve(folder))}`, dataDir, log: logFile, process: child, stop };
}

async function main([first, vsix]) {
  if (first === 'install' || first === undefined) {
    console.log(ensureCodeServer());
    return;
  }
  keepServing(await startCodeServer({ folder: first, vsix: vsix ?? join(root, 'dist', 'dockside.vsix') }));
}

/**
 * Prints the address to open and keeps code-server running until Ctrl+C or SIGTERM (standard input is
 * never read, so it runs as well with none); then stops it and exits.
 */
export function keepServing(server) {
  console.log(`\nOpen ${server.folderUrl}`);
  console.log('in a browser on this machine (trust the folder when VS Code asks). Ctrl+C stops it.');
  let stopping = false;
  const stop = () => {
    stopping = true;
    server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.process.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`code-server exited (${code ?? signal}); its log: ${server.log}`);
    process.exit(1);
  });
}

// No top-level await: the TypeScript tests load this module through require().
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`[code-server] ${error.message}`);
    process.exit(1);
  });
}
