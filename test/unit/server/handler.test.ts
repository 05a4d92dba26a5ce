import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancellationTokenSource, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { handle, listen } from '../../../server/src/lsp/handler';

function recordingLog(): { lines: string[]; error(message: string): void } {
  const lines: string[] = [];
  return { lines, error: (message) => lines.push(message) };
}

const token = new CancellationTokenSource().token;
const params = { textDocument: { uri: 'file:///w/compose.yaml' } };

test('a feature that succeeds is answered with its result, and nothing is logged', () => {
  const log = recordingLog();
  const handler = handle(log, 'Hover', (p: typeof params) => `hover for ${p.textDocument.uri}`, { fallback: 'none' });
  assert.equal(handler(params, token), 'hover for file:///w/compose.yaml');
  assert.deepEqual(log.lines, []);
});

test('a request cancelled while it waited is answered as cancelled and not computed', () => {
  const source = new CancellationTokenSource();
  source.cancel();
  let ran = false;
  const handler = handle(recordingLog(), 'Completion', () => (ran = true));
  assert.throws(
    () => handler(params, source.token),
    (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled,
  );
  assert.equal(ran, false);
});

test("a feature's own ResponseError goes back as it is, and is not logged as a failure", () => {
  const log = recordingLog();
  const refusal = new ResponseError(ErrorCodes.InvalidParams, 'Save the file first.');
  const handler = handle(log, 'Conversion', () => {
    throw refusal;
  });
  assert.throws(
    () => handler(params, token),
    (error) => error === refusal,
  );
  assert.deepEqual(log.lines, []);
});

test('an unexpected failure is logged with the document and its stack, and answered with the neutral answer', () => {
  const log = recordingLog();
  const handler = handle(
    log,
    'Completion',
    (): string[] => {
      throw new TypeError('boom');
    },
    { fallback: [] },
  );
  assert.deepEqual(handler(params, token), []);
  assert.equal(log.lines.length, 1);
  assert.match(log.lines[0]!, /^Completion in file:\/\/\/w\/compose\.yaml failed: TypeError: boom\n\s+at /);
});

test('without a neutral answer, an unexpected failure is answered with an error that says what failed', () => {
  const log = recordingLog();
  const handler = handle(log, 'The effective configuration', (_: { uri: string }) => {
    throw new Error('cannot read');
  });
  assert.throws(
    () => handler({ uri: 'file:///w/compose.yaml' }, token),
    (error: unknown) =>
      error instanceof ResponseError &&
      error.code === ErrorCodes.InternalError &&
      /^The effective configuration failed: cannot read/.test(error.message),
  );
  assert.match(log.lines[0]!, /^The effective configuration in file:\/\/\/w\/compose\.yaml failed: Error: cannot read/);
});

test('an asynchronous feature is answered the same way when its promise rejects', async () => {
  const log = recordingLog();
  const handler = handle(log, 'Hover', async (): Promise<string | null> => Promise.reject(new Error('late')), { fallback: null });
  assert.equal(await handler(params, token), null);
  assert.match(log.lines[0]!, /^Hover in file:\/\/\/w\/compose\.yaml failed: Error: late/);
});

test('a failing notification or document event is logged and never thrown into the connection', async () => {
  const log = recordingLog();
  listen(log, 'Opening a document', () => {
    throw new Error('sync');
  })({});
  const rejected = Promise.reject(new Error('async'));
  listen(log, 'Reading the settings', () => rejected)({});
  await rejected.catch(() => undefined);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(log.lines.length, 2);
  assert.match(log.lines[0]!, /^Opening a document failed: Error: sync/);
  assert.match(log.lines[1]!, /^Reading the settings failed: Error: async/);
});
