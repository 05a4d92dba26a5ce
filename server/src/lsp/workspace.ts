import { TextDocuments, type Connection, type TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import {
  DEFAULT_SETTINGS,
  isTaskDefinitionValue,
  parseText,
  readSettings,
  reparse,
  type DocksideSettings,
  type ParsedText,
  type ProjectHost,
} from '@dockside/core';
import { diskHost } from '@dockside/core/node';
import { documentKind, namedAsTaskDefinition, type DocumentKind } from './documentKind';
import { fastPathLog } from './fastPathLog';
import { URI } from './uri';

/** What a client may send when it initializes (all optional: other editors send none). */
export interface InitializationOptions {
  settings?: unknown;
  workspaceTrusted?: boolean;
  clientCommands?: unknown;
}

/** The language a feature speaks of: Compose, or a task definition (also when only sniffed as one). */
export type Language = 'compose' | 'taskdef';

/**
 * What changed in a document since the version whose parse is cached, as the text before and after
 * that stayed the same: however many edits came, the rest lies between them.
 */
interface Unchanged {
  prefix: number;
  suffix: number;
}

/**
 * One parse per document version, shared by diagnostics and every feature; forgotten on close. A new
 * version is parsed from the last one when the edits since stay inside one entry (a service, say):
 * only that entry is read again (see `reparse` in the core); otherwise the whole text is.
 */
export class ParseCache {
  private readonly entries = new Map<string, { version: number; parsed: ParsedText }>();
  private readonly unchanged = new Map<string, Unchanged>();

  /** `onParsed` hears every parse made (the log of the fast reader's fallbacks). */
  constructor(private readonly onParsed: (uri: string, parsed: ParsedText) => void = () => undefined) {}

  get(document: TextDocument): ParsedText {
    const hit = this.entries.get(document.uri);
    if (hit && hit.version === document.version) return hit.parsed;
    const reparsed = hit && this.reparsed(hit.parsed, document);
    if (reparsed) return this.remember(document, reparsed);
    const parsed = parseText(document.getText());
    this.onParsed(document.uri, parsed);
    return this.remember(document, parsed);
  }

  /**
   * The parse of this exact version when it is cached or can be made from the last one by reading one
   * entry again; never parses the whole text (completion and hover must stay fast while the user types).
   */
  peek(document: TextDocument): ParsedText | undefined {
    const hit = this.entries.get(document.uri);
    if (!hit) return undefined;
    if (hit.version === document.version) return hit.parsed;
    const parsed = this.reparsed(hit.parsed, document);
    return parsed && this.remember(document, parsed);
  }

  /** Records an edit of a document (offsets in its text before the edit), for the next parse to start from. */
  changed(uri: string, start: number, end: number, lengthBefore: number): void {
    if (!this.entries.has(uri)) return;
    const seen = this.unchanged.get(uri);
    this.unchanged.set(uri, {
      prefix: Math.min(seen?.prefix ?? Infinity, start),
      suffix: Math.min(seen?.suffix ?? Infinity, lengthBefore - end),
    });
  }

  /** The document was replaced whole: its next parse reads the whole text. */
  replaced(uri: string): void {
    this.unchanged.set(uri, { prefix: 0, suffix: 0 });
  }

  forget(uri: string): void {
    this.entries.delete(uri);
    this.unchanged.delete(uri);
  }

  private remember(document: TextDocument, parsed: ParsedText): ParsedText {
    this.entries.set(document.uri, { version: document.version, parsed });
    this.unchanged.delete(document.uri);
    return parsed;
  }

  /** The new version's parse from the last one, when the edits since stayed inside one entry. */
  private reparsed(previous: ParsedText, document: TextDocument): ParsedText | undefined {
    const edits = this.unchanged.get(document.uri);
    if (!edits) return undefined;
    const text = document.getText();
    const before = previous.text.length;
    const prefix = Math.min(edits.prefix, before, text.length);
    const suffix = Math.min(edits.suffix, before - prefix, text.length - prefix);
    return reparse(previous, text, { start: prefix, end: before - suffix, text: text.slice(prefix, text.length - suffix) });
  }
}

/**
 * Text documents that refuse a change whose version is not newer than the one they hold. LSP clients
 * number versions upwards; a change that arrives late or twice (a misbehaving client or proxy) would
 * otherwise replace newer text with older and leave diagnostics for text the user no longer has.
 */
export function monotonicDocuments(
  onStale: (uri: string, held: number, got: number) => void,
  parses?: ParseCache,
): TextDocumentsConfiguration<TextDocument> {
  return {
    create: TextDocument.create,
    update(document, changes, version) {
      if (version <= document.version) {
        onStale(document.uri, document.version, version);
        return document;
      }
      if (!parses) return TextDocument.update(document, changes, version);
      // One change at a time, so each one's offsets are read in the text it applies to.
      for (const change of changes) {
        recordChange(parses, document, change);
        TextDocument.update(document, [change], version);
      }
      return document;
    },
  };
}

function recordChange(parses: ParseCache, document: TextDocument, change: TextDocumentContentChangeEvent): void {
  if (!('range' in change)) return parses.replaced(document.uri);
  parses.changed(document.uri, document.offsetAt(change.range.start), document.offsetAt(change.range.end), document.getText().length);
}

/**
 * What every feature reads: the open documents, their parses, the settings and the host that reads the
 * files beside them. Settings and host are replaced when the client initializes (and settings when they
 * change), so features read them from here at each request, never keep a copy.
 */
export class Workspace {
  readonly documents: TextDocuments<TextDocument>;
  readonly parses: ParseCache;
  settings: DocksideSettings = DEFAULT_SETTINGS;
  /** Until the client says otherwise (an editor without workspace trust), the workspace is trusted. */
  host: ProjectHost;

  constructor(connection: Pick<Connection, 'console'>) {
    this.parses = new ParseCache(fastPathLog(connection.console));
    this.documents = new TextDocuments(
      monotonicDocuments(
        (uri, held, got) => connection.console.warn(`Ignored a change to ${uri}: version ${got} arrived after version ${held}.`),
        this.parses,
      ),
    );
    this.host = diskHost(this.openText);
  }

  /** Commands the client has, which features may put in what they answer (code lenses). */
  clientCommands: readonly string[] = [];

  /** Adopts what the client sent at start: its settings, whether `.env` and env files may be read, its commands. */
  initialize(options: InitializationOptions | undefined): void {
    this.settings = readSettings(options?.settings);
    this.host = diskHost(this.openText, { readsEnvFiles: options?.workspaceTrusted !== false });
    const commands = options?.clientCommands;
    this.clientCommands = Array.isArray(commands) ? commands.filter((c): c is string => typeof c === 'string') : [];
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
