import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  SymbolKind,
  TextDocuments,
  type TextDocumentsConfiguration,
  TextDocumentSyncKind,
  ErrorCodes,
  MarkupKind,
  ResponseError,
  LSPErrorCodes,
  type CancellationToken,
  type CompletionList,
  type Connection,
  type DocumentSymbol,
  type Hover,
  type Position,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { stringify } from 'yaml';
import {
  completeAt,
  composeSymbols,
  convertFile,
  type ConvertFileResult,
  hoverAt,
  isTaskDefinitionValue,
  parseText,
  taskDefinitionSymbols,
  validateTaskDefinition,
  variableHoverAt,
  warmUpCompose,
  warmUpTaskDefinition,
  type Finding,
  type OutlineSymbol,
  type ParsedText,
  type SymbolKindName,
} from '@dockside/core';
import { DEFAULT_SETTINGS, readSettings, type DocksideSettings } from '@dockside/core';
import {
  CONVERT_COMMAND,
  EFFECTIVE_CONFIGURATION_METHOD,
  type ConvertArguments,
  type EffectiveConfigurationParams,
  type EffectiveConfigurationResult,
} from '@dockside/core';
import { conversionActions, quickFixes } from './codeActions';
import { Navigation } from './navigation';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import { composeFindings, composeVariables, effectiveProject } from './projectContext';
import { CompletionDocs, toCompletionList } from './completion';
import { DiagnosticScheduler } from './diagnostics';
import { documentKind, namedAsTaskDefinition, type DocumentKind } from './documentKind';
import { toRange } from './ranges';
import { URI } from './uri';

/** A request the editor cancelled while it waited in the queue is answered as cancelled, not computed. */
function throwIfCancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

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

