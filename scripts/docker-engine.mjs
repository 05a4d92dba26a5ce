#!/usr/bin/env node
// Makes a Docker Engine available for the tests, the benchmark and `npm start`, as the README promises:
// install Debian's docker.io and busybox-static when they are missing (needs root and apt), start dockerd
// in the background when no engine answers, wait for its socket, and build the small local test image
// FROM scratch with busybox (no registry is needed or reached). Prints what it did; exits non-zero with the
// reason when it cannot. Used as a module (ensureDockerEngine) or run directly: node scripts/docker-engine.mjs
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'node:http';
import { aptInstall, have } from './system.mjs';

export const TEST_IMAGE = 'dockside-test/busybox:local';
const SOCKET = '/var/run/docker.sock';

function socketPath() {
  const host = process.env.DOCKER_HOST;
  if (host?.startsWith('unix://')) return host.slice('unix://'.length);
  return SOCKET;
}

function ping(path = socketPath()) {
  return new Promise((resolve) => {
    if (!existsSync(path)) return resolve(false);
    const req = request({ socketPath: path, path: '/_ping', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

async function startDockerd(log) {
  const logFile = join(tmpdir(), 'dockside-dockerd.log');
  const out = openSync(logFile, 'a');
  // Detached and unreferenced: the engine outlives this process, as a system daemon would, and the next
  // run reuses it.
  const child = spawn('dockerd', [], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (await ping(SOCKET)) {
      log(`dockerd started in ${Date.now() - started} ms (pid ${child.pid}, log ${logFile})`);
      return;
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dockerd did not come up within 60 s; see ${logFile}`);
}

function docker(args, opts = {}) {
  return spawnSync('docker', args, { encoding: 'utf8', ...opts });
}

function buildTestImage(log) {
  if (docker(['image', 'inspect', TEST_IMAGE], { stdio: 'ignore' }).status === 0) return;
  const dir = mkdtempSync(join(tmpdir(), 'dockside-image-'));
  try {
    copyFileSync('/bin/busybox', join(dir, 'busybox'));
    writeFileSync(
      join(dir, 'Dockerfile'),
      'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\nCMD ["/bin/sh"]\n',
    );
    const r = docker(['build', '-q', '-t', TEST_IMAGE, dir], { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    if (r.status !== 0) throw new Error(`building ${TEST_IMAGE} failed: ${r.stderr || r.stdout}`);
    log(`built ${TEST_IMAGE}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The examples build FROM busybox:latest, and the volume helper's default image is busybox:latest. Where
 * no registry can be reached (this project's CI), the local busybox build stands in for it; an image of
 * that name already on the engine is left alone.
 */
function provideBusyboxLatest(log) {
  if (docker(['image', 'inspect', 'busybox:latest'], { stdio: 'ignore' }).status === 0) return;
  const r = docker(['tag', TEST_IMAGE, 'busybox:latest']);
  if (r.status !== 0) throw new Error(`tagging ${TEST_IMAGE} as busybox:latest failed: ${r.stderr}`);
  log(`tagged ${TEST_IMAGE} as busybox:latest (Debian's busybox-static), for the examples and the volume helper`);
}

/** What each package the set-up may install is for, as said when installing it. */
const PURPOSE = {
  'docker.io': 'the Docker Engine',
  'busybox-static': 'the local image the examples and tests build from',
  'docker-compose': "docker-compose v1, for a test's label check and npm run bench",
};

/**
 * Ensures an engine answers and the test image exists. Returns the socket path. `forTests`: also install
 * Debian's docker-compose, which only the tests and the benchmark use (npm start passes false).
 */
export async function ensureDockerEngine(log = (m) => console.log(`[docker] ${m}`), { forTests = true } = {}) {
  const missing = [];
  if (!have('dockerd') && !(await ping())) missing.push('docker.io');
  if (!existsSync('/bin/busybox') || !isStatic('/bin/busybox')) missing.push('busybox-static');
  // Debian's docker-compose (v1) reads back the labels the Compose runner writes (a test), and is the
  // peer of `npm run bench`. Only where apt can install it: elsewhere the test checks the label values.
  if (forTests && !have('docker-compose') && process.getuid?.() === 0 && have('apt-get')) missing.push('docker-compose');
  // With recommends, as the set-up was verified (docker.io recommends cgroupfs-mount, among others).
  if (missing.length) aptInstall(missing, log, { recommends: true, why: `for ${missing.map((p) => PURPOSE[p]).join('; ')}` });
  if (!(await ping())) {
    if (process.env.DOCKER_HOST && !process.env.DOCKER_HOST.startsWith('unix://')) {
      throw new Error(`DOCKER_HOST=${process.env.DOCKER_HOST} does not answer`);
    }
    await startDockerd(log);
  }
  buildTestImage(log);
  provideBusyboxLatest(log);
  return socketPath();
}

function isStatic(path) {
  const r = spawnSync('file', [path], { encoding: 'utf8' });
  // Without `file`, trust Debian's package: busybox-static is the one that installs /bin/busybox.
  if (r.status !== 0) return spawnSync('dpkg', ['-S', path], { encoding: 'utf8' }).stdout?.includes('busybox-static');
  return /statically linked|static-pie/.test(r.stdout);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureDockerEngine().then(
    (path) => console.log(`[docker] engine ready at unix://${path}, image ${TEST_IMAGE}`),
    (error) => {
      console.error(`[docker] ${error.message}`);
      process.exit(1);
    },
  );
}
