// What the suites under test/docker share: a Dockerode on the engine `npm test` made sure of, the local
// test image (busybox FROM scratch, see scripts/docker-engine.mjs), unique names so suites can run side
// by side on one engine, and clean-up of everything a suite created (found by its label).
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { resolveEngineAddress, type EngineAddress } from '../../engine/src/connection';
import { createDocker } from '../../engine/src/engine';

export const TEST_IMAGE = 'dockside-test/busybox:local';
/** Every container, volume and network a test creates carries this label, valued with its run id. */
export const TEST_LABEL = 'dockside.test.run';

export function testEngine(): { docker: Docker; address: EngineAddress } {
  const address = resolveEngineAddress({ env: process.env, platform: process.platform });
  return { docker: createDocker(address), address };
}

/** A short unique, lower-case name usable as a Compose project, volume or container name. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** Removes containers, then volumes and networks that carry `label` (`key` or `key=value`). */
export async function removeLabelled(docker: Docker, label: string): Promise<void> {
  const filters = JSON.stringify({ label: [label] });
  for (const info of await docker.listContainers({ all: true, filters })) {
    await docker
      .getContainer(info.Id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
  }
  for (const network of await docker.listNetworks({ filters })) {
    await docker
      .getNetwork(network.Id)
      .remove()
      .catch(() => undefined);
  }
  const { Volumes } = await docker.listVolumes({ filters });
  for (const volume of Volumes ?? [])
    await docker
      .getVolume(volume.Name)
      .remove({ force: true })
      .catch(() => undefined);
}
