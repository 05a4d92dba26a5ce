// Whole-volume operations through a helper container: export to .tar.gz, import from an archive, clone
// into a new volume, empty, and download as a plain .tar. The archive API does the reading and writing
// (ownership and modes travel in the tar headers); only "empty" runs a command, a fixed argv.
import type Docker from 'dockerode';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import { LABEL_PREFIX } from '../compose/labels';
import { archiveOf, streamToFile } from './archive';
import { VolumeExistsError, volumeFailure } from './errors';
import { ByteCounter, runHelper, withHelperContainer, volumeMount, type HelperOptions } from './helper';
import { createVolume, requireNoRunningUsers, requireVolume, volumeExists } from './lifecycle';
import { VOLUME_MOUNT } from './paths';
import type { VolumeSummary } from './summary';
import { archiveKind } from './tar';

const CONTENTS = `${VOLUME_MOUNT}/.`;

export interface ExportResult {
  /** Uncompressed tar bytes read from the volume (what onProgress counted). */
  bytes: number;
  /** Size of the .tar.gz written. */
  fileBytes: number;
}

/** Writes the volume's contents to `targetFile` as a gzip-compressed tar with "./" names. */
export async function exportVolume(docker: Docker, name: string, targetFile: string, options: HelperOptions): Promise<ExportResult> {
  await requireVolume(docker, name);
  return withHelperContainer(docker, 'export', volumeMount(name, true), options, async (helper) => {
    const counter = new ByteCounter(options.onProgress);
    await streamToFile(await archiveOf(helper, CONTENTS, name, options.signal), [counter, createGzip()], targetFile, options.signal);
    return { bytes: counter.bytes, fileBytes: (await stat(targetFile)).size };
  });
}

/** Writes the volume's contents to `targetFile` as a plain tar. */
export async function downloadVolume(docker: Docker, name: string, targetFile: string, options: HelperOptions): Promise<void> {
  await requireVolume(docker, name);
  await withHelperContainer(docker, 'download', volumeMount(name, true), options, async (helper) => {
    await streamToFile(
      await archiveOf(helper, CONTENTS, name, options.signal),
      [new ByteCounter(options.onProgress)],
      targetFile,
      options.signal,
    );
  });
}

/**
 * Unpacks a .tar, .tar.gz (or .tar.bz2, .tar.xz) into the volume, over what is there; refuses while a
 * running container uses it. Paths in the archive stay inside the volume: the engine refuses entries
 * that would climb out.
 */
export async function importVolume(docker: Docker, name: string, sourceFile: string, options: HelperOptions): Promise<void> {
  await requireArchiveFile(sourceFile);
  await requireVolume(docker, name);
  await requireNoRunningUsers(docker, name);
  await withHelperContainer(docker, 'import', volumeMount(name, false), options, async (helper) => {
    const counter = new ByteCounter(options.onProgress);
    const input = pipeline(createReadStream(sourceFile), counter, () => undefined);
    try {
      await helper.putArchive(input, {
        path: VOLUME_MOUNT,
        noOverwriteDirNonDir: true,
        ...(options.signal ? { abortSignal: options.signal } : {}),
      });
    } catch (error) {
      throw volumeFailure(error, name, `import ${sourceFile} into`);
    } finally {
      // A cancelled or refused upload stops reading midway: close the archive rather than leave it open.
      input.destroy();
    }
  });
}

async function requireArchiveFile(file: string): Promise<void> {
  const head = Buffer.alloc(512);
  let handle;
  try {
    handle = await open(file, 'r');
    await handle.read(head, 0, head.length, 0);
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  } finally {
    await handle?.close();
  }
  if (!archiveKind(head)) throw new Error(`${file} is not a tar archive (.tar, .tar.gz, .tar.bz2 or .tar.xz).`);
}

/** Copies `source` into a new volume `target` (same driver and labels, minus the Compose project's). */
export async function cloneVolume(
  docker: Docker,
  source: string,
  target: string,
  options: HelperOptions & { labels?: Record<string, string> },
): Promise<VolumeSummary> {
  const info = await sourceInfo(docker, source);
  if (await volumeExists(docker, target)) throw new VolumeExistsError(target);
  const created = await createVolume(docker, {
    name: target,
    driver: info.Driver,
    labels: { ...withoutComposeLabels(info.Labels ?? {}), ...options.labels },
  });
  try {
    // Two helpers: the engine holds a container's lock while an archive streams out of it, so reading
    // and writing through one container would wait on each other once the volume outgrows the buffers.
    await withHelperContainer(docker, 'clone', volumeMount(source, true), options, (reader) =>
      withHelperContainer(docker, 'clone', volumeMount(target, false), options, async (writer) => {
        const counter = new ByteCounter(options.onProgress);
        const stream = pipeline(await archiveOf(reader, CONTENTS, source, options.signal), counter, () => undefined);
        try {
          await writer.putArchive(stream, { path: VOLUME_MOUNT, ...(options.signal ? { abortSignal: options.signal } : {}) });
        } finally {
          // Cancelled midway, the reading side would otherwise stay open on the engine.
          stream.destroy();
        }
      }),
    );
    return created;
  } catch (error) {
    // A half-filled copy is worse than none; the target did not exist before.
    await docker
      .getVolume(target)
      .remove()
      .catch(() => undefined);
    throw volumeFailure(error, source, `clone ${target} from`);
  }
}

async function sourceInfo(docker: Docker, name: string): Promise<Docker.VolumeInspectInfo> {
  try {
    return await docker.getVolume(name).inspect();
  } catch (error) {
    throw volumeFailure(error, name, 'inspect');
  }
}

/** Compose would take a volume with its project label for one of its own. */
function withoutComposeLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).filter(([key]) => !key.startsWith(LABEL_PREFIX)));
}

/** Deletes everything in the volume and keeps the volume; refuses while a running container uses it. */
export async function emptyVolume(docker: Docker, name: string, options: HelperOptions): Promise<void> {
  await requireVolume(docker, name);
  await requireNoRunningUsers(docker, name);
  const run = await runHelper(
    docker,
    'empty',
    volumeMount(name, false),
    ['find', VOLUME_MOUNT, '-mindepth', '1', '-maxdepth', '1', '-exec', 'rm', '-rf', '{}', '+'],
    options,
  );
  if (run.exitCode !== 0) throw new Error(`Could not empty volume ${name}: ${run.stderr || `the helper exited with ${run.exitCode}`}`);
}
