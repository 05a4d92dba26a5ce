/** Compose's scalar formats: durations (`1m30s`) and byte sizes (`512m`). */

/** Go's time.ParseDuration grammar, which Compose uses: one or more number+unit pairs. */
const DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;

export function isDuration(text: string): boolean {
  return text === '0' || DURATION.test(text);
}

/** Docker's byte-size grammar: a number with an optional k/m/g/t/p unit, optionally followed by "b". */
const BYTE_SIZE = /^\d+(\.\d+)?\s?([kmgtp]i?)?b?$/i;

export function isByteSize(text: string): boolean {
  return text.trim() === '-1' || BYTE_SIZE.test(text.trim());
}
