import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  confirmDown,
  confirmDownVolumes,
  emptyVolumeDecision,
  importVolumeDecision,
  mayRun,
  pruneDecision,
  removeVolumeDecision,
  restrictedViewMessage,
} from '../../../client/src/views/safetyModel';

test('in an untrusted workspace actions that change the engine are refused with the reason; reading is allowed', () => {
  for (const action of ['up', 'down', 'downVolumes', 'start', 'shell', 'remove', 'empty', 'import', 'prune', 'create', 'run']) {
    const permission = mayRun(action, { trusted: false, connected: true }, 'Up');
    assert.equal(permission.allowed, false, action);
    assert.match(permission.allowed ? '' : permission.reason, /Restricted Mode.*Trust the workspace/);
    assert.ok(!permission.allowed && permission.offerTrust);
  }
  for (const action of ['logs', 'inspect', 'browse', 'download', 'openPort'])
    assert.equal(mayRun(action, { trusted: false, connected: true }).allowed, true, action);
});

test('with the engine down nothing runs, and the message says the engine is the reason', () => {
  const permission = mayRun('logs', { trusted: true, connected: false }, 'Logs');
  assert.deepEqual(permission, { allowed: false, reason: 'Logs needs the Docker Engine, which is not connected.', offerTrust: false });
  assert.deepEqual(mayRun('up', { trusted: true, connected: true }), { allowed: true });
});

test('Down and Remove Volumes names every volume that will be lost', () => {
  const confirmation = confirmDownVolumes('shop', ['shop_dbdata', 'shop_cache']);
  assert.equal(confirmation.message, 'Stop stack "shop" and delete its volumes?');
  assert.match(confirmation.detail, /these 2 volumes will be lost:\n• shop_dbdata\n• shop_cache/);
  assert.equal(confirmation.confirm, 'Delete 2 Volumes');
  assert.equal(confirmDownVolumes('shop', ['shop_dbdata']).confirm, 'Delete Volume');
  assert.match(confirmDownVolumes('shop', []).detail, /no volumes to delete/);
});

test('Down names the containers it removes and keeps volumes', () => {
  const confirmation = confirmDown('shop', ['shop-web-1', 'shop-db-1']);
  assert.match(confirmation.detail, /• shop-web-1\n• shop-db-1/);
  assert.match(confirmation.detail, /Named volumes are kept/);
});

test('a volume in use is not removed: the refusal says by which containers, and offers nothing', () => {
  const decision = removeVolumeDecision('shop_dbdata', [
    { containerName: 'shop-db-1', running: true, project: 'shop', service: 'db' },
    { containerName: 'old', running: false },
  ]);
  assert.deepEqual(decision, {
    kind: 'refuse',
    message:
      'Volume "shop_dbdata" is in use by shop-db-1 (shop) and old (stopped). Remove those containers first (a stack\'s Down does it).',
  });
  const free = removeVolumeDecision('scratch', []);
  assert.equal(free.kind, 'confirm');
  assert.match(
    free.kind === 'confirm' ? free.confirmation.message + free.confirmation.detail : '',
    /Delete volume "scratch"\?All data in "scratch" will be lost/,
  );
});

test('emptying or importing names the volume, and waits while a running container uses it', () => {
  const running = [{ containerName: 'app-1', running: true, project: 'app' }];
  const stopped = [{ containerName: 'old-1', running: false }];
  const refused = emptyVolumeDecision('data', [...running, ...stopped]);
  assert.deepEqual(refused, {
    kind: 'refuse',
    message:
      'Cannot empty volume "data" while app-1 (app) is running with it: rewriting files under a running container can corrupt them. Stop that container first.',
  });
  const empty = emptyVolumeDecision('data', stopped);
  assert.equal(empty.kind === 'confirm' && empty.confirmation.message, 'Empty volume "data"?');
  assert.match(empty.kind === 'confirm' ? empty.confirmation.detail : '', /Every file in "data" will be deleted/);
  assert.equal(importVolumeDecision('data', 'backup.tar.gz', running).kind, 'refuse');
  const importing = importVolumeDecision('data', 'backup.tar.gz', []);
  assert.equal(importing.kind === 'confirm' && importing.confirmation.message, 'Import backup.tar.gz into volume "data"?');
});

test('prune lists the unused volumes, or says there are none', () => {
  assert.deepEqual(pruneDecision([]), { kind: 'nothing', message: 'No unused volumes: every volume is used by a container.' });
  const decision = pruneDecision(['a', 'b', 'c']);
  assert.equal(decision.kind === 'confirm' && decision.confirmation.message, 'Delete 3 unused volumes?');
  assert.match(decision.kind === 'confirm' ? decision.confirmation.detail : '', /• a\n• b\n• c$/);
});

test('the views say why their actions are missing in Restricted Mode, but not over the engine-down welcome', () => {
  assert.match(restrictedViewMessage(false, true) ?? '', /^Restricted Mode: .*trust this workspace/);
  assert.equal(restrictedViewMessage(false, false), undefined);
  assert.equal(restrictedViewMessage(true, true), undefined);
});
