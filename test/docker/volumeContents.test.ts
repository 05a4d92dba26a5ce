// Export, import, clone, empty, browse, read and download through helper containers on the real engine,
// compared byte for byte with files made on this machine, and no helper container left behind, even
// after an abort.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
  createReadStream,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { createGunzip } from 'node:zlib';
import {
  HELPER_VOLUME_LABEL,
  VolumeExistsError,
  VolumeInUseError,
  VolumePathError,
  browseVolume,
  cloneVolume,
  createVolume,
  downloadVolume,
  downloadVolumeFile,
  emptyVolume,
  exportVolume,
  importVolume,
  readVolumeFile,
} from '../../engine/src/volumes';
import { readTar } from '../../engine/src/volumes/tar';
import { TEST_IMAGE, TEST_LABEL, removeLabelled, testEngine, uniqueName } from '../helpers/docker';
import { runToCompletion } from '../helpers/runContainer';
import { until } from '../helpers/until';

const { docker } = testEngine();
const run = uniqueName('volcontents');
const labels = { [TEST_LABEL]: run };
const helper = { helperImage: TEST_IMAGE };
const work = mkdtempSync(join(tmpdir(), 'dockside-volumes-'));
const original = join(work, 'original');
const source = uniqueName('dockside-src');
const touched = new Set<string>([source]);
const unicodeName = 'ünï cödé — spaced.txt';
const bigBytes = randomBytes(5 * 1024 * 1024);
/** A stuck engine call fails the test rather than hanging the run. */
const limit = { timeout: 60_000 };

/** The files this process holds open (Linux: its /proc/self/fd links). */
function openFiles(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(join('/proc/self/fd', fd))];
    } catch {
      return [];
    }
  });
}

/** A volume of this run, remembered so the helper check covers it. */
async function newVolume(prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  touched.add(name);
  await createVolume(docker, { name, labels });
  return name;
}

/** Every file below `dir`, by relative path, with its bytes. */
function filesUnder(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const relative = prefix ? `${prefix}/${name}` : name;
    if (statSync(path).isDirectory()) for (const [k, v] of filesUnder(path, relative)) files.set(k, v);
    else files.set(relative, readFileSync(path));
  }
  return files;
}

function assertSameFiles(actualDir: string): void {
  const expected = filesUnder(original);
  const actual = filesUnder(actualDir);
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [path, bytes] of expected) assert.ok(actual.get(path)?.equals(bytes), `${path} differs`);
}

