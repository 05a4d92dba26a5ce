import {
  ErrorCodes,
  ResponseError,
  type DocumentHighlight,
  type Location,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type TextDocumentPositionParams,
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
  type ProjectDocument,
  type Span,
} from '@dockside/core';
import { toRange } from './ranges';
import { URI } from './uri';
import type { Language, Workspace } from './workspace';

/** What navigation works over: the Compose project's files (base first), or one task definition. */
type Scope = { language: 'compose'; documents: ProjectDocument[] } | { language: 'taskdef'; document: ProjectDocument };

/** Where a request points: a checked document, its language and the offset of the position. */
interface Target {
  document: TextDocument;
  language: Language;
  offset: number;
}

/**
 * Definition, references, highlights and rename, across the files of a Compose project (a service
 * defined in `compose.yaml` and used in `compose.override.yaml` is one symbol) or within a task
 * definition. Files that are not open are read from disk; open ones with their unsaved text.
 */
export class Navigation {
  constructor(private readonly workspace: Workspace) {}

  definition(params: TextDocumentPositionParams): Location[] {
    const target = this.target(params);
    return target ? this.definitionAt(target.document, this.scope(target), target.offset) : [];
  }

  references(params: ReferenceParams): Location[] {
    const target = this.target(params);
    return target ? this.referencesAt(target.document, this.scope(target), target.offset, params.context.includeDeclaration) : [];
  }

  highlights(params: TextDocumentPositionParams): DocumentHighlight[] {
    const target = this.target(params);
    return target ? this.highlightsAt(target) : [];
  }

  prepareRename(params: TextDocumentPositionParams): { range: Range; placeholder: string } | null {
    const target = this.target(params);
    return target ? this.prepareRenameAt(target.document, this.scope(target), target.offset) : null;
  }

  rename(params: RenameParams): WorkspaceEdit | null {
    const target = this.target(params);
    return target ? this.renameAt(target.document, this.scope(target), target.offset, params.newName) : null;
  }

  private target(params: TextDocumentPositionParams): Target | undefined {
    const checked = this.workspace.checkedDocument(params.textDocument.uri);
    return checked && { ...checked, offset: checked.document.offsetAt(params.position) };
  }

  /** A project file as a navigation document, with the URI the editor knows it by. */
  private projectDocument(path: string): ProjectDocument | undefined {
    const open = this.workspace.openDocumentAt(path);
    if (open) return { uri: open.uri, text: open.getText(), parsed: this.workspace.parses.get(open) };
    const text = this.workspace.host.readFile(path);
    return text === undefined ? undefined : { uri: pathToFileURL(path).href, text, parsed: parseText(text) };
  }

  private scope({ document, language }: Target): Scope {
    const self: ProjectDocument = { uri: document.uri, text: document.getText(), parsed: this.workspace.parses.get(document) };
    if (language === 'taskdef') return { language, document: self };
    const path = URI.filePath(document.uri);
    const files = path ? projectFilesFor(path, this.workspace.host) : [];
    if (files.length < 2) return { language, documents: [self] };
    const documents = files.flatMap((file) => (file === path ? [self] : (this.projectDocument(file) ?? [])));
    return { language, documents };
  }

  /** LSP ranges need each target document's text; a file read from disk gets a throwaway TextDocument. */
  private rangeIn(uri: string, span: Span, scope: Scope): Range {
    const source = scope.language === 'compose' ? scope.documents.find((d) => d.uri === uri) : scope.document;
    const open = this.workspace.documents.get(uri);
    const document = open ?? TextDocument.create(uri, 'yaml', 0, source?.text ?? '');
    return toRange(document, span);
  }

  private definitionAt(document: TextDocument, scope: Scope, offset: number): Location[] {
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

  private referencesAt(document: TextDocument, scope: Scope, offset: number, includeDeclaration: boolean): Location[] {
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

  private highlightsAt({ document, language, offset }: Target): DocumentHighlight[] {
    const index = buildSymbolsIndex(this.workspace.parses.get(document), language);
    return highlightsAt(index, offset).map((h) => ({
      range: toRange(document, h.span),
      kind: h.role === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
  }

  private prepareRenameAt(document: TextDocument, scope: Scope, offset: number): { range: Range; placeholder: string } | null {
    const result =
      scope.language === 'compose'
        ? projectPrepareRename(scope.documents, document.uri, offset)
        : prepareRenameAt(buildSymbolsIndex(scope.document.parsed, 'taskdef'), offset);
    if (!result) return null;
    if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
    return { range: toRange(document, result.span), placeholder: result.placeholder };
  }

  private renameAt(document: TextDocument, scope: Scope, offset: number, newName: string): WorkspaceEdit {
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
