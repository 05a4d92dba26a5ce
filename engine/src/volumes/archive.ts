// Moving volume contents as tar streams between a helper container and files on this machine, always
// streamed (a volume may be larger than memory), with partial files removed when something fails.
import type Docker from 'dockerode';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { volumeFailure, statusOf } from './errors';
import { fromHelperPath } from './paths';
import { readTar, type TarHeader } from './tar';

/** The helper's `containerPath` as a tar stream; "/volume/." gives the contents with "./" names. */
export async function archiveOf(
  helper: Docker.Container,
  containerPath: string,
  volume: string,
  signal?: AbortSignal,
): Promise<NodeJS.ReadableStream> {
  try {
    const stream = await helper.getArchive({ path: containerPath, ...(signal ? { abortSignal: signal } : {}) });
    destroyOnAbort(stream, signal);
    return stream;
  } catch (error) {
    if (statusOf(error) === 404 && /find the file|no such file/i.test(String((error as Error).message))) {
      throw new Error(`Volume ${volume} has nothing at ${fromHelperPath(containerPath.replace(/\/\.$/, ''))}.`, { cause: error });
    }
    throw volumeFailure(error, volume, 'read');
  }
}

function destroyOnAbort(stream: NodeJS.ReadableStream, signal: AbortSignal | undefined): void {
  if (!signal) return;
  const destroy = () => (stream as NodeJS.ReadableStream & { destroy?: (e?: Error) => void }).destroy?.();
  signal.addEventListener('abort', destroy, { once: true });
  stream.on('close', () => signal.removeEventListener('abort', destroy));
}

/** Streams `source` through `transforms` into `targetFile`; removes the partial file on failure. */
export async function streamToFile(
  source: NodeJS.ReadableStream,
  transforms: Transform[],
  targetFile: string,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await pipeline([source, ...transforms, createWriteStream(targetFile)], signal ? { signal } : {});
  } catch (error) {
    await rm(targetFile, { force: true });
    throw error;
  }
}

/**
 * The one file an archive of a single path holds, handed to `onFile` (which returns the body's sink).
 * A folder or a link at that path is refused with a sentence naming it.
 */
export async function readSingleFile(
  archive: NodeJS.ReadableStream,
  where: string,
  onFile: (header: TarHeader) => (chunk: Buffer) => void | Promise<void>,
): Promise<TarHeader> {
  let found: TarHeader | undefined;
  await readTar(archive as AsyncIterable<Buffer>, (header) => {
    if (found) return undefined;
    found = header;
    if (header.type === 'directory') throw new Error(`${where} is a folder, not a file.`);
    if (header.type === 'symlink')
      throw new Error(`${where} is a symbolic link to ${header.linkName}; open the file it points to instead.`);
    if (header.type !== 'file') throw new Error(`${where} is not a regular file.`);
    return onFile(header);
  });
  if (!found) throw new Error(`${where} is empty or missing.`);
  return found;
}
