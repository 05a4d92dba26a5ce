// The Volumes view as plain data: every volume on the engine with its driver, size, stack and users;
// under it the containers that use it, the Compose services in the workspace that declare it, and its
// files (listed lazily by the helper container). No `vscode` import.
import { contextValue, VOLUME_ACTIONS, VOLUME_FILE_ACTIONS } from './contextValues';
import { formatBytes, listNames, md, type ItemView } from './itemView';
import type { ContainerFact } from './refreshModel';
import { describeVolumeUser, type VolumeUserLike } from './safetyModel';
import type { SourcePoint, WorkspaceStack } from './workspaceModel';

/** The fields of the engine module's VolumeSummary this view reads. */
export interface VolumeLike {
  readonly name: string;
  readonly driver: string;
  readonly mountpoint: string;
  readonly createdAt?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly scope: string;
  readonly anonymous: boolean;
  readonly project?: string;
  readonly sizeBytes?: number;
  readonly sizeError?: string;
  readonly usedBy: ReadonlyArray<
    VolumeUserLike & { readonly containerId: string; readonly destination: string; readonly readOnly: boolean }
  >;
}

/** The fields of the engine module's VolumeEntry this view reads. */
export interface VolumeEntryLike {
  readonly name: string;
  /** From the volume's root: `/`, `/data/db`. */
  readonly path: string;
  readonly type: 'file' | 'directory' | 'symlink' | 'other';
  readonly size: number;
  readonly modified?: string;
}

export interface Declaration {
  readonly project: string;
  readonly service: string;
  readonly source?: SourcePoint;
}

export interface VolumeNode {
  readonly kind: 'volume';
  readonly volume: VolumeLike;
  readonly declarations: readonly Declaration[];
  readonly showSize: boolean;
}
export interface VolumeUserNode {
  readonly kind: 'volumeUser';
  readonly volume: string;
  readonly user: VolumeLike['usedBy'][number];
}
export interface VolumeDeclarationNode {
  readonly kind: 'volumeDeclaration';
  readonly volume: string;
  readonly declaration: Declaration;
}
export interface VolumeFolderNode {
  readonly kind: 'volumeFolder';
  readonly volume: string;
  readonly path: string;
  readonly name: string;
}
export interface VolumeFileNode {
  readonly kind: 'volumeFile';
  readonly volume: string;
  readonly entry: VolumeEntryLike;
}
export type VolumesNode = VolumeNode | VolumeUserNode | VolumeDeclarationNode | VolumeFolderNode | VolumeFileNode;

/** The workspace's services that mount each engine volume, by the volume's engine name. */
export function declarationsByVolume(stacks: readonly WorkspaceStack[]): Map<string, Declaration[]> {
  const byName = new Map<string, Declaration[]>();
  for (const stack of stacks) {
    for (const volume of stack.volumes) {
      const declarations = volume.services.map((s) => ({
        project: stack.projectName,
        service: s.name,
        ...(s.source ? { source: s.source } : {}),
      }));
      byName.set(volume.engineName, [...(byName.get(volume.engineName) ?? []), ...declarations]);
    }
  }
  return byName;
}

/** Named volumes first, by stack then name; anonymous ones (hash names) at the end. */
export function volumeNodes(volumes: readonly VolumeLike[], stacks: readonly WorkspaceStack[], showSize: boolean): VolumeNode[] {
  const declarations = declarationsByVolume(stacks);
  return [...volumes]
    .sort(
      (a, b) =>
        Number(a.anonymous) - Number(b.anonymous) || (a.project ?? '').localeCompare(b.project ?? '') || a.name.localeCompare(b.name),
    )
    .map((volume) => ({ kind: 'volume', volume, declarations: declarations.get(volume.name) ?? [], showSize }));
}

/** The volumes with what a container event says applied to their users; undefined when no volume changes. */
export function withContainerFact(nodes: readonly VolumesNode[], fact: ContainerFact): VolumesNode[] | undefined {
  let changed = false;
  const result = nodes.map((node) => {
    if (node.kind !== 'volume' || !node.volume.usedBy.some((u) => u.containerId === fact.containerId && ('removed' in fact || u.running)))
      return node;
    changed = true;
    const usedBy =
      'removed' in fact
        ? node.volume.usedBy.filter((u) => u.containerId !== fact.containerId)
        : node.volume.usedBy.map((u) => (u.containerId === fact.containerId ? { ...u, running: false } : u));
    return { ...node, volume: { ...node.volume, usedBy } };
  });
  return changed ? result : undefined;
}

