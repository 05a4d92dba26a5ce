// The labels Docker Compose v2 writes on what it creates, and reads back to find a project's
// containers, networks and volumes. Writing the same set is what lets `docker compose ps` (and
// docker-compose v1) see a stack Dockside started, and Dockside see one they started.

/** The one set of Compose's label names in Dockside: the runner, the Volumes view and the Stacks view's mounts read these. */
export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  configHash: 'com.docker.compose.config-hash',
  version: 'com.docker.compose.version',
  dependsOn: 'com.docker.compose.depends_on',
  image: 'com.docker.compose.image',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
} as const;

/** Every label Docker Compose writes starts with this. */
export const LABEL_PREFIX = 'com.docker.compose.';

/** The Compose release whose labels and behaviour this runner follows (written as `com.docker.compose.version`). */
export const COMPOSE_VERSION = '2.29.0';

/** A `filters` value for the engine's list calls: everything of one project, optionally one service. */
export function projectFilter(projectName: string, services?: readonly string[]): string {
  const label = [`${LABEL.project}=${projectName}`];
  if (services && services.length === 1) label.push(`${LABEL.service}=${services[0]}`);
  return JSON.stringify({ label });
}

/** Containers of the project that `up` manages (not `docker compose run` one-offs). */
export function serviceContainerFilter(projectName: string, services?: readonly string[]): string {
  const label = [`${LABEL.project}=${projectName}`, `${LABEL.oneoff}=False`];
  if (services && services.length === 1) label.push(`${LABEL.service}=${services[0]}`);
  return JSON.stringify({ label });
}
