/**
 * The Compose project model: the files of a project (base first, then overrides) with their
 * `include`s, `extends`, `.env` interpolation and profiles, merged as Compose merges them. Diagnostics,
 * the Compose → ECS converter and the runner all read the project through this one function.
 *
 * Pure: every file is read through the injected host.
 */
import type { ParsedText } from '../../parse/parseText';
import type { Path, Span } from '../../types';
import { readDocument, reportAt, report, createContext, spanAt, type LoaderContext, type ProjectVariableUse } from './context';
import { buildEnvironment, environmentFrom, environmentLookup, readServiceEnvFiles, type EnvironmentVariable } from './env';
import { interpolateString } from './interpolate';
import { loadModel } from './loadModel';
import { isMapping } from './merge';
import { baseNameOf, directoryOf, resolvePath } from './paths';
import { selectServices, type ServiceSelectionProblem } from './profiles';
import type { LazySources } from './sources';
import type { ProjectFinding, ProjectHost, SourceMap } from './types';

export interface LoadProjectInput {
  /** Absolute paths of the Compose files, base first. */
  files: string[];
  host: ProjectHost;
  /** The environment Compose would run in (the shell's); it wins over `.env`. */
  env?: Record<string, string>;
  /** Active profiles; when absent, COMPOSE_PROFILES from the environment (or `.env`). */
  profiles?: string[];
  /** The project name as given on the command line (`-p`); it wins over everything else. */
  projectName?: string;
  /** The project directory; the first file's directory by default. */
  projectDirectory?: string;
  /** `.env`-format files for interpolation (`--env-file`); by default `.env` in the project directory, when it exists. */
  envFiles?: string[];
  /** Services named explicitly (`docker compose up web`): their profiles turn on, and only they and their dependencies are active. */
  services?: string[];
  /** Parses a file's text; the editor hands over the parse it already holds for an open document. */
  parse?: (path: string, text: string) => ParsedText;
}

export interface Project {
  /** The project name (also in `model.name`). */
  name: string;
  /** The project directory: relative paths in the base and override files are relative to it. */
  workingDir: string;
  files: string[];
  /**
   * The merged, interpolated model, as plain data. Every service is in it, active or not (see
   * `services`); relative host paths are absolute; `include` and `extends` are resolved away.
   */
  model: Record<string, unknown>;
  /** The active services, in the model's order. */
  services: string[];
  /** Services left out by the active profiles (or by explicit `services`). */
  disabledServices: string[];
  /** Profiles in effect. */
  profiles: string[];
  /** The environment interpolation used, with where each variable came from. */
  environment: Map<string, EnvironmentVariable>;
  /** Every variable reference in the project's files, and what it became. */
  variables: ProjectVariableUse[];
  /** Where each key of the model was written (keys are JSON pointers; see pointerOf). Built when first read. */
  readonly sources: SourceMap;
  /** The Compose files `include` brought in, in the order they were read, each with the environment it was interpolated with. */
  included: Array<{ file: string; environment: ReadonlyMap<string, EnvironmentVariable> }>;
  /** Problems, each with the file its span points into. */
  findings: ProjectFinding[];
}

export function loadProject(input: LoadProjectInput): Project {
  const files = input.files;
  const workingDir = input.projectDirectory ?? (files[0] !== undefined ? directoryOf(files[0]) : '.');
  const baseEnvironment = environmentFrom(input.env ?? {});
  const ctx = createContext(input.host, input.env?.['HOME'] ?? input.env?.['USERPROFILE'], input.parse);
  const environment = projectEnvironment(baseEnvironment, input.envFiles ?? defaultEnvFiles(workingDir, input.host, input.env), ctx);

  const name = projectName(input, files, workingDir, environment, ctx);
  // Compose exposes the final name to interpolation, whatever decided it.
  if (environment.get('COMPOSE_PROJECT_NAME')?.value !== name)
    environment.set('COMPOSE_PROJECT_NAME', { value: name, source: 'environment' });

  const { model, sources } = loadModel({ files, workingDir, environment, includedFrom: [] }, ctx);
  // `version` is obsolete and Compose drops it (the per-file diagnostics say so); the name is the one decided above.
  delete model['version'];
  model['name'] = name;
  const profiles = input.profiles ?? profilesFromEnvironment(environment);
  const selection = selectServices(model, { profiles, ...(input.services ? { services: input.services } : {}) });
  for (const problem of selection.problems) reportSelectionProblem(ctx, problem, sources, files[0]);
  reportServiceEnvFileProblems(ctx, model, selection.active, environment);

  return {
    name,
    workingDir,
    files,
    model,
    services: selection.active,
    disabledServices: selection.disabled,
    profiles: selection.profiles,
    environment,
    variables: ctx.variables,
    get sources() {
      return sources.get();
    },
    included: [...ctx.included].map(([file, fileEnvironment]) => ({ file, environment: fileEnvironment })),
    findings: ctx.findings,
  };
}

