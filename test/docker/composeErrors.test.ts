// Up on bad input: each failure names the service and the engine's reason, and says what was left.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Docker from 'dockerode';
import { LineIndex, validateCompose } from '../../core/src';
import { diskHost } from '../../core/node/host';
import { loadStack, stackUp, StackError } from '../../engine/src/compose';
import { freePort, removeProject } from '../helpers/compose';
import { testEngine, uniqueName } from '../helpers/docker';
import { EngineProxy } from '../helpers/engineProxy';

const FIXTURES = join(__dirname, '..', 'fixtures', 'stacks');
const { docker, address } = testEngine();

async function upFailure(run: Promise<unknown>): Promise<StackError> {
  try {
    await run;
  } catch (error) {
    assert.ok(error instanceof StackError, String(error));
    return error;
  }
  assert.fail('Up succeeded');
}

/** Dockerode on a proxy of the real engine that the test can cut, as a dying engine would. */
async function engineProxy(): Promise<{ docker: Docker; close: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'dockside-proxy-'));
  const proxy = new EngineProxy(join(dir, 'docker.sock'), String(address.options.socketPath));
  await proxy.start();
  const close = (): void => void proxy.stop().then(() => rmSync(dir, { recursive: true, force: true }));
  return { docker: new Docker({ socketPath: proxy.path }), close };
}

