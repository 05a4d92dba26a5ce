import type { ParsedText } from '../parse/parseText';
import { locate } from '../parse/locate';
import { buildSymbolsIndex } from '../navigate/symbolsIndex';

export interface RunLenses {
  /** Offset of the top-level `services` key: "Run all" goes above it. */
  readonly runAll?: number;
  /** Each service's key: "Run service" goes above it. */
  readonly services: ReadonlyArray<{ readonly name: string; readonly offset: number }>;
}

/** Where the "Run all" and "Run service" lenses of a Compose file go: the `services` key and each service's key. */
export function runLenses(parsed: ParsedText): RunLenses {
  if (parsed.unreadable) return { services: [] };
  const services = buildSymbolsIndex(parsed, 'compose')
    .entries.filter((entry) => entry.kind === 'service' && entry.role === 'definition')
    .map((entry) => ({ name: entry.name, offset: entry.span[0] }));
  const key = locate(parsed.doc, ['services']).key?.range?.[0];
  return { ...(key !== undefined && services.length > 0 ? { runAll: key } : {}), services };
}
