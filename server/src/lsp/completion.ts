import { CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionCandidate, CompletionResult } from '../core';
import { toRange } from './ranges';

const KINDS: Record<CompletionCandidate['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
  snippet: CompletionItemKind.Snippet,
};

/** Maps the core's candidates to LSP items, each replacing the same span (the word being typed). */
export function toCompletionList(document: TextDocument, result: CompletionResult): CompletionList {
  const range = toRange(document, result.replaceSpan);
  const items = result.items.map(
    (candidate): CompletionItem => ({
      label: candidate.label,
      kind: KINDS[candidate.kind],
      detail: candidate.detail,
      documentation: candidate.documentation ? { kind: MarkupKind.Markdown, value: candidate.documentation } : undefined,
      sortText: candidate.sortText,
      filterText: candidate.filterText,
      tags: candidate.deprecated ? [CompletionItemTag.Deprecated] : undefined,
      insertTextFormat: candidate.insertTextIsSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range, newText: candidate.insertText },
    }),
  );
  return { isIncomplete: false, items };
}
