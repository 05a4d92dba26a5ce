// Pure: turns what the engine says about volumes, containers and disk usage into the summaries the
// Volumes view shows. No I/O here, so the shapes are tested without an engine.
import type Docker from 'dockerode';
import { LABEL } from '../compose/labels';
import { HELPER_LABEL } from './helper';

/** Set by engines from API 1.42 (Docker 23) on volumes created for an anonymous mount. */
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

export interface VolumeUser {
  containerId: string;
  containerName: string;
  running: boolean;
  project?: string;
  service?: string;
  destination: string;
  readOnly: boolean;
}

export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
  createdAt?: string;
  labels: Record<string, string>;
  scope: string;
  anonymous: boolean;
  /** The com.docker.compose.project label: the stack that declared the volume. */
  project?: string;
  sizeBytes?: number;
  /** Why there is no size, e.g. "disk usage timed out". */
  sizeError?: string;
  usedBy: VolumeUser[];
}

export type VolumeUsers = ReadonlyMap<string, VolumeUser[]>;
export interface VolumeSizes {
  readonly sizes: ReadonlyMap<string, number>;
  readonly error?: string;
}

type ListedVolume = Pick<Docker.VolumeInspectInfo, 'Name' | 'Driver' | 'Mountpoint' | 'Labels' | 'Scope'> & { CreatedAt?: string };

/** Older engines do not label anonymous volumes; their names are then 64 hex digits. */
export function isAnonymousVolume(name: string, labels: Readonly<Record<string, string>>): boolean {
  return ANONYMOUS_LABEL in labels || /^[0-9a-f]{64}$/.test(name);
}

export function toVolumeSummary(volume: ListedVolume, users: VolumeUsers, sizes?: VolumeSizes): VolumeSummary {
  const labels = { ...(volume.Labels ?? {}) };
  const summary: VolumeSummary = {
    name: volume.Name,
    driver: volume.Driver,
    mountpoint: volume.Mountpoint,
    labels,
    scope: volume.Scope,
    anonymous: isAnonymousVolume(volume.Name, labels),
    usedBy: users.get(volume.Name) ?? [],
  };
  if (volume.CreatedAt) summary.createdAt = volume.CreatedAt;
  if (labels[LABEL.project]) summary.project = labels[LABEL.project];
  if (sizes) addSize(summary, sizes);
  return summary;
}

function addSize(summary: VolumeSummary, sizes: VolumeSizes): void {
  const size = sizes.sizes.get(summary.name);
  if (size !== undefined) summary.sizeBytes = size;
  else summary.sizeError = sizes.error ?? 'the engine did not report a size for this volume';
}

/** Which containers mount each volume, from the container list (`GET /containers/json?all=1`). */
export function volumeUsers(
  containers: readonly Pick<Docker.ContainerInfo, 'Id' | 'Names' | 'State' | 'Labels' | 'Mounts'>[],
): Map<string, VolumeUser[]> {
  const users = new Map<string, VolumeUser[]>();
  for (const container of containers) {
    // Dockside's own short-lived helpers (browse, export, copy) are not what the user means by "in use".
    if (container.Labels?.[HELPER_LABEL] !== undefined) continue;
    for (const mount of container.Mounts ?? []) {
      if (mount.Type !== 'volume' || !mount.Name) continue;
      const list = users.get(mount.Name) ?? [];
      list.push(volumeUser(container, mount.Destination, !mount.RW));
      users.set(mount.Name, list);
    }
  }
  return users;
}

function volumeUser(
  container: Pick<Docker.ContainerInfo, 'Id' | 'Names' | 'State' | 'Labels'>,
  destination: string,
  readOnly: boolean,
): VolumeUser {
  const user: VolumeUser = {
    containerId: container.Id,
    containerName: containerName(container.Names),
    running: container.State === 'running' || container.State === 'restarting',
    destination,
    readOnly,
  };
  const labels = container.Labels ?? {};
  if (labels[LABEL.project]) user.project = labels[LABEL.project];
  if (labels[LABEL.service]) user.service = labels[LABEL.service];
  return user;
}

/** The engine lists names with a leading slash, and links as extra "/other/alias" names. */
export function containerName(names: readonly string[] | undefined): string {
  const plain = (names ?? []).map((n) => n.replace(/^\//, '')).filter((n) => !n.includes('/'));
  return plain[0] ?? (names?.[0] ?? '').replace(/^\//, '');
}

/** Volume sizes out of `GET /system/df`; a size of -1 means the engine did not compute it. */
export function volumeSizesFromDiskUsage(df: unknown): Map<string, number> {
  const sizes = new Map<string, number>();
  const volumes = (df as { Volumes?: unknown } | undefined)?.Volumes;
  if (!Array.isArray(volumes)) return sizes;
  for (const volume of volumes as { Name?: unknown; UsageData?: { Size?: unknown } | null }[]) {
    const size = volume.UsageData?.Size;
    if (typeof volume.Name === 'string' && typeof size === 'number' && size >= 0) sizes.set(volume.Name, size);
  }
  return sizes;
}
