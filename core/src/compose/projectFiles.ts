import { buildEnvironment, environmentFrom } from './project/env';
import { composeFilesIn, defaultComposeFiles, isTrue } from './project/loadProject';
import { baseNameOf, directoryOf, resolvePath } from './project/paths';
import type { ProjectHost } from './project/types';
import { isPartialComposeFile } from './validateCompose';
import type { Host } from '../types';

/**
 * The files Compose would merge when this file is used, base first, or an empty list when the file
 * stands alone. The base file comes with `compose.override.yaml` (as `docker compose up` does); any
 * other partial file (`compose.stage.yaml`) is merged onto the base alone (`-f compose.yaml -f it`).
 * Only the file's own folder is looked in: a file elsewhere is not assumed to belong to a project.
 */
export function projectFilesFor(documentPath: string, host: Pick<Host, 'fileExists'>): string[] {
  const [base, override] = composeFilesIn(directoryOf(documentPath), host);
  if (!base) return [];
  if (documentPath === base || documentPath === override) return override ? [base, override] : [];
  return isPartialComposeFile(documentPath) ? [base, documentPath] : [];
}

/** The project a Compose file is checked in: its files, and whether they make a whole project. */
export interface DocumentProject {
  files: string[];
  /**
   * False for an override file with no base file beside it: it only completes a project, so the
   * rules that judge a whole project (undefined names, unused resources, missing image) stay silent.
   * Any other file with no partner is a project of its own, as `docker compose -f FILE` reads it.
   */
  wholeProject: boolean;
}

/** How the editor, `dockside validate FILE` and convert read one Compose file: with the files Compose merges it with. */
export function documentProject(documentPath: string, host: Pick<Host, 'fileExists'>): DocumentProject {
  const partners = projectFilesFor(documentPath, host);
  if (partners.length > 0) return { files: partners, wholeProject: true };
  return { files: [documentPath], wholeProject: !isOverrideFile(documentPath) };
}

/** `compose.override.yaml`, `docker-compose.override.yml`, `docker-compose.local.override.yml`, … */
function isOverrideFile(path: string): boolean {
  return /^(docker-)?compose\.(.+\.)?override\.ya?ml$/i.test(baseNameOf(path));
}

export interface DefaultFilesRequest {
  /** The folder Compose starts in: the project directory, or the current one. */
  workingDir: string;
  /** The process environment. */
  env: Record<string, string>;
  /** `--env-file` files; by default `.env` in workingDir (unless COMPOSE_DISABLE_ENV_FILE). */
  envFiles?: string[];
  host: Pick<ProjectHost, 'fileExists' | 'readFile' | 'readsEnvFiles'>;
}

export interface DefaultFiles {
  files: string[];
  /** Where they came from, for a message: COMPOSE_FILE, or Compose's own file names. */
  from: 'COMPOSE_FILE' | 'names';
}

/**
 * The files `docker compose` uses when none is named: COMPOSE_FILE (split on COMPOSE_PATH_SEPARATOR,
 * by default ":" or ";" on Windows; relative to workingDir), from the environment or `.env`, else the
 * first base file in workingDir or the nearest folder above it with its first override file.
 */
export function defaultProjectFiles(request: DefaultFilesRequest): DefaultFiles {
  const environment = composeEnvironment(request);
  const composeFile = environment.get('COMPOSE_FILE');
  if (composeFile !== undefined && composeFile !== '') {
    const separator = environment.get('COMPOSE_PATH_SEPARATOR') || (/^[A-Za-z]:[\\/]|^\\\\/.test(request.workingDir) ? ';' : ':');
    const files = composeFile
      .split(separator)
      .filter((path) => path !== '')
      .map((path) => resolvePath(request.workingDir, path));
    return { files, from: 'COMPOSE_FILE' };
  }
  return { files: defaultComposeFiles(request.workingDir, request.host), from: 'names' };
}

/** The variables Compose reads its own settings from before it loads a project: the environment over `.env`. */
function composeEnvironment(request: DefaultFilesRequest): Map<string, string> {
  const { host, env, workingDir } = request;
  const envFiles =
    request.envFiles ?? (isTrue(env['COMPOSE_DISABLE_ENV_FILE']) || host.readsEnvFiles === false ? [] : [resolvePath(workingDir, '.env')]);
  const texts = envFiles.flatMap((path) => {
    const text = host.readsEnvFiles === false ? undefined : host.readFile(path);
    return text === undefined ? [] : [{ path, text }];
  });
  const { variables } = buildEnvironment(environmentFrom(env), texts);
  return new Map([...variables].map(([name, variable]) => [name, variable.value]));
}
