// The engine's multiplexed stream of a container without a TTY (logs, attach, exec): frames with an
// 8-byte header, the stream id (1 stdout, 2 stderr), three zero bytes and the big-endian payload length.
// No `vscode` import.

export interface EngineFrame {
  readonly stream: 'stdout' | 'stderr';
  readonly data: Buffer;
}

/** The frames in `raw`, in order; an incomplete last frame is left out. */
export function engineFrames(raw: Buffer): EngineFrame[] {
  const frames: EngineFrame[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const length = raw.readUInt32BE(offset + 4);
    frames.push({ stream: raw[offset] === 2 ? 'stderr' : 'stdout', data: raw.subarray(offset + 8, offset + 8 + length) });
    offset += 8 + length;
  }
  return frames;
}
