import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseContextValue } from '../../../client/src/views/contextValues';
import {
  cloneName,
  entryNodes,
  parseLabels,
  presentVolumesNode,
  volumeChildren,
  volumeNameProblem,
  volumeNodes,
  withContainerFact,
  type VolumeLike,
} from '../../../client/src/views/volumesModel';
import { containerFact } from '../../../client/src/views/refreshModel';
import type { WorkspaceStack } from '../../../client/src/views/workspaceModel';

const volume = (name: string, extra: Partial<VolumeLike> = {}): VolumeLike => ({
  name,
  driver: 'local',
  mountpoint: `/var/lib/docker/volumes/${name}/_data`,
  labels: {},
  scope: 'local',
  anonymous: false,
  usedBy: [],
  ...extra,
});

const dbdata = volume('shop_dbdata', {
  project: 'shop',
  sizeBytes: 1_540_000_000,
  labels: { 'com.docker.compose.project': 'shop' },
  usedBy: [
    { containerId: 'c1', containerName: 'web-1', running: true, project: 'shop', service: 'web', destination: '/data', readOnly: true },
  ],
});
const anonymous = volume('0123456789abcdef'.repeat(4), { anonymous: true, sizeBytes: 0 });
const scratch = volume('scratch', { driver: 'nfs', sizeError: 'disk usage timed out' });

const shop: WorkspaceStack = {
  projectName: 'shop',
  workingDir: '/w/shop',
  files: ['/w/shop/compose.yaml'],
  services: [],
  profiles: [],
  volumes: [
    {
      key: 'dbdata',
      engineName: 'shop_dbdata',
      external: false,
      services: [{ name: 'db', source: { file: '/w/shop/compose.yaml', offset: 120 } }, { name: 'backup' }],
    },
  ],
  errors: [],
};

test('volumes show driver, size and who uses them; anonymous ones come last, shortened', () => {
  const nodes = volumeNodes([anonymous, scratch, dbdata], [shop], true);
  const items = nodes.map(presentVolumesNode);
  assert.deepEqual(
    items.map((i) => [i.label, i.description]),
    [
      ['scratch', 'nfs · size unknown · unused'],
      ['shop_dbdata', 'stack shop · 1.5 GB · in use by web-1 (shop)'],
      ['0123456789ab…', 'anonymous · 0 B · unused'],
    ],
  );
  assert.deepEqual(items[1]!.icon, { id: 'database', color: 'charts.green' });
  assert.match(items[1]!.tooltip!, /\| Declared by \| shop › db and shop › backup \|/);
  assert.deepEqual(parseContextValue(items[0]!.contextValue!), {
    kind: 'volume',
    actions: ['inspect', 'export', 'import', 'clone', 'empty', 'download', 'remove'],
  });
});

test('sizes are left out when the setting turns them off', () => {
  assert.equal(presentVolumesNode(volumeNodes([dbdata], [], false)[0]!).description, 'stack shop · in use by web-1 (shop)');
});

test('a volume links to its users, to the Compose services that declare it, and to its files', () => {
  const [node] = volumeNodes([dbdata], [shop], true);
  const children = volumeChildren(node!).map(presentVolumesNode);
  assert.deepEqual(
    children.map((c) => [c.label, c.description]),
    [
      ['web-1', 'running · /data (read-only)'],
      ['shop › db', 'declared in the workspace'],
      ['shop › backup', 'declared in the workspace'],
      ['Files', 'browse the files inside'],
    ],
  );
  assert.deepEqual(children[1]!.command, {
    id: 'dockside.openSource',
    title: 'Open in the Compose file',
    arguments: [{ file: '/w/shop/compose.yaml', offset: 120 }],
  });
  assert.equal(children[2]!.command, undefined);
  assert.equal(children[3]!.collapsible, 'collapsed');
});

test("a container's die and destroy events show at once: its volume is no longer in use by a running container", () => {
  const nodes = volumeNodes([dbdata, scratch], [shop], true);
  const event = (action: string, id = 'c1') => containerFact({ scope: 'container', action, id, attributes: {} })!;
  const stopped = withContainerFact(nodes, event('die'));
  assert.ok(stopped);
  const [node] = stopped.filter((n) => n.kind === 'volume' && n.volume.name === 'shop_dbdata');
  assert.equal(presentVolumesNode(node!).description, 'stack shop · 1.5 GB · in use by web-1 (shop, stopped)');
  assert.deepEqual(presentVolumesNode(node!).icon, { id: 'database' });
  assert.equal(withContainerFact(stopped, event('die')), undefined, 'a second die changes nothing, so the tree is left alone');

  const removed = withContainerFact(stopped, event('destroy'));
  assert.ok(removed);
  const shown = removed.map((n) => presentVolumesNode(n).description);
  assert.deepEqual(shown, ['nfs · size unknown · unused', 'stack shop · 1.5 GB · unused']);
  const shopVolume = removed[1]!;
  assert.ok(shopVolume.kind === 'volume');
  assert.deepEqual(
    volumeChildren(shopVolume).filter((c) => c.kind === 'volumeUser'),
    [],
    'the container is no longer listed under the volume',
  );
  assert.equal(withContainerFact(nodes, event('destroy', 'other')), undefined, 'a container no volume lists');
});

test("a folder's files list folders first; files open read-only and can be downloaded, links cannot", () => {
  const nodes = entryNodes('data', [
    { name: 'z.txt', path: '/z.txt', type: 'file', size: 2048 },
    { name: 'link', path: '/link', type: 'symlink', size: 0 },
    { name: 'conf', path: '/conf', type: 'directory', size: 0 },
  ]);
  const items = nodes.map(presentVolumesNode);
  assert.deepEqual(
    items.map((i) => [i.label, i.description, i.contextValue]),
    [
      ['conf', undefined, 'volumeFolder'],
      ['link', 'symbolic link', 'volumeFile'],
      ['z.txt', '2.0 kB', 'volumeFile open download'],
    ],
  );
  assert.equal(items[2]!.command?.id, 'dockside.volume.openFile');
  assert.equal(items[1]!.command, undefined);
});

test('volume names follow the engine rule, and a taken name is refused before the engine is asked', () => {
  assert.equal(volumeNameProblem('shop_data.v2'), undefined);
  assert.match(volumeNameProblem('a') ?? '', /at least two/);
  assert.match(volumeNameProblem('-x') ?? '', /starting with a letter or digit/);
  assert.match(volumeNameProblem('my data') ?? '', /letters, digits/);
  assert.equal(volumeNameProblem('data', ['data']), 'A volume named "data" already exists.');
  assert.equal(volumeNameProblem(''), 'Give the volume a name.');
});

test('labels are read from key=value pairs', () => {
  assert.deepEqual(parseLabels('env=dev, owner = me ,flag'), { labels: { env: 'dev', owner: 'me', flag: '' } });
  assert.deepEqual(parseLabels(''), { labels: {} });
  assert.deepEqual(parseLabels('=x'), { problem: '"=x" is not a label: write key=value, separated by commas.' });
});

test('a clone gets the first free "-copy" name', () => {
  assert.equal(cloneName('data', ['data']), 'data-copy');
  assert.equal(cloneName('data', ['data', 'data-copy', 'data-copy-2']), 'data-copy-3');
});
