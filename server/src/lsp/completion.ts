import {
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type CompletionParams,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { completeAt, type CompletionCandidate, type CompletionResult } from '@dockside/core';
import { toRange } from './ranges';
import type { Workspace } from './workspace';

const KINDS: Record<CompletionCandidate['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
  snippet: CompletionItemKind.Snippet,
};

/**
 * Documentation is sent only for the item the user looks at (`completionItem/resolve`): a list of a
 * hundred keys with their full descriptions is most of a response's size and decoding time.
 */
export class CompletionDocs {
  private generation = 0;
  private docs: Array<string | undefined> = [];

  remember(candidates: readonly CompletionCandidate[]): number {
    this.generation++;
    this.docs = candidates.map((c) => c.documentation);
    return this.generation;
  }

  resolve(item: CompletionItem): CompletionItem {
    const data = item.data as { generation?: number; index?: number } | undefined;
    if (data?.generation !== this.generation || data.index === undefined) return item;
    const documentation = this.docs[data.index];
    return documentation ? { ...item, documentation: { kind: MarkupKind.Markdown, value: documentation } } : item;
  }
}

/** Maps the core's candidates to LSP items, each replacing the same span (the word being typed). */
export function toCompletionList(document: TextDocument, result: CompletionResult, docs: CompletionDocs): CompletionList {
  const range = toRange(document, result.replaceSpan);
  const generation = docs.remember(result.items);
  const items = result.items.map((candidate, index): CompletionItem => ({
    label: candidate.label,
    kind: KINDS[candidate.kind],
    detail: candidate.detail,
    sortText: candidate.sortText,
    filterText: candidate.filterText,
    tags: candidate.deprecated ? [CompletionItemTag.Deprecated] : undefined,
    insertTextFormat: candidate.insertTextIsSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range, newText: candidate.insertText },
    data: candidate.documentation ? { generation, index } : undefined,
  }));
  return { isIncomplete: false, items };
}

export const NO_COMPLETIONS: CompletionList = { isIncomplete: false, items: [] };

/** Completion at the cursor; with a parse of this exact version when one is cached (it sees anchors and merges). */
export function completion(workspace: Workspace, docs: CompletionDocs, params: CompletionParams): CompletionList {
  const checked = workspace.settings.completion.enable ? workspace.checkedDocument(params.textDocument.uri) : undefined;
  if (!checked) return NO_COMPLETIONS;
  const { document, language } = checked;
  const offset = document.offsetAt(params.position);
  return toCompletionList(
    document,
    completeAt({ text: document.getText(), offset, language, parsed: workspace.parses.peek(document) }),
    docs,
  );
}
