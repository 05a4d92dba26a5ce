/**
 * Builds one Compose application model from its files, in Compose's order: each file is interpolated,
 * its `include`s are loaded and copied in, its `extends` are resolved, and it is merged over the files
 * before it; finally relative paths are made absolute. `include` loads its files through this same
 * function, as an application of their own.
 */
import type { Path } from '../../types';
import { readComposeFile, type ComposeFile } from './composeFile';
import { readDocument, report, reportAt, type LoaderContext } from './context';
import { buildEnvironment, environmentLookup, type EnvironmentVariable } from './env';
import { applyExtends, type ExtendsFile } from './extends';
import { importResources, parseIncludeEntries, resolveInclude } from './include';
import { enforceUniqueness, isMapping, mergeLayer, type MergeProblem } from './merge';
import { baseNameOf, directoryOf, resolvePath } from './paths';
import { resolveRelativePaths } from './resolvePaths';
import { addSources, dropSources, LazySources } from './sources';
import type { SourceMap } from './types';

type Mapping = Record<string, unknown>;

export interface ModelRequest {
  /** Absolute paths, base first. */
  files: string[];
  /** The directory relative paths in these files are relative to. */
  workingDir: string;
  environment: ReadonlyMap<string, EnvironmentVariable>;
  /** Files on the way here through `include`, to catch a file that includes itself. */
  includedFrom: string[];
}

export interface LoadedModel {
  model: Mapping;
  sources: LazySources;
}

export function loadModel(request: ModelRequest, ctx: LoaderContext): LoadedModel {
  const lookup = environmentLookup(request.environment);
  const extendsCache = new Map<string, ExtendsFile | undefined>();
  let model: Mapping = {};
  // Each file's contribution to the sources, in merge order, replayed when the sources are first asked for.
  const layers: Array<{ cleared: Path[]; sources: LazySources }> = [];
  for (const path of request.files) {
    if (request.includedFrom.length > 0 && !ctx.included.has(path)) ctx.included.set(path, request.environment);
    const file = readComposeFile(ctx, path, lookup);
    if (!file) continue;
    applyIncludes(file, request, ctx);
    applyFileExtends(file, request, ctx, extendsCache);
    const problems: MergeProblem[] = [];
    // Onto nothing, the merge would only copy the file's value, which is this load's own already.
    const layer = Object.keys(model).length === 0 ? file.value : mergeLayer(model, { value: file.value, tags: file.tags }, problems);
    const merged = enforceUniqueness(layer);
    model = isMapping(merged) ? merged : {};
    reportMergeProblems(ctx, path, problems);
    layers.push({ cleared: [...file.tags.resets, ...file.tags.overrides], sources: file.sources });
  }
  const build = (): SourceMap => {
    const merged: SourceMap = new Map();
    for (const layer of layers) {
      for (const tagged of layer.cleared) dropSources(merged, tagged);
      addSources(merged, layer.sources.get());
    }
    return merged;
  };
  // One file's entries, copied onto nothing (nothing to clear), are the project's as they are.
  const only = layers.length === 1 ? layers[0]!.sources : undefined;
  const sources = new LazySources(build, only && ((path) => only.entryAt(path)?.slice()));
  return { model: resolveRelativePaths(model, request.workingDir, ctx.home), sources };
}

function reportMergeProblems(ctx: LoaderContext, file: string, problems: MergeProblem[]): void {
  for (const problem of problems) reportAt(ctx, file, problem.path, 'project/merge-conflict', 'warning', problem.message);
}

// ---------------------------------------------------------------------------------------------------
// include

