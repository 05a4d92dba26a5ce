/** Loads a Compose project from disk with asynchronous reads, for callers that must not block (the VS Code extension host). */
import { readFile } from 'node:fs/promises';
import { loadProject, type Project, type ProjectHost } from '@dockside/core';
import { diskHost } from './host';

type Request = Omit<Parameters<typeof loadProject>[0], 'host'>;

/** What a read found: the text, or that the path exists but holds none (a folder), or nothing. */
type Found = { exists: true; text?: string } | { exists: false };

async function look(path: string): Promise<Found> {
  try {
    return { exists: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    return (error as { code?: string }).code === 'EISDIR' ? { exists: true } : { exists: false };
  }
}

/** More rounds than any real chain of `include` and `extends` files needs; past them, the rest is read directly. */
const MAX_ROUNDS = 16;

/**
 * The loader is synchronous and learns which files it needs as it goes (`.env`, `extends`, `include`,
 * `env_file`). So it runs over what has been read: every file it asked for that was not read yet is
 * read, all at once and asynchronously, and the load runs again, until it asks for nothing new.
 */
export async function loadProjectFromDisk(request: Request, options: { readsEnvFiles?: boolean } = {}): Promise<Project> {
  const found = new Map<string, Found>();
  let wanted: string[] = [...request.files];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const results = await Promise.all(wanted.map(look));
    wanted.forEach((path, index) => found.set(path, results[index]!));
    const unread = new Set<string>();
    const known = (path: string): Found => {
      const hit = found.get(path);
      if (!hit) unread.add(path);
      return hit ?? { exists: false };
    };
    const host: ProjectHost = {
      readsEnvFiles: options.readsEnvFiles ?? true,
      fileExists: (path) => known(path).exists,
      readFile: (path) => {
        const hit = known(path);
        return hit.exists ? hit.text : undefined;
      },
    };
    const project = loadProject({ ...request, host });
    if (unread.size === 0) return project;
    wanted = [...unread];
  }
  return loadProject({ ...request, host: diskHost(undefined, options) });
}
