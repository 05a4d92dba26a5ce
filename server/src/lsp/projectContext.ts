import { shellEnvironment } from '@dockside/core/node';
import {
  checkComposeProject,
  documentProject,
  environmentFrom,
  environmentLookup,
  loadProject,
  validateCompose,
  type Finding,
  type ParsedText,
  type Project,
  type ProjectHost,
  type VariableLookup,
} from '@dockside/core';

/**
 * A Compose document's findings, as `dockside validate FILE` gives them: checked in the project
 * Compose would merge it into (its base or override files beside it, include, extends), with the
 * environment Compose would interpolate with (this process's environment over `.env`).
 */
export function composeFindings(
  documentPath: string | undefined,
  text: string,
  host: ProjectHost,
  parse: (path: string, text: string) => ParsedText,
): Finding[] {
  if (!documentPath) {
    // An untitled document has no folder, so no project and no `.env`.
    return validateCompose(text, { host, variables: environmentLookup(environmentFrom(shellEnvironment())) }, parse('', text));
  }
  const checked = checkComposeProject({
    ...documentProject(documentPath, host),
    host,
    env: shellEnvironment(),
    only: [documentPath],
    parse,
  });
  return checked.findings.get(documentPath) ?? [];
}

/** The variables a Compose document is interpolated with; unknown in an untrusted workspace, where `.env` is not read. */
export function composeVariables(documentPath: string | undefined, host: ProjectHost): VariableLookup | undefined {
  if (!documentPath) return environmentLookup(environmentFrom(shellEnvironment()));
  if (host.readsEnvFiles === false) return undefined;
  // Loading the project is worth it only once a variable is asked about: most hovers are on keys.
  let lookup: VariableLookup | undefined;
  return (name) => (lookup ??= environmentLookup(effectiveProject(documentPath, host).environment))(name);
}

/** The merged, interpolated project a Compose file belongs to (itself alone when it has no partners). */
export function effectiveProject(documentPath: string, host: ProjectHost): Project {
  return loadProject({ files: documentProject(documentPath, host).files, host, env: shellEnvironment() });
}
