import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClientLifecycle, stopAtWork, type ManagedClient } from '../../../client/src/lsp/lifecycle';

/** A promise the test settles by hand. */
function deferred(): { promise: Promise<void>; resolve(): void; reject(error: Error): void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets the lifecycle's queued operations run until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; !condition(); turn++) {
    if (turn === 10_000) throw new Error('the lifecycle never got there');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

type Behaviour = { start?: 'ok' | 'fail' | 'manual'; stop?: 'ok' | 'fail' | 'hang' };

/**
 * A client that keeps vscode-languageclient's rules: stop throws unless it runs (while starting, after a
 * failed start), dispose stops, and a disposed client cannot start again.
 */
class FakeClient implements ManagedClient {
  state: 'initial' | 'starting' | 'running' | 'startFailed' | 'stopped' = 'initial';
  disposed = false;
  readonly startGate = deferred();
  readonly calls: string[] = [];

  constructor(
    readonly id: number,
    private readonly behaviour: Behaviour,
  ) {}

  async start(): Promise<void> {
    this.calls.push('start');
    if (this.disposed) throw new Error("Client got disposed and can't be restarted.");
    this.state = 'starting';
    if (this.behaviour.start === 'manual') await this.startGate.promise;
    if (this.behaviour.start === 'fail') {
      this.state = 'startFailed';
      throw new Error('the server exited during initialize');
    }
    this.state = 'running';
  }

  async stop(): Promise<void> {
    this.calls.push('stop');
    if (this.state === 'stopped' || this.state === 'initial') return;
    if (this.state !== 'running') throw new Error(`Client is not running and can't be stopped. It's current state is: ${this.state}`);
    if (this.behaviour.stop === 'hang') return new Promise<void>(() => undefined);
    this.state = 'stopped';
    if (this.behaviour.stop === 'fail') throw new Error('Stopping the server timed out');
  }

  async dispose(): Promise<void> {
    this.calls.push('dispose');
    this.disposed = true;
    if (this.state === 'starting' || this.state === 'startFailed') throw new Error(`Client is not running and can't be stopped.`);
    if (this.state === 'running' && this.behaviour.stop === 'hang') return new Promise<void>(() => undefined);
    this.state = 'stopped';
  }
}

function harness(behaviours: Behaviour[] = []) {
  const clients: FakeClient[] = [];
  const log: string[] = [];
  const lifecycle = new ClientLifecycle<FakeClient>({
    create: () => {
      const client = new FakeClient(clients.length + 1, behaviours[clients.length] ?? {});
      clients.push(client);
      return client;
    },
    log: { info: (m) => log.push(`info: ${m}`), error: (m) => log.push(`error: ${m}`) },
    stopTimeoutMs: 20,
  });
  /** Clients that are neither stopped-and-disposed nor the current one: what a race would leave behind. */
  const orphans = () => clients.filter((c) => c !== lifecycle.client && !(c.disposed && c.state !== 'running' && c.state !== 'starting'));
  return { lifecycle, clients, log, orphans };
}

test('restarts asked for while a start is still under way wait for it, join into one, and leave one client', async () => {
  const { lifecycle, clients, orphans } = harness([{ start: 'manual' }]);
  const started = lifecycle.start();
  // Three triggers at once (a setting changed twice, trust granted) while the first client starts.
  const restarts = [lifecycle.restart('a setting changed'), lifecycle.restart('again'), lifecycle.restart('trust granted')];
  await until(() => clients.length === 1);
  assert.equal(lifecycle.client, clients[0], 'the starting client takes requests meanwhile');
  clients[0]!.startGate.resolve();
  await Promise.all([started, ...restarts]);

  assert.equal(clients.length, 2, 'one restart, not three');
  assert.deepEqual(clients[0]!.calls, ['start', 'stop', 'dispose'], 'stopped only once it ran, then disposed');
  assert.equal(lifecycle.client, clients[1]);
  assert.equal(clients[1]!.state, 'running');
  assert.deepEqual(orphans(), []);
  assert.deepEqual(lifecycle.state, { kind: 'running' });
});

test('a restart asked for while another restart runs is not lost: it runs after, with a new client', async () => {
  const { lifecycle, clients, orphans } = harness([{}, { start: 'manual' }]);
  await lifecycle.start();
  const first = lifecycle.restart('first');
  // Let the first restart begin (its new client is starting), then ask again: the settings may have changed since.
  await until(() => clients.length === 2);
  const second = lifecycle.restart('second');
  clients[1]!.startGate.resolve();
  await Promise.all([first, second]);
  assert.equal(clients.length, 3);
  assert.equal(lifecycle.client, clients[2]);
  assert.deepEqual(orphans(), []);
});

test('a stop that fails still disposes the client, and the restart goes on', async () => {
  const { lifecycle, clients, log } = harness([{ stop: 'fail' }]);
  await lifecycle.start();
  await lifecycle.restart('asked for');
  assert.deepEqual(clients[0]!.calls, ['start', 'stop', 'dispose']);
  assert.equal(clients[0]!.disposed, true);
  assert.equal(lifecycle.client, clients[1]);
  assert.ok(
    log.some((line) => /did not stop cleanly \(Stopping the server timed out\)/.test(line)),
    log.join('\n'),
  );
});

test('a stop that never ends is given up after the timeout: the client is disposed and a new one starts', async () => {
  const { lifecycle, clients } = harness([{ stop: 'hang' }]);
  await lifecycle.start();
  await lifecycle.restart('asked for');
  assert.equal(clients[0]!.disposed, true);
  assert.equal(clients.length, 2);
  assert.equal(lifecycle.client, clients[1]);
  assert.deepEqual(lifecycle.state, { kind: 'running' });
});

test('after a failed start there is no client to ask, and a restart starts a working one', async () => {
  const { lifecycle, clients, orphans } = harness([{ start: 'fail' }]);
  await lifecycle.start();
  assert.deepEqual(lifecycle.state, { kind: 'failed', reason: 'the server exited during initialize' });
  assert.equal(lifecycle.client, undefined, 'commands say the server is not running instead of failing obscurely');

  await lifecycle.restart('asked for');
  assert.deepEqual(clients[0]!.calls, ['start', 'dispose'], 'a failed client is not asked to stop (it would throw), only disposed');
  assert.equal(clients[0]!.disposed, true);
  assert.equal(lifecycle.client, clients[1]);
  assert.deepEqual(lifecycle.state, { kind: 'running' });
  assert.deepEqual(orphans(), []);
});

test('disposing stops the client after what is queued, and nothing starts after it', async () => {
  const { lifecycle, clients, orphans } = harness([{ start: 'manual' }]);
  const started = lifecycle.start();
  await until(() => clients.length === 1);
  // VS Code deactivates while the client starts and a restart waits.
  const restart = lifecycle.restart('a setting changed');
  const disposed = lifecycle.dispose();
  clients[0]!.startGate.resolve();
  await Promise.all([started, restart, disposed]);
  assert.equal(clients.length, 1, 'the restart queued before the dispose does not start a client');
  assert.deepEqual(clients[0]!.calls, ['start', 'stop', 'dispose']);
  assert.equal(lifecycle.client, undefined);
  assert.deepEqual(lifecycle.state, { kind: 'stopped' });
  assert.deepEqual(orphans(), []);
  await lifecycle.start();
  assert.equal(clients.length, 1, 'a disposed lifecycle starts nothing');
});

test('after a stop was asked for, the exit with code 0 and notifications that found no server are information; the rest is an error', () => {
  assert.equal(stopAtWork('Server process exited with code 0.', true), 'Server process exited with code 0.');
  assert.equal(
    stopAtWork('Sending notification workspace/didChangeConfiguration failed', true),
    'Sending notification workspace/didChangeConfiguration skipped: the server was stopping.',
  );
  assert.equal(stopAtWork('Server process exited with code 0.', false), undefined, 'an exit nobody asked for is reported');
  assert.equal(stopAtWork('Sending notification workspace/didChangeConfiguration failed', false), undefined);
  assert.equal(stopAtWork('Server process exited with code 1.', true), undefined, 'a crash while stopping is reported');
  assert.equal(stopAtWork('Server process exited with signal SIGTERM.', true), undefined, 'a stop that had to kill it is reported');
  assert.equal(stopAtWork('Stopping server failed', true), undefined);
});
