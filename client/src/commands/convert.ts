import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import type { ConvertFileResult, LocatedLoss } from '@dockside/core';
import { CONVERT_COMMAND, convertFile, type ConvertArguments } from '@dockside/core';
import { pickProfilesFor } from './composePicks';
import { ConversionResults } from './saveBeside';

const HEADINGS: Record<LocatedLoss['kind'], string> = {
  error: 'Must be fixed before the result works',
  dropped: 'Dropped (no counterpart)',
  approximated: 'Approximated',
  note: 'Good to know',
};

/** The report as lines the Output view turns into links (`/abs/path:line`); `shown` names a loss's file. */
function reportLines(source: vscode.Uri, target: string, losses: LocatedLoss[], shown: (file: string) => string): string[] {
  const lines = [
    `Converted ${source.scheme === 'file' ? source.fsPath : unsavedName(source)} to ${target} — ${new Date().toLocaleString()}`,
  ];
  if (losses.length === 0) lines.push('Everything was carried over exactly.');
  for (const kind of ['error', 'dropped', 'approximated', 'note'] as const) {
    const entries = losses.filter((l) => l.kind === kind);
    if (entries.length === 0) continue;
    lines.push('', `${HEADINGS[kind]} (${entries.length}):`);
    for (const loss of entries) {
      const where = loss.file ? `${shown(loss.file)}:${loss.line ?? 1}` : loss.path;
      lines.push(`  ${where}  ${loss.path}: ${loss.reason}${loss.action ? ` → ${loss.action}` : ''}`);
    }
  }
  return lines;
}

/**
 * While a conversion's result is open, each loss is also an Information diagnostic on the source line
 * it concerns, so the loss is seen where it happens; closing the results clears them.
 */
function showLossesOnSource(
  collection: vscode.DiagnosticCollection,
  losses: LocatedLoss[],
  results: vscode.TextDocument[],
  uriOf: (file: string) => vscode.Uri,
): vscode.Disposable {
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const loss of losses) {
    if (!loss.file || loss.line === undefined) continue;
    const line = loss.line - 1;
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER),
      `${HEADINGS[loss.kind]}: ${loss.reason}${loss.action ? ` ${loss.action}` : ''}`,
      vscode.DiagnosticSeverity.Information,
    );
    diagnostic.source = 'dockside conversion';
    byFile.set(loss.file, [...(byFile.get(loss.file) ?? []), diagnostic]);
  }
  collection.clear();
  for (const [file, diagnostics] of byFile) collection.set(uriOf(file), diagnostics);
  const open = new Set(results);
  const watcher = vscode.workspace.onDidCloseTextDocument((document) => {
    open.delete(document);
    if (open.size === 0) {
      collection.clear();
      watcher.dispose();
    }
  });
  return watcher;
}

