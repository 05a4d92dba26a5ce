// The mounts of a container this suite runs, as the Stacks view will show them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { dangerousHostPath, listContainerMounts } from '../../engine/src/mounts';
import { TEST_IMAGE, TEST_LABEL, removeLabelled, testEngine, uniqueName } from '../helpers/docker';

const { docker } = testEngine();
const run = uniqueName('mounts');
const hostDir = mkdtempSync(join(tmpdir(), 'dockside mounts '));

after(async () => {
  await removeLabelled(docker, `${TEST_LABEL}=${run}`);
  rmSync(hostDir, { recursive: true, force: true });
});

test('volume, read-only bind, tmpfs with its size, and a dangerous bind of /etc', async () => {
  const volume = uniqueName('dockside-mnt');
  await docker.createVolume({ Name: volume, Labels: { [TEST_LABEL]: run } });
  const name = uniqueName('dockside-mounter');
  const container = await docker.createContainer({
    name,
    Image: TEST_IMAGE,
    Cmd: ['sleep', '600'],
    Labels: { [TEST_LABEL]: run, 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
    HostConfig: {
      Init: true,
      Binds: [`${volume}:/data`, `${hostDir}:/src:ro`, '/etc:/host-etc:ro'],
      Tmpfs: { '/cache': 'size=8m' },
      Mounts: [{ Type: 'tmpfs', Target: '/scratch', Source: '', TmpfsOptions: { SizeBytes: 2 * 1024 * 1024, Mode: 0o1777 } }],
    },
  });
  await container.start();

  const listed = (await listContainerMounts(docker)).find((c) => c.containerName === name);
  assert.ok(listed, 'the container is listed');
  assert.equal(listed.containerId, container.id);
  assert.equal(listed.state, 'running');
  assert.deepEqual([listed.project, listed.service], ['shop', 'web']);
  const byDestination = new Map(listed.mounts.map((m) => [m.destination, m]));
  assert.deepEqual([...byDestination.keys()], ['/cache', '/data', '/host-etc', '/scratch', '/src']);
  assert.deepEqual(byDestination.get('/data'), { type: 'volume', source: volume, destination: '/data', readOnly: false, mode: 'z' });
  assert.deepEqual(byDestination.get('/src'), { type: 'bind', source: hostDir, destination: '/src', readOnly: true, mode: 'ro' });
  assert.deepEqual(byDestination.get('/host-etc'), {
    type: 'bind',
    source: '/etc',
    destination: '/host-etc',
    readOnly: true,
    mode: 'ro',
    danger: dangerousHostPath('/etc'),
  });
  assert.match(byDestination.get('/host-etc')?.danger ?? '', /password hashes/);
  assert.deepEqual(byDestination.get('/cache'), {
    type: 'tmpfs',
    source: '',
    destination: '/cache',
    readOnly: false,
    mode: '',
    options: 'size=8m',
  });
  assert.deepEqual(byDestination.get('/scratch'), {
    type: 'tmpfs',
    source: '',
    destination: '/scratch',
    readOnly: false,
    mode: '',
    options: 'size=2m,mode=1777',
  });
});

test("a label narrows the list to the containers that carry it (the ECS view reads only its tasks')", async () => {
  const labelled = uniqueName('dockside-labelled');
  const other = uniqueName('dockside-unlabelled');
  for (const [name, labels] of [
    [labelled, { [TEST_LABEL]: run, 'com.amazonaws.ecs.task-arn': `arn:aws:ecs:local:000000000000:task/default/${run}` }],
    [other, { [TEST_LABEL]: run }],
  ] as const)
    await docker.createContainer({ name, Image: TEST_IMAGE, Cmd: ['true'], Labels: labels });
  const names = (await listContainerMounts(docker, 'com.amazonaws.ecs.task-arn')).map((c) => c.containerName);
  assert.ok(names.includes(labelled), `${labelled} is not listed: ${names.join(', ')}`);
  assert.ok(!names.includes(other), `${other} is listed, though it has no task-arn label`);
  const all = (await listContainerMounts(docker)).map((c) => c.containerName);
  assert.ok(all.includes(labelled) && all.includes(other));
});
