// Listing, creating, removing and pruning volumes on the real engine. Everything here carries this run's
// label and is removed afterwards; prune is always narrowed to that label, since other suites share the engine.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { after, test } from 'node:test';
import type Docker from 'dockerode';
import { createDocker } from '../../engine/src/engine';
import { parseDockerHost } from '../../engine/src/connection';
import {
  HELPER_LABEL,
  VolumeExistsError,
  VolumeInUseError,
  VolumeNotFoundError,
  createVolume,
  inspectVolume,
  listVolumes,
  pruneVolumes,
  removeLeftoverHelpers,
  removeVolume,
  unusedVolumes,
} from '../../engine/src/volumes';
import { TEST_IMAGE, TEST_LABEL, removeLabelled, testEngine, uniqueName } from '../helpers/docker';
import { runToCompletion } from '../helpers/runContainer';
import { slowEngine } from '../helpers/slowEngine';
import { until } from '../helpers/until';

const { docker } = testEngine();
const run = uniqueName('volumes');
const labels = { [TEST_LABEL]: run };

after(() => removeLabelled(docker, `${TEST_LABEL}=${run}`));

/** A running container that keeps `binds` in use, with Compose's labels when given. */
async function startUser(
  name: string,
  binds: string[],
  extraLabels: Record<string, string> = {},
  extra: Partial<Docker.ContainerCreateOptions> = {},
): Promise<Docker.Container> {
  const container = await docker.createContainer({
    name,
    Image: TEST_IMAGE,
    Cmd: ['sleep', '600'],
    Labels: { ...labels, ...extraLabels },
    ...extra,
    HostConfig: { Binds: binds, Init: true, ...extra.HostConfig },
  });
  await container.start();
  return container;
}

test('the list shows size, labels, stack, named and anonymous volumes, and who uses them', async () => {
  const data = uniqueName('dockside-data');
  await createVolume(docker, { name: data, labels: { ...labels, 'com.docker.compose.project': 'shop', purpose: 'db' } });
  await runToCompletion(docker, ['sh', '-c', 'head -c 300000 /dev/zero > /data/blob'], [`${data}:/data`], labels);
  const user = uniqueName('dockside-db');
  await startUser(
    user,
    [`${data}:/var/lib/data:ro`],
    { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'db' },
    { Volumes: { '/anon': {} } },
  );

  const volumes = await listVolumes(docker, { sizes: true });
  const listed = volumes.find((v) => v.name === data);
  assert.ok(listed, 'the new volume is listed');
  assert.equal(listed.driver, 'local');
  assert.equal(listed.labels.purpose, 'db');
  assert.equal(listed.project, 'shop');
  assert.equal(listed.anonymous, false);
  assert.ok(listed.createdAt, 'created time');
  assert.ok(listed.mountpoint.includes(data));
  assert.ok((listed.sizeBytes ?? 0) >= 300000, `size ${listed.sizeBytes} ${listed.sizeError ?? ''}`);
  assert.deepEqual(
    listed.usedBy.map((u) => [u.containerName, u.running, u.project, u.service, u.destination, u.readOnly]),
    [[user, true, 'shop', 'db', '/var/lib/data', true]],
  );

  const anonymous = volumes.filter((v) => v.usedBy.some((u) => u.containerName === user) && v.name !== data);
  assert.equal(anonymous.length, 1, 'the anonymous volume of /anon');
  assert.equal(anonymous[0]?.anonymous, true);
  assert.equal(anonymous[0]?.usedBy[0]?.destination, '/anon');
});

