import type { Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Span } from '@dockside/core';

/** The one conversion from core offsets to LSP positions (both count UTF-16 code units). */
export function toRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span[0]), end: document.positionAt(span[1]) };
}
