/**
 * Waits until `condition` holds, for state that fires no event to wait on (the engine's containers, a
 * scheduler's counts): checks it every `everyMs`, fails naming `what` (or what `what()` says then) after
 * `timeoutMs`. Resolves with the milliseconds it took.
 */
export async function until(
  what: string | (() => string),
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return Date.now() - started;
}

/**
 * Waits until `url` answers with a body (a container counts as running before its server listens), and
 * resolves with that body; the timeout's message holds the last answer.
 */
export async function untilServed(url: string, timeoutMs?: number): Promise<string> {
  let body = '';
  await until(
    () => `${url} to answer (last answer: ${body || 'none'})`,
    async () => {
      body = await fetch(url).then(
        (response) => response.text(),
        () => '',
      );
      return body !== '';
    },
    timeoutMs,
  );
  return body;
}
