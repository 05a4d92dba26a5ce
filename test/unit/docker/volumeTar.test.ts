// The tar reader (tar-stream) against archives GNU tar writes (ustar, PAX and GNU long names), fed in awkward chunks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { archiveKind, readTar, type TarHeader } from '../../../engine/src/volumes/tar';

const dir = mkdtempSync(join(tmpdir(), 'dockside-tar-'));
const tree = join(dir, 'tree');
const longName = `${'päth segment '.repeat(12)}end.txt`;
const big = randomBytes(70_000);
mkdirSync(join(tree, 'sub dir'), { recursive: true });
writeFileSync(join(tree, 'sub dir', 'ünï cödé.txt'), 'héllo\n');
writeFileSync(join(tree, longName), 'long\n');
writeFileSync(join(tree, 'big.bin'), big);
writeFileSync(join(tree, 'empty'), '');
symlinkSync('sub dir/ünï cödé.txt', join(tree, 'link'));
after(() => rmSync(dir, { recursive: true, force: true }));

function gnuTar(format: string): Buffer {
  const out = join(dir, `${format}.tar`);
  const r = spawnSync('tar', [`--format=${format}`, '-cf', out, '-C', tree, '.'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out);
}

async function* chunked(buffer: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

async function entries(archive: Buffer, chunkSize: number): Promise<Map<string, { header: TarHeader; body: Buffer }>> {
  const found = new Map<string, { header: TarHeader; body: Buffer }>();
  await readTar(chunked(archive, chunkSize), (header) => {
    const chunks: Buffer[] = [];
    found.set(header.name, {
      header,
      get body() {
        return Buffer.concat(chunks);
      },
    });
    return (chunk) => void chunks.push(Buffer.from(chunk));
  });
  return found;
}

for (const format of ['pax', 'gnu', 'ustar']) {
  // Byte-by-byte once is enough to catch every boundary; the others are the sizes a socket delivers.
  for (const chunkSize of format === 'pax' ? [1, 511, 65536] : [511, 65536]) {
    test(`${format} archive in ${chunkSize}-byte chunks: names, types, sizes and bodies`, async (t) => {
      const archive = format === 'ustar' ? gnuTarWithout(longName) : gnuTar(format);
      const found = await entries(archive, chunkSize);
      assert.equal(found.get('./sub dir/')?.header.type, 'directory');
      assert.equal(found.get('./sub dir/ünï cödé.txt')?.body.toString(), 'héllo\n');
      assert.equal(found.get('./link')?.header.type, 'symlink');
      assert.equal(found.get('./link')?.header.linkName, 'sub dir/ünï cödé.txt');
      assert.equal(found.get('./empty')?.header.size, 0);
      assert.ok(found.get('./big.bin')?.body.equals(big), 'the 70 kB body comes through byte for byte');
      assert.equal(found.get('./big.bin')?.header.size, big.length);
      if (format !== 'ustar') assert.equal(found.get(`./${longName}`)?.body.toString(), 'long\n');
      t.diagnostic(`${found.size} entries`);
    });
  }
}

/** ustar cannot hold the long name; GNU tar refuses it, so that archive leaves it out. */
function gnuTarWithout(name: string): Buffer {
  const out = join(dir, 'ustar.tar');
  const r = spawnSync('tar', ['--format=ustar', `--exclude=${name}`, '-cf', out, '-C', tree, '.'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(out);
}

test('a damaged header or a cut-off archive is an error, not a silent short read', async () => {
  const archive = gnuTar('pax');
  const damaged = Buffer.from(archive);
  damaged[0] = (damaged[0] ?? 0) ^ 0xff;
  await assert.rejects(
    readTar(chunked(damaged, 4096), () => undefined),
    /checksum/,
  );
  const bigAt = archive.indexOf(big.subarray(0, 64));
  await assert.rejects(
    readTar(chunked(archive.subarray(0, bigAt + 1000), 4096), () => undefined),
    /ends part-way/,
  );
});

test('a body left unread is skipped, and an error from the caller stops the reading with that error', async () => {
  const archive = gnuTar('pax');
  const names: string[] = [];
  await readTar(chunked(archive, 4096), (header) => void names.push(header.name));
  assert.ok(names.includes('./big.bin') && names.includes(`./${longName}`), names.join(', '));
  const seen: string[] = [];
  const refusal = new Error('a folder, not a file');
  await assert.rejects(
    readTar(chunked(archive, 4096), (header) => {
      seen.push(header.name);
      if (header.type === 'directory') throw refusal;
      return undefined;
    }),
    (error) => error === refusal,
  );
  assert.equal(seen.at(-1), './', 'nothing after the refused entry is read');
});

test('archive kinds from the first bytes', () => {
  const tar = gnuTar('pax');
  assert.equal(archiveKind(tar.subarray(0, 512)), 'tar');
  assert.equal(archiveKind(gzipSync(tar).subarray(0, 512)), 'gzip');
  assert.equal(archiveKind(Buffer.from('BZh91AY&SY')), 'bzip2');
  assert.equal(archiveKind(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0])), 'xz');
  assert.equal(archiveKind(Buffer.from('{"not": "an archive"}')), undefined);
});