describe('Up on bad input', () => {
  const projects: string[] = [];
  const project = (prefix: string): string => {
    const name = uniqueName(prefix);
    projects.push(name);
    return name;
  };
  after(async () => {
    for (const name of projects) await removeProject(docker, name);
  });

  test("a project with mistakes: Up refuses with exactly the validator's errors, before creating anything", async () => {
    const name = project('dockside-mistakes');
    const workingDir = join(__dirname, '..', '..', 'examples', 'mistakes');
    const file = join(workingDir, 'compose.yaml');
    const text = readFileSync(file, 'utf8');
    const lines = new LineIndex(text);
    const expected = validateCompose(text, { host: diskHost(), documentPath: file })
      .filter((finding) => finding.severity === 'error')
      .map((finding) => `${file}:${lines.positionAt(finding.span[0]).line + 1}: ${finding.message}`);
    const error = await upFailure(stackUp(docker, loadStack({ workingDir, projectName: name, env: {} })));
    const [heading, ...reasons] = error.message.split('\n');
    assert.equal(heading, `Project "${name}" cannot start:`);
    assert.deepEqual(reasons.slice(0, -1), expected);
    assert.deepEqual(error.created, []);
    assert.deepEqual(await docker.listNetworks({ filters: JSON.stringify({ label: [`com.docker.compose.project=${name}`] }) }), []);
  });

  test('a missing image that cannot be pulled: the service and the registry error, nothing created', async () => {
    const name = project('dockside-missing');
    const error = await upFailure(stackUp(docker, loadStack({ workingDir: join(FIXTURES, 'missing-image'), projectName: name, env: {} })));
    assert.equal(error.service, 'ghost');
    assert.match(
      error.message,
      /^Service "ghost": image "dockside-test\/never-built:missing" is not on the engine and pulling it failed: \S.*\. Nothing was left created\.$/,
    );
    assert.deepEqual(error.created, []);
    assert.deepEqual(await docker.listNetworks({ filters: JSON.stringify({ label: [`com.docker.compose.project=${name}`] }) }), []);
  });

  test("a port already taken: the engine's reason, and the network and container left behind", async () => {
    const name = project('dockside-port');
    const port = await freePort();
    const holder = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => holder.once('listening', resolve));
    try {
      const stack = loadStack({ workingDir: join(FIXTURES, 'port-taken'), projectName: name, env: { TAKEN_PORT: String(port) } });
      const error = await upFailure(stackUp(docker, stack));
      assert.equal(error.service, 'web');
      assert.match(
        error.message,
        new RegExp(`^Service "web": failed to start container ${name}-web-1: .*(address already in use|port is already allocated)`),
      );
      assert.deepEqual(error.created, [`network ${name}_default`, `container ${name}-web-1`]);
      assert.match(error.message, new RegExp(`Left created: network ${name}_default, container ${name}-web-1 \\(Down removes them\\)\\.$`));
    } finally {
      holder.close();
    }
  });

  test('a dependency that never gets healthy: the waiting service, the dependency and the time it was given', async () => {
    const name = project('dockside-health');
    const stack = loadStack({ workingDir: join(FIXTURES, 'never-healthy'), projectName: name, env: {} });
    const error = await upFailure(stackUp(docker, stack, { healthTimeoutMs: 2500 }));
    assert.equal(error.service, 'app');
    assert.match(
      error.message,
      new RegExp(
        `^Service "app" waits for "db", but ${name}-db-1 did not become healthy within 2\\.5 s \\(its health is still "starting"; last check said: still warming up\\)\\.`,
      ),
    );
    assert.deepEqual(error.created, [`network ${name}_default`, `container ${name}-db-1`]);
  });

  test('a service that crashes in a loop: Up with wait names it, the restarts and its last output, without waiting for the timeout', async () => {
    const name = project('dockside-crashloop');
    const stack = loadStack({ workingDir: join(FIXTURES, 'crash-loop'), projectName: name, env: {} });
    const started = Date.now();
    const error = await upFailure(stackUp(docker, stack, { wait: true, healthTimeoutMs: 60_000 }));
    assert.equal(error.service, 'flaky');
    assert.match(
      error.message,
      new RegExp(
        `^Service "flaky": ${name}-flaky-1 keeps restarting \\((exit code 3, )?restarted (once|\\d+ times)\\); it last said: cannot open /config/app\\.conf\\.`,
      ),
    );
    assert.ok(Date.now() - started < 30_000, 'it did not wait for the timeout');
  });

  test('a dependency that turns unhealthy fails at once, with what its check said', async () => {
    const name = project('dockside-unhealthy');
    const stack = loadStack({ workingDir: join(FIXTURES, 'never-healthy'), projectName: name, env: { DB_RETRIES: '1' } });
    const started = Date.now();
    const error = await upFailure(stackUp(docker, stack, { healthTimeoutMs: 60_000 }));
    assert.match(
      error.message,
      new RegExp(`^Service "app" waits for "db", but ${name}-db-1 is unhealthy; last check said: still warming up\\.`),
    );
    assert.ok(Date.now() - started < 30_000, 'it did not wait for the timeout');
  });

  test('the engine going away mid-Up: the lost connection, the service being worked on, what was already created', async () => {
    const name = project('dockside-lost');
    const proxy = await engineProxy();
    const stack = loadStack({ workingDir: join(FIXTURES, 'three'), projectName: name, env: { WEB_PORT: String(await freePort()) } });
    const error = await upFailure(
      stackUp(proxy.docker, stack, {
        onEvent: (event) => {
          if (event.kind === 'step' && event.message.startsWith('Creating container')) proxy.close();
        },
      }),
    );
    // A request in flight sees the connection cut; the next one finds no socket: either is said as such.
    assert.match(
      error.message,
      /^Service "(web|job)": cannot create container \S+: (the connection to the Docker Engine was lost|the Docker Engine cannot be reached) \(.+\)\./,
    );
    assert.deepEqual(error.created.slice(0, 2), [`network ${name}_default`, `volume ${name}_shared`]);
    assert.match(error.message, new RegExp(`Left created: network ${name}_default, volume ${name}_shared`));
  });

  test('an engine that is not there: Up says so before creating anything', async () => {
    const gone = new Docker({ socketPath: join(tmpdir(), `${uniqueName('no-engine')}.sock`) });
    const stack = loadStack({ workingDir: join(FIXTURES, 'missing-image'), projectName: project('dockside-noengine'), env: {} });
    const error = await upFailure(stackUp(gone, stack));
    assert.match(
      error.message,
      /^Service "ghost": cannot look up image "dockside-test\/never-built:missing": the Docker Engine cannot be reached \(connect ENOENT .+\)\. Nothing was left created\.$/,
    );
  });

  test('cancelling during a build stops it before anything is created', async () => {
    const name = project('dockside-cancel-build');
    const controller = new AbortController();
    const stack = loadStack({ workingDir: join(FIXTURES, 'build'), projectName: name, env: {} });
    try {
      const error = await upFailure(
        stackUp(docker, stack, { signal: controller.signal, onEvent: (event) => event.kind === 'output' && controller.abort() }),
      );
      assert.equal(error.message, `Up of "${name}" was cancelled. Nothing was left created.`);
    } finally {
      await docker
        .getImage(`${name}-app`)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });

  test('cancelling Up stops it and says what it had created', async () => {
    const name = project('dockside-cancel');
    const controller = new AbortController();
    const stack = loadStack({ workingDir: join(FIXTURES, 'never-healthy'), projectName: name, env: {} });
    const error = await upFailure(
      stackUp(docker, stack, {
        signal: controller.signal,
        onEvent: (event) => {
          if (event.kind === 'step' && event.message.startsWith('Waiting for db')) controller.abort();
        },
      }),
    );
    assert.match(
      error.message,
      new RegExp(
        `^Up of "${name}" was cancelled\\. Left created: network ${name}_default, container ${name}-db-1 \\(Down removes them\\)\\.$`,
      ),
    );
  });
});
