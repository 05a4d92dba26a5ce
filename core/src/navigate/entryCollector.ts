import type { Scalar } from 'yaml';
import type { Span } from '../types';
import type { SymbolEntry, SymbolKind, SymbolRole } from './symbolsIndex';

/** Where a name sits inside a longer string: `data` in `data:/var/lib`, `vpn` in `service:vpn`. */
export interface NamePart {
  start: number;
  length: number;
}

/** The name before the first `:`: `db` in `db:alias` (links) or `db:ro` (volumes_from). */
export function beforeColon(node: Scalar): NamePart {
  const text = String(node.value);
  const colon = text.indexOf(':');
  return { start: 0, length: colon < 0 ? text.length : colon };
}

/**
 * Gathers index entries from scalar nodes. A name is indexed only where its characters can be found
 * one for one in the text (a plain, single- or double-quoted scalar written without escapes); a name
 * written any other way is remembered as unmapped, so a rename can refuse rather than miss it.
 */
export class EntryCollector {
  private readonly entries: SymbolEntry[] = [];
  /** Start offsets already indexed: a node reached through several `<<` merges is one entry. */
  private readonly indexedStarts = new Set<number>();
  private readonly unmapped: Array<{ kind: SymbolKind; name: string }> = [];

  constructor(
    private readonly text: string,
    /** Names a tool fills in later (`${DB}`, `{{ env }}`): not names of anything in the file. */
    private readonly isPlaceholder: (name: string) => boolean,
  ) {}

  definition(kind: SymbolKind, node: Scalar, options: { external?: boolean } = {}): void {
    this.add(kind, 'definition', node, undefined, options.external === true);
  }

  reference(kind: SymbolKind, node: Scalar, part?: NamePart): void {
    this.add(kind, 'reference', node, part, false);
  }

  result(): { entries: SymbolEntry[]; unmapped: Array<{ kind: SymbolKind; name: string }> } {
    return { entries: this.entries.sort((a, b) => a.span[0] - b.span[0]), unmapped: this.unmapped };
  }

  private add(kind: SymbolKind, role: SymbolRole, node: Scalar, part: NamePart | undefined, external: boolean): void {
    const value = scalarText(node);
    if (value === undefined) return;
    const start = part?.start ?? 0;
    const name = value.slice(start, start + (part?.length ?? value.length));
    if (!name || this.isPlaceholder(name)) return;
    const contentStart = this.verbatimStart(node, value);
    if (contentStart === undefined) {
      this.unmapped.push({ kind, name });
      return;
    }
    const span: Span = [contentStart + start, contentStart + start + name.length];
    if (this.indexedStarts.has(span[0])) return;
    this.indexedStarts.add(span[0]);
    const entry: SymbolEntry = { kind, name, span, role };
    // Only a plain scalar that is all name is re-read by YAML's typing rules when the name changes.
    if (node.type === 'PLAIN' && name.length === value.length) entry.bare = true;
    if (external) entry.external = true;
    this.entries.push(entry);
  }

  /** Where the scalar's content starts, when the text spells the value character for character. */
  private verbatimStart(node: Scalar, value: string): number | undefined {
    const range = node.range;
    if (!range) return undefined;
    const raw = this.text.slice(range[0], range[1]);
    switch (node.type) {
      case 'PLAIN':
        return raw === value ? range[0] : undefined;
      case 'QUOTE_DOUBLE':
        return raw === `"${value}"` ? range[0] + 1 : undefined;
      case 'QUOTE_SINGLE':
        return raw === `'${value}'` ? range[0] + 1 : undefined;
      default:
        return undefined;
    }
  }
}

/**
 * A scalar's value as a name. Strings are names; so is a plain `123` or `true` key, which plain data
 * turns into the string "123" or "true" (a `1.0` key becomes "1", which is not how it is written, so
 * it is left unmapped).
 */
function scalarText(node: Scalar): string | undefined {
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' || typeof node.value === 'boolean') return String(node.value);
  return undefined;
}