/** Downloads the whole volume as .tar, unpacks it with GNU tar, and compares it with the original files. */
async function assertVolumeHoldsOriginal(volume: string): Promise<void> {
  const tarFile = join(work, `${volume}.tar`);
  await downloadVolume(docker, volume, tarFile, helper);
  const out = join(work, `${volume}-unpacked`);
  mkdirSync(out);
  const r = spawnSync('tar', ['-xf', tarFile, '-C', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assertSameFiles(out);
}

before(async () => {
  mkdirSync(join(original, 'sub dir'), { recursive: true });
  writeFileSync(join(original, 'hello.txt'), 'hello from the host\n');
  writeFileSync(join(original, 'sub dir', unicodeName), 'héllo wörld\n');
  writeFileSync(join(original, '-leading-dash'), 'dash\n');
  writeFileSync(join(original, 'big.bin'), bigBytes);
  await createVolume(docker, { name: source, labels });
  // A container writes the files into the volume, as an application would.
  await runToCompletion(docker, ['cp', '-a', '/original/.', '/data/'], [`${original}:/original:ro`, `${source}:/data`], labels);
});

afterEach(async () => {
  const helpers = await docker.listContainers({ all: true, filters: { label: [`${HELPER_VOLUME_LABEL}`] } });
  const ours = helpers.filter((c) => touched.has(c.Labels[HELPER_VOLUME_LABEL] ?? ''));
  assert.deepEqual(
    ours.map((c) => `${c.Names[0]} ${c.State}`),
    [],
    'no helper container is left behind',
  );
});

after(async () => {
  await removeLabelled(docker, `${TEST_LABEL}=${run}`);
  rmSync(work, { recursive: true, force: true });
});

test('browse lists the files a container wrote, folders first, with sizes; paths with spaces, unicode and dashes work', limit, async () => {
  const root = await browseVolume(docker, source, '/', helper);
  assert.deepEqual(
    root.map((e) => [e.name, e.type]),
    [
      ['sub dir', 'directory'],
      ['-leading-dash', 'file'],
      ['big.bin', 'file'],
      ['hello.txt', 'file'],
    ],
  );
  assert.equal(root.find((e) => e.name === 'big.bin')?.size, bigBytes.length);
  assert.equal(root.find((e) => e.name === 'hello.txt')?.mode, '-rw-r--r--');
  assert.ok(root.every((e) => e.modified && !Number.isNaN(Date.parse(e.modified))));
  const sub = await browseVolume(docker, source, '/sub dir', helper);
  assert.deepEqual(
    sub.map((e) => e.path),
    [`/sub dir/${unicodeName}`],
  );
  await assert.rejects(browseVolume(docker, source, '/no such dir', helper), /Volume .* has no folder \/no such dir/);
  await assert.rejects(browseVolume(docker, source, 'hello.txt', helper), /is a file, not a folder/);
  await assert.rejects(browseVolume(docker, source, '../../etc', helper), VolumePathError);
});

test('browse mounts the volume read-only, in a helper labelled with the process that made it', limit, async () => {
  const helpersSeen: { mounts: unknown; labels: Record<string, string> }[] = [];
  const watcher = setInterval(() => {
    void docker
      .listContainers({ all: true, filters: { label: [`${HELPER_VOLUME_LABEL}=${source}`] } })
      .then((list) => {
        for (const c of list) helpersSeen.push({ mounts: c.Mounts.map((m) => [m.Name, m.RW]), labels: c.Labels });
      })
      .catch(() => undefined);
  }, 5);
  try {
    for (let i = 0; i < 5; i++) await browseVolume(docker, source, '/', helper);
  } finally {
    clearInterval(watcher);
  }
  assert.ok(helpersSeen.length > 0, 'caught a helper while it ran');
  for (const seen of helpersSeen) {
    assert.deepEqual(seen.mounts, [[source, false]]);
    assert.equal(seen.labels['dockside.helper'], 'true');
    assert.equal(seen.labels['dockside.helper.operation'], 'browse');
    assert.equal(seen.labels['dockside.helper.pid'], String(process.pid));
    assert.equal(seen.labels['dockside.helper.host'], hostname());
  }
});

test(
  'read a file by a unicode path with spaces; a folder, a link target, a missing file and an oversized read are refused',
  limit,
  async () => {
    assert.equal((await readVolumeFile(docker, source, `sub dir/${unicodeName}`, helper)).toString(), 'héllo wörld\n');
    assert.equal((await readVolumeFile(docker, source, '/-leading-dash', helper)).toString(), 'dash\n');
    assert.ok((await readVolumeFile(docker, source, 'big.bin', helper)).equals(bigBytes));
    await assert.rejects(
      readVolumeFile(docker, source, 'big.bin', { ...helper, maxBytes: 1024 * 1024 }),
      /has 5242880 bytes, more than the 1048576 read at most; download it instead/,
    );
    await assert.rejects(readVolumeFile(docker, source, 'sub dir', helper), /\/sub dir in volume .* is a folder, not a file/);
    await assert.rejects(readVolumeFile(docker, source, 'nothing.txt', helper), new RegExp(`Volume ${source} has nothing at /nothing.txt`));
    await assert.rejects(readVolumeFile(docker, source, '../x', helper), VolumePathError);
  },
);

test('download a file streams it to disk byte for byte, reporting progress', limit, async () => {
  const target = join(work, 'big-download.bin');
  let progress = 0;
  await downloadVolumeFile(docker, source, '/big.bin', target, { ...helper, onProgress: (bytes) => (progress = bytes) });
  assert.ok(readFileSync(target).equals(bigBytes));
  assert.equal(progress, bigBytes.length);
  const unicodeTarget = join(work, unicodeName);
  await downloadVolumeFile(docker, source, `/sub dir/${unicodeName}`, unicodeTarget, helper);
  assert.equal(readFileSync(unicodeTarget, 'utf8'), 'héllo wörld\n');
});

test('download the whole volume as a tar with every entry', limit, async () => {
  await assertVolumeHoldsOriginal(source);
});

test('export to .tar.gz, import into a fresh volume: the same files with the same bytes', limit, async () => {
  const archive = join(work, 'export.tar.gz');
  let progress = 0;
  const result = await exportVolume(docker, source, archive, { ...helper, onProgress: (bytes) => (progress = bytes) });
  assert.ok(result.bytes > bigBytes.length, `${result.bytes} tar bytes`);
  assert.equal(progress, result.bytes);
  assert.equal(result.fileBytes, statSync(archive).size);
  const names: string[] = [];
  await readTar(createReadStream(archive).pipe(createGunzip()), (header) => void names.push(header.name));
  assert.ok(names.includes(`./sub dir/${unicodeName}`), names.join(', '));
  assert.ok(names.includes('./big.bin'));

  const fresh = await newVolume('dockside-imported');
  await importVolume(docker, fresh, archive, helper);
  await assertVolumeHoldsOriginal(fresh);
});

test('import takes a plain .tar too, and refuses a file that is no archive', limit, async () => {
  const tarFile = join(work, 'plain.tar');
  await downloadVolume(docker, source, tarFile, helper);
  const fresh = await newVolume('dockside-plain');
  await importVolume(docker, fresh, tarFile, helper);
  assert.equal((await readVolumeFile(docker, fresh, 'hello.txt', helper)).toString(), 'hello from the host\n');
  const bogus = join(work, 'bogus.tar.gz');
  writeFileSync(bogus, 'this is not an archive');
  await assert.rejects(importVolume(docker, fresh, bogus, helper), /is not a tar archive/);
});

test('clone copies every file into a new volume, and refuses a target that exists', limit, async () => {
  const target = uniqueName('dockside-clone');
  touched.add(target);
  const clone = await cloneVolume(docker, source, target, helper);
  assert.equal(clone.name, target);
  assert.equal(clone.labels[TEST_LABEL], run, 'labels travel with the clone');
  await assertVolumeHoldsOriginal(target);
  await assert.rejects(cloneVolume(docker, source, target, helper), VolumeExistsError);
});

test('empty deletes every file and keeps the volume', limit, async () => {
  const target = uniqueName('dockside-toempty');
  touched.add(target);
  await cloneVolume(docker, source, target, helper);
  await runToCompletion(docker, ['touch', '/data/.hidden'], [`${target}:/data`], labels);
  await emptyVolume(docker, target, helper);
  assert.deepEqual(await browseVolume(docker, target, '/', helper), []);
  assert.ok(await docker.getVolume(target).inspect());
});

test('an export aborted part-way rejects as cancelled, leaves no helper and no partial file', limit, async () => {
  const controller = new AbortController();
  const archive = join(work, 'aborted.tar.gz');
  await assert.rejects(
    exportVolume(docker, source, archive, { ...helper, signal: controller.signal, onProgress: () => controller.abort() }),
    { name: 'AbortError' },
  );
  assert.equal(existsSync(archive), false);
});

test('an import aborted part-way rejects as cancelled, leaves no helper, and does not keep the archive open', limit, async () => {
  const archive = join(work, 'to-abort.tar');
  await downloadVolume(docker, source, archive, helper);
  const fresh = await newVolume('dockside-abortimport');
  const controller = new AbortController();
  await assert.rejects(
    importVolume(docker, fresh, archive, { ...helper, signal: controller.signal, onProgress: () => controller.abort() }),
    { name: 'AbortError' },
  );
  // An archive left open can't be deleted or replaced on Windows, and each cancel would cost a file handle.
  await until('the archive to be closed', () => !openFiles().includes(archive), 5_000);
});

test('a browse aborted once its helper exists rejects as cancelled and leaves no helper', limit, async () => {
  const controller = new AbortController();
  const pending = browseVolume(docker, source, '/', { ...helper, signal: controller.signal });
  let settled = false;
  void pending.catch(() => undefined).finally(() => (settled = true));
  let seen = false;
  while (!seen && !settled) {
    const list = await docker.listContainers({ all: true, filters: { label: [`${HELPER_VOLUME_LABEL}=${source}`] } });
    seen = list.length > 0;
  }
  assert.ok(seen, 'the helper was seen before the browse finished');
  controller.abort();
  await assert.rejects(pending, { name: 'AbortError' });
});

test('a volume removed behind the view is named plainly, and not silently re-created by a helper', limit, async () => {
  const gone = await newVolume('dockside-gone');
  await docker.getVolume(gone).remove();
  const message = `Volume ${gone} no longer exists.`;
  await assert.rejects(browseVolume(docker, gone, '/', helper), { message });
  await assert.rejects(exportVolume(docker, gone, join(work, 'gone.tar.gz'), helper), { message });
  await assert.rejects(emptyVolume(docker, gone, helper), { message });
  await assert.rejects(cloneVolume(docker, gone, uniqueName('dockside-never'), helper), { message });
  await assert.rejects(docker.getVolume(gone).inspect(), { statusCode: 404 });
});

test('a helper image that is not on the engine is named, and nothing is pulled', limit, async () => {
  await assert.rejects(
    browseVolume(docker, source, '/', { helperImage: 'dockside-test/absent:never' }),
    /The helper image dockside-test\/absent:never is not on this Docker Engine/,
  );
});

test('empty and import refuse while a running container uses the volume, and leave its files alone', limit, async () => {
  const target = uniqueName('dockside-live');
  touched.add(target);
  await cloneVolume(docker, source, target, helper);
  const holder = uniqueName('dockside-live-db');
  const container = await docker.createContainer({
    name: holder,
    Image: TEST_IMAGE,
    Cmd: ['sleep', '600'],
    Labels: labels,
    HostConfig: { Binds: [`${target}:/data`], Init: true },
  });
  await container.start();
  const archive = join(work, 'live.tar');
  await downloadVolume(docker, source, archive, helper);
  const refused = (error: unknown) => {
    assert.ok(error instanceof VolumeInUseError);
    assert.equal(error.message, `Volume ${target} is in use by container ${holder} (running); stop that container first.`);
    return true;
  };
  await assert.rejects(emptyVolume(docker, target, helper), refused);
  await assert.rejects(importVolume(docker, target, archive, helper), refused);
  assert.equal((await browseVolume(docker, target, '/', helper)).length, 4);
  await container.stop({ t: 1 });
  await emptyVolume(docker, target, helper);
  assert.deepEqual(await browseVolume(docker, target, '/', helper), []);
});
