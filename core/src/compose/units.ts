/** Compose's scalar formats: durations (`1m30s`), byte sizes (`512m`) and numbers written as strings. */

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

/** What Go's strconv.Atoi and ParseInt(s, 10, 64) read, as Compose does for counts written as strings. */
export function isWholeNumber(text: string): boolean {
  return /^[-+]?\d+$/.test(text);
}

/** What Go's strconv.ParseFloat reads (decimal, hexadecimal, infinities, NaN), as Compose does for `cpus`. */
export function isDecimalNumber(text: string): boolean {
  return (
    /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text) ||
    /^[-+]?0[xX]([\da-fA-F_]+(\.[\da-fA-F_]*)?|\.[\da-fA-F_]+)([pP][-+]?\d+)?$/.test(text) ||
    /^[-+]?(inf|infinity|nan)$/i.test(text)
  );
}
