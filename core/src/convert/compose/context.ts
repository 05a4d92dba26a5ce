/**
 * What each Compose → ECS mapper works with: the service it reads, the container it writes, the
 * task definition it is part of, and the report it adds to. One mapper per family of attributes
 * (ports, volumes, health, …); each names the service keys it owns, so the set of mapped keys is
 * the union of those lists and cannot drift from the code.
 */
import type { VariableLookup } from '../../compose/project/interpolate';
import { formatPath, type Reporter, type ReportPath } from '../report';
import type { Json } from '../values';

export type LaunchType = 'FARGATE' | 'EC2';

export interface ComposeConversionOptions {
  /** The project name: the task definition's family, or its prefix per service. */
  projectName: string;
  /** FARGATE by default; a top-level `x-ecs.requiresCompatibilities` in the file wins. */
  launchType?: LaunchType;
  /** One task definition per service (`<project>-<service>`) instead of one for the whole project. */
  perService?: boolean;
  /**
   * Reads a file named by `env_file` (an absolute path in a loaded project). With it the variables
   * are inlined into `environment`; without it each env_file is reported, since its contents are unknown.
   */
  readFile?: (path: string) => string | undefined;
  /** Set in an untrusted workspace: env files exist but may not be read. */
  envFilesRefused?: boolean;
  /** The project's environment (the shell over `.env`), which env_file values are interpolated from, as Compose does. */
  environment?: VariableLookup;
  /** Only these services (those of the active profiles); all of them by default. Each one left out is reported. */
  services?: string[];
}

/** The task definition being built, as the mappers need to know it. */
export interface TaskTarget {
  launchType: LaunchType;
  /** `awsvpc` unless the file's top-level `x-ecs.networkMode` says otherwise. */
  networkMode: string;
  family: string;
  /** The services that are containers of this task definition, in order. */
  members: readonly string[];
  perService: boolean;
  /** The whole Compose model, for top-level volumes and secrets. */
  model: Json;
}

export interface PortClaim {
  start: number;
  end: number;
  protocol: string;
  service: string;
}

export interface DependencyEntry {
  service: string;
  /** The `dependsOn` entry in the container (adjusted in place once every container is known). */
  entry: Json;
  path: ReportPath;
}

/** A task-wide value one or more services ask for. */
export interface TaskSetting {
  value: unknown;
  /** The value as the Compose file writes it, for the report. */
  shown: string;
  /** Where the first service that asked for it says so. */
  path: ReportPath;
  /** What it is, for the report ("The platform (runtimePlatform)"). */
  what: string;
  /** The services that ask for this very value. */
  services: Set<string>;
}

/** What services of one task definition share and the task-level result is assembled from. */
export interface TaskParts {
  /** Task-level volumes by name, in first-use order. */
  volumes: Map<string, Json>;
  /** The ECS volume name given to each Compose source ("volume:data", "bind:/srv/data"), so services share it. */
  volumeNames: Map<string, string>;
  /** Top-level volumes a service of the task mounts, whatever became of the mount. */
  mountedVolumes: Set<string>;
  /** Task-level settings a service asks for (pidMode, ipcMode, runtimePlatform); the first service's wins. */
  settings: Map<string, TaskSetting>;
  /** Ports taken on the task's network: container ports in awsvpc/host mode, host ports in bridge mode. */
  ports: PortClaim[];
  dependencies: DependencyEntry[];
  /** Containers Compose does not restart (`restart: "no"` or no policy), with where that is said (the service when nothing is). */
  notRestarted: Map<string, ReportPath>;
}

export interface ServiceContext {
  readonly name: string;
  readonly service: Json;
  /** ["services", name] */
  readonly path: ReportPath;
  readonly target: TaskTarget;
  readonly task: TaskParts;
  /** The container definition being written. */
  readonly container: Json;
  readonly report: Reporter;
  readonly options: ComposeConversionOptions;
}

export interface ServiceMapper {
  /** The service keys this mapper reads. Whatever part of them it cannot carry, it reports itself. */
  readonly keys: readonly string[];
  map(ctx: ServiceContext): void;
}

/** ECS container names take letters, digits, hyphens and underscores; Compose service names also take dots. */
export function containerNameOf(service: string): string {
  return service.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255) || 'container';
}

export function at(ctx: ServiceContext, ...rest: Array<string | number>): ReportPath {
  return [...ctx.path, ...rest];
}

export function isFargate(ctx: ServiceContext): boolean {
  return ctx.target.launchType === 'FARGATE';
}

/** True when the key is present with a value (Compose treats `key: null` as unset). */
export function has(ctx: ServiceContext, key: string): boolean {
  return ctx.service[key] !== undefined && ctx.service[key] !== null;
}

/** The Linux parameters object of the container, created on first use. */
export function linuxParameters(ctx: ServiceContext): Json {
  const existing = ctx.container['linuxParameters'];
  if (existing && typeof existing === 'object' && !Array.isArray(existing)) return existing as Json;
  const created: Json = {};
  ctx.container['linuxParameters'] = created;
  return created;
}

/**
 * Asks for a task-level setting. Compose sets these per service; a task has one value, so the first
 * service's value stands and a different value from a later service is reported.
 */
export function setTaskSetting(
  ctx: ServiceContext,
  key: string,
  value: unknown,
  path: ReportPath,
  what: string,
  shown = JSON.stringify(value),
): void {
  const current = ctx.task.settings.get(key);
  if (!current) {
    ctx.task.settings.set(key, { value, shown, path, what, services: new Set([ctx.name]) });
    return;
  }
  if (JSON.stringify(current.value) === JSON.stringify(value)) current.services.add(ctx.name);
  else {
    ctx.report.approximate(
      path,
      `${what} is set once for the whole task in ECS; the task keeps ${current.shown} from ${formatPath(current.path)}, not ${shown}.`,
      'Convert with one task definition per service (--per-service) if the services need different values.',
    );
  }
}