/** One parse per document version, shared by diagnostics and every feature; forgotten on close. */
class ParseCache {
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

/** Wires the core to an LSP connection: documents in, diagnostics and outline out. */
export function startServer(connection: Connection, version = '0.0.0'): void {
  const documents = new TextDocuments(
    monotonicDocuments((uri, held, got) =>
      connection.console.warn(`Ignored a change to ${uri}: version ${got} arrived after version ${held}.`),
    ),
  );
  const cache = new ParseCache();
  let settings: DocksideSettings = DEFAULT_SETTINGS;
  let canPullConfiguration = false;

  const kindOf = (document: TextDocument): DocumentKind => documentKind(document.uri, document.languageId, document.getText(), settings);
  const isChecked = (document: TextDocument): boolean => kindOf(document) !== 'other';

  /** A JSON file recognised only by a look at its text must really hold a task definition. */
  const isTaskDefinition = (document: TextDocument): boolean =>
    namedAsTaskDefinition(document.uri, settings) || isTaskDefinitionValue(cache.get(document).value);

  const findingsOf = (document: TextDocument): Finding[] | undefined => {
    const kind = kindOf(document);
    if (kind === 'other') return undefined;
    if (!settings.diagnostics.enable) return [];
    const documentPath = URI.filePath(document.uri);
    const options = { host, documentPath };
    try {
      if (kind === 'compose') return composeFindings(documentPath, document.getText(), host, (_path, text) => parseOf(document, text));
      return isTaskDefinition(document) ? validateTaskDefinition(document.getText(), options, cache.get(document)) : [];
    } catch (error) {
      connection.console.error(`Checking ${document.uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return [
        {
          code: 'dockside/internal-error',
          severity: 'error',
          message: 'Dockside could not check this file (an internal error; see the Dockside output).',
          span: [0, 0],
        },
      ];
    }
  };

  /** The document's own parse (cached per version) when the project asks for its text; any other text is parsed afresh. */
  const parseOf = (document: TextDocument, text: string): ParsedText =>
    text === document.getText() ? cache.get(document) : parseText(text);

  /** Open documents by file path, so project files are read as the user sees them, unsaved edits included. */
  const openText = (path: string): string | undefined =>
    documents
      .all()
      .find((d) => URI.filePath(d.uri) === path)
      ?.getText();
  // Until the client says otherwise (an editor without workspace trust), the workspace is trusted.
  let host = diskHost(openText);

  const scheduler = new DiagnosticScheduler(connection, (uri) => documents.get(uri), findingsOf);

  const revalidateAll = (): void => {
    for (const document of documents.all()) {
      scheduler.cancel(document.uri);
      if (isChecked(document)) scheduler.schedule(document, 0);
      else scheduler.clear(document.uri);
    }
  };

  /** Adopts new settings; re-checks open documents only when something actually changed. */
  const adopt = (next: DocksideSettings): void => {
    if (JSON.stringify(next) === JSON.stringify(settings)) return;
    settings = next;
    revalidateAll();
  };

  const pullSettings = async (): Promise<void> => {
    if (!canPullConfiguration) return;
    const [raw] = (await connection.workspace.getConfiguration([{ section: 'dockside' }])) as unknown[];
    adopt(readSettings(raw));
  };

  connection.onInitialize((params): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    const options = params.initializationOptions as { settings?: unknown; workspaceTrusted?: boolean } | undefined;
    settings = readSettings(options?.settings);
    host = diskHost(openText, { readsEnvFiles: options?.workspaceTrusted !== false });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '"', '-'], resolveProvider: true },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        executeCommandProvider: { commands: [CONVERT_COMMAND] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      },
      serverInfo: { name: 'dockside-language-server', version },
    };
  });

  connection.onInitialized(() => {
    // Compile the schema while the user is still opening files, not on their first keystroke.
    setImmediate(() => {
      warmUpCompose();
      warmUpTaskDefinition();
    });
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dockside' }).catch(() => undefined);
      void pullSettings().catch(() => undefined);
    }
  });

  connection.onDidChangeConfiguration((change) => {
    if (canPullConfiguration) void pullSettings().catch(() => undefined);
    else adopt(readSettings((change.settings as { dockside?: unknown } | undefined)?.dockside));
  });

  documents.onDidOpen((event) => scheduler.schedule(event.document, 0));
  const folderOf = (uri: string): string | undefined => URI.filePath(uri)?.replace(/[\\/][^\\/]*$/, '');

  documents.onDidChangeContent((event) => {
    scheduler.schedule(event.document, settings.diagnostics.delay);
    // Files of the same project are checked against this one: re-check the open ones beside it.
    const folder = folderOf(event.document.uri);
    if (folder === undefined || kindOf(event.document) !== 'compose') return;
    for (const other of documents.all()) {
      if (other.uri !== event.document.uri && folderOf(other.uri) === folder && kindOf(other) === 'compose') {
        scheduler.schedule(other, settings.diagnostics.delay * 4);
      }
    }
  });
  documents.onDidClose((event) => {
    cache.forget(event.document.uri);
    scheduler.clear(event.document.uri);
  });

  connection.onDocumentSymbol((params): DocumentSymbol[] => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !settings.outline.enable) return [];
    try {
      const kind = kindOf(document);
      const parsed = cache.get(document);
      if (kind === 'compose') return composeSymbols(parsed.doc, parsed.text).map((s) => toDocumentSymbol(document, s));
      if (kind === 'taskdef' && isTaskDefinition(document))
        return taskDefinitionSymbols(parsed.doc, parsed.text).map((s) => toDocumentSymbol(document, s));
      return [];
    } catch (error) {
      connection.console.error(`Outline of ${document.uri} failed: ${String(error)}`);
      return [];
    }
  });

  /** The language features speak of: Compose, or a task definition (also when only sniffed as one). */
  const languageOf = (document: TextDocument): 'compose' | 'taskdef' | undefined => {
    const kind = kindOf(document);
    if (kind === 'compose') return 'compose';
    return kind === 'taskdef' && isTaskDefinition(document) ? 'taskdef' : undefined;
  };

  /** A parse of exactly this version, when one is cached (features then see anchors and merges). */
  const cachedParse = (document: TextDocument): ParsedText | undefined => cache.peek(document);

  const completionDocs = new CompletionDocs();
  connection.onCompletionResolve((item) => completionDocs.resolve(item));

  connection.onCompletion((params, token): CompletionList => {
    throwIfCancelled(token);
    const document = documents.get(params.textDocument.uri);
    const language = document && settings.completion.enable ? languageOf(document) : undefined;
    if (!document || !language) return { isIncomplete: false, items: [] };
    try {
      const offset = document.offsetAt(params.position);
      return toCompletionList(
        document,
        completeAt({ text: document.getText(), offset, language, parsed: cachedParse(document) }),
        completionDocs,
      );
    } catch (error) {
      connection.console.error(`Completion in ${document.uri} failed: ${String(error)}`);
      return { isIncomplete: false, items: [] };
    }
  });

  connection.onHover((params, token): Hover | null => {
    throwIfCancelled(token);
    const document = documents.get(params.textDocument.uri);
    const language = document && settings.hover.enable ? languageOf(document) : undefined;
    if (!document || !language) return null;
    try {
      const offset = document.offsetAt(params.position);
      if (language === 'compose') {
        const variables = composeVariables(URI.filePath(document.uri), host);
        const variable = variables && variableHoverAt(document.getText(), offset, variables);
        if (variable) return { contents: { kind: MarkupKind.Markdown, value: variable.markdown }, range: toRange(document, variable.span) };
      }
      const hover = hoverAt({ text: document.getText(), offset, language, parsed: cachedParse(document) });
      return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toRange(document, hover.span) } : null;
    } catch (error) {
      connection.console.error(`Hover in ${document.uri} failed: ${String(error)}`);
      return null;
    }
  });

  const navigation = new Navigation({ documents, parse: (d) => cache.get(d), host });

  /** Runs a navigation request on a checked document; an internal error is logged, never thrown at the editor. */
  const navigate = <T>(
    uri: string,
    position: Position,
    fallback: T,
    run: (document: TextDocument, language: 'compose' | 'taskdef', offset: number) => T,
  ): T => {
    const document = documents.get(uri);
    const language = document ? languageOf(document) : undefined;
    if (!document || !language) return fallback;
    try {
      return run(document, language, document.offsetAt(position));
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`Navigation in ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return fallback;
    }
  };

  connection.onDefinition((params) =>
    navigate(params.textDocument.uri, params.position, [], (document, language, offset) =>
      navigation.definition(document, navigation.scope(document, language), offset),
    ),
  );
  connection.onReferences((params) =>
    navigate(params.textDocument.uri, params.position, [], (document, language, offset) =>
      navigation.references(document, navigation.scope(document, language), offset, params.context.includeDeclaration),
    ),
  );
  connection.onDocumentHighlight((params) =>
    navigate(params.textDocument.uri, params.position, [], (document, language, offset) =>
      navigation.highlights(document, language, offset),
    ),
  );
  connection.onPrepareRename((params) =>
    navigate(params.textDocument.uri, params.position, null, (document, language, offset) =>
      navigation.prepareRename(document, navigation.scope(document, language), offset),
    ),
  );
  connection.onRenameRequest((params) =>
    navigate(params.textDocument.uri, params.position, null, (document, language, offset) =>
      navigation.rename(document, navigation.scope(document, language), offset, params.newName),
    ),
  );

  connection.onRequest(EFFECTIVE_CONFIGURATION_METHOD, (params: EffectiveConfigurationParams): EffectiveConfigurationResult => {
    const path = URI.filePath(params.uri);
    if (!path)
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        'Save the Compose file first: its effective configuration depends on the files beside it.',
      );
    const project = effectiveProject(path, host);
    return {
      yaml: stringify(project.model, { lineWidth: 0 }),
      files: project.files,
      problems: project.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.file}: ${f.message}`),
    };
  });

  connection.onExecuteCommand((params): ConvertFileResult => {
    const args = params.arguments?.[0] as ConvertArguments | undefined;
    if (params.command !== CONVERT_COMMAND || !args)
      throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${params.command}.`);
    const path = URI.filePath(args.uri);
    if (!path)
      throw new ResponseError(
        ErrorCodes.InvalidParams,
        'Save the file first: a conversion reads the files beside it (override files, .env, env_file).',
      );
    return convertFile({ path, to: args.to, perService: args.perService, launchType: args.launchType, host, env: shellEnvironment() });
  });

  connection.onCodeAction((params) => {
    const document = documents.get(params.textDocument.uri);
    const fixes = settings.quickFixes.enable ? quickFixes(params) : [];
    return [...fixes, ...conversionActions(params, document ? languageOf(document) : undefined)];
  });

  documents.listen(connection);
  connection.listen();
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
