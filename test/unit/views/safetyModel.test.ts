import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmDown, confirmDownVolumes, emptyVolumeDecision, mayRun, pruneDecision, removeVolumeDecision, restrictedViewMessage } from '../../../client/src/views/safetyModel';

test('in an untrusted workspace actions that change the engine are refused with the reason; reading is allowed', () => {
  for (const action of ['up', 'down', 'downVolumes', 'start', 'shell', 'remove', 'empty', 'import', 'prune', 'create', 'run']) {
    const permission = mayRun(action, { trusted: false, connected: true }, 'Up');
    assert.equal(permission.allowed, false, action);
    assert.match(permission.allowed ? '' : permission.reason, /Restricted Mode.*Trust the workspace/);
    assert.ok(!permission.allowed && permission.offerTrust);
  }
  for (const action of ['logs', 'inspect', 'browse', 'download', 'openPort']) assert.equal(mayRun(action, { trusted: false, connected: true }).allowed, true, action);
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
  assert.deepEqual(decision, { kind: 'refuse', message: 'Volume "shop_dbdata" is in use by shop-db-1 (shop) and old (stopped). Remove those containers first (a stack\'s Down does it).' });
  const free = removeVolumeDecision('scratch', []);
  assert.equal(free.kind, 'confirm');
  assert.match(free.kind === 'confirm' ? free.confirmation.message + free.confirmation.detail : '', /Delete volume "scratch"\?All data in "scratch" will be lost/);
});

test('emptying names the volume and warns about running users', () => {
  const decision = emptyVolumeDecision('data', [{ containerName: 'app-1', running: true, project: 'app' }]);
  assert.equal(decision.kind, 'confirm');
  const confirmation = decision.kind === 'confirm' ? decision.confirmation : undefined;
  assert.equal(confirmation?.message, 'Empty volume "data"?');
  assert.match(confirmation?.detail ?? '', /app-1 \(app\) is using it right now/);
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