function applyIncludes(file: ComposeFile, request: ModelRequest, ctx: LoaderContext): void {
  const { entries, problems } = parseIncludeEntries(file.value['include']);
  delete file.value['include'];
  for (const problem of problems) reportAt(ctx, file.path, problem.path, 'project/include-invalid', 'error', problem.message);
  const chain = [...request.includedFrom, file.path];
  for (const entry of entries) {
    const resolved = resolveInclude(entry, request.workingDir, (path) => ctx.host.fileExists(path));
    const where = (index: number): Path => entry.pathLocations[index] ?? entry.path;
    const cycleAt = resolved.files.findIndex((path) => chain.includes(path));
    if (cycleAt >= 0) {
      const cycle = [...chain.slice(chain.indexOf(resolved.files[cycleAt]!)), resolved.files[cycleAt]!].map(baseNameOf);
      const message =
        cycle.length === 2
          ? `${cycle[0]} includes itself, so Compose refuses to load it ("include cycle detected"). Remove this entry.`
          : `This include closes a cycle: ${cycle.join(' includes ')}, so Compose refuses to load it ("include cycle detected"). Remove one of these includes.`;
      reportAt(ctx, file.path, where(cycleAt), 'compose/include-cycle', 'error', message);
      continue;
    }
    for (const missing of resolved.missingEnvFiles) {
      const index = (entry.envFiles ?? []).findIndex((envFile) => resolvePath(request.workingDir, envFile) === missing);
      const at = entry.envFileLocations?.[index] ?? entry.path;
      reportAt(
        ctx,
        file.path,
        at,
        'compose/env-file-missing',
        'error',
        `The env_file ${missing} of this include does not exist, so Compose refuses the project. Create it, or remove it from the include.`,
      );
    }
    const missingAt = resolved.files.findIndex((path) => !readDocument(ctx, path));
    if (missingAt >= 0) {
      reportAt(
        ctx,
        file.path,
        where(missingAt),
        'compose/include-missing',
        'error',
        `The included file ${resolved.files[missingAt]!} does not exist or cannot be read, so Compose refuses the project. Fix the path, or remove this entry.`,
      );
      continue;
    }
    const environment = includedEnvironment(request.environment, resolved.envFiles, ctx);
    const included = loadModel({ files: resolved.files, workingDir: resolved.projectDirectory, environment, includedFrom: chain }, ctx);
    const mergeProblems: MergeProblem[] = [];
    const conflicts = importResources(
      file.value,
      file.sources.get(),
      file.tags,
      { model: included.model, sources: included.sources.get() },
      mergeProblems,
    );
    reportMergeProblems(ctx, file.path, mergeProblems);
    for (const { section, name } of conflicts) {
      reportAt(
        ctx,
        file.path,
        [section, name],
        'project/include-conflict',
        'warning',
        `"${name}" is also defined by the included ${resolved.files.join(', ')}; this file's definition is merged over it.`,
      );
    }
  }
}

/** The including project's environment wins over the included project's `.env` files. */
function includedEnvironment(
  environment: ReadonlyMap<string, EnvironmentVariable>,
  envFiles: string[],
  ctx: LoaderContext,
): ReadonlyMap<string, EnvironmentVariable> {
  if (envFiles.length === 0 || ctx.host.readsEnvFiles === false) return environment;
  const texts = envFiles.flatMap((path) => {
    const text = ctx.host.readFile(path);
    return text === undefined ? [] : [{ path, text }];
  });
  const built = buildEnvironment(environment, texts);
  for (const problem of built.problems)
    report(ctx, problem.file, problem.span, 'compose/env-file-syntax', problem.severity, problem.message);
  return built.variables;
}

// ---------------------------------------------------------------------------------------------------
// extends

function applyFileExtends(file: ComposeFile, request: ModelRequest, ctx: LoaderContext, cache: Map<string, ExtendsFile | undefined>): void {
  const services = file.value['services'];
  if (!isMapping(services)) return;
  const lookup = environmentLookup(request.environment);
  const target: ExtendsFile = {
    path: file.path,
    baseDir: request.workingDir,
    services: { ...services },
    tags: file.tags,
    sources: file.sources,
  };
  applyExtends(target, {
    loadFile(path: string, requester: { file: string; path: Path }): ExtendsFile | undefined {
      if (cache.has(path)) return cache.get(path);
      // The base file is read on its own: interpolated, its paths made relative to its own directory.
      const loaded = readComposeFile(ctx, path, lookup, requester);
      const baseDir = directoryOf(path);
      const extendsFile = loaded && {
        path,
        baseDir,
        services: isMapping(loaded.value['services'])
          ? { ...(resolveRelativePaths({ services: loaded.value['services'] }, baseDir, ctx.home)['services'] as Mapping) }
          : {},
        tags: loaded.tags,
        sources: loaded.sources,
      };
      cache.set(path, extendsFile);
      return extendsFile;
    },
    report(problem) {
      reportAt(
        ctx,
        problem.file,
        problem.path,
        problem.code,
        problem.code === 'project/merge-conflict' ? 'warning' : 'error',
        problem.message,
      );
    },
  });
  file.value['services'] = target.services;
}
