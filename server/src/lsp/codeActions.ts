import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { DiagnosticData } from './diagnostics';
import type { Language, Workspace } from './workspace';

function isDiagnosticData(data: unknown): data is DiagnosticData {
  return typeof data === 'object' && data !== null && Array.isArray((data as DiagnosticData).fixes);
}

/**
 * Quick fixes travel with each diagnostic (computed by the core when it was published). The edit is
 * pinned to that document version, so an editor never applies it to text that has changed since.
 */
export function quickFixes(params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  return params.context.diagnostics.flatMap((diagnostic) => {
    if (!isDiagnosticData(diagnostic.data)) return [];
    const { version, fixes } = diagnostic.data;
    return fixes.map((fix): CodeAction => ({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: fix.preferred,
      edit: { documentChanges: [{ textDocument: { uri: params.textDocument.uri, version }, edits: fix.edits }] },
    }));
  });
}

/**
 * "Convert to Task Definition" / "Convert to Compose File" in the light-bulb menu (a refactoring, not a
 * fix). VS Code runs the client command of that name, which asks how to convert and shows the report.
 */
export function conversionActions(params: CodeActionParams, language: Language | undefined): CodeAction[] {
  const only = params.context.only;
  if (!language || (only && !only.some((kind) => CodeActionKind.Refactor.startsWith(kind) || kind.startsWith(CodeActionKind.Refactor))))
    return [];
  const target = { title: '', command: '' };
  if (language === 'compose')
    Object.assign(target, { title: 'Convert to Task Definition', command: 'dockside.compose.convertToTaskDefinition' });
  else Object.assign(target, { title: 'Convert to Compose File', command: 'dockside.taskDefinition.convertToCompose' });
  return [
    {
      title: target.title,
      kind: CodeActionKind.RefactorRewrite,
      command: { title: target.title, command: target.command, arguments: [params.textDocument.uri] },
    },
  ];
}

/** The light bulb: the diagnostics' quick fixes (when turned on), then the conversion. */
export function codeActions(workspace: Workspace, params: CodeActionParams): CodeAction[] {
  const fixes = workspace.settings.quickFixes.enable ? quickFixes(params) : [];
  return [...fixes, ...conversionActions(params, workspace.checkedDocument(params.textDocument.uri)?.language)];
}
