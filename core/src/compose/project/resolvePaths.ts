/**
 * Relative host paths made absolute against the directory they are relative to, as Compose does
 * while loading. This is what lets a service extended from `../common/base.yaml` or pulled in by
 * `include` keep pointing at the right build context and bind mounts once it sits in this project.
 */
import { isMapping } from './merge';
import { expandHome, resolvePath } from './paths';
import { splitShortVolume } from '../model';

type Mapping = Record<string, unknown>;

export function resolveRelativePaths(model: Mapping, baseDir: string, home: string | undefined): Mapping {
  const absolute = (path: string): string => (path === '' ? path : resolvePath(baseDir, expandHome(path, home)));
  const result: Mapping = { ...model };
  if (isMapping(model['services'])) {
    const services: Mapping = {};
    for (const [name, service] of Object.entries(model['services'])) {
      services[name] = isMapping(service) ? resolveServicePaths(service, absolute) : service;
    }
    result['services'] = services;
  }
  for (const kind of ['configs', 'secrets']) {
    result[kind] = mapEntries(model[kind], (resource) => (isMapping(resource) ? withString(resource, 'file', absolute) : resource));
  }
  result['volumes'] = mapEntries(model['volumes'], (volume) => resolveBindVolumeDevice(volume, absolute));
  for (const key of Object.keys(result)) if (result[key] === undefined) delete result[key];
  return result;
}

function resolveServicePaths(service: Mapping, absolute: (path: string) => string): Mapping {
  const result: Mapping = { ...service };
  const build = service['build'];
  if (typeof build === 'string') result['build'] = contextPath(build, absolute);
  else if (isMapping(build)) result['build'] = resolveBuildPaths(build, absolute);
  if (service['env_file'] !== undefined)
    result['env_file'] = mapList(service['env_file'], (entry) =>
      isMapping(entry) ? withString(entry, 'path', absolute) : typeof entry === 'string' ? absolute(entry) : entry,
    );
  if (service['label_file'] !== undefined)
    result['label_file'] = mapList(service['label_file'], (entry) => (typeof entry === 'string' ? absolute(entry) : entry));
  if (isMapping(service['extends'])) result['extends'] = withString(service['extends'], 'file', absolute);
  if (Array.isArray(service['volumes'])) result['volumes'] = service['volumes'].map((volume) => resolveServiceVolume(volume, absolute));
  const develop = service['develop'];
  if (isMapping(develop) && Array.isArray(develop['watch'])) {
    result['develop'] = {
      ...develop,
      watch: develop['watch'].map((rule) => (isMapping(rule) ? withString(rule, 'path', absolute) : rule)),
    };
  }
  return result;
}

function resolveBuildPaths(build: Mapping, absolute: (path: string) => string): Mapping {
  const result: Mapping = { ...build };
  if (typeof build['context'] === 'string') result['context'] = contextPath(build['context'], absolute);
  const contexts = build['additional_contexts'];
  if (isMapping(contexts)) {
    result['additional_contexts'] = Object.fromEntries(
      Object.entries(contexts).map(([name, path]) => [name, typeof path === 'string' ? contextPath(path, absolute) : path]),
    );
  } else if (Array.isArray(contexts)) {
    result['additional_contexts'] = contexts.map((entry) => {
      if (typeof entry !== 'string' || !entry.includes('=')) return entry;
      const [name, ...path] = entry.split('=');
      return `${name}=${contextPath(path.join('='), absolute)}`;
    });
  }
  return result;
}

/** A build context may be a URL, a Git reference or another service's image: only local paths move. */
function contextPath(path: string, absolute: (path: string) => string): string {
  const remote = path.includes('://') || path.startsWith('service:') || ['github.com/', 'git@'].some((prefix) => path.startsWith(prefix));
  return remote ? path : absolute(path);
}

/** Bind mounts only: `./data:/data` and `{ type: bind, source: ./data }`; named volumes stay names. */
function resolveServiceVolume(volume: unknown, absolute: (path: string) => string): unknown {
  if (typeof volume === 'string') {
    const { source } = splitShortVolume(volume);
    if (!source || !/^(\.|~)/.test(source)) return volume;
    return absolute(source) + volume.slice(source.length);
  }
  if (isMapping(volume) && volume['type'] === 'bind') return withString(volume, 'source', absolute);
  return volume;
}

/** A local volume whose driver options bind a host directory (`o: bind`, `device: ./data`). */
function resolveBindVolumeDevice(volume: unknown, absolute: (path: string) => string): unknown {
  if (!isMapping(volume) || volume['driver'] !== 'local' || !isMapping(volume['driver_opts'])) return volume;
  const options = volume['driver_opts'];
  if (options['o'] !== 'bind' || typeof options['device'] !== 'string') return volume;
  return { ...volume, driver_opts: { ...options, device: absolute(options['device']) } };
}

function withString(record: Mapping, key: string, change: (value: string) => string): Mapping {
  const value = record[key];
  return typeof value === 'string' ? { ...record, [key]: change(value) } : record;
}

function mapEntries(section: unknown, change: (value: unknown) => unknown): unknown {
  if (!isMapping(section)) return section;
  return Object.fromEntries(Object.entries(section).map(([name, value]) => [name, change(value)]));
}

function mapList(value: unknown, change: (entry: unknown) => unknown): unknown {
  return Array.isArray(value) ? value.map(change) : change(value);
}
