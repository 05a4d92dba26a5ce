import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { stringify } from 'yaml';
import type { EffectiveConfigurationParams, EffectiveConfigurationResult } from '@dockside/core';
import { effectiveProject } from './projectContext';
import { URI } from './uri';
import type { Workspace } from './workspace';

/** `dockside/effectiveConfiguration`: the project a Compose file belongs to, merged and interpolated as Compose does. */
export function effectiveConfiguration(workspace: Workspace, params: EffectiveConfigurationParams): EffectiveConfigurationResult {
  const path = URI.filePath(params.uri);
  if (!path)
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      'Save the Compose file first: its effective configuration depends on the files beside it.',
    );
  const project = effectiveProject(path, workspace.host);
  return {
    yaml: stringify(project.model, { lineWidth: 0 }),
    files: project.files,
    problems: project.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.file}: ${f.message}`),
  };
}