async function convert(
  client: LanguageClient | undefined,
  report: vscode.OutputChannel,
  losses: vscode.DiagnosticCollection,
  results: ConversionResults,
  target: vscode.Uri | string | undefined,
  to: ConvertArguments['to'],
): Promise<void> {
  // From a code action the target arrives as a URI string; from menus as a Uri.
  const source = typeof target === 'string' ? vscode.Uri.parse(target) : (target ?? vscode.window.activeTextEditor?.document.uri);
  if (!client || !source) {
    void vscode.window.showInformationMessage(client ? 'Open the file to convert first.' : 'The Dockside language server is not running.');
    return;
  }
  let options: Pick<ConvertArguments, 'perService' | 'launchType' | 'profiles'> = {};
  if (to === 'ecs') {
    const picked = await vscode.window.showQuickPick(
      [
        {
          label: 'Fargate, one task definition',
          description: 'every service a container of one task',
          launchType: 'FARGATE' as const,
          perService: false,
        },
        {
          label: 'Fargate, one per service',
          description: 'each service its own task definition (an ECS service each)',
          launchType: 'FARGATE' as const,
          perService: true,
        },
        { label: 'EC2, one task definition', launchType: 'EC2' as const, perService: false },
        { label: 'EC2, one per service', launchType: 'EC2' as const, perService: true },
      ],
      { title: 'Convert to ECS task definition', placeHolder: 'Launch type and shape' },
    );
    if (!picked) return;
    const profiles = await pickProfilesFor(source, 'Convert to ECS task definition: profiles', 'convert');
    if (profiles === null) return;
    options = { launchType: picked.launchType, perService: picked.perService, ...(profiles ? { profiles } : {}) };
  }
  const args: ConvertArguments = { uri: source.toString(), to, ...options };
  // A task definition needs nothing beside it: one that is not on disk (a registered revision opened
  // from the ECS (AWS) view, a conversion's unsaved result) converts from its text, here.
  const unsaved = to === 'compose' && source.scheme !== 'file' ? await vscode.workspace.openTextDocument(source) : undefined;
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: to === 'ecs' ? 'Converting to a task definition…' : 'Converting to a Compose file…',
    },
    async () =>
      unsaved
        ? taskDefinitionTextToCompose(unsaved.getText(), unsavedName(source))
        : ((await client.sendRequest(ExecuteCommandRequest.type, { command: CONVERT_COMMAND, arguments: [args] })) as ConvertFileResult),
  );
  // An unsaved document's losses are located in `/name`: on the document itself, and said by its name.
  const isUnsaved = (file: string): boolean => unsaved !== undefined && file === `/${unsavedName(source)}`;
  const uriOf = (file: string): vscode.Uri => (isUnsaved(file) ? source : vscode.Uri.file(file));
  const shown = (file: string): string => (isUnsaved(file) ? unsavedName(source) : file);
  // Results open as new, unsaved documents: nothing on disk is ever overwritten by a conversion.
  const opened: vscode.TextDocument[] = [];
  for (const file of result.files) {
    const document = await vscode.workspace.openTextDocument({ language: file.language, content: file.text });
    opened.push(document);
    // Beside the source only when the source is a file: an unsaved result of an unsaved source is saved as any other.
    if (!unsaved) results.add(document, source, file.name);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  }
  showLossesOnSource(losses, result.losses, opened, uriOf);
  report.clear();
  report.appendLine(reportLines(source, to === 'ecs' ? 'ECS' : 'Compose', result.losses, shown).join('\n'));
  report.show(true);
  const errors = result.losses.filter((l) => l.kind === 'error').length;
  const summary =
    errors > 0
      ? `The conversion needs ${errors} change${errors === 1 ? '' : 's'} before it works; see the Dockside Conversion report.`
      : 'Converted; the report is in the Dockside Conversion output.';
  const save = 'Save Beside the Source';
  // A Compose file that converts cleanly can go to ECS as it is: the deploy converts it again, the same way.
  const deploy = 'Deploy to Amazon ECS…';
  const saveOffered = unsaved ? [] : [save];
  const choice = await (errors > 0
    ? vscode.window.showWarningMessage(summary, ...saveOffered)
    : vscode.window.showInformationMessage(summary, ...saveOffered, ...(to === 'ecs' && source.scheme === 'file' ? [deploy] : [])));
  if (choice === save) await results.saveAll(opened);
  if (choice === deploy) await vscode.commands.executeCommand('dockside.aws.deploy', source);
}

/**
 * A task definition's text converted to Compose in this process: a task definition reads nothing beside
 * it, so it need not be on disk. The losses are located in `/name`.
 */
export function taskDefinitionTextToCompose(text: string, name: string): ConvertFileResult {
  const path = `/${name}`;
  return convertFile({ path, to: 'compose', host: { readFile: (p) => (p === path ? text : undefined), fileExists: (p) => p === path } });
}

/** The name an unsaved document's losses are located in: its own (`Untitled-1`, `web:3.task-definition.json`). */
function unsavedName(source: vscode.Uri): string {
  return source.path.split('/').pop() || 'task-definition.json';
}

/** "Convert to Task Definition" and "Convert to Compose File", from menus, the palette and the editor. */
export function registerConvertCommands(client: () => LanguageClient | undefined): vscode.Disposable {
  const report = vscode.window.createOutputChannel('Dockside Conversion');
  const losses = vscode.languages.createDiagnosticCollection('dockside-conversion');
  const results = new ConversionResults();
  const run = (to: ConvertArguments['to']) => async (target?: vscode.Uri | string) => {
    try {
      await convert(client(), report, losses, results, target, to);
    } catch (error) {
      void vscode.window.showErrorMessage(`Dockside could not convert the file: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return vscode.Disposable.from(
    report,
    losses,
    results,
    vscode.commands.registerCommand('dockside.compose.convertToTaskDefinition', run('ecs')),
    vscode.commands.registerCommand('dockside.taskDefinition.convertToCompose', run('compose')),
  );
}
