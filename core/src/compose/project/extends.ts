/**
 * `extends` (05-services.md): a service starts from another service, of the same file or of another
 * file, and its own attributes merge over that base with the usual merge rules. Bases are resolved
 * first, recursively, and a chain that comes back to a service already on it is a cycle.
 *
 * Like Compose, a service without `file` extends a service of its own file only (not one from another
 * file of the project), and `!reset` / `!override` in the extending service apply to what it inherits.
 */
import type { Path } from '../../types';
import { clonePlain, isMapping, mergeLayer, type MergeProblem, type MergeTags } from './merge';
import { baseNameOf, resolvePath } from './paths';
import { addSourcesBefore, dropSources, rebaseSources, type LazySources } from './sources';

type Mapping = Record<string, unknown>;

/** A file whose services take part in `extends`. Its `services` and `sources` are resolved in place. */
export interface ExtendsFile {
  path: string;
  /** The directory `extends.file` is relative to. */
  baseDir: string;
  services: Mapping;
  tags: MergeTags;
  sources: LazySources;
}

export interface ExtendsProblem {
  file: string;
  path: Path;
  code:
    | 'compose/extends-cycle'
    | 'compose/undefined-service'
    | 'project/extends-invalid'
    | 'compose/extends-missing'
    | 'project/merge-conflict';
  message: string;
}

export interface ExtendsHost {
  /** Another file's services, for `extends: { file }`; undefined when the file cannot be read. */
  loadFile(path: string, requester: { file: string; path: Path }): ExtendsFile | undefined;
  report(problem: ExtendsProblem): void;
}

/** Resolves `extends` for every service of `file`. */
export function applyExtends(file: ExtendsFile, host: ExtendsHost): void {
  for (const name of Object.keys(file.services)) resolveService(file, name, host, []);
}

interface ChainLink {
  file: string;
  service: string;
}

/** The service with its `extends` applied (undefined when it is part of a cycle). */
function resolveService(file: ExtendsFile, name: string, host: ExtendsHost, chain: ChainLink[]): Mapping | undefined {
  const service = file.services[name];
  if (!isMapping(service) || service['extends'] === undefined) return isMapping(service) ? service : undefined;
  const extendsPath: Path = ['services', name, 'extends'];
  if (chain.some((link) => link.file === file.path && link.service === name)) {
    host.report({
      file: file.path,
      path: extendsPath,
      code: 'compose/extends-cycle',
      message: cycleMessage([...chain, { file: file.path, service: name }]),
    });
    return undefined;
  }
  const reference = readReference(service['extends']);
  if (!reference) {
    host.report({
      file: file.path,
      path: extendsPath,
      code: 'project/extends-invalid',
      message: '"extends" needs a "service" name (and optionally a "file").',
    });
    return withoutExtends(file, name, service);
  }
  const baseFile =
    reference.file === undefined
      ? file
      : host.loadFile(resolvePath(file.baseDir, reference.file), { file: file.path, path: [...extendsPath, 'file'] });
  if (!baseFile) return withoutExtends(file, name, service);
  if (!isMapping(baseFile.services[reference.service])) {
    const where = reference.file === undefined ? 'this file' : reference.file;
    host.report({
      file: file.path,
      path: [...extendsPath, ...(typeof service['extends'] === 'string' ? [] : ['service'])],
      code: 'compose/undefined-service',
      message: `Service "${name}" extends "${reference.service}", but ${where} has no service "${reference.service}".`,
    });
    return withoutExtends(file, name, service);
  }
  const base = resolveService(baseFile, reference.service, host, [...chain, { file: file.path, service: name }]);
  if (!base) return withoutExtends(file, name, service);
  return mergeOntoBase(file, name, service, baseFile, reference.service, base, host);
}

function readReference(value: unknown): { service: string; file?: string } | undefined {
  if (typeof value === 'string') return { service: value };
  if (!isMapping(value) || typeof value['service'] !== 'string') return undefined;
  return typeof value['file'] === 'string' ? { service: value['service'], file: value['file'] } : { service: value['service'] };
}

/**
 * The service's own attributes over a copy of its base, with its `!reset` / `!override` applied to
 * the base first; the inherited keys' sources go before the service's own.
 */
function mergeOntoBase(
  file: ExtendsFile,
  name: string,
  service: Mapping,
  baseFile: ExtendsFile,
  baseName: string,
  base: Mapping,
  host: ExtendsHost,
): Mapping {
  const servicePath = ['services', name];
  const problems: MergeProblem[] = [];
  const merged = mergeLayer(
    { services: { [name]: clonePlain(base) } },
    { value: { services: { [name]: service } }, tags: file.tags },
    problems,
  );
  for (const problem of problems)
    host.report({ file: file.path, path: problem.path, code: 'project/merge-conflict', message: problem.message });
  const result = isMapping(merged) && isMapping(merged['services']) ? merged['services'][name] : undefined;
  const resolved: Mapping = isMapping(result) ? result : { ...service };
  delete resolved['extends'];
  file.services[name] = resolved;

  const inherited = rebaseSources(baseFile.sources.get(), ['services', baseName], servicePath, 'extends');
  for (const tagged of [...file.tags.resets, ...file.tags.overrides]) {
    if (servicePath.every((segment, i) => tagged[i] === segment)) dropSources(inherited, tagged);
  }
  addSourcesBefore(file.sources.get(), inherited);
  return resolved;
}

/** A service whose base could not be had: kept as written, without the `extends` that failed. */
function withoutExtends(file: ExtendsFile, name: string, service: Mapping): Mapping {
  const resolved = { ...service };
  delete resolved['extends'];
  file.services[name] = resolved;
  return resolved;
}

function cycleMessage(chain: ChainLink[]): string {
  const steps = chain.map((link, i) => `${i === 0 ? '' : 'extends '}"${link.service}" in ${baseNameOf(link.file)}`);
  return `Circular "extends": ${steps.join(', ')}, so Compose refuses to load the project. Remove one of these "extends".`;
}
