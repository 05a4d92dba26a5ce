// The Docker Engine the CLI works on, chosen as the docker CLI chooses it: DOCKER_HOST, else the
// default socket. (The editor's `dockside.docker.host` setting is the editor's only.)
import type Docker from 'dockerode';
import { createDocker, probeEngine, resolveEngineAddress } from '@dockside/engine';

/** A connected engine, or why there is none: what was tried, and how to point the CLI elsewhere. */
export async function connectEngine(env: NodeJS.ProcessEnv = process.env): Promise<{ docker: Docker } | { problem: string }> {
  let address;
  try {
    address = resolveEngineAddress({ env, platform: process.platform });
  } catch (error) {
    return { problem: `DOCKER_HOST: ${error instanceof Error ? error.message : String(error)}` };
  }
  const docker = createDocker(address);
  const probe = await probeEngine(docker, address, 'DOCKER_HOST');
  if (probe.connected) return { docker };
  const dockerHost = env['DOCKER_HOST']?.trim();
  const defaultSocket = resolveEngineAddress({ env: {}, platform: process.platform }).label;
  const how = dockerHost
    ? `(DOCKER_HOST is ${dockerHost}; unset it to use the default socket, ${defaultSocket}.)`
    : `(DOCKER_HOST is not set, so the default socket ${defaultSocket} was tried.)`;
  return { problem: `${probe.reason}\n${how}` };
}
