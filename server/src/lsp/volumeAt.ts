import { asRecord, mountTargetAt, resourceEngineName, type DocumentPosition, type VolumeAtResult } from '@dockside/core';
import { effectiveProject } from './projectContext';
import { toRange } from './ranges';
import { URI } from './uri';
import type { Workspace } from './workspace';

/** `dockside/volumeAt`: the named volume under the cursor, by the name its project gives it on the engine. */
export function volumeAt(workspace: Workspace, params: DocumentPosition): VolumeAtResult | null {
  const checked = workspace.checkedDocument(params.textDocument.uri);
  const path = URI.filePath(params.textDocument.uri);
  if (checked?.language !== 'compose' || !path) return null;
  const { document } = checked;
  const target = mountTargetAt(workspace.parses.get(document), document.offsetAt(params.position));
  if (target?.kind !== 'volume') return null;
  const project = effectiveProject(path, workspace.host);
  const declared = asRecord(asRecord(project.model['volumes'])?.[target.name]);
  return { engineName: resourceEngineName(project.name, target.name, declared).engineName, range: toRange(document, target.span) };
}
