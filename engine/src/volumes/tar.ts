// Pure, streaming reader of the tar archives the engine's archive API sends: ustar headers, with the PAX
// ('x') and GNU ('L', 'K') records that carry long or non-ASCII names. Bodies are handed on chunk by
// chunk, awaited, so a large file flows to disk without being held in memory.

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

const BLOCK = 512;

interface PendingNames {
  name?: string;
  linkName?: string;
  size?: number;
  mtime?: number;
}

/** Reads `source` to the end-of-archive blocks, calling `onEntry` for each real entry (not PAX/GNU records). */
export async function readTar(
  source: AsyncIterable<Buffer | string>,
  onEntry: (header: TarHeader) => TarBodySink | Promise<TarBodySink>,
): Promise<void> {
  const reader = new BlockReader(source);
  try {
    await readEntries(reader, onEntry);
  } finally {
    await reader.close();
  }
}

async function readEntries(reader: BlockReader, onEntry: (header: TarHeader) => TarBodySink | Promise<TarBodySink>): Promise<void> {
  let pending: PendingNames = {};
  let global: PendingNames = {};
  for (;;) {
    const block = await reader.read(BLOCK);
    if (!block || isZeroBlock(block)) return;
    verifyChecksum(block);
    const raw = parseHeader(block);
    const typeFlag = String.fromCharCode(block[156] ?? 0);
    if (typeFlag === 'x' || typeFlag === 'g' || typeFlag === 'L' || typeFlag === 'K') {
      const body = await reader.readBody(raw.size);
      if (typeFlag === 'x') pending = { ...pending, ...parsePax(body) };
      else if (typeFlag === 'g') global = { ...global, ...parsePax(body) };
      else if (typeFlag === 'L') pending.name = cString(body);
      else pending.linkName = cString(body);
      continue;
    }
    const header = applyOverrides(raw, { ...global, ...pending });
    pending = {};
    await reader.forwardBody(header.size, await onEntry(header));
  }
}

function applyOverrides(header: TarHeader, overrides: PendingNames): TarHeader {
  return {
    ...header,
    name: overrides.name ?? header.name,
    linkName: overrides.linkName ?? header.linkName,
    size: overrides.size ?? header.size,
    mtime: overrides.mtime !== undefined ? new Date(overrides.mtime * 1000) : header.mtime,
  };
}

export function parseHeader(block: Buffer): TarHeader {
  const name = cString(block.subarray(0, 100));
  const magic = block.subarray(257, 262).toString('latin1');
  const prefix = magic === 'ustar' ? cString(block.subarray(345, 500)) : '';
  return {
    name: prefix ? `${prefix}/${name}` : name,
    type: entryType(String.fromCharCode(block[156] ?? 0)),
    size: readNumber(block.subarray(124, 136)),
    mode: readNumber(block.subarray(100, 108)),
    mtime: new Date(readNumber(block.subarray(136, 148)) * 1000),
    linkName: cString(block.subarray(157, 257)),
  };
}

function entryType(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
      return 'file';
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    default:
      return 'other';
  }
}

/** Octal text, or GNU's base-256 (high bit set) for sizes of 8 GiB and more. */
function readNumber(field: Buffer): number {
  if (((field[0] ?? 0) & 0x80) !== 0) {
    let value = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  return text ? parseInt(text, 8) : 0;
}

function cString(buffer: Buffer): string {
  const end = buffer.indexOf(0);
  return buffer.subarray(0, end === -1 ? buffer.length : end).toString('utf8');
}

/** PAX records: "<length> <key>=<value>\n", lengths in bytes of the whole record. */
export function parsePax(body: Buffer): PendingNames {
  const result: PendingNames = {};
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    if (space === -1) break;
    const length = parseInt(body.subarray(offset, space).toString('latin1'), 10);
    if (!(length > 0)) break;
    const record = body.subarray(space + 1, offset + length - 1).toString('utf8');
    offset += length;
    const eq = record.indexOf('=');
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === 'path') result.name = value;
    else if (key === 'linkpath') result.linkName = value;
    else if (key === 'size') result.size = Number(value);
    else if (key === 'mtime') result.mtime = Number(value);
  }
  return result;
}

function isZeroBlock(block: Buffer): boolean {
  return block.every((byte) => byte === 0);
}

function verifyChecksum(block: Buffer): void {
  const stored = readNumber(block.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  if (sum !== stored) throw new Error('The archive is damaged: a tar header fails its checksum.');
}

/** Reads exact byte counts from a chunked source, joining chunks only when a read spans them. */
class BlockReader {
  private readonly iterator: AsyncIterator<Buffer | string>;
  private chunks: Buffer[] = [];
  private length = 0;
  private done = false;

  constructor(source: AsyncIterable<Buffer | string>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Exactly `size` bytes, or undefined at a clean end; throws when the archive stops part-way. */
  async read(size: number): Promise<Buffer | undefined> {
    while (this.length < size && (await this.fill()));
    if (this.length === 0 && size > 0) return undefined;
    if (this.length < size) throw new Error('The archive ends part-way through an entry.');
    const joined = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    this.keep(joined.subarray(size));
    return joined.subarray(0, size);
  }

  /** A small body (PAX or GNU record), whole, then its padding. */
  async readBody(size: number): Promise<Buffer> {
    const body = Buffer.from((await this.read(size)) ?? Buffer.alloc(0));
    await this.read(padding(size));
    return body;
  }

  /** Hands `size` bytes to `sink` as they arrive (or drops them), then skips the padding. */
  async forwardBody(size: number, sink: TarBodySink): Promise<void> {
    let left = size;
    while (left > 0) {
      if (this.length === 0 && !(await this.fill())) throw new Error('The archive ends part-way through an entry.');
      const first = this.chunks.shift() as Buffer;
      const piece = first.subarray(0, Math.min(left, first.length));
      this.length -= first.length;
      if (piece.length < first.length) {
        this.chunks.unshift(first.subarray(piece.length));
        this.length += first.length - piece.length;
      }
      left -= piece.length;
      if (sink) await sink(piece);
    }
    if (padding(size) > 0 && !(await this.read(padding(size)))) throw new Error('The archive ends part-way through an entry.');
  }

  /** Lets go of the source (a response stream is destroyed), also when a caller stopped early. */
  async close(): Promise<void> {
    if (!this.done) await this.iterator.return?.();
    this.done = true;
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.iterator.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    this.chunks.push(chunk);
    this.length += chunk.length;
    return true;
  }
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
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
