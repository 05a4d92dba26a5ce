// What every stack operation shares: the options a caller passes, the events it gets back, and
// waiting in a way a cancel interrupts.

export type StackEvent = { kind: 'step'; message: string; service?: string } | { kind: 'output'; service: string; line: string };

export interface RunOptions {
  signal?: AbortSignal;
  onEvent?: (event: StackEvent) => void;
}

export function emitter(options: RunOptions): {
  step: (message: string, service?: string) => void;
  output: (service: string, line: string) => void;
} {
  return {
    step: (message, service) => options.onEvent?.({ kind: 'step', message, ...(service !== undefined ? { service } : {}) }),
    output: (service, line) => options.onEvent?.({ kind: 'output', service, line }),
  };
}

/** Resolves after `ms`, or rejects with the signal's AbortError as soon as it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(): Error {
  const error = new Error('The operation was cancelled.');
  error.name = 'AbortError';
  return error;
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError();
}

/** Runs `work` over `items` with at most `limit` at a time (the engine serialises much of it anyway). */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}
