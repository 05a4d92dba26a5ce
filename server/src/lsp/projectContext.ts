import { dirname, join } from 'node:path';
import { shellEnvironment } from '@dockside/core/node';
import {
  buildEnvironment,
  environmentFrom,
  environmentLookup,
  loadProject,
  projectFilesFor,
  type Project,
  type ProjectHost,
  type VariableLookup,
} from '@dockside/core';

/** What the Compose checks need beyond the file itself: the merged project and the variables. */
export interface ComposeSurroundings {
  project?: Project;
  /** Unknown in an untrusted workspace, where `.env` is not read: the checks then make no claim about them. */
  variables?: VariableLookup;
}

/**
 * The project of a Compose file on disk: merged with its base or override files when it has some,
 * with the environment Compose would interpolate with (this process's environment over `.env`).
 */
export function composeSurroundings(documentPath: string | undefined, host: ProjectHost): ComposeSurroundings {
  const env = shellEnvironment();
  if (!documentPath) return { variables: environmentLookup(environmentFrom(env)) };
  const files = projectFilesFor(documentPath, host);
  if (files.length > 1) {
    const project = loadProject({ files, host, env });
    return { project, variables: host.readsEnvFiles === false ? undefined : environmentLookup(project.environment) };
  }
  if (host.readsEnvFiles === false) return {};
  const dotEnv = join(dirname(documentPath), '.env');
  const text = host.readFile(dotEnv);
  const { variables } = buildEnvironment(environmentFrom(env), text === undefined ? [] : [{ path: dotEnv, text }]);
  return { variables: environmentLookup(variables) };
}

/** The merged, interpolated project a Compose file belongs to (itself alone when it has no partners). */
export function effectiveProject(documentPath: string, host: ProjectHost): Project {
  const files = projectFilesFor(documentPath, host);
  return loadProject({ files: files.length > 1 ? files : [documentPath], host, env: shellEnvironment() });
}
