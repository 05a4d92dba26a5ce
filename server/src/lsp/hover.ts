import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import { hoverAt, variableHoverAt } from '@dockside/core';
import { composeSurroundings } from './projectContext';
import { toRange } from './ranges';
import { URI } from './uri';
import type { Workspace } from './workspace';

/**
 * A key's documentation, a value's meaning, or for `${VAR}` in a Compose file the value it takes and
 * where that value comes from (the shell, `.env`, a default).
 */
export function hover(workspace: Workspace, params: HoverParams): Hover | null {
  const checked = workspace.settings.hover.enable ? workspace.checkedDocument(params.textDocument.uri) : undefined;
  if (!checked) return null;
  const { document, language } = checked;
  const offset = document.offsetAt(params.position);
  if (language === 'compose') {
    const { variables } = composeSurroundings(URI.filePath(document.uri), workspace.host);
    const variable = variables && variableHoverAt(document.getText(), offset, variables);
    if (variable) return { contents: { kind: MarkupKind.Markdown, value: variable.markdown }, range: toRange(document, variable.span) };
  }
  const found = hoverAt({ text: document.getText(), offset, language, parsed: workspace.parses.peek(document) });
  return found ? { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: toRange(document, found.span) } : null;
}