/**
 * Compose reads each active service's env files while it loads the project, and refuses it for a
 * line it cannot read ("key cannot contain a space"): the problem is reported in the env file. A
 * missing env file is the rules' compose/env-file-missing, where the service names it.
 */
function reportServiceEnvFileProblems(
  ctx: LoaderContext,
  model: Record<string, unknown>,
  active: readonly string[],
  environment: ReadonlyMap<string, EnvironmentVariable>,
): void {
  if (ctx.host.readsEnvFiles === false) return;
  const services = isMapping(model['services']) ? model['services'] : {};
  const lookup = environmentLookup(environment);
  for (const name of active) {
    const service = services[name];
    if (!isMapping(service) || service['env_file'] === undefined) continue;
    const read = readServiceEnvFiles(service['env_file'], { readFile: (path) => ctx.host.readFile(path), lookup });
    for (const { reference, problems } of read.files)
      for (const problem of problems)
        report(ctx, reference.path, problem.span, 'compose/env-file-syntax', problem.severity, problem.message);
  }
}

/** `.env` in the project directory, unless COMPOSE_DISABLE_ENV_FILE says not to (as Compose). */
function defaultEnvFiles(workingDir: string, host: ProjectHost, env: Record<string, string> | undefined): string[] {
  if (host.readsEnvFiles === false || isTrue(env?.['COMPOSE_DISABLE_ENV_FILE'])) return [];
  const dotEnv = resolvePath(workingDir, '.env');
  return host.fileExists(dotEnv) ? [dotEnv] : [];
}

function projectEnvironment(
  base: Map<string, EnvironmentVariable>,
  envFiles: string[],
  ctx: LoaderContext,
): Map<string, EnvironmentVariable> {
  const texts: Array<{ path: string; text: string }> = [];
  for (const path of ctx.host.readsEnvFiles === false ? [] : envFiles) {
    const text = ctx.host.readFile(path);
    if (text === undefined)
      report(ctx, path, [0, 0], 'project/file-not-found', 'error', `The env file ${path} does not exist or cannot be read.`);
    else texts.push({ path, text });
  }
  const built = buildEnvironment(base, texts);
  for (const problem of built.problems)
    report(ctx, problem.file, problem.span, 'compose/env-file-syntax', problem.severity, problem.message);
  return built.variables;
}

/** Go's strconv.ParseBool, which Compose reads its switches with. */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value);
}

function profilesFromEnvironment(environment: ReadonlyMap<string, EnvironmentVariable>): string[] {
  const value = environment.get('COMPOSE_PROFILES')?.value ?? '';
  return value
    .split(',')
    .map((profile) => profile.trim())
    .filter((profile) => profile !== '');
}

// ---------------------------------------------------------------------------------------------------
// Project name

/** Compose's normalisation: lowercase, only `a-z 0-9 _ -`, starting with a letter or digit. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

/**
 * `-p` first, then COMPOSE_PROJECT_NAME (either must already be a valid name), then the top-level
 * `name:` of the last file that has one (interpolated, normalised), then the project directory's name.
 */
function projectName(
  input: LoadProjectInput,
  files: string[],
  workingDir: string,
  environment: ReadonlyMap<string, EnvironmentVariable>,
  ctx: LoaderContext,
): string {
  const imperative = input.projectName ?? nonEmpty(environment.get('COMPOSE_PROJECT_NAME')?.value);
  if (imperative !== undefined) {
    const normalised = normalizeProjectName(imperative);
    if (normalised !== imperative) {
      report(
        ctx,
        files[0] ?? workingDir,
        [0, 0],
        'project/invalid-name',
        'error',
        `The project name "${imperative}" is not valid: use lowercase letters, digits, "_" and "-", starting with a letter or digit.`,
      );
    }
    return normalised || 'default';
  }
  const fromFiles = nameFromFiles(files, environment, ctx);
  if (fromFiles !== undefined) {
    const normalised = normalizeProjectName(fromFiles.name);
    if (normalised) return normalised;
    reportAt(
      ctx,
      fromFiles.file,
      ['name'],
      'project/invalid-name',
      'error',
      `The project name "${fromFiles.name}" has no letter or digit to make a name of.`,
    );
  }
  const fromDirectory = normalizeProjectName(baseNameOf(workingDir));
  if (!fromDirectory)
    report(
      ctx,
      files[0] ?? workingDir,
      [0, 0],
      'project/invalid-name',
      'error',
      `The folder name "${baseNameOf(workingDir)}" gives no valid project name; set "name:" in the file.`,
    );
  return fromDirectory || 'default';
}

