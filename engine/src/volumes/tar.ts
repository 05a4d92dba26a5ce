// Reading the tar archives the engine's archive API sends, with tar-stream (the tar implementation
// dockerode already brings through tar-fs): ustar headers, PAX and GNU records for long or non-ASCII
// names, GNU base-256 sizes. Bodies are handed on chunk by chunk, awaited, so a large file flows to disk
// without being held in memory.
import { pipeline } from 'node:stream/promises';
import { extract, type Headers } from 'tar-stream';

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface TarHeader {
  name: string;
  type: TarEntryType;
  size: number;
  mode: number;
  mtime: Date;
  linkName: string;
}

/** What to do with an entry's body: take it chunk by chunk, or skip it (undefined). */
export type TarBodySink = ((chunk: Buffer) => void | Promise<void>) | undefined;

/**
 * Reads `source` to its end, calling `onEntry` for each real entry (not the PAX or GNU records). An
 * error thrown by `onEntry` or a sink stops the reading and the source, and is what this rejects with.
 */
export async function readTar(
  source: AsyncIterable<Buffer | string> | NodeJS.ReadableStream,
  onEntry: (header: TarHeader) => TarBodySink | Promise<TarBodySink>,
): Promise<void> {
  const reader = extract();
  reader.on('entry', (header: Headers, body: AsyncIterable<Buffer>, next: (error?: unknown) => void) => {
    readEntry(header, body, onEntry).then(
      () => next(),
      (error: unknown) => next(error),
    );
  });
  try {
    await pipeline(source, reader);
  } catch (error) {
    throw inOurWords(error);
  }
}

async function readEntry(
  raw: Headers,
  body: AsyncIterable<Buffer>,
  onEntry: (header: TarHeader) => TarBodySink | Promise<TarBodySink>,
): Promise<void> {
  const sink = await onEntry(tarHeader(raw));
  // Every body is read to its end (a skipped one too): the next header follows it.
  for await (const chunk of body) if (sink) await sink(chunk);
}

function tarHeader(raw: Headers): TarHeader {
  // tar-stream applies a PAX record's path, linkpath and size; its mtime (fractional seconds) is ours to take.
  const paxMtime = Number((raw as Headers & { pax?: Record<string, string> }).pax?.['mtime']);
  return {
    name: raw.name,
    type: entryType(raw.type),
    size: raw.size ?? 0,
    mode: raw.mode ?? 0,
    mtime: Number.isFinite(paxMtime) ? new Date(paxMtime * 1000) : (raw.mtime ?? new Date(0)),
    linkName: raw.linkname ?? '',
  };
}

function entryType(type: Headers['type']): TarEntryType {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    default:
      return 'other';
  }
}

/** tar-stream's messages, said as the Volumes view says things; any other error passes unchanged. */
function inOurWords(error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  if (/^Invalid tar header\. Maybe/.test(message)) {
    return new Error('The archive is damaged: a tar header fails its checksum.', { cause: error });
  }
  if (/^Invalid tar header: unknown format/.test(message)) {
    return new Error('The archive is damaged or not a tar archive: a header has no ustar or GNU format.', { cause: error });
  }
  if (/^Unexpected end of data/.test(message)) {
    return new Error('The archive ends part-way through an entry.', { cause: error });
  }
  return error;
}

export type ArchiveKind = 'tar' | 'gzip' | 'bzip2' | 'xz';

/** What an archive file is, from its first 512 bytes; the engine's archive API takes all four. */
export function archiveKind(head: Buffer): ArchiveKind | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.length >= 512 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  return undefined;
}
