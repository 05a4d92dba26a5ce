// Mistakes injected into a generated Compose file (bench/generateCompose.ts) for the fresh-server part of
// the benchmark: 40 per 1,000 services, eight kinds in turn, each a mistake users make and Docker Compose
// refuses (or, for the duplicate port, a stack that cannot start). Each has one line where a server that
// finds it must put a diagnostic. Pure: the same count always yields the same text and lines.
import { serviceName } from './generateCompose';

export interface MistakeKind {
  id: string;
  /** What the mistake is, for the report. */
  what: string;
  /** Whether a JSON schema alone can see it (what yaml-language-server with the Compose schema can find). */
  schema: boolean;
}

export const MISTAKE_KINDS: readonly MistakeKind[] = [
  { id: 'unknown-key', what: '`restat:` for `restart:` (an unknown service key)', schema: true },
  { id: 'bad-restart', what: '`restart: unless-stoped` (not a restart policy)', schema: true },
  { id: 'bad-condition', what: '`condition: service_ready` in `depends_on` (not a condition)', schema: true },
  { id: 'environment-string', what: '`environment: LOG_LEVEL=debug` (a string, not a mapping or list)', schema: true },
  { id: 'undefined-service', what: '`depends_on` a service that does not exist', schema: false },
  { id: 'undefined-network', what: 'a network the top level does not declare', schema: false },
  { id: 'duplicate-host-port', what: "another service's host port published again", schema: false },
  { id: 'not-a-number', what: '`retries: three` in a healthcheck (Compose reads it as a number and refuses)', schema: false },
];

export interface Mistake {
  kind: MistakeKind;
  service: string;
  /** 0-based line that a diagnostic must start on for the mistake to count as found. */
  line: number;
}

/** 40 per 1,000 services, at least one. */
export function mistakeCount(services: number): number {
  return Math.max(1, Math.round((services * 40) / 1000));
}

/** The lines of service `name`'s block: [header, first line after the block). */
function blockOf(lines: string[], name: string): [number, number] {
  const start = lines.indexOf(`  ${name}:`);
  if (start < 0) throw new Error(`generated file has no service ${name}`);
  let end = start + 1;
  while (end < lines.length && (lines[end] as string).startsWith('    ')) end++;
  return [start, end];
}

function lineIn(lines: string[], [start, end]: [number, number], prefix: string): number {
  for (let i = start + 1; i < end; i++) if ((lines[i] as string).startsWith(prefix)) return i;
  throw new Error(`no line starting with "${prefix.trim()}" in the block at line ${start + 1}`);
}

/**
 * Applies one mistake to service `i` and returns the line to find it on. Edits stay inside the service.
 */
function apply(lines: string[], i: number, kind: MistakeKind): number {
  const name = serviceName(i);
  const block = blockOf(lines, name);
  switch (kind.id) {
    case 'unknown-key': {
      const at = lineIn(lines, block, '    restart:');
      lines[at] = (lines[at] as string).replace('restart:', 'restat:');
      return at;
    }
    case 'bad-restart': {
      const at = lineIn(lines, block, '    restart:');
      lines[at] = '    restart: unless-stoped';
      return at;
    }
    case 'bad-condition': {
      const at = lineIn(lines, block, '        condition:');
      lines[at] = '        condition: service_ready';
      return at;
    }
    case 'environment-string': {
      const at = lineIn(lines, block, '    environment:');
      let end = at + 1;
      while ((lines[end] as string).startsWith('      ')) end++;
      lines.splice(at, end - at, '    environment: LOG_LEVEL=debug');
      return at;
    }
    case 'undefined-service': {
      const at = lineIn(lines, block, '    depends_on:') + 1;
      lines[at] = (lines[at] as string).replace(/^( {6})([a-z]+)-(\d+):$/, '$1$2_$3:');
      return at;
    }
    case 'undefined-network': {
      const at = lineIn(lines, block, '    networks:') + 1;
      lines[at] = '      - backnd';
      return at;
    }
    case 'duplicate-host-port': {
      // The previous service's main host port (20000 + i - 1), published again here.
      const at = lineIn(lines, block, '      - "2');
      lines[at] = (lines[at] as string).replace(/"\d+:/, `"${20000 + i - 1}:`);
      return at;
    }
    case 'not-a-number': {
      const existing = lines.slice(block[0], block[1]).findIndex((l) => l.startsWith('      retries: '));
      if (existing >= 0) {
        lines[block[0] + existing] = '      retries: three';
        return block[0] + existing;
      }
      lines.splice(block[1], 0, '    healthcheck:', '      test: ["CMD", "true"]', '      retries: three');
      return block[1] + 2;
    }
    default:
      throw new Error(`unknown mistake kind ${kind.id}`);
  }
}

/**
 * `text` (a generated file of `services` services) with mistakeCount(services) mistakes, spread evenly
 * over the services (never the first, which has no `depends_on`), the kinds in turn. Applied from the
 * first service on: an edit that adds or removes lines only moves the lines below it, not yet chosen.
 */
export function withMistakes(text: string, services: number): { text: string; mistakes: Mistake[] } {
  if (services < 2) throw new Error('withMistakes needs at least 2 services');
  const lines = text.split('\n');
  const count = mistakeCount(services);
  const mistakes: Mistake[] = [];
  for (let m = 0; m < count; m++) {
    const index = Math.max(1, Math.min(services - 1, Math.floor(((m + 0.5) * services) / count)));
    const kind = MISTAKE_KINDS[m % MISTAKE_KINDS.length] as MistakeKind;
    mistakes.push({ kind, service: serviceName(index), line: apply(lines, index, kind) });
  }
  return { text: lines.join('\n'), mistakes };
}
