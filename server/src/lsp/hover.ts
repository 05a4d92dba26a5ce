import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  bindHover,
  dangerOfHostPath,
  hoverAt,
  mountTargetAt,
  resolveHostPath,
  variableHoverAt,
  type HostPathKind,
  type Span,
} from '@dockside/core';
import { composeVariables } from './projectContext';
import { toRange } from './ranges';
import { URI } from './uri';
import type { Language, Workspace } from './workspace';

/**
 * A key's documentation, a value's meaning, or for `${VAR}` in a Compose file the value it takes and
 * where that value comes from (the shell, `.env`, a default); and on a bind mount's host path, what is
 * there on this machine. That last part is not documentation: `dockside.hover.enable` leaves it on.
 */
export function hover(workspace: Workspace, params: HoverParams): Hover | null {
  const checked = workspace.checkedDocument(params.textDocument.uri);
  if (!checked) return null;
  const { document, language } = checked;
  const offset = document.offsetAt(params.position);
  const parts = [
    ...(workspace.settings.hover.enable ? [documentation(workspace, document, language, offset)] : []),
    language === 'compose' ? hostPath(workspace, document, offset) : undefined,
  ].filter((part): part is { markdown: string; span: Span } => part !== undefined);
  const last = parts.at(-1);
  if (!last) return null;
  // The most precise range: the host path when there is one.
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.map((p) => p.markdown).join('\n\n---\n\n') },
    range: toRange(document, last.span),
  };
}

function documentation(
  workspace: Workspace,
  document: TextDocument,
  language: Language,
  offset: number,
): { markdown: string; span: Span } | undefined {
  if (language === 'compose') {
    const variables = composeVariables(URI.filePath(document.uri), workspace.host);
    const variable = variables && variableHoverAt(document.getText(), offset, variables);
    if (variable) return variable;
  }
  return hoverAt({ text: document.getText(), offset, language, parsed: workspace.parses.peek(document) });
}

/** On a bind mount's source in a Compose file on disk: the host path it resolves to, what is there, and any danger. */
function hostPath(workspace: Workspace, document: TextDocument, offset: number): { markdown: string; span: Span } | undefined {
  const path = URI.filePath(document.uri);
  if (!path) return undefined;
  const target = mountTargetAt(workspace.parses.get(document), offset);
  if (target?.kind !== 'bind') return undefined;
  const resolved = resolveHostPath(target.path, dirname(path), homedir());
  return { markdown: bindHover(target.path, resolved, kindOf(resolved), dangerOfHostPath(resolved)), span: target.span };
}

function kindOf(path: string): HostPathKind {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}
