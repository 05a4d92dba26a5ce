/**
 * Whether a Compose file is written for Docker Swarm, so that the validator also says what Swarm would
 * ignore or refuse in it. A file is meant for Swarm when its name is the one `docker stack deploy -c`
 * is usually given (`docker-stack.yml`, `docker-stack.prod.yaml`, …), or when it, or the project it is
 * part of, says so at the top level:
 *
 *     x-dockside:
 *       swarm: true
 *
 * Any other Compose file is checked as a Compose file only: deploying it to Swarm still reports, before
 * anything is created, what Swarm does with it.
 */
import { asRecord } from '../json';

/** `docker-stack.yml`, `docker-stack.yaml`, `docker-stack.<anything>.yml`. */
export const SWARM_FILE_NAME = /^docker-stack(\.[^\\/]+)?\.ya?ml$/i;

/** The top-level extension key Dockside reads its own settings for a project from. */
export const DOCKSIDE_EXTENSION_KEY = 'x-dockside';

function saysSwarm(model: unknown): boolean {
  const extension = asRecord(asRecord(model)?.[DOCKSIDE_EXTENSION_KEY]);
  return extension?.['swarm'] === true || extension?.['swarm'] === 'true';
}

export function isMeantForSwarm(documentPath: string | undefined, file: unknown, project?: unknown): boolean {
  const name = documentPath?.replace(/\\/g, '/').split('/').pop() ?? '';
  return SWARM_FILE_NAME.test(name) || saysSwarm(file) || saysSwarm(project);
}
