/** What the core asks of its host, answered from this machine: files on disk and the environment. */
import { existsSync, readFileSync } from 'node:fs';
import type { ProjectHost } from '@dockside/core';

/** The process environment as Compose would see a shell's: only the variables that have a value. */
export function shellEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * Reads files from disk; with `openText`, an open document's unsaved text wins over the disk (the
 * server: an override file is checked against the base file being edited next to it).
 */
export function diskHost(
  openText: (path: string) => string | undefined = () => undefined,
  options: { readsEnvFiles?: boolean } = {},
): ProjectHost {
  return {
    readsEnvFiles: options.readsEnvFiles ?? true,
    fileExists: (path) => openText(path) !== undefined || existsSync(path),
    readFile: (path) => {
      const open = openText(path);
      if (open !== undefined) return open;
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
export { loadProjectFromDisk } from './loadProjectFromDisk';

export { runBundle } from './codeCache';
