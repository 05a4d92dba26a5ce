// The Mounts view as plain data: every container with its volumes, bind mounts and tmpfs mounts as
// source → destination (mode), dangerous bind mounts flagged with a warning. No `vscode` import.
import { contextValue, type MountAction } from './contextValues';
import { md, type ItemView } from './itemView';
import type { ContainerFact } from './refreshModel';

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
}
export type MountsNode = MountContainerNode | MountNode;

/** Containers with a dangerous bind mount first, then running ones, then by name. */
export function mountContainerNodes(containers: readonly ContainerMountsLike[]): MountContainerNode[] {
  const rank = (c: ContainerMountsLike): number => (c.mounts.some((m) => m.danger) ? 0 : c.state === 'running' ? 1 : 2);
  return [...containers]
    .sort((a, b) => rank(a) - rank(b) || a.containerName.localeCompare(b.containerName))
    .map((container) => ({ kind: 'mountContainer', container }));
}

/** The containers with what a container event says applied; undefined when none of them changes. */
export function withContainerFact(nodes: readonly MountsNode[], fact: ContainerFact): MountsNode[] | undefined {
  const index = nodes.findIndex((n) => n.kind === 'mountContainer' && n.container.containerId === fact.containerId);
  const node = nodes[index];
  if (node?.kind !== 'mountContainer' || ('running' in fact && node.container.state !== 'running')) return undefined;
  if ('removed' in fact) return nodes.filter((_, i) => i !== index);
  return nodes.map((n, i) => (i === index ? { ...node, container: { ...node.container, state: 'exited' } } : n));
}

export function mountNodes(node: MountContainerNode): MountNode[] {
  return node.container.mounts.map((mount) => ({ kind: 'mount', container: node.container, mount }));
}

export function mountActions(mount: MountLike): MountAction[] {
  if (mount.type === 'volume') return ['inspectVolume'];
  if (mount.type === 'bind') return ['reveal'];
  return [];
}

export function mountLabel(mount: MountLike): string {
  const source =
    mount.type === 'tmpfs'
      ? 'tmpfs'
      : mount.type === 'volume' && /^[0-9a-f]{64}$/.test(mount.source)
        ? `${mount.source.slice(0, 12)}…`
        : mount.source;
  return `${source} → ${mount.destination}`;
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
    const danger = container.mounts.some((m) => m.danger);
    const running = container.state === 'running';
    return {
      id: `mounts:${container.containerId}`,
      label: container.containerName,
      description: containerDescription(container),
      tooltip: `**${md(container.containerName)}** — ${container.state}${danger ? '\n\n$(warning) Mounts a host path that gives the container power over the host.' : ''}`,
      icon: danger
        ? { id: 'warning', color: 'list.warningForeground' }
        : { id: running ? 'vm-running' : 'vm-outline', ...(running ? { color: 'charts.green' } : {}) },
      contextValue: contextValue('mountContainer'),
      collapsible: container.mounts.length === 0 ? 'none' : danger ? 'expanded' : 'collapsed',
    };
  }
  const { mount } = node;
  return {
    id: `mounts:${node.container.containerId}:${mount.destination}`,
    label: mountLabel(mount),
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
