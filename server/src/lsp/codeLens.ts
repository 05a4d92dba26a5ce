import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { RUN_ALL_COMMAND, RUN_SERVICE_COMMAND, runLenses } from '@dockside/core';
import { URI } from './uri';
import type { Workspace } from './workspace';

/** Whether the client has the commands the run lenses carry (it says so when it initializes). */
export function offersRunLenses(clientCommands: readonly string[]): boolean {
  return clientCommands.includes(RUN_SERVICE_COMMAND) && clientCommands.includes(RUN_ALL_COMMAND);
}

/**
 * "Run all" above `services:` and "Run service" above each service of a Compose file on disk (running
 * reads the project's files there). The client decides whether they show: only with an engine to run on.
 */
export function codeLenses(workspace: Workspace, params: CodeLensParams): CodeLens[] {
  const checked = workspace.checkedDocument(params.textDocument.uri);
  if (checked?.language !== 'compose' || !URI.filePath(params.textDocument.uri)) return [];
  const { document } = checked;
  const lenses = runLenses(workspace.parses.get(document));
  const at = (offset: number): CodeLens['range'] => {
    const position = document.positionAt(offset);
    return { start: position, end: position };
  };
  const result: CodeLens[] = lenses.services.map(({ name, offset }) => ({
    range: at(offset),
    command: { title: 'Run service', command: RUN_SERVICE_COMMAND, arguments: [document.uri, name] },
  }));
  if (lenses.runAll !== undefined)
    result.unshift({ range: at(lenses.runAll), command: { title: 'Run all', command: RUN_ALL_COMMAND, arguments: [document.uri] } });
  return result;
}
