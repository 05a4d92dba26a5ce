import { CodeActionKind, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver';
import { CONVERT_COMMAND, EFFECTIVE_CONFIGURATION_METHOD, VOLUME_AT_METHOD, warmUpCompose } from '@dockside/core';
import type { DocumentPosition, EffectiveConfigurationParams } from '@dockside/core';
import { codeActions } from './codeActions';
import { codeLenses, offersRunLenses } from './codeLens';
import { CompletionDocs, completion, NO_COMPLETIONS } from './completion';
import { convert } from './convert';
import { Diagnostics } from './diagnostics';
import { effectiveConfiguration } from './effectiveConfiguration';
import { handle, listen } from './handler';
import { hover } from './hover';
import { Navigation } from './navigation';
import { SettingsSync } from './settings';
import { documentSymbols } from './symbols';
import { volumeAt } from './volumeAt';
import { Workspace, type InitializationOptions } from './workspace';

export { monotonicDocuments } from './workspace';

/**
 * Wires the features to an LSP connection. Each feature is a plain function of the workspace and the
 * request's parameters (one module each); `handle` answers for all of them when one fails.
 */
export function startServer(connection: Connection, version = '0.0.0'): void {
  const log = connection.console;
  const workspace = new Workspace(connection);
  const diagnostics = new Diagnostics(connection, workspace, log);
  const settings = new SettingsSync(connection, workspace, () => diagnostics.revalidateAll());
  const navigation = new Navigation(workspace);
  const completionDocs = new CompletionDocs();

  connection.onInitialize((params): InitializeResult => {
    settings.initialize(params.capabilities.workspace?.configuration === true);
    workspace.initialize(params.initializationOptions as InitializationOptions | undefined);
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
        ...(offersRunLenses(workspace.clientCommands) ? { codeLensProvider: { resolveProvider: false } } : {}),
      },
      serverInfo: { name: 'dockside-language-server', version },
    };
  });

  connection.onInitialized(() => {
    // Load the Compose validators while the user is still opening files. The task-definition ones load
    // when a task definition is first checked: most workspaces have none.
    setImmediate(warmUpCompose);
    settings.initialized();
  });
  connection.onDidChangeConfiguration(listen(log, 'Reading the settings', (change) => settings.didChangeConfiguration(change)));

  const { documents } = workspace;
  documents.onDidOpen(listen(log, 'Opening a document', (event) => diagnostics.opened(event.document)));
  documents.onDidChangeContent(listen(log, 'Changing a document', (event) => diagnostics.changed(event.document)));
  documents.onDidClose(
    listen(log, 'Closing a document', (event) => {
      workspace.parses.forget(event.document.uri);
      diagnostics.closed(event.document.uri);
    }),
  );

  connection.onDocumentSymbol(handle(log, 'Outline', (params) => documentSymbols(workspace, params), { fallback: [] }));
  connection.onCompletion(
    handle(log, 'Completion', (params) => completion(workspace, completionDocs, params), { fallback: NO_COMPLETIONS }),
  );
  connection.onCompletionResolve(handle(log, 'Completion details', (item) => completionDocs.resolve(item)));
  connection.onHover(handle(log, 'Hover', (params) => hover(workspace, params), { fallback: null }));
  connection.onDefinition(handle(log, 'Go to Definition', (params) => navigation.definition(params), { fallback: [] }));
  connection.onReferences(handle(log, 'Find References', (params) => navigation.references(params), { fallback: [] }));
  connection.onDocumentHighlight(handle(log, 'Highlights', (params) => navigation.highlights(params), { fallback: [] }));
  connection.onPrepareRename(handle(log, 'Rename', (params) => navigation.prepareRename(params), { fallback: null }));
  connection.onRenameRequest(handle(log, 'Rename', (params) => navigation.rename(params), { fallback: null }));
  connection.onCodeAction(handle(log, 'Code actions', (params) => codeActions(workspace, params), { fallback: [] }));
  connection.onCodeLens(handle(log, 'Code lenses', (params) => codeLenses(workspace, params), { fallback: [] }));
  connection.onRequest(
    VOLUME_AT_METHOD,
    handle(log, 'Finding the volume', (params: DocumentPosition) => volumeAt(workspace, params), { fallback: null }),
  );
  connection.onExecuteCommand(handle(log, 'Conversion', (params) => convert(workspace, params)));
  connection.onRequest(
    EFFECTIVE_CONFIGURATION_METHOD,
    handle(log, 'The effective configuration', (params: EffectiveConfigurationParams) => effectiveConfiguration(workspace, params)),
  );

  documents.listen(connection);
  connection.listen();
}
