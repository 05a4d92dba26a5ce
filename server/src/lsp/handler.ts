import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

/** Where a failure is written: the client's log (the Dockside output in VS Code). */
export interface ErrorLog {
  error(message: string): void;
}

/** The handler of one request, as the connection takes it. */
export type RequestHandler<P, R> = (params: P, token: CancellationToken) => R | Promise<R>;

/** The document (or file) a request is about, for the log line. */
function subjectOf(params: unknown): string | undefined {
  const p = params as { textDocument?: { uri?: unknown }; uri?: unknown; arguments?: Array<{ uri?: unknown } | undefined> } | undefined;
  const uri = p?.textDocument?.uri ?? p?.uri ?? p?.arguments?.[0]?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

/**
 * Every request handler is registered through this one wrapper, so each feature is a plain function of
 * its parameters. A request the editor cancelled while it waited in the queue is answered as cancelled,
 * not computed. A `ResponseError` is the feature's own answer ("save the file first") and goes back as
 * it is. Anything else is a bug: it is logged with its stack and answered with the feature's neutral
 * answer (no items, no hover) when it has one, otherwise with an error that says what failed.
 */
export function handle<P, R>(
  log: ErrorLog,
  what: string,
  feature: (params: P, token: CancellationToken) => R | Promise<R>,
  options?: { fallback: R },
): RequestHandler<P, R> {
  const failed = (params: P, error: unknown): R => {
    if (error instanceof ResponseError) throw error;
    const subject = subjectOf(params);
    log.error(`${what}${subject ? ` in ${subject}` : ''} failed: ${error instanceof Error ? error.stack : String(error)}`);
    if (options) return options.fallback;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ResponseError(ErrorCodes.InternalError, `${what} failed: ${reason} (an internal error; see the Dockside output).`);
  };
  return (params, token) => {
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
    try {
      const result = feature(params, token);
      return result instanceof Promise ? result.catch((error: unknown) => failed(params, error)) : result;
    } catch (error) {
      return failed(params, error);
    }
  };
}

/** A notification or document event has nobody to answer: a failure is logged, never thrown into the connection. */
export function listen<P>(log: ErrorLog, what: string, feature: (params: P) => void | Promise<void>): (params: P) => void {
  const failed = (error: unknown): void => {
    try {
      log.error(`${what} failed: ${error instanceof Error ? error.stack : String(error)}`);
    } catch {
      // The connection is closing: there is nobody left to tell.
    }
  };
  return (params) => {
    try {
      const result = feature(params);
      if (result instanceof Promise) result.catch(failed);
    } catch (error) {
      failed(error);
    }
  };
}
