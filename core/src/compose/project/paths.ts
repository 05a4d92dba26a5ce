/**
 * File-path arithmetic for the project loader. The host decides what paths look like: a Windows host
 * hands us `C:\work\compose.yaml`, everything else `/work/compose.yaml`, so each operation picks the
 * flavour from the path it is given rather than from the platform the core happens to run on.
 */
import { posix, win32 } from 'node:path';

function flavourOf(path: string): typeof posix {
  return /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\') ? win32 : posix;
}

export function isAbsolutePath(path: string): boolean {
  return posix.isAbsolute(path) || win32.isAbsolute(path);
}

export function directoryOf(path: string): string {
  return flavourOf(path).dirname(path);
}

export function baseNameOf(path: string): string {
  return flavourOf(path).basename(path);
}

/** `relative` resolved against the directory `base`; an absolute `relative` stays as it is. */
export function resolvePath(base: string, relative: string): string {
  if (isAbsolutePath(relative)) return flavourOf(relative).normalize(relative);
  return flavourOf(base).join(base, relative);
}

/** Expands a leading `~` with HOME (when the environment has one), as Compose does for host paths. */
export function expandHome(path: string, home: string | undefined): string {
  if (home === undefined || !(path === '~' || path.startsWith('~/') || path.startsWith('~\\'))) return path;
  return resolvePath(home, path.slice(2));
}