test('create refuses a name that is taken, rather than handing back the existing volume', async () => {
  const name = uniqueName('dockside-new');
  const created = await createVolume(docker, { name, labels, driverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' } });
  assert.equal(created.name, name);
  assert.equal(created.labels[TEST_LABEL], run);
  const inspected = (await inspectVolume(docker, name)) as { Options: Record<string, string> };
  assert.deepEqual(inspected.Options, { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' });
  await assert.rejects(createVolume(docker, { name, labels }), VolumeExistsError);
});

test('a volume in use is not removed, and the error names the container', async () => {
  const name = uniqueName('dockside-busy');
  await createVolume(docker, { name, labels });
  const user = uniqueName('dockside-holder');
  await startUser(user, [`${name}:/data`]);
  await assert.rejects(removeVolume(docker, name), (error: unknown) => {
    assert.ok(error instanceof VolumeInUseError);
    assert.match(error.message, new RegExp(`Volume ${name} is in use by container ${user} \\(running\\)`));
    assert.deepEqual(
      error.users.map((u) => u.containerName),
      [user],
    );
    return true;
  });
  assert.ok(await inspectVolume(docker, name), 'still there');
});

test('an unused volume is removed; removing it again says it no longer exists', async () => {
  const name = uniqueName('dockside-gone');
  await createVolume(docker, { name, labels });
  await removeVolume(docker, name);
  assert.equal(
    (await listVolumes(docker)).some((v) => v.name === name),
    false,
  );
  await assert.rejects(removeVolume(docker, name), { name: 'VolumeNotFoundError', message: `Volume ${name} no longer exists.` });
});

test('a volume removed behind the list is reported plainly by the next call', async () => {
  const name = uniqueName('dockside-vanish');
  await createVolume(docker, { name, labels });
  assert.ok((await listVolumes(docker)).some((v) => v.name === name));
  await docker.getVolume(name).remove();
  await assert.rejects(inspectVolume(docker, name), (error: unknown) => {
    assert.ok(error instanceof VolumeNotFoundError);
    assert.equal(error.message, `Volume ${name} no longer exists.`);
    return true;
  });
});

test('prune, narrowed by a label, removes only unused volumes and reports the space reclaimed', async () => {
  const pruneLabel = `dockside.test.prune=${uniqueName('p')}`;
  const [key, value] = pruneLabel.split('=') as [string, string];
  const idle = [uniqueName('dockside-idle'), uniqueName('dockside-idle')].sort();
  const busy = uniqueName('dockside-kept');
  const outsider = uniqueName('dockside-unlabelled');
  for (const name of [...idle, busy]) await createVolume(docker, { name, labels: { ...labels, [key]: value } });
  await createVolume(docker, { name: outsider, labels });
  for (const name of idle) await runToCompletion(docker, ['sh', '-c', 'head -c 200000 /dev/zero > /v/blob'], [`${name}:/v`], labels);
  await startUser(uniqueName('dockside-keeper'), [`${busy}:/v`]);

  const candidates = await unusedVolumes(docker, { labels: [pruneLabel] });
  assert.deepEqual(
    candidates.map((v) => v.name),
    idle,
  );

  const result = await pruneVolumes(docker, { labels: [pruneLabel] });
  assert.deepEqual([...result.removed].sort(), idle);
  assert.ok(result.spaceReclaimed >= 400000, `reclaimed ${result.spaceReclaimed}`);
  const left = new Set((await listVolumes(docker)).map((v) => v.name));
  assert.ok(left.has(busy), 'the volume in use is kept');
  assert.ok(left.has(outsider), 'a volume without the label is kept');
  assert.ok(!idle.some((name) => left.has(name)));
});

test('when disk usage is slow, the list still comes back, each volume saying why it has no size', async () => {
  const name = uniqueName('dockside-slowdf');
  await createVolume(docker, { name, labels });
  const proxy = await slowEngine('/var/run/docker.sock', /\/system\/df/, 5000);
  try {
    const slowDocker = createDocker(parseDockerHost(`unix://${proxy.socketPath}`));
    const started = Date.now();
    const volumes = await listVolumes(slowDocker, { sizes: true, sizeTimeoutMs: 200 });
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 3000, `listed in ${elapsed} ms`);
    const listed = volumes.find((v) => v.name === name);
    assert.equal(listed?.sizeBytes, undefined);
    assert.equal(listed?.sizeError, 'disk usage timed out');
  } finally {
    await proxy.close();
  }
});

test('a list whose caller gives up rejects as cancelled, not as an engine failure', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(listVolumes(docker, { sizes: true, signal: controller.signal }), { name: 'AbortError', message: 'Cancelled.' });
});

test('helpers left by a process that is gone are removed; those of a live process are not', async () => {
  const deadPid = spawnSync('true').pid;
  assert.ok(deadPid);
  const helperOf = async (pid: number) =>
    docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: ['true'],
      Labels: { ...labels, [HELPER_LABEL]: 'true', 'dockside.helper.host': hostname(), 'dockside.helper.pid': String(pid) },
    });
  const orphan = await helperOf(deadPid);
  const live = await helperOf(process.pid);
  const removed = await removeLeftoverHelpers(docker, { labels: [`${TEST_LABEL}=${run}`] });
  assert.deepEqual(removed, [orphan.id]);
  await assert.rejects(orphan.inspect(), { statusCode: 404 });
  assert.ok(await live.inspect());
});

test("Dockside's own helpers are not users of a volume: remove waits for one at work, removes a dead one's, then the volume", async () => {
  const name = uniqueName('helped');
  await createVolume(docker, { name, labels });
  const helperOf = async (pid: number) =>
    docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: ['true'],
      Labels: { ...labels, [HELPER_LABEL]: 'true', 'dockside.helper.host': hostname(), 'dockside.helper.pid': String(pid) },
      HostConfig: { Binds: [`${name}:/volume:ro`] },
    });
  const dead = await helperOf(spawnSync('true').pid!);
  const atWork = await helperOf(process.pid);
  const listed = (await listVolumes(docker)).find((volume) => volume.name === name);
  assert.deepEqual(listed?.usedBy, []);
  let outcome: unknown = 'pending';
  const removal = removeVolume(docker, name).then(
    () => (outcome = 'removed'),
    (error: unknown) => (outcome = error),
  );
  // Remove takes the dead helper's container away at once, then waits while the one at work is there.
  await until('the dead helper to be removed', async () => (await dead.inspect().catch(() => undefined)) === undefined);
  assert.equal(outcome, 'pending', 'remove waits for the helper at work');
  assert.ok(await inspectVolume(docker, name), 'the volume is still there while the helper is at work');
  // The helper at work finishes, as a browse would: now the volume goes.
  await atWork.remove({ force: true });
  assert.equal(await removal, 'removed');
  await assert.rejects(inspectVolume(docker, name), VolumeNotFoundError);
});
