import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerMounts, dangerousHostPath, tmpfsOptions } from '../../../engine/src/mounts';
import { dangerOfHostPath } from '../../../core/src/compose/rules/dangerousBindMount';

test('dangerous host paths: the root, the Docker socket, home directories, system directories', () => {
  for (const path of [
    '/',
    '/root',
    '/etc',
    '/etc/',
    '/var/run/docker.sock',
    '/run/docker.sock',
    '/proc',
    '/sys',
    '/boot',
    '/dev',
    '/home/alice',
    '/Users/bob',
    '/var/lib/docker',
  ]) {
    assert.ok(dangerousHostPath(path), `${path} should be dangerous`);
  }
  assert.match(dangerousHostPath('/var/run/docker.sock') ?? '', /root on the host/);
  for (const path of ['/srv/app', '/home/alice/project', '/etc/nginx/nginx.conf', '/tmp', '/var/lib/docker-data']) {
    assert.equal(dangerousHostPath(path), undefined, `${path} should be fine`);
  }
});

test('the sidebar and the Compose rule share one list', () => {
  for (const path of ['/', '/etc', '/home/x', '/srv']) assert.equal(dangerousHostPath(path), dangerOfHostPath(path));
});

test('tmpfs options read as the CLI writes them', () => {
  assert.equal(tmpfsOptions({ SizeBytes: 64 * 1024 * 1024, Mode: 0o1777 }), 'size=64m,mode=1777');
  assert.equal(tmpfsOptions({ SizeBytes: 1000 }), 'size=1000');
  assert.equal(tmpfsOptions({ SizeBytes: 2 * 1024 ** 3 }), 'size=2g');
  assert.equal(tmpfsOptions(undefined), undefined);
});

// Trimmed from `GET /containers/{id}/json` of Docker 20.10 for
// `docker run -v data:/data -v /etc:/host-etc:ro --tmpfs /cache:size=8m --mount type=tmpfs,dst=/scratch,tmpfs-size=1048576`.
const inspected = {
  Id: 'abc',
  Name: '/shop-web-1',
  State: { Status: 'running' },
  Config: { Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' } },
  HostConfig: {
    Tmpfs: { '/cache': 'size=8m' },
    Mounts: [{ Type: 'tmpfs', Source: '', Target: '/scratch', TmpfsOptions: { SizeBytes: 1048576 } }],
  },
  Mounts: [
    {
      Type: 'volume',
      Name: 'data',
      Source: '/var/lib/docker/volumes/data/_data',
      Destination: '/data',
      Driver: 'local',
      Mode: 'z',
      RW: true,
      Propagation: '',
    },
    { Type: 'bind', Source: '/etc', Destination: '/host-etc', Mode: 'ro', RW: false, Propagation: 'rprivate' },
    { Type: 'tmpfs', Source: '', Destination: '/scratch', Mode: '', RW: true, Propagation: '' },
  ],
};

test("a container's mounts: volumes by name, binds with their danger, tmpfs of both kinds with sizes", () => {
  const result = containerMounts(inspected as unknown as Parameters<typeof containerMounts>[0]);
  assert.equal(result.containerName, 'shop-web-1');
  assert.equal(result.project, 'shop');
  assert.equal(result.service, 'web');
  assert.equal(result.state, 'running');
  assert.deepEqual(result.mounts, [
    { type: 'tmpfs', source: '', destination: '/cache', readOnly: false, mode: '', options: 'size=8m' },
    { type: 'volume', source: 'data', destination: '/data', readOnly: false, mode: 'z' },
    { type: 'bind', source: '/etc', destination: '/host-etc', readOnly: true, mode: 'ro', danger: dangerOfHostPath('/etc') },
    { type: 'tmpfs', source: '', destination: '/scratch', readOnly: false, mode: '', options: 'size=1m' },
  ]);
});

test("a local ECS task's container says which task it belongs to", () => {
  const arn = 'arn:aws:ecs:local:000000000000:task/local/3f1c';
  const task = { ...inspected, Config: { Labels: { 'com.amazonaws.ecs.task-arn': arn } } };
  const result = containerMounts(task as unknown as Parameters<typeof containerMounts>[0]);
  assert.equal(result.ecsTask, arn);
  assert.equal(result.project, undefined);
  assert.equal(containerMounts(inspected as unknown as Parameters<typeof containerMounts>[0]).ecsTask, undefined);
});
