// The engine answers pull, build and logs with streams: newline-separated JSON for pull and build,
// 8-byte-framed stdout/stderr for the logs of a container without a TTY.
import { StringDecoder } from 'node:string_decoder';
import { abortError } from './run';
import { engineFrames } from '../frames';

/** Calls `onLine` for every complete line of a text stream; resolves when it ends. */
export function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let pending = '';
    const flush = (text: string): void => {
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line.replace(/\r$/, ''));
    };
    const onAbort = (): void => {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer | string) => flush(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
    stream.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    stream.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      flush(decoder.end());
      if (pending !== '') onLine(pending);
      resolve();
    });
  });
}

export interface ProgressMessage {
  status?: string;
  progress?: string;
  id?: string;
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Follows a pull or build stream; rejects with the engine's message when a line carries `error`
 * (the engine reports a failed pull or build inside a 200 response).
 */
export async function followProgress(
  stream: NodeJS.ReadableStream,
  onMessage: (message: ProgressMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  let failure: string | undefined;
  await readLines(
    stream,
    (line) => {
      if (line.trim() === '') return;
      let message: ProgressMessage;
      try {
        message = JSON.parse(line) as ProgressMessage;
      } catch {
        return;
      }
      if (message.error || message.errorDetail?.message) failure ??= message.errorDetail?.message ?? message.error;
      else onMessage(message);
    },
    signal,
  );
  if (signal?.aborted) throw abortError();
  if (failure !== undefined) throw new Error(failure);
}

/** The engine's multiplexed log format, frame by frame, as text. */
export function demultiplex(buffer: Buffer): Array<{ stream: 'stdout' | 'stderr'; text: string }> {
  return engineFrames(buffer).map((frame) => ({ stream: frame.stream, text: frame.data.toString('utf8') }));
}
