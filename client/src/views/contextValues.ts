// The contextValue strings the tree items carry and package.json's menus match on. A contextValue is
// the item's kind followed by the actions it offers in its present state, space-separated:
// `stack up down downVolumes restart logs`. Menus match `viewItem =~ /^stack\b.*\bup\b/`, so which
// action shows where is decided here, in tested code, and the manifest only maps actions to commands.

export const ITEM_KINDS = [
  'stack',
  'service',
  'container',
  'volume',
  'volumeUser',
  'volumeDeclaration',
  'volumeFolder',
  'volumeFile',
  'mountContainer',
  'mount',
  'message',
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const STACK_ACTIONS = ['up', 'upProfiles', 'down', 'downVolumes', 'restart', 'logs', 'openFile', 'deploy'] as const;
export const SERVICE_ACTIONS = ['run', 'start', 'stop', 'restart', 'logs', 'shell', 'openPort'] as const;
export const CONTAINER_ACTIONS = ['shell', 'openPort'] as const;
export const VOLUME_ACTIONS = ['inspect', 'export', 'import', 'clone', 'empty', 'download', 'remove'] as const;
export const VOLUME_FILE_ACTIONS = ['open', 'download'] as const;
export const MOUNT_ACTIONS = ['reveal', 'inspectVolume'] as const;

export type StackAction = (typeof STACK_ACTIONS)[number];
export type ServiceAction = (typeof SERVICE_ACTIONS)[number];
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];
export type VolumeAction = (typeof VOLUME_ACTIONS)[number];
export type VolumeFileAction = (typeof VOLUME_FILE_ACTIONS)[number];
export type MountAction = (typeof MOUNT_ACTIONS)[number];

export function contextValue(kind: ItemKind, actions: readonly string[] = []): string {
  return [kind, ...actions].join(' ');
}

/** The `when` fragment a menu entry uses to show `action` on items of `kind`. */
export function menuCondition(kind: ItemKind, action: string): string {
  return `viewItem =~ /^${kind}\\b.*\\b${action}\\b/`;
}

/** Reads a contextValue back (tests, and the package test that checks every action has a menu entry). */
export function parseContextValue(value: string): { kind: string; actions: string[] } {
  const [kind = '', ...actions] = value.split(' ');
  return { kind, actions };
}

/** The command each item action runs; package.json's menus use the same pairs (a test checks). */
export const ACTION_COMMANDS = {
  stack: {
    up: 'dockside.stack.up',
    upProfiles: 'dockside.stack.upWithProfiles',
    down: 'dockside.stack.down',
    downVolumes: 'dockside.stack.downRemoveVolumes',
    restart: 'dockside.stack.restart',
    logs: 'dockside.stack.logs',
    openFile: 'dockside.stack.openFile',
    deploy: 'dockside.aws.deploy',
  },
  service: {
    run: 'dockside.service.run',
    start: 'dockside.service.start',
    stop: 'dockside.service.stop',
    restart: 'dockside.service.restart',
    logs: 'dockside.service.logs',
    shell: 'dockside.service.shell',
    openPort: 'dockside.service.openPort',
  },
  container: {
    shell: 'dockside.container.shell',
    openPort: 'dockside.container.openPort',
  },
  volume: {
    inspect: 'dockside.volume.inspect',
    export: 'dockside.volume.export',
    import: 'dockside.volume.import',
    clone: 'dockside.volume.clone',
    empty: 'dockside.volume.empty',
    download: 'dockside.volume.download',
    remove: 'dockside.volume.remove',
  },
  volumeFile: {
    open: 'dockside.volume.openFile',
    download: 'dockside.volume.downloadFile',
  },
  mount: {
    reveal: 'dockside.mount.reveal',
    inspectVolume: 'dockside.mount.inspectVolume',
  },
} as const satisfies {
  stack: Record<StackAction, string>;
  service: Record<ServiceAction, string>;
  container: Record<ContainerAction, string>;
  volume: Record<VolumeAction, string>;
  volumeFile: Record<VolumeFileAction, string>;
  mount: Record<MountAction, string>;
};
