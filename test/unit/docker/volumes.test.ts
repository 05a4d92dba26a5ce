import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VolumeInUseError, describeUsers } from '../../../engine/src/volumes/errors';
import { compareApiVersions } from '../../../engine/src/volumes/lifecycle';
import {
  containerName,
  isAnonymousVolume,
  toVolumeSummary,
  volumeSizesFromDiskUsage,
  volumeUsers,
} from '../../../engine/src/volumes/summary';

const anonymousName = 'a3f1'.repeat(16);

// Trimmed from a real `GET /containers/json?all=1` of Docker 20.10.
const containers: Parameters<typeof volumeUsers>[0] = [
  {
    Id: 'c1',
    Names: ['/shop-db-1'],
    State: 'running',
    Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'db' },
    Mounts: [
      {
        Type: 'volume',
        Name: 'shop_data',
        Source: '/var/lib/docker/volumes/shop_data/_data',
        Destination: '/var/lib/postgresql/data',
        Driver: 'local',
        Mode: 'z',
        RW: true,
        Propagation: '',
      },
      { Type: 'bind', Source: '/srv/conf', Destination: '/etc/conf', Mode: '', RW: false, Propagation: 'rprivate' },
    ],
  },
  {
    Id: 'c2',
    Names: ['/backup', '/web/backup-link'],
    State: 'exited',
    Labels: {},
    Mounts: [
      { Type: 'volume', Name: 'shop_data', Source: '', Destination: '/backup', Driver: 'local', Mode: 'ro', RW: false, Propagation: '' },
    ],
  },
];

test('volume users come from container mounts, with stack labels and read-only flags', () => {
  const users = volumeUsers(containers);
  assert.deepEqual([...users.keys()], ['shop_data']);
  assert.deepEqual(users.get('shop_data'), [
    {
      containerId: 'c1',
      containerName: 'shop-db-1',
      running: true,
      project: 'shop',
      service: 'db',
      destination: '/var/lib/postgresql/data',
      readOnly: false,
    },
    { containerId: 'c2', containerName: 'backup', running: false, destination: '/backup', readOnly: true },
  ]);
});

test('a container name skips link aliases', () => {
  assert.equal(containerName(['/web/db-alias', '/db']), 'db');
  assert.equal(containerName(['/only']), 'only');
  assert.equal(containerName([]), '');
});

test('disk usage sizes skip the -1 the engine reports for sizes it did not compute', () => {
  const df = {
    Volumes: [
      { Name: 'a', UsageData: { Size: 5242880, RefCount: 1 } },
      { Name: 'b', UsageData: { Size: -1, RefCount: 0 } },
      { Name: 'c', UsageData: null },
    ],
  };
  assert.deepEqual([...volumeSizesFromDiskUsage(df)], [['a', 5242880]]);
  assert.deepEqual([...volumeSizesFromDiskUsage({ Volumes: null })], []);
  assert.deepEqual([...volumeSizesFromDiskUsage(undefined)], []);
});

test('a summary carries the project, anonymity, users, and the size or why there is none', () => {
  const users = volumeUsers(containers);
  const listed = {
    Name: 'shop_data',
    Driver: 'local',
    Mountpoint: '/m',
    Labels: { 'com.docker.compose.project': 'shop' },
    Scope: 'local' as const,
    CreatedAt: '2026-11-27T08:00:00Z',
  };
  const sized = toVolumeSummary(listed, users, { sizes: new Map([['shop_data', 42]]) });
  assert.equal(sized.project, 'shop');
  assert.equal(sized.anonymous, false);
  assert.equal(sized.sizeBytes, 42);
  assert.equal(sized.createdAt, '2026-11-27T08:00:00Z');
  assert.equal(sized.usedBy.length, 2);
  const timedOut = toVolumeSummary(listed, users, { sizes: new Map(), error: 'disk usage timed out' });
  assert.equal(timedOut.sizeBytes, undefined);
  assert.equal(timedOut.sizeError, 'disk usage timed out');
  const unsized = toVolumeSummary({ ...listed, Labels: {} }, new Map());
  assert.deepEqual([unsized.sizeBytes, unsized.sizeError, unsized.project, unsized.usedBy], [undefined, undefined, undefined, []]);
});

test('anonymous volumes: by the engine label, or a 64-hex-digit name on older engines', () => {
  assert.equal(isAnonymousVolume(anonymousName, {}), true);
  assert.equal(isAnonymousVolume('data', { 'com.docker.volume.anonymous': '' }), true);
  assert.equal(isAnonymousVolume('data', {}), false);
  assert.equal(isAnonymousVolume(anonymousName.slice(1), {}), false);
  assert.equal(isAnonymousVolume(anonymousName.toUpperCase(), {}), false);
});

test('the in-use error names every container and its stack', () => {
  const users = volumeUsers(containers).get('shop_data') ?? [];
  const error = new VolumeInUseError('shop_data', users);
  assert.equal(
    error.message,
    'Volume shop_data is in use by container shop-db-1 (running, service db of stack shop) and container backup (stopped); remove those containers first.',
  );
  assert.deepEqual(
    error.users.map((u) => u.containerId),
    ['c1', 'c2'],
  );
  assert.equal(describeUsers(users.slice(1)), 'container backup (stopped)');
});

test('API versions compare by number, not as text', () => {
  assert.ok(compareApiVersions('1.41', '1.42') < 0);
  assert.ok(compareApiVersions('1.100', '1.42') > 0);
  assert.equal(compareApiVersions('1.42', '1.42'), 0);
});
