/**
 * Thrown when the fast parser meets anything outside the YAML subset it reproduces exactly. It is
 * caught once, at the entry point (tryFastParse), which returns the reason so the caller uses yaml's own parser.
 * Throwing keeps the many small scanning functions free of "did it fail?" checks on every return.
 */
export class FastPathBail {
  constructor(readonly reason: string) {}
}

/** Gives up on the fast path; `reason` names the construct refused (the language server logs it). */
export function bail(reason: string): never {
  throw new FastPathBail(reason);
}