export function volumeChildren(node: VolumeNode): VolumesNode[] {
  return [
    ...node.volume.usedBy.map((user): VolumeUserNode => ({ kind: 'volumeUser', volume: node.volume.name, user })),
    ...node.declarations.map((declaration): VolumeDeclarationNode => ({
      kind: 'volumeDeclaration',
      volume: node.volume.name,
      declaration,
    })),
    { kind: 'volumeFolder', volume: node.volume.name, path: '/', name: 'Files' },
  ];
}

/** A folder's listing: folders first, then files, each by name. */
export function entryNodes(volume: string, entries: readonly VolumeEntryLike[]): Array<VolumeFolderNode | VolumeFileNode> {
  return [...entries]
    .sort((a, b) => Number(a.type !== 'directory') - Number(b.type !== 'directory') || a.name.localeCompare(b.name))
    .map((entry) =>
      entry.type === 'directory'
        ? { kind: 'volumeFolder', volume, path: entry.path, name: entry.name }
        : { kind: 'volumeFile', volume, entry },
    );
}

export function inUseBy(volume: VolumeLike): string {
  return listNames(volume.usedBy.map(describeVolumeUser));
}

export function volumeLabel(volume: VolumeLike): string {
  return volume.anonymous ? `${volume.name.slice(0, 12)}…` : volume.name;
}

function sizeText(volume: VolumeLike): string | undefined {
  if (volume.sizeBytes !== undefined) return formatBytes(volume.sizeBytes);
  return volume.sizeError ? 'size unknown' : undefined;
}

export function volumeDescription(node: VolumeNode): string {
  const { volume } = node;
  const parts: string[] = [];
  if (volume.project) parts.push(`stack ${volume.project}`);
  if (volume.anonymous) parts.push('anonymous');
  if (volume.driver !== 'local') parts.push(volume.driver);
  const size = node.showSize ? sizeText(volume) : undefined;
  if (size) parts.push(size);
  parts.push(volume.usedBy.length ? `in use by ${inUseBy(volume)}` : 'unused');
  return parts.join(' · ');
}

