// A Docker Engine of the suite's own, made a single-node Swarm manager, for the Swarm suites. The engine
// `npm test` provides is shared (other suites, other people's work): `docker swarm init` on it would
// change it for everyone, so these suites start a second dockerd beside it with its own data, exec root,
// socket and containerd namespace, a default bridge of its own and no iptables rules (which it would share
// with the first engine), and its own `docker_gwbridge` (a bridge of that name is the first engine's if it
// was ever in a swarm). Its Swarm listens on loopback, on ports picked free. The local test image is
// built into it FROM scratch with busybox, as scripts/docker-engine.mjs builds it. stop() leaves the
// swarm, stops the engine by its pid, removes its folders and its bridge: nothing is left behind.
// One such engine runs at a time on a machine (takeTurn): suites running side by side wait their turn.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { resolveEngineAddress } from '../../engine/src/connection';
import { createDocker } from '../../engine/src/engine';
import { TEST_IMAGE } from './docker';
import { until } from './until';

export interface SwarmEngine {
  readonly docker: Docker;
  /** `unix:///tmp/…/docker.sock`, for DOCKER_HOST. */
  readonly host: string;
  /** Runs Debian's (or the installed) docker CLI against this engine. */
  readonly cli: (args: string[]) => { status: number | null; stdout: string; stderr: string };
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function makeBridge(name: string, address: string): void {
  for (const args of [
    ['link', 'add', 'name', name, 'type', 'bridge'],
    ['addr', 'add', address, 'dev', name],
    ['link', 'set', name, 'up'],
  ]) {
    const made = spawnSync('ip', args, { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${made.stderr}`);
  }
}

const TURN = join(tmpdir(), 'dockside-swarm-turn');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Waits until no other Swarm engine of ours runs on this machine, and holds the turn until the returned
 * function is called. Two single-node swarms on one kernel were seen to lose overlay traffic between a
 * service's tasks (a suite timed out reaching a service by name while another suite's swarm ran), so
 * suites that run side by side (more cores, or a bench beside the tests) take turns. A turn whose holder
 * is gone is taken over.
 */
async function takeTurn(): Promise<() => void> {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(TURN);
      writeFileSync(join(TURN, 'pid'), String(process.pid));
      // Given up once: a second stop() must not end the turn another process has taken since.
      let held = true;
      return () => {
        if (held) rmSync(TURN, { recursive: true, force: true });
        held = false;
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(join(TURN, 'pid'), 'utf8'));
    } catch {
      // Just made, its pid not written yet: look again.
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(TURN, { recursive: true, force: true });
    else if (Date.now() > deadline)
      throw new Error(`another Swarm engine of the suites (process ${holder}) ran for 20 minutes; see ${TURN}`);
    else await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function startSwarmEngine(): Promise<SwarmEngine> {
  const release = await takeTurn();
  const root = mkdtempSync(join(tmpdir(), 'dockside-swarm-'));
  const id = randomBytes(3).toString('hex');
  const socket = join(root, 'docker.sock');
  const host = `unix://${socket}`;
  const log = join(root, 'dockerd.log');
  const pidfile = join(root, 'dockerd.pid');
  const bridge = `dsw${id}gw`;
  // Its own default bridge, made here: with --bridge=none dockerd deletes the host's docker0 as it starts,
  // which is the first engine's, and every container started on that engine then fails to attach.
  const defaultBridge = `dsw${id}br`;
  try {
    makeBridge(defaultBridge, `10.${randomInt(251, 255)}.${randomInt(0, 255)}.1/24`);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    release();
    throw error;
  }
  const child: ChildProcess = spawn(
    'dockerd',
    [
      `--data-root=${join(root, 'data')}`,
      `--exec-root=${join(root, 'exec')}`,
      `--pidfile=${pidfile}`,
      `--host=${host}`,
      `--containerd-namespace=dockside-swarm-${id}`,
      `--containerd-plugins-namespace=dockside-swarm-${id}-plugins`,
      `--bridge=${defaultBridge}`,
      '--iptables=false',
      '--ip-masq=false',
    ],
    // Tasks use the images the engine has (nothing can be pulled here) without asking a registry first.
    { stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')], env: { ...process.env, DOCKER_SERVICE_PREFER_OFFLINE_IMAGE: '1' } },
  );
  const docker = createDocker(resolveEngineAddress({ env: { DOCKER_HOST: host }, platform: process.platform }));
  const cli = (args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const result = spawnSync('docker', ['-H', host, ...args], { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const stop = async (): Promise<void> => {
    await docker.swarmLeave({ force: true }).catch(() => undefined);
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, until('dockerd to stop', () => child.exitCode !== null, 30_000)]);
    }
    // Network namespaces of tasks the engine had no time to clean up stay mounted under its exec root.
    for (const line of readFileSync('/proc/self/mounts', 'utf8').split('\n')) {
      const point = line.split(' ')[1];
      if (point?.startsWith(`${root}/`)) spawnSync('umount', ['-l', point]);
    }
    rmSync(root, { recursive: true, force: true });
    // The engine leaves its bridges on the host when it stops: remove the gateway bridge it was given.
    spawnSync('ip', ['link', 'delete', bridge], { stdio: 'ignore' });
    spawnSync('ip', ['link', 'delete', defaultBridge], { stdio: 'ignore' });
    release();
  };
  try {
    await until(
      () => `the second dockerd to answer (its log: ${readFileSync(log, 'utf8').split('\n').slice(-5).join('\n')})`,
      async () => {
        if (child.exitCode !== null)
          throw new Error(`dockerd exited (${child.exitCode}): ${readFileSync(log, 'utf8').split('\n').slice(-5).join('\n')}`);
        return docker.ping().then(
          () => true,
          () => false,
        );
      },
      30_000,
      100,
    );
    const image = join(root, 'image');
    mkdirSync(image);
    copyFileSync('/bin/busybox', join(image, 'busybox'));
    writeFileSync(
      join(image, 'Dockerfile'),
      'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\nCMD ["/bin/sh"]\n',
    );
    const built = cli(['build', '-q', '-t', TEST_IMAGE, image]);
    if (built.status !== 0) throw new Error(`building ${TEST_IMAGE} in the second engine failed: ${built.stderr}`);
    // Swarm's gateway bridge, under a name of its own and on a subnet no other engine here hands out.
    const subnet = `10.${randomInt(200, 250)}.${randomInt(0, 255)}.0/24`;
    await docker.createNetwork({
      Name: 'docker_gwbridge',
      Driver: 'bridge',
      IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
      Options: {
        'com.docker.network.bridge.name': bridge,
        'com.docker.network.bridge.enable_icc': 'false',
        'com.docker.network.bridge.enable_ip_masquerade': 'false',
      },
    });
    const port = await freePort();
    await docker.swarmInit({
      ListenAddr: `127.0.0.1:${port}`,
      AdvertiseAddr: `127.0.0.1:${port}`,
      // Its own VXLAN port: overlay networks of two engines on one kernel must not share one.
      DataPathPort: randomInt(20_000, 40_000),
      DefaultAddrPool: [`10.${randomInt(100, 199)}.0.0/16`],
      SubnetSize: 24,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { docker, host, cli, stop };
}
