/**
 * Go to definition, find references, document highlights and rename within one document, answered
 * from its symbols index. Results are plain spans and edits; the LSP adapter maps them.
 */
import type { Span, TextEdit } from '../types';
import { STALE_INDEX, newNameRefusal, renameEdits, sitesMatchText, symbolRefusal, type RenameScope, type SymbolName } from './rename';
import { entriesOf, symbolKey, type SymbolEntry, type SymbolsIndex } from './symbolsIndex';

export interface Highlight {
  span: Span;
  /** A definition is where the name is written ("write"), a reference where it is read ("read"). */
  role: 'write' | 'read';
}

export type RenameResult = { edits: TextEdit[] } | { error: string };

/** The name the editor selects and offers for editing, or why this name cannot be renamed. */
export type PrepareRenameResult = { span: Span; placeholder: string } | { error: string };

const THIS_FILE = 'this file';

/** The entry whose name holds the offset; a cursor just after the last character still counts. */
export function symbolAt(index: SymbolsIndex, offset: number): SymbolEntry | undefined {
  const entries = index.entries;
  // The last entry starting at or before the offset (entries are in text order and never overlap).
  let low = 0;
  let high = entries.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (entries[middle]!.span[0] <= offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  const entry = entries[found];
  return entry && offset <= entry.span[1] ? entry : undefined;
}

/** Where the symbol is defined in this document (several spans when a key is duplicated; none when undefined). */
export function definitionOf(index: SymbolsIndex, symbol: SymbolName): Span[] {
  return entriesOf(index, symbol.kind, symbol.name)
    .filter((entry) => entry.role === 'definition')
    .map((entry) => entry.span);
}

/** Every place the symbol is used, in text order; with `includeDeclaration`, its definitions too. */
export function referencesOf(index: SymbolsIndex, symbol: SymbolName, includeDeclaration: boolean): Span[] {
  return entriesOf(index, symbol.kind, symbol.name)
    .filter((entry) => includeDeclaration || entry.role === 'reference')
    .map((entry) => entry.span);
}

/** Every occurrence of the symbol under the cursor, definitions as writes and references as reads. */
export function highlightsAt(index: SymbolsIndex, offset: number): Highlight[] {
  const entry = symbolAt(index, offset);
  if (!entry) return [];
  return entriesOf(index, entry.kind, entry.name).map((site) => ({ span: site.span, role: site.role === 'definition' ? 'write' : 'read' }));
}

/** Undefined where there is no name to rename; an error when the name there cannot be renamed. */
export function prepareRenameAt(index: SymbolsIndex, offset: number): PrepareRenameResult | undefined {
  const entry = symbolAt(index, offset);
  if (!entry) return undefined;
  const refusal = symbolRefusal(entry, scopeOf(index, entry));
  return refusal ? { error: refusal } : { span: entry.span, placeholder: entry.name };
}

/** The edits that rename the symbol under the cursor at every site in this document. */
export function renameAt(text: string, index: SymbolsIndex, offset: number, newName: string): RenameResult {
  const entry = symbolAt(index, offset);
  if (!entry) return { error: nothingToRename(index) };
  const scope = scopeOf(index, entry);
  const isDefined = (name: string): boolean => definitionOf(index, { kind: entry.kind, name }).length > 0;
  const refusal = symbolRefusal(entry, scope) ?? newNameRefusal(entry, newName, scope, isDefined);
  if (refusal) return { error: refusal };
  if (!sitesMatchText(text, scope.sites)) return { error: STALE_INDEX };
  if (newName === entry.name) return { edits: [] };
  return { edits: renameEdits(scope.sites, newName) };
}

function scopeOf(index: SymbolsIndex, symbol: SymbolName): RenameScope {
  return {
    where: THIS_FILE,
    sites: entriesOf(index, symbol.kind, symbol.name),
    hasUnmappedSite: index.unmapped.has(symbolKey(symbol.kind, symbol.name)),
  };
}

export function nothingToRename(index: SymbolsIndex): string {
  const what = index.language === 'compose' ? 'a service, network, volume, config or secret' : 'a container or volume';
  return `Put the cursor on the name of ${what} to rename it.`;
}
