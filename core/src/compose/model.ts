/**
 * Read-only helpers over a Compose file's plain value. The value may be anything a user typed, so
 * every helper is defensive and simply yields nothing for shapes it does not recognise.
 */
import { asRecord, type Json } from '../json';
import type { Path } from '../types';

export { asRecord, type Json } from '../json';

export function entriesOf(value: unknown): Array<[string, unknown]> {
  const record = asRecord(value);
  return record ? Object.entries(record) : [];
}

const servicesCache = new WeakMap<object, Array<[string, Json]>>();

/** The services that are mappings, by name; computed once per file value, since every rule asks. */
export function servicesOf(file: unknown): Array<[string, Json]> {
  const record = asRecord(file);
  if (!record) return [];
  let services = servicesCache.get(record);
  if (!services) {
    services = entriesOf(record['services']).flatMap(([name, v]) => {
      const service = asRecord(v);
      return service ? [[name, service] as [string, Json]] : [];
    });
    servicesCache.set(record, services);
  }
  return services;
}

export function hasInterpolation(text: string): boolean {
  return /\$\{|\$[A-Za-z_]/.test(text.replace(/\$\$/g, ''));
}

/** A name a service refers to, and where: the path of the node that names it. */
export interface Reference {
  name: string;
  path: Path;
  /** Set when the name is part of a longer string: its offset and length within that string. */
  within?: { start: number; length: number };
}

/** Services named by `depends_on` (list or map), with the condition when given. */
export function dependsOnOf(serviceName: string, service: Json): Array<Reference & { condition?: string }> {
  const base = ['services', serviceName, 'depends_on'];
  const value = service['depends_on'];
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => (typeof v === 'string' ? [{ name: v, path: [...base, i] }] : []));
  }
  return entriesOf(value).map(([name, options]) => {
    const condition = asRecord(options)?.['condition'];
    return { name, path: [...base, name], condition: typeof condition === 'string' ? condition : undefined };
  });
}

/** Names in a list-or-map attribute such as a service's `networks`. */
export function namesOf(value: unknown, base: Path): Reference[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => (typeof v === 'string' ? [{ name: v, path: [...base, i] }] : []));
  return entriesOf(value).map(([name]) => ({ name, path: [...base, name] }));
}

/** Secrets or configs a service uses: short strings or `{ source }`. */
export function grantsOf(serviceName: string, service: Json, kind: 'secrets' | 'configs'): Reference[] {
  const value = service[kind];
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry, i) => {
    const path = ['services', serviceName, kind, i];
    if (typeof entry === 'string') return [{ name: entry, path }];
    const source = asRecord(entry)?.['source'];
    return typeof source === 'string' ? [{ name: source, path: [...path, 'source'] }] : [];
  });
}

export type MountType = 'volume' | 'bind' | 'tmpfs' | 'npipe' | 'cluster' | 'image';

export interface Mount {
  type: MountType;
  source?: string;
  target?: string;
  readOnly: boolean;
  /** The path of the node that holds the source (the short string, or the long form's `source`). */
  path: Path;
  /** For short syntax, where the source sits inside the string. */
  within?: { start: number; length: number };
}

const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;

/** True when a short-syntax source is a host path (a bind mount) rather than a volume name. */
export function isHostPath(source: string): boolean {
  return /^[./~$\\]/.test(source) || WINDOWS_DRIVE.test(source);
}

/** Splits `SOURCE:TARGET[:MODE]`, keeping a Windows drive letter (`C:\data`) inside the source. */
export function splitShortVolume(spec: string): { source?: string; target: string; mode?: string } {
  // Read by index, not split: the loader and several rules split every volume of every service.
  const first = spec.indexOf(':', WINDOWS_DRIVE.test(spec) ? 2 : 0);
  if (first < 0) return { target: spec };
  const second = spec.indexOf(':', first + 1);
  if (second < 0) return { source: spec.slice(0, first), target: spec.slice(first + 1), mode: undefined };
  return { source: spec.slice(0, first), target: spec.slice(first + 1, second), mode: spec.slice(second + 1) };
}

/**
 * Mounts by service value, read once: four rules ask for every service's. A service's value is
 * never changed once parsed or loaded (an edit makes a new one), so its mounts stay true.
 */
const mountsCache = new WeakMap<object, { serviceName: string; mounts: Mount[] }>();

export function mountsOf(serviceName: string, service: Json): Mount[] {
  const hit = mountsCache.get(service);
  if (hit?.serviceName === serviceName) return hit.mounts;
  const mounts = readMounts(serviceName, service);
  mountsCache.set(service, { serviceName, mounts });
  return mounts;
}

function readMounts(serviceName: string, service: Json): Mount[] {
  const value = service['volumes'];
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry, i): Mount[] => {
    const path = ['services', serviceName, 'volumes', i];
    if (typeof entry === 'string') {
      const { source, target, mode } = splitShortVolume(entry);
      const readOnly = (mode ?? '').split(',').includes('ro');
      if (!source) return [{ type: 'volume', target, readOnly, path }];
      return [
        {
          type: isHostPath(source) ? 'bind' : 'volume',
          source,
          target,
          readOnly,
          path,
          within: { start: 0, length: source.length },
        },
      ];
    }
    const long = asRecord(entry);
    if (!long) return [];
    const type = typeof long['type'] === 'string' ? (long['type'] as MountType) : 'volume';
    const source = typeof long['source'] === 'string' ? long['source'] : undefined;
    return [
      {
        type,
        source,
        target: typeof long['target'] === 'string' ? long['target'] : undefined,
        readOnly: long['read_only'] === true,
        path: source !== undefined ? [...path, 'source'] : path,
      },
    ];
  });
}

/** Dependencies of every kind Compose orders start-up by: depends_on, links, volumes_from, network_mode. */
export function serviceDependencies(serviceName: string, service: Json): Reference[] {
  const refs: Reference[] = [...dependsOnOf(serviceName, service)];
  const links = service['links'];
  if (Array.isArray(links)) {
    links.forEach((link, i) => {
      if (typeof link !== 'string') return;
      const name = link.split(':')[0] ?? link;
      refs.push({ name, path: ['services', serviceName, 'links', i], within: { start: 0, length: name.length } });
    });
  }
  const volumesFrom = service['volumes_from'];
  if (Array.isArray(volumesFrom)) {
    volumesFrom.forEach((entry, i) => {
      if (typeof entry !== 'string' || entry.startsWith('container:')) return;
      const name = entry.split(':')[0] ?? entry;
      refs.push({ name, path: ['services', serviceName, 'volumes_from', i], within: { start: 0, length: name.length } });
    });
  }
  const networkMode = service['network_mode'];
  if (typeof networkMode === 'string' && networkMode.startsWith('service:')) {
    const name = networkMode.slice('service:'.length);
    refs.push({ name, path: ['services', serviceName, 'network_mode'], within: { start: 'service:'.length, length: name.length } });
  }
  return refs;
}

/** The `extends` target in this same file, if any (`extends: name` or `extends: { service }` without `file`). */
export function extendsOf(serviceName: string, service: Json): Reference | undefined {
  const value = service['extends'];
  if (typeof value === 'string') return { name: value, path: ['services', serviceName, 'extends'] };
  const record = asRecord(value);
  if (!record || record['file'] !== undefined || typeof record['service'] !== 'string') return undefined;
  return { name: record['service'], path: ['services', serviceName, 'extends', 'service'] };
}
