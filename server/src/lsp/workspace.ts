import { TextDocuments, type Connection, type TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DEFAULT_SETTINGS,
  isTaskDefinitionValue,
  parseText,
  readSettings,
  type DocksideSettings,
  type ParsedText,
  type ProjectHost,
} from '@dockside/core';
import { diskHost } from '@dockside/core/node';
import { documentKind, namedAsTaskDefinition, type DocumentKind } from './documentKind';
import { URI } from './uri';

/** The language a feature speaks of: Compose, or a task definition (also when only sniffed as one). */
export type Language = 'compose' | 'taskdef';

/** One parse per document version, shared by diagnostics and every feature; forgotten on close. */
export class ParseCache {
  private readonly entries = new Map<string, { version: number; parsed: ParsedText }>();

  get(document: TextDocument): ParsedText {
    const hit = this.entries.get(document.uri);
    if (hit && hit.version === document.version) return hit.parsed;
    const parsed = parseText(document.getText());
    this.entries.set(document.uri, { version: document.version, parsed });
    return parsed;
  }

  /** The parse of this exact version if one was made; never parses (completion must stay fast). */
  peek(document: TextDocument): ParsedText | undefined {
    const hit = this.entries.get(document.uri);
    return hit && hit.version === document.version ? hit.parsed : undefined;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}

/**
 * Text documents that refuse a change whose version is not newer than the one they hold. LSP clients
 * number versions upwards; a change that arrives late or twice (a misbehaving client or proxy) would
 * otherwise replace newer text with older and leave diagnostics for text the user no longer has.
 */
export function monotonicDocuments(onStale: (uri: string, held: number, got: number) => void): TextDocumentsConfiguration<TextDocument> {
  return {
    create: TextDocument.create,
    update(document, changes, version) {
      if (version <= document.version) {
        onStale(document.uri, document.version, version);
        return document;
      }
      return TextDocument.update(document, changes, version);
    },
  };
}

/**
 * What every feature reads: the open documents, their parses, the settings and the host that reads the
 * files beside them. Settings and host are replaced when the client initializes (and settings when they
 * change), so features read them from here at each request, never keep a copy.
 */
export class Workspace {
  readonly documents: TextDocuments<TextDocument>;
  readonly parses = new ParseCache();
  settings: DocksideSettings = DEFAULT_SETTINGS;
  /** Until the client says otherwise (an editor without workspace trust), the workspace is trusted. */
  host: ProjectHost;

  constructor(connection: Pick<Connection, 'console'>) {
    this.documents = new TextDocuments(
      monotonicDocuments((uri, held, got) =>
        connection.console.warn(`Ignored a change to ${uri}: version ${got} arrived after version ${held}.`),
      ),
    );
    this.host = diskHost(this.openText);
  }

  /** Adopts what the client sent at start: its settings, and whether `.env` and env files may be read. */
  initialize(options: { settings?: unknown; workspaceTrusted?: boolean } | undefined): void {
    this.settings = readSettings(options?.settings);
    this.host = diskHost(this.openText, { readsEnvFiles: options?.workspaceTrusted !== false });
  }

  /** Open documents by file path, so project files are read as the user sees them, unsaved edits included. */
  readonly openText = (path: string): string | undefined => this.openDocumentAt(path)?.getText();

  openDocumentAt(path: string): TextDocument | undefined {
    return this.documents.all().find((d) => URI.filePath(d.uri) === path);
  }

  kindOf(document: TextDocument): DocumentKind {
    return documentKind(document.uri, document.languageId, document.getText(), this.settings);
  }

  isChecked(document: TextDocument): boolean {
    return this.kindOf(document) !== 'other';
  }

  /** A JSON file recognised only by a look at its text must really hold a task definition. */
  isTaskDefinition(document: TextDocument): boolean {
    return namedAsTaskDefinition(document.uri, this.settings) || isTaskDefinitionValue(this.parses.get(document).value);
  }

  languageOf(document: TextDocument): Language | undefined {
    const kind = this.kindOf(document);
    if (kind === 'compose') return 'compose';
    return kind === 'taskdef' && this.isTaskDefinition(document) ? 'taskdef' : undefined;
  }

  /** The open document a request names, with the language Dockside speaks in it (none: Dockside keeps quiet). */
  checkedDocument(uri: string): { document: TextDocument; language: Language } | undefined {
    const document = this.documents.get(uri);
    const language = document ? this.languageOf(document) : undefined;
    return document && language ? { document, language } : undefined;
  }
}
