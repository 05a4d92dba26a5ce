import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStatListing } from '../../../engine/src/volumes/browse';
import { demultiplex } from '../../../engine/src/volumes/helper';
import { VolumePathError, displayPath, fromHelperPath, helperFilePath, helperPath } from '../../../engine/src/volumes/paths';

test('volume paths map under the mount point, absolute, so a leading dash is never an option', () => {
  assert.equal(helperPath('/'), '/volume');
  assert.equal(helperPath(''), '/volume');
  assert.equal(helperPath('-rf'), '/volume/-rf');
  assert.equal(helperPath('/logs//app 1.txt'), '/volume/logs/app 1.txt');
  assert.equal(helperPath('a/./b/../ünï cödé'), '/volume/a/ünï cödé');
  assert.equal(displayPath('logs/../x'), '/x');
});

test('".." that climbs out of the volume is refused, as is a NUL byte or the root where a file is needed', () => {
  for (const path of ['..', '../etc/passwd', '/a/../../b', 'a/b/../../../c']) {
    assert.throws(
      () => helperPath(path),
      (error: unknown) => error instanceof VolumePathError && /leads outside the volume/.test(error.message),
      path,
    );
  }
  assert.throws(() => helperPath('a\0b'), /NUL byte/);
  assert.throws(() => helperFilePath('/'), /the volume itself, not a file/);
  assert.equal(helperFilePath('/a/..//b'), '/volume/b');
});

test('helper paths map back to what the user sees', () => {
  assert.equal(fromHelperPath('/volume'), '/');
  assert.equal(fromHelperPath('/volume/a b/c'), '/a b/c');
  assert.throws(() => fromHelperPath('/etc/passwd'));
  assert.throws(() => fromHelperPath('/volumes/x'));
});

test('stat listings parse, and a name with a newline is put back together', () => {
  const output = [
    'drwxr-xr-x|4096|1795768370|/volume/sub dir',
    '-rw-r--r--|2|1795768371|/volume/-dash',
    'lrwxrwxrwx|11|1795768372|/volume/link',
    '-rw-r--r--|3|1795768373|/volume/new',
    'line',
    'prw-r--r--|0|1795768374|/volume/fifo',
    '',
  ].join('\n');
  const entries = parseStatListing(output);
  assert.deepEqual(
    entries.map((e) => [e.name, e.path, e.type, e.size, e.mode]),
    [
      ['sub dir', '/sub dir', 'directory', 4096, 'drwxr-xr-x'],
      ['-dash', '/-dash', 'file', 2, '-rw-r--r--'],
      ['link', '/link', 'symlink', 11, 'lrwxrwxrwx'],
      ['new\nline', '/new\nline', 'file', 3, '-rw-r--r--'],
      ['fifo', '/fifo', 'other', 0, 'prw-r--r--'],
    ],
  );
  assert.equal(entries[0]?.modified, new Date(1795768370 * 1000).toISOString());
  assert.deepEqual(
    parseStatListing('drwxr-xr-x|4096|0|/volume\n').map((e) => [e.name, e.path]),
    [['/', '/']],
  );
  assert.deepEqual(parseStatListing(''), []);
});

test('the engine stream splits into stdout and stderr by its frame headers', () => {
  const frame = (kind: number, text: string) => {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = kind;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
  };
  const raw = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err\n'), frame(1, 'ünï\n')]);
  const { stdout, stderr } = demultiplex(raw);
  assert.equal(stdout.toString(), 'out 1\nünï\n');
  assert.equal(stderr.toString(), 'err\n');
});
