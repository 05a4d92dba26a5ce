// How streamed logs read in the terminal: each line prefixed by its service, padded so the text lines
// up, coloured per service as `docker compose logs` does. No `vscode` import.

const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

/** A stable colour per service name, so `web` keeps its colour across runs. */
export function serviceColour(service: string): number {
  let hash = 0;
  for (const char of service) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLOURS[hash % COLOURS.length]!;
}

/** `web  | listening on 8080` with the prefix in colour; stderr lines keep their text, marked in red. */
export function logLine(service: string, line: string, width: number, stream: 'stdout' | 'stderr' = 'stdout'): string {
  const prefix = `\x1b[${serviceColour(service)}m${service.padEnd(width)} |\x1b[0m`;
  const text = line.replace(/\r?\n$/, '').replace(/\r?\n/g, '\r\n');
  return `${prefix} ${stream === 'stderr' ? `\x1b[31m${text}\x1b[0m` : text}\r\n`;
}

export function prefixWidth(services: readonly string[]): number {
  return Math.max(0, ...services.map((s) => s.length));
}
