// One Dockerode per engine address, and the plain question "is the engine there, and which is it?".
// No `vscode` import: the CLI, the tests and the extension share this module.
import Docker from 'dockerode';
import type { EngineAddress } from './connection';

export interface EngineInfo {
  readonly version: string;
  readonly apiVersion: string;
  readonly os: string;
  readonly arch: string;
}

export type EngineProbe = { readonly connected: true; readonly info: EngineInfo } | { readonly connected: false; readonly reason: string };

export function createDocker(address: EngineAddress, timeoutMs?: number): Docker {
  return new Docker({ ...address.options, ...(timeoutMs ? { timeout: timeoutMs } : {}) });
}

/**
 * Asks the engine for its version; never throws — a failure comes back as a sentence for the user.
 * `setting` is what points Dockside at another engine where the user is: the editor's setting, or DOCKER_HOST.
 */
export async function probeEngine(docker: Docker, address: EngineAddress, setting?: string): Promise<EngineProbe> {
  try {
    const v = await docker.version();
    return { connected: true, info: { version: v.Version, apiVersion: v.ApiVersion, os: v.Os, arch: v.Arch } };
  } catch (error) {
    return { connected: false, reason: explainEngineError(error, address, setting) };
  }
}

/** Turns socket-level errors into what the user should check. */
export function explainEngineError(error: unknown, address: EngineAddress, setting = 'dockside.docker.host'): string {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `No Docker Engine socket at ${address.label}. Start Docker (or dockerd), or set ${setting}.`;
    case 'ECONNREFUSED':
      return `The Docker Engine at ${address.label} refused the connection. Is it running?`;
    case 'EACCES':
      return `Permission denied on ${address.label}. Add your user to the "docker" group (then log in again) or use a rootless engine.`;
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return `The Docker Engine at ${address.label} did not answer in time.`;
    default:
      return `Cannot reach the Docker Engine at ${address.label}: ${engineMessage(error)}`;
  }
}

/** The engine's own message out of a dockerode error (its JSON body), else the error's message. */
export function engineMessage(error: unknown): string {
  const e = error as { json?: { message?: string }; reason?: string; message?: string } | undefined;
  const fromBody = e?.json?.message;
  if (typeof fromBody === 'string' && fromBody) return fromBody;
  const message = e?.message ?? String(error);
  // dockerode prefixes "(HTTP code 404) no such container - " before the engine's text.
  return message.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}
