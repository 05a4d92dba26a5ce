// Every container's mounts — volumes, bind mounts (flagged when the host path is dangerous), tmpfs and
// named pipes — from the engine's container inspect, Dockside's own short-lived volume helpers left out. The danger list is the one the Compose rule uses,
// so the editor and the sidebar never disagree about which host paths are risky.
import type Docker from 'dockerode';
import { dangerOfHostPath } from '@dockside/core';
import { LABEL } from './compose/labels';
import { ECS_LABELS } from './ecs/labels';
import { engineMessage } from './engine';
import { HELPER_LABEL } from './volumes/helper';
import { containerName } from './volumes/summary';

export interface ContainerMount {
  type: 'volume' | 'bind' | 'tmpfs' | 'npipe';
  /** Volume name, host path, or '' for tmpfs. */
  source: string;
  destination: string;
  readOnly: boolean;
  mode: string;
  /** tmpfs size and mode, e.g. "size=64m,mode=1777". */
  options?: string;
  /** Why a bind mount is dangerous. */
  danger?: string;
}

export interface ContainerMounts {
  containerId: string;
  containerName: string;
  project?: string;
  service?: string;
  /** The task a local ECS task's container belongs to (its `com.amazonaws.ecs.task-arn` label). */
  ecsTask?: string;
  state: string;
  mounts: ContainerMount[];
}

/** Pure: why mounting this host path into a container hands it too much, or undefined. */
export function dangerousHostPath(path: string): string | undefined {
  return dangerOfHostPath(path);
}

/** Every container's mounts, or those of the containers that carry `label` (a key, or `key=value`). */
export async function listContainerMounts(docker: Docker, label?: string): Promise<ContainerMounts[]> {
  try {
    const listed = await docker.listContainers({ all: true, ...(label ? { filters: JSON.stringify({ label: [label] }) } : {}) });
    const containers = listed.filter((c) => c.Labels?.[HELPER_LABEL] === undefined);
    const inspected = await Promise.all(containers.map((c) => inspectIfStillThere(docker, c.Id)));
    return inspected
      .filter((info): info is Docker.ContainerInspectInfo => info !== undefined)
      .map(containerMounts)
      .sort((a, b) => a.containerName.localeCompare(b.containerName));
  } catch (error) {
    throw new Error(`Could not list container mounts: ${engineMessage(error)}`, { cause: error });
  }
}

/** A container removed between the list and its inspect is simply no longer listed. */
async function inspectIfStillThere(docker: Docker, id: string): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await docker.getContainer(id).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

type InspectedForMounts = Pick<Docker.ContainerInspectInfo, 'Id' | 'Name' | 'Mounts'> & {
  State: { Status: string };
  Config: { Labels?: Record<string, string> | null };
  HostConfig: { Tmpfs?: Record<string, string> | null; Mounts?: readonly TmpfsMountSetting[] | null };
};
interface TmpfsMountSetting {
  Type: string;
  Target: string;
  ReadOnly?: boolean;
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

/** Pure: one container's inspect answer as its mount list. */
export function containerMounts(info: InspectedForMounts): ContainerMounts {
  const labels = info.Config.Labels ?? {};
  const result: ContainerMounts = {
    containerId: info.Id,
    containerName: containerName([info.Name]),
    state: info.State.Status,
    mounts: mountsOf(info),
  };
  if (labels[LABEL.project]) result.project = labels[LABEL.project];
  if (labels[LABEL.service]) result.service = labels[LABEL.service];
  if (labels[ECS_LABELS.taskArn]) result.ecsTask = labels[ECS_LABELS.taskArn];
  return result;
}

function mountsOf(info: InspectedForMounts): ContainerMount[] {
  const declared = info.HostConfig.Mounts ?? [];
  const mounts = (info.Mounts ?? []).flatMap((m) => listedMount(m, declared));
  // `--tmpfs` (HostConfig.Tmpfs) mounts do not appear under Mounts; `--mount type=tmpfs` ones do.
  for (const [destination, options] of Object.entries(info.HostConfig.Tmpfs ?? {})) {
    if (mounts.some((m) => m.destination === destination)) continue;
    const flags = options.split(',');
    mounts.push({ type: 'tmpfs', source: '', destination, readOnly: flags.includes('ro'), mode: '', ...(options ? { options } : {}) });
  }
  return mounts.sort((a, b) => a.destination.localeCompare(b.destination));
}

function listedMount(m: Docker.ContainerInspectInfo['Mounts'][number], declared: readonly TmpfsMountSetting[]): ContainerMount[] {
  const base = { destination: m.Destination, readOnly: !m.RW, mode: m.Mode ?? '' };
  switch (m.Type) {
    case 'volume':
      return [{ type: 'volume', source: m.Name ?? m.Source, ...base }];
    case 'bind': {
      const danger = dangerousHostPath(m.Source);
      return [{ type: 'bind', source: m.Source, ...base, ...(danger ? { danger } : {}) }];
    }
    case 'npipe':
      return [{ type: 'npipe', source: m.Source, ...base }];
    case 'tmpfs': {
      const options = tmpfsOptions(declared.find((d) => d.Type === 'tmpfs' && d.Target === m.Destination)?.TmpfsOptions);
      return [{ type: 'tmpfs', source: '', ...base, ...(options ? { options } : {}) }];
    }
    default:
      return [];
  }
}

/** `{SizeBytes: 67108864, Mode: 0o1777}` as the `size=64m,mode=1777` the CLI's --tmpfs takes. */
export function tmpfsOptions(options: TmpfsMountSetting['TmpfsOptions']): string | undefined {
  const parts: string[] = [];
  if (options?.SizeBytes) parts.push(`size=${byteSize(options.SizeBytes)}`);
  if (options?.Mode) parts.push(`mode=${options.Mode.toString(8)}`);
  return parts.length > 0 ? parts.join(',') : undefined;
}

function byteSize(bytes: number): string {
  for (const [unit, factor] of [
    ['g', 1024 ** 3],
    ['m', 1024 ** 2],
    ['k', 1024],
  ] as const) {
    if (bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}
