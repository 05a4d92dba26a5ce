// List, inspect, create, remove and prune volumes through the engine's volume API. Everything that
// fails comes back as a sentence (see errors.ts), so the view can show it as is.
import type Docker from 'dockerode';
import { engineMessage } from '../engine';
import { VolumeExistsError, VolumeInUseError, VolumeNotFoundError, abortError, isAbort, statusOf, volumeFailure } from './errors';
import { waitForHelpersToFinish } from './helper';
import { toVolumeSummary, volumeSizesFromDiskUsage, volumeUsers, type VolumeSizes, type VolumeSummary, type VolumeUser } from './summary';

export interface ListVolumesOptions {
  /** Ask the engine's disk-usage API for sizes; it walks every volume, so it can be slow. */
  sizes?: boolean;
  /** How long to wait for sizes before listing without them (default 10 s). */
  sizeTimeoutMs?: number;
  signal?: AbortSignal;
}

export const DEFAULT_SIZE_TIMEOUT_MS = 10_000;

export async function listVolumes(docker: Docker, options: ListVolumesOptions = {}): Promise<VolumeSummary[]> {
  return summarise(docker, {}, options);
}

/** What `pruneVolumes` with the same labels would remove: volumes no container (running or not) mounts. */
export async function unusedVolumes(
  docker: Docker,
  options: { labels?: string[]; sizes?: boolean; signal?: AbortSignal } = {},
): Promise<VolumeSummary[]> {
  return summarise(docker, { dangling: ['true'], ...labelFilter(options.labels) }, options);
}

async function summarise(docker: Docker, filters: Record<string, string[]>, options: ListVolumesOptions): Promise<VolumeSummary[]> {
  const abortSignal = options.signal;
  try {
    const [listed, containers, sizes] = await Promise.all([
      docker.listVolumes({ filters, abortSignal }),
      docker.listContainers({ all: true, abortSignal }),
      options.sizes ? diskUsageSizes(docker, options.sizeTimeoutMs ?? DEFAULT_SIZE_TIMEOUT_MS, abortSignal) : undefined,
    ]);
    const users = volumeUsers(containers);
    return (listed.Volumes ?? []).map((volume) => toVolumeSummary(volume, users, sizes)).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    if (options.signal?.aborted || isAbort(error)) throw abortError();
    throw new Error(`Could not list volumes: ${engineMessage(error)}`, { cause: error });
  }
}

/** Sizes from `GET /system/df`, or none with the reason when it fails or takes longer than `timeoutMs`. */
export async function diskUsageSizes(docker: Docker, timeoutMs: number, signal?: AbortSignal): Promise<VolumeSizes> {
  const controller = new AbortController();
  const abortFromCaller = () => controller.abort();
  signal?.addEventListener('abort', abortFromCaller, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const df = (docker.df as (opts: object) => Promise<unknown>).call(docker, { abortSignal: controller.signal });
    df.catch(() => undefined); // settles after a timeout too; nobody is waiting for it then
    const result = await Promise.race([df, timedOut]);
    if (result === 'timeout') return { sizes: new Map(), error: 'disk usage timed out' };
    return { sizes: volumeSizesFromDiskUsage(result) };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { sizes: new Map(), error: `disk usage failed: ${engineMessage(error)}` };
  } finally {
    clearTimeout(timer);
    controller.abort();
    signal?.removeEventListener('abort', abortFromCaller);
  }
}

/** The engine's inspect answer for the volume, as is (for the read-only JSON document). */
export async function inspectVolume(docker: Docker, name: string): Promise<object> {
  try {
    return await docker.getVolume(name).inspect();
  } catch (error) {
    throw volumeFailure(error, name, 'inspect');
  }
}

export async function volumeExists(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getVolume(name).inspect();
    return true;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw volumeFailure(error, name, 'inspect');
  }
}

export async function requireVolume(docker: Docker, name: string): Promise<void> {
  if (!(await volumeExists(docker, name))) throw new VolumeNotFoundError(name);
}

export interface VolumeSpec {
  name: string;
  driver?: string;
  labels?: Record<string, string>;
  driverOpts?: Record<string, string>;
}

/** Creates a volume; refuses a name in use, since the engine would silently hand back the existing one. */
export async function createVolume(docker: Docker, spec: VolumeSpec): Promise<VolumeSummary> {
  if (await volumeExists(docker, spec.name)) throw new VolumeExistsError(spec.name);
  try {
    const created = await docker.createVolume({
      Name: spec.name,
      Driver: spec.driver ?? 'local',
      Labels: spec.labels ?? {},
      DriverOpts: spec.driverOpts ?? {},
    });
    return toVolumeSummary(await created.inspect(), new Map());
  } catch (error) {
    throw volumeFailure(error, spec.name, 'create');
  }
}

/** The containers, running or stopped, that mount the volume. */
export async function usersOfVolume(docker: Docker, name: string): Promise<VolumeUser[]> {
  const containers = await docker.listContainers({ all: true, filters: { volume: [name] } });
  return volumeUsers(containers).get(name) ?? [];
}

/** Removes an unused volume. Never forces: a volume in use throws VolumeInUseError naming its containers. */
export async function removeVolume(docker: Docker, name: string): Promise<void> {
  await requireVolume(docker, name);
  const users = await usersOfVolume(docker, name);
  if (users.length > 0) throw new VolumeInUseError(name, users);
  await waitForHelpersToFinish(docker, name);
  try {
    await docker.getVolume(name).remove();
  } catch (error) {
    // A container may have started using it between our look and the removal.
    if (statusOf(error) === 409) throw new VolumeInUseError(name, await usersOfVolume(docker, name));
    throw volumeFailure(error, name, 'remove');
  }
}

/** Rewriting files under a running program (a database, say) corrupts them; stopped users are fine. */
export async function requireNoRunningUsers(docker: Docker, name: string): Promise<void> {
  const running = (await usersOfVolume(docker, name)).filter((user) => user.running);
  if (running.length > 0) throw new VolumeInUseError(name, running, 'stop');
}

export interface PruneResult {
  removed: string[];
  spaceReclaimed: number;
}

/** Removes every unused volume (named ones too) that carries all of `labels` ("key" or "key=value"). */
export async function pruneVolumes(docker: Docker, options: { labels?: string[] } = {}): Promise<PruneResult> {
  const filters: Record<string, string[]> = labelFilter(options.labels);
  // From API 1.42 on, prune keeps named volumes unless asked for all; older engines reject the filter.
  if (await apiAtLeast(docker, '1.42')) filters.all = ['true'];
  try {
    const result = await docker.pruneVolumes({ filters });
    return { removed: result.VolumesDeleted ?? [], spaceReclaimed: result.SpaceReclaimed ?? 0 };
  } catch (error) {
    throw new Error(`Could not prune volumes: ${engineMessage(error)}`, { cause: error });
  }
}

function labelFilter(labels: readonly string[] | undefined): Record<string, string[]> {
  return labels && labels.length > 0 ? { label: [...labels] } : {};
}

async function apiAtLeast(docker: Docker, wanted: string): Promise<boolean> {
  const { ApiVersion } = await docker.version();
  return compareApiVersions(ApiVersion, wanted) >= 0;
}

export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
