import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseDockerHost } from '../../engine/src/connection';
import { EngineSession, type EngineChange } from '../../engine/src/session';
import { EngineProxy } from '../helpers/engineProxy';
import { removeLabelled, TEST_IMAGE, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { until } from '../helpers/until';

const { docker, address } = testEngine();
const run = uniqueName('session');
const sessions: EngineSession[] = [];
const folder = mkdtempSync(join(tmpdir(), 'dockside-session-'));

after(async () => {
  for (const session of sessions) session.dispose();
  await removeLabelled(docker, `${TEST_LABEL}=${run}`);
  rmSync(folder, { recursive: true, force: true });
});

/** A session with quick retries; `onAttempt` hears every connection attempt (each reads the address). */
function session(socketOrLabel: string, onAttempt?: () => void): EngineSession {
  const created = new EngineSession({
    address: () => {
      onAttempt?.();
      return parseDockerHost(socketOrLabel);
    },
    initialRetryMs: 50,
    maxRetryMs: 200,
    probeTimeoutMs: 2000,
  });
  sessions.push(created);
  return created;
}

test('connects to the engine and reports its version', async () => {
  const engine = session(address.label);
  const state = await engine.connect();
  assert.equal(state.kind, 'connected', state.kind === 'disconnected' ? state.reason : '');
  assert.match(state.kind === 'connected' ? state.info.version : '', /^\d+\./);
  assert.ok(engine.docker);
});

test('hears from the event stream when a labelled container is created', async () => {
  const engine = session(address.label);
  await engine.connect();
  const name = uniqueName('evt');
  const heard = new Promise<EngineChange>((resolve) => {
    engine.onDidChange((change) => {
      if (change.scope === 'container' && change.action === 'create' && change.attributes.name === name) resolve(change);
    });
  });
  const container = await docker.createContainer({ Image: TEST_IMAGE, name, Cmd: ['true'], Labels: { [TEST_LABEL]: run } });
  const change = await Promise.race([
    heard,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no create event within 10 s')), 10_000)),
  ]);
  assert.equal(change.id, container.id);
  assert.equal(change.attributes[TEST_LABEL], run);
});

test('a missing socket leaves the session disconnected with the reason, retrying', async () => {
  const engine = session(`unix://${join(folder, 'absent.sock')}`);
  const state = await engine.connect();
  assert.equal(state.kind, 'disconnected');
  assert.match(state.kind === 'disconnected' ? state.reason : '', /No Docker Engine socket at unix:\/\/.*absent\.sock/);
  assert.ok(state.kind === 'disconnected' && state.retryInMs !== undefined);
});

test('a malformed address is reported and not retried', async () => {
  const engine = session('ftp://nowhere');
  const state = await engine.connect();
  assert.equal(state.kind, 'disconnected');
  assert.match(state.kind === 'disconnected' ? state.reason : '', /Unknown scheme "ftp"/);
  assert.equal(state.kind === 'disconnected' ? state.retryInMs : 0, undefined);
});

test('reconnects by itself when the engine comes back, and says so once', async () => {
  const socketPath = join(folder, 'proxy.sock');
  const proxy = new EngineProxy(socketPath, address.options.socketPath ?? '/var/run/docker.sock');
  await proxy.start();
  let attempts = 0;
  const engine = session(`unix://${socketPath}`, () => attempts++);
  assert.equal((await engine.connect()).kind, 'connected');
  const states: string[] = [];
  engine.onDidChangeState((state) => states.push(state.kind === 'disconnected' ? `disconnected: ${state.reason}` : state.kind));

  await proxy.stop();
  const down = await engine.waitFor('disconnected', 5000);
  assert.match(down.kind === 'disconnected' ? down.reason : '', /closed the connection|was lost|No Docker Engine socket|refused/);
  // Several retries fail while the proxy is away; listeners heard the loss, then at most the new
  // reason ("no socket"), not once per retry.
  const attemptsWhenLost = attempts;
  await until('three retries while the engine is away', () => attempts >= attemptsWhenLost + 3);
  assert.ok(states.length >= 1 && states.length <= 2, states.join('\n'));
  assert.ok(
    states.every((state) => state.startsWith('disconnected')),
    states.join('\n'),
  );
  const whileDown = states.length;

  await proxy.start();
  const reconnected = new Promise<EngineChange>((resolve) => engine.onDidChange((change) => change.scope === 'engine' && resolve(change)));
  await engine.waitFor('connected', 5000);
  assert.equal((await reconnected).action, 'connected');
  assert.deepEqual(states.slice(whileDown), ['connected']);

  // And the new stream delivers events again.
  const name = uniqueName('back');
  const heard = new Promise<void>((resolve) => engine.onDidChange((change) => change.attributes.name === name && resolve()));
  await docker.createContainer({ Image: TEST_IMAGE, name, Cmd: ['true'], Labels: { [TEST_LABEL]: run } });
  await Promise.race([
    heard,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event after reconnecting')), 10_000)),
  ]);
  await proxy.stop();
});
