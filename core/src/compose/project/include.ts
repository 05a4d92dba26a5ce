/**
 * `include` (14-include.md): each entry names a Compose application loaded on its own — its own
 * project directory for relative paths, its own `.env` — whose resources are then copied into the
 * including file. Short syntax is a path; long syntax has `path` (one or several files, merged),
 * `project_directory` and `env_file`.
 *
 * When the including file defines a resource of the same name, Compose today merges the local
 * definition over the included one (the spec's older wording says it refuses); we merge the same way
 * and warn, since the override is rarely intended.
 */
import type { Path } from '../../types';
import { isMapping, mergeLayer, type MergeProblem, type MergeTags } from './merge';
import { directoryOf, resolvePath } from './paths';
import { addSourcesBefore, sourcesUnder } from './sources';
import type { SourceMap } from './types';

type Mapping = Record<string, unknown>;

/** One `include` entry as written (paths not yet resolved). */
export interface IncludeEntry {
  paths: string[];
  projectDirectory?: string;
  envFiles?: string[];
  /** The entry's path in the including file, to place problems. */
  path: Path;
  /** Where each of `paths` is written, in the same order. */
  pathLocations: Path[];
  /** Where each of `envFiles` is written, in the same order. */
  envFileLocations?: Path[];
}

export interface IncludeProblem {
  path: Path;
  message: string;
}

export function parseIncludeEntries(value: unknown): { entries: IncludeEntry[]; problems: IncludeProblem[] } {
  const entries: IncludeEntry[] = [];
  const problems: IncludeProblem[] = [];
  if (value === undefined || value === null) return { entries, problems };
  if (!Array.isArray(value))
    return { entries, problems: [{ path: ['include'], message: '"include" must be a list of Compose files to include.' }] };
  value.forEach((item, index) => {
    const path: Path = ['include', index];
    const entry = readIncludeEntry(item, path);
    if (entry) entries.push(entry);
    else problems.push({ path, message: 'An "include" entry is a path, or a mapping with "path" (a path or a list of paths).' });
  });
  return { entries, problems };
}

function readIncludeEntry(item: unknown, path: Path): IncludeEntry | undefined {
  if (typeof item === 'string') return { paths: [item], path, pathLocations: [path] };
  const paths = isMapping(item) ? stringList(item['path']) : undefined;
  if (!isMapping(item) || !paths || paths.length === 0) return undefined;
  const entry: IncludeEntry = { paths, path, pathLocations: locations(item['path'], [...path, 'path']) };
  if (typeof item['project_directory'] === 'string') entry.projectDirectory = item['project_directory'];
  const envFiles = stringList(item['env_file']);
  if (envFiles) {
    entry.envFiles = envFiles;
    entry.envFileLocations = locations(item['env_file'], [...path, 'env_file']);
  }
  return entry;
}

/** Where each string of a string-or-list value is written. */
function locations(value: unknown, at: Path): Path[] {
  return Array.isArray(value) ? value.map((_, index) => [...at, index]) : [at];
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

/** An include entry with absolute paths: the files, the directory they are loaded from, and the `.env` files. */
export interface ResolvedInclude {
  files: string[];
  projectDirectory: string;
  envFiles: string[];
  /** Listed `env_file`s that do not exist. */
  missingEnvFiles: string[];
}

/**
 * Paths in an entry are relative to the including file's directory (its project directory). The
 * project directory defaults to the first included file's directory, and the `.env` file to the one
 * in that directory when it exists.
 */
export function resolveInclude(entry: IncludeEntry, includingDir: string, fileExists: (path: string) => boolean): ResolvedInclude {
  const files = entry.paths.map((path) => resolvePath(includingDir, path));
  const projectDirectory =
    entry.projectDirectory !== undefined ? resolvePath(includingDir, entry.projectDirectory) : directoryOf(files[0]!);
  if (entry.envFiles === undefined) {
    const dotEnv = resolvePath(projectDirectory, '.env');
    return { files, projectDirectory, envFiles: fileExists(dotEnv) ? [dotEnv] : [], missingEnvFiles: [] };
  }
  const listed = entry.envFiles.filter((path) => path !== '/dev/null').map((path) => resolvePath(includingDir, path));
  return { files, projectDirectory, envFiles: listed.filter(fileExists), missingEnvFiles: listed.filter((path) => !fileExists(path)) };
}

const IMPORTED_SECTIONS = ['services', 'volumes', 'networks', 'secrets', 'configs', 'models'];

export interface ImportConflict {
  section: string;
  name: string;
}

/**
 * Copies an included model's resources into the including file's value. A name the including file
 * also defines is merged, the included definition as the base (and the file's `!reset`/`!override`
 * applied to it). Returns the conflicts, for warnings.
 */
export function importResources(
  target: Mapping,
  targetSources: SourceMap,
  targetTags: MergeTags,
  included: { model: Mapping; sources: SourceMap },
  problems: MergeProblem[] = [],
): ImportConflict[] {
  const conflicts: ImportConflict[] = [];
  for (const section of IMPORTED_SECTIONS) {
    const from = included.model[section];
    if (!isMapping(from)) continue;
    const to: Mapping = isMapping(target[section]) ? { ...target[section] } : {};
    for (const [name, resource] of Object.entries(from)) {
      if (Object.prototype.hasOwnProperty.call(to, name)) {
        conflicts.push({ section, name });
        const merged = mergeLayer(
          { [section]: { [name]: resource } },
          { value: { [section]: { [name]: to[name] } }, tags: targetTags },
          problems,
        );
        to[name] = isMapping(merged) && isMapping(merged[section]) ? merged[section][name] : to[name];
      } else {
        to[name] = resource;
      }
      addSourcesBefore(targetSources, withVia(sourcesUnder(included.sources, [section, name])));
    }
    target[section] = to;
  }
  return conflicts;
}

function withVia(sources: SourceMap): SourceMap {
  return new Map(
    [...sources].map(([pointer, locations]) => [pointer, locations.map((location) => ({ ...location, via: location.via ?? 'include' }))]),
  );
}
