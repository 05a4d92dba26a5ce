// The Compose projects of the workspace, as the Stacks and Volumes views need them: which folders hold
// a project (base file plus override, the files `docker compose` picks with no -f), and from the loaded
// project its services, profiles, and which service declares which named volume, with where each is
// written. No `vscode` import.
import {
  DEFAULT_COMPOSE_FILE_NAMES,
  DEFAULT_OVERRIDE_FILE_NAMES,
  normalizeProjectName,
  resourceEngineName,
  type Project,
} from '@dockside/core';

export interface ComposeFolder {
  readonly workingDir: string;
  /** Base file first, then its override file when there is one. */
  readonly files: readonly string[];
}

export interface SourcePoint {
  readonly file: string;
  readonly offset: number;
}

export interface WorkspaceService {
  readonly name: string;
  readonly profiles: readonly string[];
  /** False when left out by the active profiles. */
  readonly active: boolean;
  readonly source?: SourcePoint;
}

export interface WorkspaceVolume {
  /** The key under the top-level `volumes:`. */
  readonly key: string;
  /** The name the engine knows it by (`name:` or `<project>_<key>`). */
  readonly engineName: string;
  readonly external: boolean;
  /** Services that mount it, with where each mount list is written. */
  readonly services: ReadonlyArray<{ readonly name: string; readonly source?: SourcePoint }>;
}

export interface WorkspaceStack {
  readonly projectName: string;
  readonly workingDir: string;
  readonly files: readonly string[];
  readonly services: readonly WorkspaceService[];
  /** Every profile any service names, sorted. */
  readonly profiles: readonly string[];
  readonly volumes: readonly WorkspaceVolume[];
  /** Project problems worth showing (a file that does not parse, a bad name). */
  readonly errors: readonly string[];
}

function folderOf(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash <= 0 ? path.slice(0, slash + 1) : path.slice(0, slash);
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * Groups Compose file paths found in the workspace into projects: a folder with a base file is one
 * project of that base file (in Compose's order of preference) and its first override file. Folders
 * with only partial files (`compose.stage.yaml`) are not projects by themselves.
 */
export function composeFolders(paths: readonly string[]): ComposeFolder[] {
  const byFolder = new Map<string, Set<string>>();
  for (const path of paths) {
    const folder = folderOf(path);
    byFolder.set(folder, (byFolder.get(folder) ?? new Set()).add(baseName(path)));
  }
  const folders: ComposeFolder[] = [];
  for (const [workingDir, names] of byFolder) {
    const base = DEFAULT_COMPOSE_FILE_NAMES.find((name) => names.has(name));
    if (!base) continue;
    const override = DEFAULT_OVERRIDE_FILE_NAMES.find((name) => names.has(name));
    const join = (name: string): string => `${workingDir}/${name}`;
    folders.push({ workingDir, files: override ? [join(base), join(override)] : [join(base)] });
  }
  return folders.sort((a, b) => a.workingDir.localeCompare(b.workingDir));
}

type Json = Record<string, unknown>;
const isMapping = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function pointOf(project: Project, pointer: string): SourcePoint | undefined {
  const location = project.sources.get(pointer)?.at(-1);
  return location ? { file: location.file, offset: location.span[0] } : undefined;
}

/** The volume key a service's mount refers to: `data:/x`, `{ type: volume, source: data }`; not binds or anonymous volumes. */
export function namedVolumeOf(mount: unknown): string | undefined {
  if (typeof mount === 'string') {
    const source = mount.split(':')[0] ?? '';
    if (!mount.includes(':') || /^[./~]/.test(source) || /^[A-Za-z]:[\\/]/.test(mount)) return undefined;
    return source || undefined;
  }
  if (isMapping(mount) && (mount['type'] ?? 'volume') === 'volume' && typeof mount['source'] === 'string') return mount['source'];
  return undefined;
}

function servicesOf(project: Project): WorkspaceService[] {
  const services = isMapping(project.model['services']) ? project.model['services'] : {};
  const active = new Set(project.services);
  return Object.entries(services).map(([name, service]) => {
    const profiles =
      isMapping(service) && Array.isArray(service['profiles']) ? service['profiles'].filter((p): p is string => typeof p === 'string') : [];
    const source = pointOf(project, `/services/${name}`);
    return { name, profiles, active: active.has(name), ...(source ? { source } : {}) };
  });
}

function volumesOf(project: Project): WorkspaceVolume[] {
  const declared = isMapping(project.model['volumes']) ? project.model['volumes'] : {};
  const services = isMapping(project.model['services']) ? project.model['services'] : {};
  return Object.entries(declared).map(([key, spec]) => {
    const { engineName, external } = resourceEngineName(project.name, key, isMapping(spec) ? spec : undefined);
    const users = Object.entries(services)
      .filter(
        ([, service]) =>
          isMapping(service) && Array.isArray(service['volumes']) && service['volumes'].some((mount) => namedVolumeOf(mount) === key),
      )
      .map(([name]) => {
        const source = pointOf(project, `/services/${name}/volumes`);
        return { name, ...(source ? { source } : {}) };
      });
    return { key, engineName, external, services: users };
  });
}

export function workspaceStackOf(project: Project): WorkspaceStack {
  const services = servicesOf(project);
  const profiles = [...new Set(services.flatMap((s) => s.profiles))].sort();
  const errors = project.findings.filter((f) => f.severity === 'error').map((f) => `${baseName(f.file)}: ${f.message}`);
  return {
    projectName: project.name,
    workingDir: project.workingDir,
    files: project.files,
    services,
    profiles,
    volumes: volumesOf(project),
    errors,
  };
}

/** A folder whose project could not be loaded at all still shows, named as Compose would name it, with why. */
export function unreadableStack(folder: ComposeFolder, error: unknown): WorkspaceStack {
  const projectName = normalizeProjectName(baseName(folder.workingDir)) || 'default';
  const message = error instanceof Error ? error.message : String(error);
  return {
    projectName,
    workingDir: folder.workingDir,
    files: folder.files,
    services: [],
    profiles: [],
    volumes: [],
    errors: [`The project could not be read: ${message}`],
  };
}
