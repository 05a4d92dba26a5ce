/** Shared by the project-model tests: YAML in, plain values out, and a host made of in-memory files. */
import { parseText, type ParsedText } from '../../../core/src/parse/parseText';
import type { ProjectHost } from '../../../core/src/compose/project';
import { dedent } from '../../helpers/marked';

/** Parses an indented YAML literal (the way the spec prints its examples). */
export function yaml(text: string): ParsedText {
  const parsed = parseText(dedent(text));
  if (parsed.findings.length > 0) throw new Error(`Bad test YAML: ${parsed.findings.map((f) => f.message).join('; ')}`);
  return parsed;
}

/** The plain value of an indented YAML literal. */
export function plain(text: string): unknown {
  return yaml(text).value;
}

/** A host over a table of files; every text is dedented, so fixtures can be indented in code. */
export function memoryHost(files: Record<string, string>): ProjectHost & { reads: string[] } {
  const table = new Map(Object.entries(files).map(([path, text]) => [path, dedent(text)]));
  const reads: string[] = [];
  return {
    reads,
    readFile(path) {
      reads.push(path);
      return table.get(path);
    },
    fileExists: (path) => table.has(path),
  };
}

/**
 * `docker compose config` omits empty collections, and the spec prints its results that way; this
 * drops them so a result can be compared with the spec's text.
 */
export function withoutEmptyCollections(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyCollections);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const cleaned = withoutEmptyCollections(item);
    const empty =
      (Array.isArray(cleaned) && cleaned.length === 0) ||
      (cleaned !== null && typeof cleaned === 'object' && Object.keys(cleaned).length === 0);
    if (!empty && cleaned !== undefined) result[key] = cleaned;
  }
  return result;
}
