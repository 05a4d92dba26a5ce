#!/usr/bin/env node
// Real VS Code for `npm start` and the end-to-end tests (and the browser those tests drive it with): VS Code for the Web from the npm package
// code-server, installed on demand into node_modules/.cache/dockside/code-server-<version>/ (later runs reuse
// it), and started on 127.0.0.1 with throw-away user data and extensions folders, with Dockside's .vsix
// installed into them. code-server is not a dependency of the project: it is large and builds native
// modules, and only these two uses need it. `npm ci` empties node_modules, and with it this copy.
//
// What the first start installs, and how (see installCodeServer): only what serving VS Code for the Web
// needs. Its packages come from npm with their install scripts off (--ignore-scripts, --omit=dev), and
// only the native modules it loads are then built: node-pty (the terminal), @vscode/spdlog (log files,
// which the Output panel shows), native-watchdog (the extension host) and argon2 (loaded at start by
// code-server). Left out: kerberos (proxy authentication only, loaded only then), the Windows-only
// modules, and @vscode/ripgrep's download from GitHub, replaced by Debian's rg. The builds need a C/C++
// tool chain and python3, installed with apt as root when missing (as scripts/docker-engine.mjs does for
// the engine). What they make is kept in ~/.cache/dockside/native-modules/ and reused by later installs.
//
// Run directly: node scripts/code-server.mjs install | node scripts/code-server.mjs FOLDER VSIX
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
const installLog = join(codeServerHome, 'install.log');
const vscodeDir = join(codeServerHome, 'node_modules', 'code-server', 'lib', 'vscode');

/** The native modules VS Code for the Web loads on Linux, by the folder whose node_modules has them. */
const NATIVE_MODULES = {
  [vscodeDir]: ['node-pty', '@vscode/spdlog', 'native-watchdog'],
  [codeServerHome]: ['argon2'],
};
// The native modules once built, kept per user as npm keeps what it downloads: a later install (after
// `npm ci` emptied node_modules, or in another checkout) copies them in rather than compiling them again.
// By module version, platform and Node.js ABI; a copy that does not load is built again.
const builtCache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dockside', 'native-modules');
/** Changes when the way they are built does (the flags in npmEnv). */
const BUILD_RECIPE = 'O1';
/** How often a long install says how far it is. */
const HEARTBEAT_MS = 5000;

const defaultLog = (message) => console.log(`[code-server] ${message}`);

/** The system packages code-server's install needs on Linux, by what is missing. */
function missingSystemPackages() {
  if (process.platform !== 'linux') return [];
  const missing = [];
  if (!have('make') || !have('g++')) missing.push('build-essential');
  if (!have('python3')) missing.push('python3');
  if (!have('rg')) missing.push('ripgrep');
  return missing;
}

/**
 * Makes sure code-server is installed under node_modules/.cache/ and returns the path of its executable.
 * The first run installs it (see installCodeServer); later runs find it at once. Synchronous, for callers
 * that cannot wait (test/run.mjs): the install runs in a child process, whose progress lines go to this
 * process's output as they come with the default `log`, and to `log` once it ends otherwise.
 */
