/**
 * Places in a document that name something defined elsewhere in it: a service in `depends_on`, a
 * network in a service's `networks`, a container in `dependsOn`, … Completion offers the defined names
 * there; hover says what a name there refers to.
 */
import { asRecord } from '../compose/model';
import type { Path } from '../types';
import { valueAt, type CursorPosition } from './analyze/analyze';
import { under, type Profile } from './profile';

export type ReferenceKind = 'service' | 'network' | 'volume' | 'secret' | 'config' | 'container' | 'taskVolume';

export interface ReferenceSite {
  kind: ReferenceKind;
  /** The name that may not refer to itself there (the service or container being written). */
  self?: string;
  /** Written before the name, as in `network_mode: service:db`. */
  prefix?: string;
  /** Names already listed there; offering them again would make a duplicate. */
  used: string[];
  /** The names are the keys of a mapping (`depends_on:` long form, `networks:` with options). */
  asKey?: boolean;
  /** Short volume syntax: the name is only the part before the first `:`. */
  shortVolume?: boolean;
  /** The mapping key it sits under, for its description (`depends_on`, `sourceVolume`, …). */
  field: string;
}

const NOUN: Record<ReferenceKind, string> = {
  service: 'service',
  network: 'network',
  volume: 'volume',
  secret: 'secret',
  config: 'config',
  container: 'container',
  taskVolume: 'volume',
};

export function nounOf(kind: ReferenceKind): string {
  return NOUN[kind];
}

function stringsIn(container: unknown): string[] {
  return Array.isArray(container) ? container.filter((v): v is string => typeof v === 'string') : [];
}

function keysOf(container: unknown): string[] {
  return Object.keys(asRecord(container) ?? {});
}

/**
 * The reference site at a cursor place, if any. `path` is the mapping's path for a key, the value's
 * path for a value or a sequence entry; `container` is the collection the cursor is in.
 */
export function referenceSiteAt(
  profile: Profile,
  position: CursorPosition,
  path: Path,
  container: unknown,
  document: unknown,
): ReferenceSite | undefined {
  return profile.language === 'compose' ? composeSite(position, path, container) : taskSite(profile, position, path, container, document);
}

function composeSite(position: CursorPosition, path: Path, container: unknown): ReferenceSite | undefined {
  if (path[0] !== 'services' || typeof path[1] !== 'string') return undefined;
  const self = path[1];
  const rest = path.slice(2);
  const [field, second, third] = rest;
  if (position === 'key') {
    if (rest.length !== 1) return undefined;
    if (field === 'depends_on') return { kind: 'service', self, used: keysOf(container), asKey: true, field };
    if (field === 'networks') return { kind: 'network', used: keysOf(container), asKey: true, field };
    return undefined;
  }
  const entry = typeof second === 'number';
  if (rest.length === 2 && entry) {
    switch (field) {
      case 'depends_on':
      case 'links':
      case 'volumes_from':
        return { kind: 'service', self, used: stringsIn(container), field };
      case 'networks':
        return { kind: 'network', used: stringsIn(container), field };
      case 'volumes':
        return { kind: 'volume', used: [], shortVolume: true, field };
      case 'secrets':
      case 'configs':
        return { kind: field === 'secrets' ? 'secret' : 'config', used: stringsIn(container), field };
      default:
        break;
    }
  }
  if (rest.length === 3 && entry && third === 'source') {
    const type = asRecord(container)?.['type'];
    if (field === 'volumes' && (type === undefined || type === 'volume')) return { kind: 'volume', used: [], field: 'source' };
    if (field === 'secrets' || field === 'configs') return { kind: field === 'secrets' ? 'secret' : 'config', used: [], field: 'source' };
  }
  if (field === 'build' && second === 'secrets' && typeof third === 'number' && rest.length === 3) {
    return { kind: 'secret', used: stringsIn(container), field: 'secrets' };
  }
  if (rest.length === 1 && field === 'extends') return { kind: 'service', self, used: [], field };
  if (rest.length === 2 && field === 'extends' && second === 'service') return { kind: 'service', self, used: [], field: 'service' };
  if (rest.length === 1 && field === 'network_mode') return { kind: 'service', self, used: [], prefix: 'service:', field };
  return undefined;
}

function taskSite(
  profile: Profile,
  position: CursorPosition,
  path: Path,
  container: unknown,
  document: unknown,
): ReferenceSite | undefined {
  if (position === 'key') return undefined;
  if (profile.taskPath) {
    const inTask = under(path, profile.taskPath);
    if (inTask?.length === 2 && inTask[0] === 'proxyConfiguration' && inTask[1] === 'containerName') {
      return { kind: 'container', used: [], field: 'containerName' };
    }
  }
  const inContainers = under(path, profile.containersPath);
  if (!inContainers || typeof inContainers[0] !== 'number') return undefined;
  const [, field, index, leaf] = inContainers;
  const ownName = valueAt(document, [...profile.containersPath, inContainers[0], 'name']);
  const self = typeof ownName === 'string' ? ownName : undefined;
  if (inContainers.length === 4 && typeof index === 'number') {
    if (field === 'dependsOn' && leaf === 'containerName') return { kind: 'container', self, used: [], field: leaf };
    if (field === 'volumesFrom' && leaf === 'sourceContainer') return { kind: 'container', self, used: [], field: leaf };
    if (field === 'mountPoints' && leaf === 'sourceVolume') return { kind: 'taskVolume', used: [], field: leaf };
  }
  if (inContainers.length === 3 && field === 'links' && typeof index === 'number') {
    return { kind: 'container', self, used: stringsIn(container), field };
  }
  return undefined;
}
