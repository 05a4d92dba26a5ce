// How streamed logs read in the terminal: each line prefixed by its service, padded so the text lines
// up, the prefix coloured per service as `docker compose logs` does, the text left as the container
// wrote it. No `vscode` import.

/** The colours `docker compose logs` hands out, in its order: cyan, yellow, green, magenta, blue, then bright. */
const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';

/** Separates the prefix from the text: `|` for stdout; for stderr a faint `¦`, a mark rather than paint. */
export const STDOUT_MARK = '|';
export const STDERR_MARK = '¦';

export type LogStream = 'stdout' | 'stderr';
export type LogLineFormatter = (service: string, line: string, stream?: LogStream) => string;

/**
 * Formats the lines of `services` (in the stack's order): each service gets the next colour, so the
 * services of a stack differ (up to ten), and a service the list did not name gets the next one when
 * its first line comes.
 */
export function logLineFormatter(services: readonly string[]): LogLineFormatter {
  const width = Math.max(0, ...services.map((s) => s.length));
  const colours = new Map<string, number>();
  const colourOf = (service: string): number => {
    let colour = colours.get(service);
    if (colour === undefined) {
      colour = COLOURS[colours.size % COLOURS.length]!;
      colours.set(service, colour);
    }
    return colour;
  };
  for (const service of services) colourOf(service);
  return (service, line, stream = 'stdout') => {
    const colour = `\x1b[${colourOf(service)}m`;
    const name = service.padEnd(width);
    const prefix = stream === 'stderr' ? `${colour}${name} ${DIM}${STDERR_MARK}${RESET}` : `${colour}${name} ${STDOUT_MARK}${RESET}`;
    const text = line.replace(/\r?\n$/, '').replace(/\r?\n/g, '\r\n');
    // A line that sets its own colours gets them, and the reset after it keeps them off the next prefix.
    return `${prefix} ${text}${text.includes('\x1b') ? RESET : ''}\r\n`;
  };
}