export function ensureCodeServer(log = defaultLog) {
  if (isInstalled()) return binary;
  const live = log === defaultLog;
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { installCodeServer } from ${JSON.stringify(import.meta.url)};\ninstallCodeServer().catch((e) => { console.error(\`[code-server] \${e.message}\`); process.exit(1); });`,
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', live ? 'inherit' : 'pipe', live ? 'inherit' : 'pipe'],
    },
  );
  if (!live)
    for (const line of `${child.stdout ?? ''}${child.stderr ?? ''}`.split('\n').filter(Boolean)) log(line.replace(/^\[code-server\] /, ''));
  if (child.status !== 0 || !isInstalled())
    throw new Error(`installing code-server ${CODE_SERVER_VERSION} failed (exit ${child.status ?? child.signal}); see the output above`);
  return binary;
}

function isInstalled() {
  return existsSync(installedMarker) && existsSync(binary);
}

/**
 * Installs code-server under node_modules/.cache/ unless it is there, and returns the path of its
 * executable. The first run takes about half a minute on a 2-core machine, most of it building
 * @vscode/spdlog; later installs (after `npm ci`) reuse the native modules built then and take seconds.
 * Every few seconds it says what it is doing and for how long so far. What npm prints goes to
 * install.log in that folder, and is shown when a step fails.
 */
export async function installCodeServer(log = defaultLog) {
  if (isInstalled()) return binary;
  const started = Date.now();
  const missing = missingSystemPackages();
  if (missing.length)
    aptInstall(missing, log, {
      why: `to build code-server's native modules${missing.includes('ripgrep') ? ' and for its search (ripgrep)' : ''}`,
    });
  log(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerHome} (once; later starts reuse it)…`);
  rmSync(codeServerHome, { recursive: true, force: true });
  mkdirSync(codeServerHome, { recursive: true });
  writeFileSync(
    join(codeServerHome, 'package.json'),
    `${JSON.stringify({ private: true, description: 'code-server for Dockside: npm start and the end-to-end tests' }, null, 2)}\n`,
  );

  // What is running now, said every few seconds with the time since the install began.
  // Steps are an activity and what it is about; the builds that overlap are said as one.
  const running = new Map();
  const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
  const say = () => {
    if (!running.size) return;
    const activities = new Map();
    for (const [activity, what] of running.values())
      activities.set(activity, [...(activities.get(activity) ?? []), ...(what ? [what] : [])]);
    const now = [...activities].map(([activity, whats]) => (whats.length ? `${activity} (${whats.join(', ')})` : activity));
    log(`installing code-server ${CODE_SERVER_VERSION}: ${now.join(', ')}… ${seconds()}`);
  };
  const heartbeat = setInterval(say, HEARTBEAT_MS);
  const step = async (activity, what, body) => {
    const key = Symbol(activity);
    running.set(key, [activity, what]);
    try {
      return await body();
    } finally {
      running.delete(key);
    }
  };
  const npm = (cwd, args, extraEnv = {}) =>
    run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=warn'], cwd, { ...npmEnv(), ...extraEnv });
  const install = ['install', '--ignore-scripts', '--omit=dev', '--prefer-offline'];
  const reused = [];
  try {
    await step("fetching code-server's packages", '', () =>
      npm(codeServerHome, [...install, '--save-exact', `code-server@${CODE_SERVER_VERSION}`]),
    );
    // Once its packages are there, three things go on at once: argon2's build, VS Code's packages and
    // then its builds, the built-in extensions' TypeScript. The first failure is reported once all ended.
    const native = async (cwd, extraEnv) => {
      const names = [];
      for (const name of NATIVE_MODULES[cwd]) (restoreBuilt(cwd, name) ? reused : names).push(name);
      if (!names.length) return;
      await step('building native modules', names.join(', '), () => npm(cwd, ['rebuild', ...names], extraEnv));
      for (const name of names) keepBuilt(cwd, name);
    };
    const parts = await Promise.allSettled([
      // From source at once: its install script would first look for a prebuilt binary on GitHub.
      native(codeServerHome, { npm_config_build_from_source: 'true' }),
      (async () => {
        await step("fetching VS Code's packages", '', () => npm(vscodeDir, install));
        linkAsCodeServerWould();
        await provideRipgrep(npm);
        await native(vscodeDir);
      })(),
      (async () => {
        const extensions = join(vscodeDir, 'extensions');
        await step('fetching TypeScript for the built-in extensions', '', () => npm(extensions, install));
        // What its own postinstall does: keep only the parts of TypeScript the extensions load.
        await run(process.execPath, ['postinstall.mjs'], extensions);
      })(),
    ]);
    const failed = parts.find((p) => p.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    clearInterval(heartbeat);
  }
  const version = spawnSync(binary, ['--config', '/dev/null', '--version'], { encoding: 'utf8' });
  if (version.status !== 0 || !version.stdout.startsWith(CODE_SERVER_VERSION)) {
    throw new Error(`the installed code-server does not run: ${version.stderr || version.stdout}`);
  }
  writeFileSync(installedMarker, `${version.stdout.trim()}\n`);
  log(
    `code-server ${CODE_SERVER_VERSION} installed in ${seconds()}${reused.length ? ` (${reused.join(', ')} as built before, from ${builtCache})` : ''}`,
  );
  return binary;
}

function builtEntry(cwd, name) {
  const { version } = JSON.parse(readFileSync(join(cwd, 'node_modules', name, 'package.json'), 'utf8'));
  return join(
    builtCache,
    `${name.replace('/', '+')}@${version}-${process.platform}-${process.arch}-node${process.versions.modules}-${BUILD_RECIPE}`,
  );
}

/** Copies in a native module built before, when there is one that loads. */
function restoreBuilt(cwd, name) {
  const entry = builtEntry(cwd, name);
  if (!existsSync(entry)) return false;
  const folder = join(cwd, 'node_modules', name);
  cpSync(entry, folder, { recursive: true });
  if (spawnSync(process.execPath, ['-e', `require(${JSON.stringify(folder)})`], { stdio: 'ignore' }).status === 0) return true;
  rmSync(entry, { recursive: true, force: true });
  return false;
}

/** Keeps what a native module's build made that it loads (.node files, node-pty's spawn-helper), not the intermediates. */
function keepBuilt(cwd, name) {
  const folder = join(cwd, 'node_modules', name);
  const files = [];
  const walk = (relative) => {
    for (const entry of readdirSync(join(folder, relative), { withFileTypes: true })) {
      const path = join(relative, entry.name);
      if (entry.isDirectory() && !['node_modules', 'obj.target', '.deps'].includes(entry.name) && !entry.name.startsWith('build-tmp'))
        walk(path);
      else if (entry.isFile() && (entry.name.endsWith('.node') || entry.name === 'spawn-helper')) files.push(path);
    }
  };
  try {
    walk('');
    if (!files.length) return;
    mkdirSync(builtCache, { recursive: true });
    const staging = mkdtempSync(join(builtCache, '.staging-'));
    for (const file of files) {
      mkdirSync(dirname(join(staging, file)), { recursive: true });
      copyFileSync(join(folder, file), join(staging, file));
    }
    // Whole or not at all: a concurrent install may have kept the same build already.
    try {
      renameSync(staging, builtEntry(cwd, name));
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  } catch {
    // Only a cache: the install itself went well.
  }
}

/** The environment npm installs code-server with. */
function npmEnv() {
  // Leave out what `npm run`/`npm test` put in the environment about this project, so npm installs here.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_(package_|lifecycle_|config_(local_)?prefix$)/.test(key)),
  );
  return Object.assign(env, {
    // node-pty's postinstall runs `npx node-gyp …`, which would otherwise ask before installing.
    npm_config_yes: 'true',
    // node-gyp compiles on every core rather than on one, and optimises less than its -O3: these
    // modules are no hot path here, and @vscode/spdlog compiles in two thirds of the time.
    JOBS: 'max',
    CFLAGS: `${process.env.CFLAGS ?? ''} -O1`.trim(),
    CXXFLAGS: `${process.env.CXXFLAGS ?? ''} -O1`.trim(),
  });
}

/** Runs a command to its end, its output added to install.log; rejects with the end of that output when it fails. */
function run(command, args, cwd, env = process.env) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const output = Buffer.concat(chunks).toString('utf8');
      appendFileSync(installLog, `$ (cd ${cwd} && ${command} ${args.join(' ')})\n${output}\n`);
      if (code === 0) return resolveRun(output);
      const tail = output.trimEnd().split('\n').slice(-40).join('\n');
      reject(new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${code ?? signal}):\n${tail}\n(all of it: ${installLog})`));
    });
  });
}

