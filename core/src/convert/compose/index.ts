/** Every Compose → ECS service mapper, in the order they run (later ones may read what earlier ones wrote). */
import type { ServiceMapper } from './context';
import { commandMapper } from './command';
import { dependenciesMapper } from './dependencies';
import { deployMapper } from './deploy';
import { environmentMapper } from './environment';
import { healthMapper } from './health';
import { imageMapper } from './image';
import { linuxMapper } from './linux';
import { loggingMapper } from './logging';
import { networkMapper } from './network';
import { portsMapper } from './ports';
import { resourcesMapper } from './resources';
import { runtimeMapper } from './runtime';
import { secretsMapper } from './secrets';
import { volumesMapper } from './volumes';

export const SERVICE_MAPPERS: readonly ServiceMapper[] = [
  imageMapper,
  commandMapper,
  runtimeMapper,
  environmentMapper,
  secretsMapper,
  resourcesMapper,
  deployMapper,
  portsMapper,
  volumesMapper,
  healthMapper,
  dependenciesMapper,
  loggingMapper,
  linuxMapper,
  networkMapper,
];
