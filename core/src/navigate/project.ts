/**
 * Navigation across the files of one Compose project (`compose.yaml` and `compose.override.yaml`, …),
 * which Compose merges, so they share service, network, volume, config and secret names. Documents
 * are given in the order Compose reads them: the base file first, then its overrides.
 */
import type { ParsedText } from '../parse/parseText';
import type { Span, TextEdit } from '../types';
import { definitionOf, nothingToRename, referencesOf, symbolAt, type PrepareRenameResult } from './navigateAt';
import { STALE_INDEX, newNameRefusal, renameEdits, sitesMatchText, symbolRefusal, type RenameScope, type SymbolName } from './rename';
import { buildSymbolsIndex, entriesOf, symbolKey, type SymbolEntry, type SymbolsIndex } from './symbolsIndex';

export interface ProjectDocument {
  uri: string;
  text: string;
  parsed: ParsedText;
}

export interface ProjectLocation {
  uri: string;
  span: Span;
}

export interface DocumentEdits {
  uri: string;
  edits: TextEdit[];
}

export type ProjectRenameResult = { changes: DocumentEdits[] } | { error: string };

interface IndexedDocument {
  document: ProjectDocument;
  index: SymbolsIndex;
}

const THIS_PROJECT = 'the files of this Compose project';

function composeIndex(parsed: ParsedText): SymbolsIndex {
  return buildSymbolsIndex(parsed, 'compose');
}

function indexAll(documents: readonly ProjectDocument[]): IndexedDocument[] {
  return documents.map((document) => ({ document, index: composeIndex(document.parsed) }));
}

/** The symbol under the cursor in the document `uri`. */
export function projectSymbolAt(documents: readonly ProjectDocument[], uri: string, offset: number): SymbolEntry | undefined {
  const document = documents.find((candidate) => candidate.uri === uri);
  return document ? symbolAt(composeIndex(document.parsed), offset) : undefined;
}

/**
 * Where the symbol under the cursor is defined: in the first file that defines it. Compose reads the
 * base file first, so a service an override extends (or only refers to) resolves to the base file.
 */
export function projectDefinitions(documents: readonly ProjectDocument[], uri: string, offset: number): ProjectLocation[] {
  const symbol = projectSymbolAt(documents, uri, offset);
  if (!symbol) return [];
  for (const { document, index } of indexAll(documents)) {
    const spans = definitionOf(index, symbol);
    if (spans.length > 0) return spans.map((span) => ({ uri: document.uri, span }));
  }
  return [];
}

/** Every use of the symbol under the cursor in every file, in file then text order; with its definitions when asked. */
export function projectReferences(
  documents: readonly ProjectDocument[],
  uri: string,
  offset: number,
  includeDeclaration: boolean,
): ProjectLocation[] {
  const symbol = projectSymbolAt(documents, uri, offset);
  if (!symbol) return [];
  return indexAll(documents).flatMap(({ document, index }) =>
    referencesOf(index, symbol, includeDeclaration).map((span) => ({ uri: document.uri, span })),
  );
}

export function projectPrepareRename(documents: readonly ProjectDocument[], uri: string, offset: number): PrepareRenameResult | undefined {
  const symbol = projectSymbolAt(documents, uri, offset);
  if (!symbol) return undefined;
  const refusal = symbolRefusal(symbol, projectScope(indexAll(documents), symbol));
  return refusal ? { error: refusal } : { span: symbol.span, placeholder: symbol.name };
}

/** The edits, file by file, that rename the symbol under the cursor everywhere in the project. */
export function projectRename(documents: readonly ProjectDocument[], uri: string, offset: number, newName: string): ProjectRenameResult {
  const symbol = projectSymbolAt(documents, uri, offset);
  const indexed = indexAll(documents);
  if (!symbol) {
    const here = indexed.find(({ document }) => document.uri === uri);
    return { error: here ? nothingToRename(here.index) : `The document ${uri} is not part of this project.` };
  }
  const scope = projectScope(indexed, symbol);
  const isDefined = (name: string): boolean => indexed.some(({ index }) => definitionOf(index, { kind: symbol.kind, name }).length > 0);
  const refusal = symbolRefusal(symbol, scope) ?? newNameRefusal(symbol, newName, scope, isDefined);
  if (refusal) return { error: refusal };
  const changes: DocumentEdits[] = [];
  for (const { document, index } of indexed) {
    const sites = entriesOf(index, symbol.kind, symbol.name);
    if (!sitesMatchText(document.text, sites)) return { error: STALE_INDEX };
    if (sites.length > 0 && newName !== symbol.name) changes.push({ uri: document.uri, edits: renameEdits(sites, newName) });
  }
  return { changes };
}

function projectScope(indexed: readonly IndexedDocument[], symbol: SymbolName): RenameScope {
  return {
    where: THIS_PROJECT,
    sites: indexed.flatMap(({ index }) => entriesOf(index, symbol.kind, symbol.name)),
    hasUnmappedSite: indexed.some(({ index }) => index.unmapped.has(symbolKey(symbol.kind, symbol.name))),
  };
}
