// Pure: paths the user gives inside a volume ("/", "logs/app 1.txt", "/-x") mapped onto where the helper
// container mounts it. Such a path only ever reaches the engine as an API parameter or a single argv
// element, and always absolute under the mount point, so a leading dash can never read as an option.

/** Where helper containers mount the volume they work on. */
export const VOLUME_MOUNT = '/volume';

export class VolumePathError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`"${path}" ${reason}`);
    this.name = 'VolumePathError';
  }
}

/** The path's segments below the volume root; refuses `..` that would climb out of it, and NUL bytes. */
export function volumePathSegments(path: string): string[] {
  if (path.includes('\0')) throw new VolumePathError(path, 'contains a NUL byte, which no file name can.');
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) throw new VolumePathError(path, 'leads outside the volume.');
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  return segments;
}

/** The volume path as the user sees it: "/" for the root, "/logs/app 1.txt" below it. */
export function displayPath(path: string): string {
  return `/${volumePathSegments(path).join('/')}`;
}

/** Where `path` (relative to the volume root) is inside the helper container. */
export function helperPath(path: string): string {
  const segments = volumePathSegments(path);
  return segments.length === 0 ? VOLUME_MOUNT : `${VOLUME_MOUNT}/${segments.join('/')}`;
}

/** A path that must name something below the root (a file to read), not the root itself. */
export function helperFilePath(path: string): string {
  if (volumePathSegments(path).length === 0) throw new VolumePathError(path, 'is the volume itself, not a file in it.');
  return helperPath(path);
}

/** Back from the helper container's path to the volume path the user sees. */
export function fromHelperPath(containerPath: string): string {
  if (containerPath === VOLUME_MOUNT) return '/';
  if (!containerPath.startsWith(`${VOLUME_MOUNT}/`)) throw new Error(`${containerPath} is not inside ${VOLUME_MOUNT}`);
  return containerPath.slice(VOLUME_MOUNT.length);
}
