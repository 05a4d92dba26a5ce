// Getting a service's image onto the engine: kept when present (pull_policy: missing), built from its
// context when it has `build`, else pulled. Build and pull output goes to the caller line by line.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import dockerignore from '@balena/dockerignore';
import type Docker from 'dockerode';
import { pack } from 'tar-fs';
import { isNotFound, StepFailure, reasonOf } from './errors';
import { abortError } from './run';
import type { BuildPlan, ServicePlan } from './stack';
import { followProgress, type ProgressMessage } from './streams';

export interface ImageContext {
  docker: Docker;
  signal?: AbortSignal;
  emitStep: (message: string, service?: string) => void;
  emitOutput: (service: string, line: string) => void;
}

/** Makes sure the service's image exists; returns how it got there. */
export async function ensureImage(ctx: ImageContext, service: ServicePlan): Promise<'present' | 'built' | 'pulled'> {
  const present = await imageExists(ctx.docker, service.image, service.name);
  const mustBuild = service.build !== undefined && (service.pullPolicy === 'build' || !present);
  if (mustBuild) {
    await buildImage(ctx, service.name, service.image, service.build!);
    return 'built';
  }
  if (present && service.pullPolicy !== 'always') return 'present';
  if (service.pullPolicy === 'never')
    throw new StepFailure(
      `Service "${service.name}": image "${service.image}" is not on the engine and pull_policy is "never".`,
      service.name,
    );
  await pullImage(ctx, service.name, service.image);
  return 'pulled';
}

async function imageExists(docker: Docker, image: string, service: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw new StepFailure(`Service "${service}": cannot look up image "${image}": ${reasonOf(error)}.`, service);
  }
}

async function pullImage(ctx: ImageContext, service: string, image: string): Promise<void> {
  ctx.emitStep(`Pulling ${image}`, service);
  try {
    const stream = (await ctx.docker.pull(image, { abortSignal: ctx.signal })) as NodeJS.ReadableStream;
    await followProgress(stream, (message) => ctx.emitOutput(service, pullLine(message)), ctx.signal);
  } catch (error) {
    if (ctx.signal?.aborted) throw abortError();
    throw new StepFailure(
      `Service "${service}": image "${image}" is not on the engine and pulling it failed: ${reasonOf(error)}.`,
      service,
    );
  }
}

function pullLine(message: ProgressMessage): string {
  return [message.id ? `${message.id}:` : '', message.status ?? '', message.progress ?? ''].filter(Boolean).join(' ');
}

async function buildImage(ctx: ImageContext, service: string, image: string, build: BuildPlan): Promise<void> {
  ctx.emitStep(`Building ${image} from ${build.context}`, service);
  if (!existsSync(build.context))
    throw new StepFailure(`Service "${service}": the build context ${build.context} does not exist.`, service);
  try {
    const context = buildContext(build);
    const stream = await ctx.docker.buildImage(context, {
      t: image,
      dockerfile: build.dockerfile,
      buildargs: build.args,
      labels: build.labels,
      ...(build.target ? { target: build.target } : {}),
      abortSignal: ctx.signal,
    } as Docker.ImageBuildOptions);
    await followProgress(
      stream,
      (message) => {
        for (const line of (message.stream ?? message.status ?? '').split('\n')) if (line.trim() !== '') ctx.emitOutput(service, line);
      },
      ctx.signal,
    );
  } catch (error) {
    if (ctx.signal?.aborted) throw abortError();
    throw new StepFailure(`Service "${service}": building image "${image}" failed: ${reasonOf(error)}.`, service);
  }
}

/** The build context as a tar stream, without what `.dockerignore` leaves out (the Dockerfile always goes). */
export function buildContext(build: Pick<BuildPlan, 'context' | 'dockerfile'>): NodeJS.ReadableStream {
  const ignoreFile = join(build.context, '.dockerignore');
  const rules = existsSync(ignoreFile) ? dockerignore().add(readFileSync(ignoreFile, 'utf8')) : undefined;
  const keep = new Set([build.dockerfile.split(sep).join('/'), '.dockerignore']);
  return pack(build.context, {
    ignore: (name) => {
      if (!rules) return false;
      const path = relative(build.context, name).split(sep).join('/');
      return !keep.has(path) && rules.ignores(path);
    },
  });
}