function nameFromFiles(
  files: string[],
  environment: ReadonlyMap<string, EnvironmentVariable>,
  ctx: LoaderContext,
): { name: string; file: string } | undefined {
  let found: { name: string; file: string } | undefined;
  for (const file of files) {
    const value = readDocument(ctx, file)?.value;
    const name = isMapping(value) ? value['name'] : undefined;
    if (typeof name === 'string' && name !== '') found = { name: interpolateString(name, environmentLookup(environment)).value, file };
  }
  return found;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

// ---------------------------------------------------------------------------------------------------
// Findings on the merged model

/** A problem found on the merged model lands in the file that last wrote the reference. */
function reportSelectionProblem(
  ctx: LoaderContext,
  problem: ServiceSelectionProblem,
  sources: LazySources,
  firstFile: string | undefined,
): void {
  // A dependency Compose cannot find, undefined or left out by the profiles, is one refusal to the user.
  const code = problem.kind === 'unknown-service' ? 'project/unknown-service' : 'compose/undefined-service';
  const source = problem.path.length > 0 ? sources.sourceOf(problem.path) : undefined;
  if (!source) {
    report(ctx, firstFile ?? '', [0, 0], code, 'error', problem.message);
    return;
  }
  const attribute = problem.path.slice(0, 3);
  const span = problem.dependency !== undefined ? referenceSpan(ctx, source.file, attribute, problem.dependency) : undefined;
  report(ctx, source.file, span ?? source.span, code, 'error', problem.message);
}

/**
 * Where a file names a dependency: found by the name, since list positions in one file differ from
 * those in the merged model.
 */
function referenceSpan(ctx: LoaderContext, file: string, attribute: Path, name: string): Span | undefined {
  const value = readAt(ctx.documents.get(file)?.value, attribute);
  if (Array.isArray(value)) {
    const index = value.findIndex((item) => typeof item === 'string' && (item === name || item.startsWith(`${name}:`)));
    return index >= 0 ? spanAt(ctx, file, [...attribute, index]) : undefined;
  }
  if (isMapping(value)) return Object.prototype.hasOwnProperty.call(value, name) ? spanAt(ctx, file, [...attribute, name]) : undefined;
  return typeof value === 'string' ? spanAt(ctx, file, attribute) : undefined;
}

function readAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, segment) => (isMapping(node) ? node[String(segment)] : undefined), value);
}

// ---------------------------------------------------------------------------------------------------
// Finding a project's files

/** Base file names in Compose's order of preference (its CLI's own list). */
export const DEFAULT_COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const DEFAULT_OVERRIDE_FILE_NAMES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

/**
 * The files `docker compose` picks with no `-f`: the first base file found in `dir` or the nearest
 * folder above it, and the first override file beside it. Empty when there is none.
 */
export function defaultComposeFiles(dir: string, host: Pick<ProjectHost, 'fileExists'>): string[] {
  for (let folder = dir; ;) {
    const files = composeFilesIn(folder, host);
    if (files.length > 0) return files;
    const parent = directoryOf(folder);
    if (parent === folder) return [];
    folder = parent;
  }
}

/** The base file Compose would pick in this very folder (not above it), with its override file beside it. */
export function composeFilesIn(folder: string, host: Pick<ProjectHost, 'fileExists'>): string[] {
  const base = DEFAULT_COMPOSE_FILE_NAMES.map((name) => resolvePath(folder, name)).find((path) => host.fileExists(path));
  if (!base) return [];
  const override = DEFAULT_OVERRIDE_FILE_NAMES.map((name) => resolvePath(folder, name)).find((path) => host.fileExists(path));
  return override ? [base, override] : [base];
}
