/** Every ECS → Compose container mapper. A container field none of them reads is kept in the service's x-ecs. */
import type { ContainerMapper } from './context';
import { dependenciesMapper } from './dependencies';
import { healthMapper } from './health';
import { linuxMapper } from './linux';
import { loggingMapper } from './logging';
import { networkMapper } from './network';
import { portsMapper } from './ports';
import { processMapper } from './process';
import { resourcesMapper } from './resources';
import { secretsMapper } from './secrets';
import { volumesMapper } from './volumes';

export const CONTAINER_MAPPERS: readonly ContainerMapper[] = [
  processMapper,
  secretsMapper,
  resourcesMapper,
  portsMapper,
  volumesMapper,
  healthMapper,
  dependenciesMapper,
  loggingMapper,
  linuxMapper,
  networkMapper,
];

/** Container fields a Compose key carries (besides `name`, which becomes the service's key). */
export const MAPPED_CONTAINER_FIELDS: ReadonlySet<string> = new Set(['name', ...CONTAINER_MAPPERS.flatMap((mapper) => mapper.fields)]);
