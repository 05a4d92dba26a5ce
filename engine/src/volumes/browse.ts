// Looking inside a volume: list a folder, read a file into memory (bounded), download a file. The helper
// mounts the volume read-only; the user's path reaches it only as one argv element or an API parameter.
import type Docker from 'dockerode';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { archiveOf, readSingleFile } from './archive';
import { runHelper, withHelperContainer, volumeMount, type HelperOptions } from './helper';
import { requireVolume } from './lifecycle';
import { VOLUME_MOUNT, displayPath, fromHelperPath, helperFilePath, helperPath } from './paths';

export interface VolumeEntry {
  name: string;
  /** From the volume root, e.g. "/logs/app 1.txt"; pass it back as `dir` to browse a folder. */
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  modified?: string;
  /** As `ls -l` shows it: "-rw-r--r--". */
  mode?: string;
}

/** Reading more than this into memory needs the caller to ask; larger files are for download. */
export const DEFAULT_MAX_READ_BYTES = 16 * 1024 * 1024;

/** `stat` prints one record per path; the name comes last so a name with a newline can be put back together. */
const STAT_FORMAT = '%A|%s|%Y|%n';
const RECORD_START = /^([-dlcbps?][-rwxsStT]{9}[.+]?)\|(\d+)\|(\d+)\|(\/volume(?:\/.*)?)$/s;

/** The entries of folder `dir` ("/" is the volume root): folders first, then by name. */
export async function browseVolume(docker: Docker, name: string, dir: string, options: HelperOptions): Promise<VolumeEntry[]> {
  const folder = helperPath(dir);
  await requireVolume(docker, name);
  const argv = ['find', folder, '-maxdepth', '1', '-exec', 'stat', '-c', STAT_FORMAT, '{}', '+'];
  const run = await runHelper(docker, 'browse', volumeMount(name, true), argv, options);
  const entries = parseStatListing(run.stdout.toString('utf8'));
  const self = entries.find((e) => e.path === fromHelperPath(folder));
  if (!self) throw new Error(`Volume ${name} has no folder ${displayPath(dir)}${run.stderr ? ` (${run.stderr})` : ''}.`);
  if (self.type !== 'directory')
    throw new Error(`${displayPath(dir)} in volume ${name} is ${self.type === 'symlink' ? 'a symbolic link' : 'a file'}, not a folder.`);
  return entries.filter((e) => e !== self).sort(byFolderThenName);
}

function byFolderThenName(a: VolumeEntry, b: VolumeEntry): number {
  return Number(b.type === 'directory') - Number(a.type === 'directory') || a.name.localeCompare(b.name);
}

/** Pure: `stat -c '%A|%s|%Y|%n'` output for paths under /volume, as entries. */
export function parseStatListing(output: string): VolumeEntry[] {
  const records: string[] = [];
  for (const line of output.replace(/\n$/, '').split('\n')) {
    if (RECORD_START.test(line) || records.length === 0) records.push(line);
    else records[records.length - 1] += `\n${line}`; // the rest of a name that holds a newline
  }
  return records.flatMap((record) => {
    const match = RECORD_START.exec(record);
    if (!match) return [];
    const [, mode = '', size = '0', seconds = '0', full = VOLUME_MOUNT] = match;
    const path = fromHelperPath(full);
    return [
      {
        name: path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1),
        path,
        type: typeOfMode(mode),
        size: Number(size),
        modified: new Date(Number(seconds) * 1000).toISOString(),
        mode,
      },
    ];
  });
}

function typeOfMode(mode: string): VolumeEntry['type'] {
  switch (mode[0]) {
    case '-':
      return 'file';
    case 'd':
      return 'directory';
    case 'l':
      return 'symlink';
    default:
      return 'other';
  }
}

/** A file's contents, refused (not truncated) when larger than `maxBytes`. */
export async function readVolumeFile(
  docker: Docker,
  name: string,
  path: string,
  options: HelperOptions & { maxBytes?: number },
): Promise<Buffer> {
  const inside = helperFilePath(path);
  const where = `${displayPath(path)} in volume ${name}`;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  await requireVolume(docker, name);
  return withHelperContainer(docker, 'read', volumeMount(name, true), options, async (helper) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    await readSingleFile(await archiveOf(helper, inside, name, options.signal), where, (header) => {
      if (header.size > maxBytes)
        throw new Error(`${where} has ${header.size} bytes, more than the ${maxBytes} read at most; download it instead.`);
      return (chunk) => {
        chunks.push(chunk);
        options.onProgress?.((bytes += chunk.length));
      };
    });
    return Buffer.concat(chunks);
  });
}

/** Streams one file of the volume to `targetFile`; a partial file is removed on failure. */
export async function downloadVolumeFile(
  docker: Docker,
  name: string,
  path: string,
  targetFile: string,
  options: HelperOptions,
): Promise<void> {
  const inside = helperFilePath(path);
  const where = `${displayPath(path)} in volume ${name}`;
  await requireVolume(docker, name);
  await withHelperContainer(docker, 'download-file', volumeMount(name, true), options, async (helper) => {
    const archive = await archiveOf(helper, inside, name, options.signal);
    const out = createWriteStream(targetFile);
    let bytes = 0;
    try {
      await readSingleFile(archive, where, () => async (chunk) => {
        if (!out.write(chunk)) await once(out, 'drain');
        options.onProgress?.((bytes += chunk.length));
      });
      out.end();
      await once(out, 'finish');
    } catch (error) {
      out.destroy();
      await rm(targetFile, { force: true });
      throw error;
    }
  });
}
