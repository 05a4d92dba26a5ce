import {
  ErrorCodes,
  ResponseError,
  type DocumentHighlight,
  type Location,
  type Range,
  type TextDocuments,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { DocumentHighlightKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import {
  buildSymbolsIndex,
  definitionOf,
  highlightsAt,
  parseText,
  prepareRenameAt,
  projectDefinitions,
  projectFilesFor,
  projectPrepareRename,
  projectReferences,
  projectRename,
  referencesOf,
  renameAt,
  symbolAt,
  type ParsedText,
  type ProjectDocument,
  type ProjectHost,
  type Span,
} from '@dockside/core';
import { toRange } from './ranges';
import { URI } from './uri';

/** What navigation works over: the Compose project's files (base first), or one task definition. */
type Scope = { language: 'compose'; documents: ProjectDocument[] } | { language: 'taskdef'; document: ProjectDocument };

export interface NavigationDeps {
  documents: TextDocuments<TextDocument>;
  parse(document: TextDocument): ParsedText;
  host: ProjectHost;
}

/**
 * Definition, references, highlights and rename, across the files of a Compose project (a service
 * defined in `compose.yaml` and used in `compose.override.yaml` is one symbol) or within a task
 * definition. Files that are not open are read from disk; open ones with their unsaved text.
 */
export class Navigation {
  constructor(private readonly deps: NavigationDeps) {}

  private openDocumentAt(path: string): TextDocument | undefined {
    return this.deps.documents.all().find((d) => URI.filePath(d.uri) === path);
  }

  /** A project file as a navigation document, with the URI the editor knows it by. */
  private projectDocument(path: string): ProjectDocument | undefined {
    const open = this.openDocumentAt(path);
    if (open) return { uri: open.uri, text: open.getText(), parsed: this.deps.parse(open) };
    const text = this.deps.host.readFile(path);
    return text === undefined ? undefined : { uri: pathToFileURL(path).href, text, parsed: parseText(text) };
  }

  scope(document: TextDocument, language: 'compose' | 'taskdef'): Scope {
    const self: ProjectDocument = { uri: document.uri, text: document.getText(), parsed: this.deps.parse(document) };
    if (language === 'taskdef') return { language, document: self };
    const path = URI.filePath(document.uri);
    const files = path ? projectFilesFor(path, this.deps.host) : [];
    if (files.length < 2) return { language, documents: [self] };
    const documents = files.flatMap((file) => (file === path ? [self] : (this.projectDocument(file) ?? [])));
    return { language, documents };
  }

  /** LSP ranges need each target document's text; a file read from disk gets a throwaway TextDocument. */
  private rangeIn(uri: string, span: Span, scope: Scope): Range {
    const source = scope.language === 'compose' ? scope.documents.find((d) => d.uri === uri) : scope.document;
    const open = this.deps.documents.get(uri);
    const document = open ?? TextDocument.create(uri, 'yaml', 0, source?.text ?? '');
    return toRange(document, span);
  }

  definition(document: TextDocument, scope: Scope, offset: number): Location[] {
    if (scope.language === 'compose') {
      return projectDefinitions(scope.documents, document.uri, offset).map((l) => ({
        uri: l.uri,
        range: this.rangeIn(l.uri, l.span, scope),
      }));
    }
    const index = buildSymbolsIndex(scope.document.parsed, 'taskdef');
    const symbol = symbolAt(index, offset);
    return symbol ? definitionOf(index, symbol).map((span) => ({ uri: document.uri, range: toRange(document, span) })) : [];
  }

  references(document: TextDocument, scope: Scope, offset: number, includeDeclaration: boolean): Location[] {
    if (scope.language === 'compose') {
      return projectReferences(scope.documents, document.uri, offset, includeDeclaration).map((l) => ({
        uri: l.uri,
        range: this.rangeIn(l.uri, l.span, scope),
      }));
    }
    const index = buildSymbolsIndex(scope.document.parsed, 'taskdef');
    const symbol = symbolAt(index, offset);
    return symbol
      ? referencesOf(index, symbol, includeDeclaration).map((span) => ({ uri: document.uri, range: toRange(document, span) }))
      : [];
  }

  highlights(document: TextDocument, language: 'compose' | 'taskdef', offset: number): DocumentHighlight[] {
    const index = buildSymbolsIndex(this.deps.parse(document), language);
    return highlightsAt(index, offset).map((h) => ({
      range: toRange(document, h.span),
      kind: h.role === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
  }

  prepareRename(document: TextDocument, scope: Scope, offset: number): { range: Range; placeholder: string } | null {
    const result =
      scope.language === 'compose'
        ? projectPrepareRename(scope.documents, document.uri, offset)
        : prepareRenameAt(buildSymbolsIndex(scope.document.parsed, 'taskdef'), offset);
    if (!result) return null;
    if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
    return { range: toRange(document, result.span), placeholder: result.placeholder };
  }

  rename(document: TextDocument, scope: Scope, offset: number, newName: string): WorkspaceEdit {
    if (scope.language === 'taskdef') {
      const result = renameAt(scope.document.text, buildSymbolsIndex(scope.document.parsed, 'taskdef'), offset, newName);
      if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
      return { changes: { [document.uri]: result.edits.map((e) => ({ range: toRange(document, e.span), newText: e.newText })) } };
    }
    const result = projectRename(scope.documents, document.uri, offset, newName);
    if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
    const changes: Record<string, Array<{ range: Range; newText: string }>> = {};
    for (const { uri, edits } of result.changes) {
      changes[uri] = edits.map((e) => ({ range: this.rangeIn(uri, e.span, scope), newText: e.newText }));
    }
    return { changes };
  }
}
