// Containers' mounts as plain data, shown in the Stacks view under each service (or container) and under
// "Other containers" for those no stack runs, and in the ECS view under a task's containers: volumes, bind
// mounts and tmpfs mounts as source → destination (mode), dangerous bind mounts flagged with a warning.
// No `vscode` import.
import { contextValue, type MountAction } from './contextValues';
import { md, type ItemView } from './itemView';

/** The fields of the engine module's ContainerMounts this view reads. */
export interface MountLike {
  readonly type: 'volume' | 'bind' | 'tmpfs' | 'npipe';
  readonly source: string;
  readonly destination: string;
  readonly readOnly: boolean;
  readonly mode: string;
  readonly options?: string;
  readonly danger?: string;
}
export interface ContainerMountsLike {
  readonly containerId: string;
  readonly containerName: string;
  readonly project?: string;
  readonly service?: string;
  readonly ecsTask?: string;
  readonly state: string;
  readonly mounts: readonly MountLike[];
}

export interface MountContainerNode {
  readonly kind: 'mountContainer';
  readonly container: ContainerMountsLike;
}
export interface MountNode {
  readonly kind: 'mount';
  readonly container: ContainerMountsLike;
  readonly mount: MountLike;
  /** The stack's project folder: bind mounts from inside it read `./web/static`, as the Compose file writes them. */
  readonly workingDir?: string;
}
export type MountsNode = MountContainerNode | MountNode;

/** Containers with a dangerous bind mount first, then running ones, then by name. */
export function mountContainerNodes(containers: readonly ContainerMountsLike[]): MountContainerNode[] {
  const rank = (c: ContainerMountsLike): number => (c.mounts.some((m) => m.danger) ? 0 : c.state === 'running' ? 1 : 2);
  return [...containers]
    .sort((a, b) => rank(a) - rank(b) || a.containerName.localeCompare(b.containerName))
    .map((container) => ({ kind: 'mountContainer', container }));
}

export function mountNodes(node: MountContainerNode, workingDir?: string): MountNode[] {
  return node.container.mounts.map((mount) => ({ kind: 'mount', container: node.container, mount, ...(workingDir ? { workingDir } : {}) }));
}

export function hasDangerousMount(container: ContainerMountsLike): boolean {
  return container.mounts.some((m) => m.danger);
}

export const DANGER_NOTE = '$(warning) Mounts a host path that gives the container power over the host.';

/** A container's fold: folded when it has children, unfolded when one of them is a dangerous mount, so the warning shows. */
export function foldState(children: number, dangerous: boolean): ItemView['collapsible'] {
  return children === 0 ? 'none' : dangerous ? 'expanded' : 'collapsed';
}

export function mountActions(mount: MountLike): MountAction[] {
  if (mount.type === 'volume') return ['inspectVolume'];
  if (mount.type === 'bind') return ['reveal'];
  return [];
}

export function mountLabel(mount: MountLike, workingDir?: string): string {
  const source =
    mount.type === 'tmpfs'
      ? 'tmpfs'
      : mount.type === 'volume' && /^[0-9a-f]{64}$/.test(mount.source)
        ? `${mount.source.slice(0, 12)}…`
        : mount.type === 'bind' && workingDir
          ? relativeTo(workingDir, mount.source)
          : mount.source;
  return `${source} → ${mount.destination}`;
}

/** `./web/static` for a path inside `folder` (either separator), the path itself elsewhere. */
function relativeTo(folder: string, path: string): string {
  const base = folder.replace(/[\\/]+$/, '');
  if (path === base) return '.';
  const rest = path.startsWith(base) ? path.slice(base.length) : undefined;
  return rest && /^[\\/]/.test(rest) ? `.${rest.replace(/\\/g, '/')}` : path;
}

export function mountDescription(mount: MountLike): string {
  const parts = [mount.type, mount.readOnly ? 'read-only' : 'read-write'];
  if (mount.options) parts.push(mount.options);
  if (mount.danger) parts.push('dangerous');
  return parts.join(' · ');
}

const ICONS: Record<MountLike['type'], string> = { volume: 'database', bind: 'folder', tmpfs: 'chip', npipe: 'plug' };

function containerDescription(container: ContainerMountsLike): string {
  const parts: string[] = [];
  if (container.project) parts.push(container.service ? `${container.project} › ${container.service}` : container.project);
  parts.push(container.state);
  const dangers = container.mounts.filter((m) => m.danger).length;
  parts.push(container.mounts.length === 0 ? 'no mounts' : `${container.mounts.length} mount${container.mounts.length === 1 ? '' : 's'}`);
  if (dangers) parts.push(`${dangers} dangerous`);
  return parts.join(' · ');
}

export function presentMountsNode(node: MountsNode): ItemView {
  if (node.kind === 'mountContainer') {
    const { container } = node;
    const danger = hasDangerousMount(container);
    const running = container.state === 'running';
    return {
      id: `mounts:${container.containerId}`,
      label: container.containerName,
      description: containerDescription(container),
      tooltip: `**${md(container.containerName)}** — ${container.state}${danger ? `\n\n${DANGER_NOTE}` : ''}`,
      icon: danger
        ? { id: 'warning', color: 'list.warningForeground' }
        : { id: running ? 'vm-running' : 'vm-outline', ...(running ? { color: 'charts.green' } : {}) },
      contextValue: contextValue('mountContainer'),
      collapsible: foldState(container.mounts.length, danger),
    };
  }
  const { mount } = node;
  return {
    id: `mounts:${node.container.containerId}:${mount.destination}`,
    label: mountLabel(mount, node.workingDir),
    description: mountDescription(mount),
    tooltip: [
      `**${mount.type}** \`${mount.source || 'tmpfs'}\` → \`${mount.destination}\` (${mount.readOnly ? 'read-only' : 'read-write'}${mount.mode ? `, mode \`${mount.mode}\`` : ''})`,
      ...(mount.danger ? [`$(warning) Mounting \`${mount.source}\` ${md(mount.danger)}`] : []),
    ].join('\n\n'),
    icon: mount.danger ? { id: 'warning', color: 'list.warningForeground' } : { id: ICONS[mount.type] },
    contextValue: contextValue('mount', mountActions(mount)),
    collapsible: 'none',
  };
}
