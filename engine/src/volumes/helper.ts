// Short-lived helper containers: the engine's API has no call for a volume's contents, so a container from
// a local image (a setting; never pulled) mounts the volume and the archive API or a fixed argv reads or
// writes it. Every helper is labelled, never attached to a network, and removed afterwards — on success,
// on error and at once on abort — so none is left running or lying around.
import type Docker from 'dockerode';
import { hostname } from 'node:os';
import { Transform, type TransformCallback } from 'node:stream';
import { engineMessage } from '../engine';
import { engineFrames, type EngineFrame } from '../frames';
import { abortError, statusOf } from './errors';
import { VOLUME_MOUNT } from './paths';

export interface HelperOptions {
  /** A local image with busybox-like sh, find, stat (the `dockside-test/busybox:local` kind). */
  helperImage: string;
  signal?: AbortSignal;
  /** Bytes moved so far (for archives: uncompressed tar bytes). */
  onProgress?: (bytes: number) => void;
}

export const HELPER_LABEL = 'dockside.helper';
/** The volume the helper works on; tests and clean-up find a volume's helpers by it. */
export const HELPER_VOLUME_LABEL = 'dockside.helper.volume';
export const HELPER_OPERATION_LABEL = 'dockside.helper.operation';
/** Which process on which machine made the helper, so one left by a crashed window can be told apart. */
export const HELPER_HOST_LABEL = 'dockside.helper.host';
export const HELPER_PID_LABEL = 'dockside.helper.pid';

export interface HelperMount {
  volume: string;
  target: string;
  readOnly: boolean;
}

/** The volume at VOLUME_MOUNT, where every helper works on it. */
export function volumeMount(volume: string, readOnly: boolean): HelperMount[] {
  return [{ volume, target: VOLUME_MOUNT, readOnly }];
}

