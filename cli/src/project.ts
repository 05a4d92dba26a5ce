// The options that choose a Compose project, shared by `validate` and `compose`, read as
// `docker compose` reads them: -f files in order (relative to this folder), else COMPOSE_FILE, else
// compose.yaml (and its override) here or in the nearest folder above.
import { isAbsolute, resolve } from 'node:path';
import { defaultProjectFiles, type DefaultFiles, type ProjectHost } from '@dockside/core';
import type { StackSource } from '@dockside/engine';
import type { OptionSpec, ParsedOptions } from './args';

export const PROJECT_OPTIONS = {
  file: { names: ['-f', '--file'], value: 'FILE', repeatable: true },
  projectName: { names: ['-p', '--project-name'], value: 'NAME' },
  projectDirectory: { names: ['--project-directory'], value: 'DIR' },
  envFile: { names: ['--env-file'], value: 'FILE', repeatable: true },
  profile: { names: ['--profile'], value: 'NAME', repeatable: true },
} as const satisfies Record<string, OptionSpec>;

export const PROJECT_OPTIONS_HELP = `  -f, --file FILE            A Compose file of the project, in merge order, as "docker compose -f" (repeatable)
  -p, --project-name NAME    The project name (default: COMPOSE_PROJECT_NAME, "name:", or the folder's name)
      --project-directory DIR  The folder relative paths and .env are read from (default: the first file's)
      --env-file FILE        A file of variables for interpolation instead of .env (repeatable)
      --profile NAME         A profile to enable (repeatable; default: COMPOSE_PROFILES)`;

export const COMPOSE_VARIABLES_HELP = `Environment: COMPOSE_FILE (with COMPOSE_PATH_SEPARATOR) when no file is named, COMPOSE_PROFILES,
COMPOSE_PROJECT_NAME and COMPOSE_DISABLE_ENV_FILE, read from the environment or .env; variables are
interpolated from the environment over .env, as Compose does.`;

/** A project as the command line chose it: absolute paths, the files possibly none (then `missing` says why). */
export interface ProjectChoice {
  files: string[];
  /** Where the files came from when none was named with -f. */
  from: DefaultFiles['from'] | '-f';
  /** The folder relative paths in the files are resolved against. */
  workingDir: string;
  /** --project-directory, when given. */
  projectDirectory?: string;
  envFiles?: string[];
  profiles?: string[];
  projectName?: string;
}

type ProjectOptions = ParsedOptions<typeof PROJECT_OPTIONS>;

/** The files and settings of the project the options name, as docker compose would pick them. */
export function chooseProject(options: ProjectOptions, env: Record<string, string>, host: ProjectHost, cwd = process.cwd()): ProjectChoice {
  const absolute = (path: string): string => (isAbsolute(path) ? path : resolve(cwd, path));
  const envFiles = options.envFile.length > 0 ? options.envFile.map(absolute) : undefined;
  const projectDirectory = options.projectDirectory !== undefined ? absolute(options.projectDirectory) : undefined;
  const chosen: Pick<ProjectChoice, 'files' | 'from'> =
    options.file.length > 0
      ? { files: options.file.map(absolute), from: '-f' }
      : defaultProjectFiles({ workingDir: projectDirectory ?? cwd, env, host, ...(envFiles ? { envFiles } : {}) });
  return {
    ...chosen,
    workingDir: projectDirectory ?? (chosen.files[0] !== undefined ? resolve(chosen.files[0], '..') : cwd),
    ...(projectDirectory ? { projectDirectory } : {}),
    ...(envFiles ? { envFiles } : {}),
    ...(options.profile.length > 0 ? { profiles: options.profile } : {}),
    ...(options.projectName !== undefined ? { projectName: options.projectName } : {}),
  };
}

/** Why a chosen project cannot be read, or undefined when its files are there. */
export function projectProblem(choice: ProjectChoice, host: ProjectHost, shown: (path: string) => string): string | undefined {
  if (choice.files.length === 0)
    return `no Compose file (compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml) in ${choice.workingDir} or a folder above it`;
  const missing = choice.files.find((file) => !host.fileExists(file));
  if (missing === undefined) return undefined;
  return choice.from === 'COMPOSE_FILE' ? `COMPOSE_FILE names ${shown(missing)}, which does not exist` : `${shown(missing)}: no such file`;
}

/** The chosen project as the engine's loaders take it. */
export function stackSource(choice: ProjectChoice, env: Record<string, string>): StackSource {
  return {
    workingDir: choice.workingDir,
    files: choice.files,
    env,
    ...(choice.profiles ? { profiles: choice.profiles } : {}),
    ...(choice.envFiles ? { envFiles: choice.envFiles } : {}),
    ...(choice.projectName ? { projectName: choice.projectName } : {}),
  };
}
