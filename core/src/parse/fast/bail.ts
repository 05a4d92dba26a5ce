/**
 * Thrown when the fast parser meets anything outside the YAML subset it reproduces exactly. It is
 * caught once, at the entry point, which then returns undefined so the caller uses yaml's own parser.
 * Throwing keeps the many small scanning functions free of "did it fail?" checks on every return.
 */
export class FastPathBail {
  constructor(readonly reason: string) {}
}

/** Gives up on the fast path; `reason` only helps when debugging which construct was refused. */
export function bail(reason: string): never {
  throw new FastPathBail(reason);
}