function volumeTooltip(node: VolumeNode): string {
  const { volume } = node;
  const rows: Array<[string, string]> = [
    ['Driver', volume.driver],
    ['Scope', volume.scope],
    ['Mountpoint', `\`${volume.mountpoint}\``],
  ];
  if (volume.createdAt) rows.push(['Created', volume.createdAt]);
  if (volume.project) rows.push(['Stack', md(volume.project)]);
  if (volume.sizeBytes !== undefined) rows.push(['Size', formatBytes(volume.sizeBytes)]);
  else if (volume.sizeError) rows.push(['Size', md(volume.sizeError)]);
  rows.push(['In use by', volume.usedBy.length ? md(inUseBy(volume)) : 'no container']);
  if (node.declarations.length)
    rows.push([
      'Declared by',
      md(
        listNames(
          node.declarations.map((d) => `${d.project} › ${d.service}`),
          5,
        ),
      ),
    ]);
  const labels = Object.entries(volume.labels);
  if (labels.length) rows.push(['Labels', labels.map(([k, v]) => `\`${k}=${v}\``).join('<br>')]);
  return [
    `**${md(volume.name)}**${volume.anonymous ? ' (anonymous)' : ''}`,
    '',
    '| | |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ].join('\n');
}

function modeText(user: VolumeUserNode['user']): string {
  return `${user.destination}${user.readOnly ? ' (read-only)' : ''}`;
}

export function presentVolumesNode(node: VolumesNode): ItemView {
  switch (node.kind) {
    case 'volume': {
      const running = node.volume.usedBy.some((u) => u.running);
      return {
        id: `volume:${node.volume.name}`,
        label: volumeLabel(node.volume),
        description: volumeDescription(node),
        tooltip: volumeTooltip(node),
        icon: { id: 'database', ...(running ? { color: 'charts.green' } : node.volume.anonymous ? { color: 'disabledForeground' } : {}) },
        contextValue: contextValue('volume', VOLUME_ACTIONS),
        collapsible: 'collapsed',
      };
    }
    case 'volumeUser':
      return {
        id: `volume:${node.volume}:user:${node.user.containerId}:${node.user.destination}`,
        label: node.user.containerName,
        description: `${node.user.running ? 'running' : 'stopped'} · ${modeText(node.user)}`,
        tooltip: `${md(describeVolumeUser(node.user))} mounts it at \`${node.user.destination}\`${node.user.readOnly ? ', read-only' : ''}.`,
        icon: { id: node.user.running ? 'vm-running' : 'vm-outline', ...(node.user.running ? { color: 'charts.green' } : {}) },
        contextValue: contextValue('volumeUser'),
        collapsible: 'none',
      };
    case 'volumeDeclaration': {
      const { declaration } = node;
      return {
        id: `volume:${node.volume}:declared:${declaration.project}/${declaration.service}`,
        label: `${declaration.project} › ${declaration.service}`,
        description: 'declared in the workspace',
        tooltip: declaration.source
          ? `Service **${md(declaration.service)}** mounts it in \`${declaration.source.file}\`. Click to open.`
          : `Service **${md(declaration.service)}** mounts it.`,
        icon: { id: 'symbol-class' },
        contextValue: contextValue('volumeDeclaration'),
        collapsible: 'none',
        ...(declaration.source
          ? { command: { id: 'dockside.openSource', title: 'Open in the Compose file', arguments: [declaration.source] } }
          : {}),
      };
    }
    case 'volumeFolder':
      return {
        id: `volume:${node.volume}:files:${node.path}`,
        label: node.name,
        ...(node.path === '/' ? { description: 'browse the files inside' } : {}),
        icon: { id: node.path === '/' ? 'files' : 'folder' },
        contextValue: contextValue('volumeFolder'),
        collapsible: 'collapsed',
      };
    case 'volumeFile': {
      const { entry } = node;
      const file = entry.type === 'file';
      return {
        id: `volume:${node.volume}:files:${entry.path}`,
        label: entry.name,
        description: entry.type === 'symlink' ? 'symbolic link' : file ? formatBytes(entry.size) : entry.type,
        tooltip: `\`${entry.path}\` in volume **${md(node.volume)}**${entry.modified ? `, modified ${entry.modified}` : ''}`,
        icon: { id: entry.type === 'symlink' ? 'file-symlink-file' : 'file' },
        contextValue: contextValue('volumeFile', file ? VOLUME_FILE_ACTIONS : []),
        collapsible: 'none',
        ...(file ? { command: { id: 'dockside.volume.openFile', title: 'Open read-only', arguments: [node] } } : {}),
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Input for "Create Volume" and "Clone Volume"

/** Why the engine would refuse this volume name, or undefined when it is fine (the engine's own rule). */
export function volumeNameProblem(name: string, existing: readonly string[] = []): string | undefined {
  if (!name) return 'Give the volume a name.';
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name))
    return 'Use at least two letters, digits, "_", "." or "-", starting with a letter or digit.';
  if (existing.includes(name)) return `A volume named "${name}" already exists.`;
  return undefined;
}

/** `env=dev, owner=me` → { env: 'dev', owner: 'me' }; a problem sentence when a pair has no key. */
export function parseLabels(text: string): { labels: Record<string, string> } | { problem: string } {
  const labels: Record<string, string> = {};
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const equals = pair.indexOf('=');
    const key = (equals < 0 ? pair : pair.slice(0, equals)).trim();
    if (!key || /\s/.test(key)) return { problem: `"${pair}" is not a label: write key=value, separated by commas.` };
    labels[key] = equals < 0 ? '' : pair.slice(equals + 1).trim();
  }
  return { labels };
}

/** A free name for a copy: `data-copy`, then `data-copy-2`, … */
export function cloneName(source: string, existing: readonly string[]): string {
  const taken = new Set(existing);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${source}-copy` : `${source}-copy-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
