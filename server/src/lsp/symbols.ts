import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { composeSymbols, taskDefinitionSymbols, type OutlineSymbol, type SymbolKindName } from '@dockside/core';
import { toRange } from './ranges';
import type { Workspace } from './workspace';

const SYMBOL_KINDS: Record<SymbolKindName, SymbolKind> = {
  section: SymbolKind.Module,
  service: SymbolKind.Class,
  network: SymbolKind.Interface,
  volume: SymbolKind.Struct,
  config: SymbolKind.File,
  secret: SymbolKind.Key,
  model: SymbolKind.Object,
  include: SymbolKind.File,
  'task-definition': SymbolKind.Module,
  container: SymbolKind.Class,
};

/** The outline: a Compose file's sections, services and resources; a task definition's containers. */
export function documentSymbols(workspace: Workspace, params: DocumentSymbolParams): DocumentSymbol[] {
  const document = workspace.documents.get(params.textDocument.uri);
  if (!document || !workspace.settings.outline.enable) return [];
  const kind = workspace.kindOf(document);
  const parsed = workspace.parses.get(document);
  if (kind === 'compose') return composeSymbols(parsed.doc, parsed.text).map((s) => toDocumentSymbol(document, s));
  if (kind === 'taskdef' && workspace.isTaskDefinition(document))
    return taskDefinitionSymbols(parsed.doc, parsed.text).map((s) => toDocumentSymbol(document, s));
  return [];
}

function toDocumentSymbol(document: TextDocument, symbol: OutlineSymbol): DocumentSymbol {
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: SYMBOL_KINDS[symbol.kind],
    range: toRange(document, symbol.span),
    selectionRange: toRange(document, symbol.selectionSpan),
    children: symbol.children.map((c) => toDocumentSymbol(document, c)),
  };
}