/** The links code-server's own postinstall makes in VS Code's folder. */
function linkAsCodeServerWould() {
  const link = (target, path) => {
    rmSync(path, { recursive: true, force: true });
    symlinkSync(target, path);
  };
  const os = process.platform === 'darwin' ? 'darwin' : 'linux';
  link('node_modules', join(vscodeDir, 'node_modules.asar'));
  link(`code-${os}.sh`, join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  link(`browser-${os}.sh`, join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
}

/**
 * VS Code's search runs @vscode/ripgrep's bin/rg, which its install script downloads from GitHub: the
 * system's rg (Debian's ripgrep) takes its place where there is one; elsewhere the script runs.
 */
async function provideRipgrep(npm) {
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  const bin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  if (!rg) {
    await npm(vscodeDir, ['rebuild', '@vscode/ripgrep']);
    return;
  }
  mkdirSync(bin, { recursive: true });
  copyFileSync(rg, join(bin, 'rg'));
  chmodSync(join(bin, 'rg'), 0o755);
}

/**
 * The browser the end-to-end tests drive VS Code with: $CHROMIUM, or Debian's chromium, installed with
 * apt (as root) when missing. Returns its path.
 */
export function ensureChromium(log = defaultLog) {
  const path = process.env.CHROMIUM || '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (process.env.CHROMIUM) throw new Error(`CHROMIUM=${path} does not exist`);
  aptInstall(['chromium'], log, { why: 'for the end-to-end tests to drive VS Code with' });
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
 * answers. `folder` is the workspace the printed URL opens; `env` adds to the environment it runs in.
 * Returns { url, folderUrl, dataDir, log, stop() }; stop() ends code-server and its children and removes
 * the data folder.
 */
export async function startCodeServer({ folder, vsix, settings = {}, port, log = defaultLog, env }) {
  const cs = await installCodeServer(log);
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
    console.log(await installCodeServer());
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