export interface HelperRun {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

/** Creates a helper mounting `mounts` (not started: the archive API works on a created container), hands it to `use`, and removes it. */
export async function withHelperContainer<T>(
  docker: Docker,
  operation: string,
  mounts: readonly HelperMount[],
  options: HelperOptions & { cmd?: string[] },
  use: (helper: Docker.Container) => Promise<T>,
): Promise<T> {
  const { signal } = options;
  if (signal?.aborted) throw abortError();
  await requireHelperImage(docker, options.helperImage);
  const helper = await docker.createContainer(helperSpec(operation, mounts, options));
  let removal: Promise<void> | undefined;
  const remove = () => (removal ??= removeHelper(helper));
  // An abort starts the removal at once; the finally block below awaits it and reports its failure.
  const removeOnAbort = (): void => void remove().catch(() => undefined);
  signal?.addEventListener('abort', removeOnAbort, { once: true });
  try {
    if (signal?.aborted) throw abortError();
    return await use(helper);
  } catch (error) {
    throw signal?.aborted ? abortError() : error;
  } finally {
    signal?.removeEventListener('abort', removeOnAbort);
    await remove();
  }
}

function helperSpec(
  operation: string,
  mounts: readonly HelperMount[],
  options: HelperOptions & { cmd?: string[] },
): Docker.ContainerCreateOptions {
  return {
    Image: options.helperImage,
    // The image's own entrypoint (if any) is reset, so the argv below runs as given.
    Entrypoint: [''],
    Cmd: options.cmd ?? ['true'],
    User: '0:0',
    WorkingDir: '/',
    NetworkDisabled: true,
    Labels: {
      [HELPER_LABEL]: 'true',
      [HELPER_VOLUME_LABEL]: mounts[0]?.volume ?? '',
      [HELPER_OPERATION_LABEL]: operation,
      [HELPER_HOST_LABEL]: hostname(),
      [HELPER_PID_LABEL]: String(process.pid),
    },
    HostConfig: {
      NetworkMode: 'none',
      Mounts: mounts.map((m) => ({
        Type: 'volume' as const,
        Source: m.volume,
        Target: m.target,
        ReadOnly: m.readOnly,
        // Never copy the image's files at the mount point into an empty volume.
        VolumeOptions: { NoCopy: true } as NonNullable<Docker.MountSettings['VolumeOptions']>,
      })),
    },
  };
}

async function requireHelperImage(docker: Docker, image: string): Promise<void> {
  try {
    await docker.getImage(image).inspect();
  } catch (error) {
    if (statusOf(error) === 404) {
      throw new Error(
        `The helper image ${image} is not on this Docker Engine. Dockside does not pull it: pull or build it, or choose another helper image in the settings.`,
        { cause: error },
      );
    }
    throw new Error(`Could not look up the helper image ${image}: ${engineMessage(error)}`, { cause: error });
  }
}

async function removeHelper(helper: Docker.Container): Promise<void> {
  try {
    await helper.remove({ force: true, v: false });
  } catch (error) {
    // Already gone (404) or already being removed (409) are both the outcome we want.
    if (statusOf(error) !== 404 && statusOf(error) !== 409)
      throw new Error(`Could not remove helper container ${helper.id.slice(0, 12)}: ${engineMessage(error)}`, { cause: error });
  }
}

/**
 * Waits until no helper works in the volume any more (a browse, export or copy still running when the
 * user asks to remove it); throws a plain sentence if one is still at work after `timeoutMs`.
 */
export async function waitForHelpersToFinish(docker: Docker, volume: string, timeoutMs = 10_000): Promise<void> {
  const filters = { label: [`${HELPER_LABEL}=true`], volume: [volume] };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const helpers = await docker.listContainers({ all: true, filters });
    // A helper made on another machine sharing this engine cannot be judged: count it as at work.
    const alive = helpers.filter((c) => c.Labels[HELPER_HOST_LABEL] !== hostname() || processAlive(Number(c.Labels[HELPER_PID_LABEL])));
    for (const orphan of helpers.filter((c) => !alive.includes(c))) await removeHelper(docker.getContainer(orphan.Id));
    if (alive.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Dockside is still reading or writing volume "${volume}" (a browse, export or copy); try again when it has finished.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Removes helpers whose process is gone: a window that crashed or was killed mid-export cannot clean up
 * after itself. Only helpers made on this machine are judged; `labels` narrows further.
 */
export async function removeLeftoverHelpers(docker: Docker, options: { labels?: string[] } = {}): Promise<string[]> {
  const filters = { label: [`${HELPER_LABEL}=true`, `${HELPER_HOST_LABEL}=${hostname()}`, ...(options.labels ?? [])] };
  const helpers = await docker.listContainers({ all: true, filters });
  const orphans = helpers.filter((c) => !processAlive(Number(c.Labels[HELPER_PID_LABEL])));
  for (const orphan of orphans) await removeHelper(docker.getContainer(orphan.Id));
  return orphans.map((c) => c.Id);
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true; // cannot tell: leave it alone
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `cmd` (an argv array: no shell reads it) in a helper and collects what it prints. */
export async function runHelper(
  docker: Docker,
  operation: string,
  mounts: readonly HelperMount[],
  cmd: string[],
  options: HelperOptions,
): Promise<HelperRun> {
  return withHelperContainer(docker, operation, mounts, { ...options, cmd }, async (helper) => {
    const attached = (await helper.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
    const output = collect(attached);
    await helper.start();
    const { StatusCode } = (await helper.wait()) as { StatusCode: number };
    const frames = demultiplex(await output);
    return { exitCode: StatusCode, stdout: frames.stdout, stderr: frames.stderr.toString('utf8').trim() };
  });
}

function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('close', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** The engine's multiplexed stream, each side joined as bytes (a file name may span two frames). */
export function demultiplex(raw: Buffer): { stdout: Buffer; stderr: Buffer } {
  const frames = engineFrames(raw);
  const side = (stream: EngineFrame['stream']): Buffer => Buffer.concat(frames.filter((f) => f.stream === stream).map((f) => f.data));
  return { stdout: side('stdout'), stderr: side('stderr') };
}

/** Passes bytes through, counting them and telling `onProgress` the running total. */
export class ByteCounter extends Transform {
  bytes = 0;

  constructor(private readonly onProgress?: (bytes: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.onProgress?.(this.bytes);
    done(null, chunk);
  }
}
