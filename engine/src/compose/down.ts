// Down: the project's containers (found by label, whatever file made them), then its networks; its
// volumes only when asked. External networks and volumes carry no project label, so they are never
// touched.
import type Docker from 'dockerode';
import { isNotFound, reasonOf, StackError } from './errors';
import { LABEL, projectFilter } from './labels';
import { emitter, throwIfAborted, type RunOptions } from './run';

export interface DownResult {
  containers: string[];
  networks: string[];
  volumes: string[];
}

export async function stackDown(
  docker: Docker,
  projectName: string,
  options: RunOptions & { removeVolumes?: boolean } = {},
): Promise<DownResult> {
  const events = emitter(options);
  const result: DownResult = { containers: [], networks: [], volumes: [] };
  const removed = (): string[] => [
    ...result.containers.map((name) => `container ${name}`),
    ...result.networks.map((name) => `network ${name}`),
    ...result.volumes.map((name) => `volume ${name}`),
  ];
  try {
    const filters = projectFilter(projectName);
    const containers = await docker.listContainers({ all: true, filters });
    const anonymous = options.removeVolumes ? await anonymousVolumesOf(docker, containers) : [];
    await Promise.all(
      containers.map(async (info) => {
        const name = info.Names[0]?.replace(/^\//, '') ?? info.Id;
        throwIfAborted(options.signal);
        events.step(`Removing container ${name}`, info.Labels[LABEL.service]);
        // Stop first, so the container gets its stop signal and grace period, as with Compose.
        if (info.State === 'running') await ignoreGone(docker.getContainer(info.Id).stop());
        await ignoreGone(docker.getContainer(info.Id).remove({ force: true, v: options.removeVolumes === true }));
        result.containers.push(name);
      }),
    );
    for (const network of await docker.listNetworks({ filters })) {
      throwIfAborted(options.signal);
      events.step(`Removing network ${network.Name}`);
      await ignoreGone(docker.getNetwork(network.Id).remove());
      result.networks.push(network.Name);
    }
    if (options.removeVolumes) {
      for (const name of [...(await projectVolumes(docker, projectName)), ...anonymous]) {
        throwIfAborted(options.signal);
        events.step(`Removing volume ${name}`);
        await ignoreGone(docker.getVolume(name).remove());
        result.volumes.push(name);
      }
    }
  } catch (error) {
    throw new StackError(
      `Down of "${projectName}" stopped: ${reasonOf(error)}. Removed so far: ${removed().join(', ') || 'nothing'}.`,
      undefined,
      [],
    );
  }
  result.containers.sort();
  return result;
}

/** The volumes `down --volumes` removes: the project's named volumes and its containers' anonymous ones. */
export async function volumesRemovedByDown(docker: Docker, projectName: string): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: projectFilter(projectName) });
  return [...new Set([...(await projectVolumes(docker, projectName)), ...(await anonymousVolumesOf(docker, containers))])].sort();
}

async function projectVolumes(docker: Docker, projectName: string): Promise<string[]> {
  const { Volumes } = await docker.listVolumes({ filters: projectFilter(projectName) });
  return (Volumes ?? []).map((volume) => volume.Name).sort();
}

/** Volumes mounted without a name (`- /data`): they carry no label and live only with their container. */
async function anonymousVolumesOf(docker: Docker, containers: Docker.ContainerInfo[]): Promise<string[]> {
  const names = containers.flatMap((info) =>
    info.Mounts.filter((mount) => mount.Type === 'volume' && mount.Name && /^[0-9a-f]{64}$/.test(mount.Name)).map((mount) => mount.Name!),
  );
  return [...new Set(names)];
}

async function ignoreGone(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    // Already gone, or already stopped (304): what Down wanted.
    const status = (error as { statusCode?: number }).statusCode;
    if (!isNotFound(error) && status !== 304) throw error;
  }
}
