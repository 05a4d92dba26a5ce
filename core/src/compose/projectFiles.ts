import { DEFAULT_COMPOSE_FILE_NAMES, DEFAULT_OVERRIDE_FILE_NAMES } from './project/loadProject';
import { directoryOf, resolvePath } from './project/paths';
import { isPartialComposeFile } from './validateCompose';
import type { Host } from '../types';

/**
 * The files Compose would merge when this file is used, base first, or an empty list when the file
 * stands alone. The base file comes with `compose.override.yaml` (as `docker compose up` does); any
 * other partial file (`compose.stage.yaml`) is merged onto the base alone (`-f compose.yaml -f it`).
 * Only the file's own folder is looked in: a file elsewhere is not assumed to belong to a project.
 */
export function projectFilesFor(documentPath: string, host: Pick<Host, 'fileExists'>): string[] {
  const folder = directoryOf(documentPath);
  const base = DEFAULT_COMPOSE_FILE_NAMES.map((name) => resolvePath(folder, name)).find((path) => host.fileExists(path));
  if (!base) return [];
  const override = DEFAULT_OVERRIDE_FILE_NAMES.map((name) => resolvePath(folder, name)).find((path) => host.fileExists(path));
  if (documentPath === base || documentPath === override) return override ? [base, override] : [];
  return isPartialComposeFile(documentPath) ? [base, documentPath] : [];
}
