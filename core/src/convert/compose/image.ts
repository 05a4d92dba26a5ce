/** `image`, `build` and `platform`: what the container runs, and on which CPU architecture. */
import { ecrImage } from '../placeholders';
import { asString } from '../values';
import { at, has, setTaskSetting, type ServiceContext, type ServiceMapper } from './context';

const ARCHITECTURES: Record<string, string> = { amd64: 'X86_64', x86_64: 'X86_64', arm64: 'ARM64', aarch64: 'ARM64' };

function mapImage(ctx: ServiceContext): void {
  const image = asString(ctx.service['image']);
  if (image !== undefined && image !== '') {
    ctx.container['image'] = image;
    if (has(ctx, 'build')) {
      ctx.report.note(
        at(ctx, 'build'),
        `ECS does not build images; the task runs "${image}" as it is in its registry.`,
        `Build and push "${image}" before registering the task definition.`,
      );
    }
    return;
  }
  const placeholder = ecrImage(ctx.name);
  ctx.container['image'] = placeholder;
  if (has(ctx, 'build')) {
    ctx.report.error(
      at(ctx, 'build'),
      `Service "${ctx.name}" has only "build", and ECS cannot build images: the task definition names a placeholder image, "${placeholder}".`,
      `Build the image, push it to a registry (e.g. ECR), and set "image" in the Compose file (or replace the placeholder).`,
    );
  } else {
    ctx.report.error(
      at(ctx),
      `Service "${ctx.name}" has no "image"; the task definition names a placeholder image, "${placeholder}".`,
      'Set "image" in the Compose file.',
    );
  }
}

/** `linux/arm64` → runtimePlatform { cpuArchitecture: ARM64, operatingSystemFamily: LINUX }. */
function mapPlatform(ctx: ServiceContext): void {
  const platform = asString(ctx.service['platform']);
  if (platform === undefined) {
    if (has(ctx, 'platform')) ctx.report.drop(at(ctx, 'platform'), 'The platform is not a string.');
    return;
  }
  const [os, architecture, variant] = platform.toLowerCase().split('/');
  const cpuArchitecture = ARCHITECTURES[architecture ?? ''];
  if (os !== 'linux' || !cpuArchitecture || (variant !== undefined && variant !== 'v8')) {
    ctx.report.drop(
      at(ctx, 'platform'),
      `ECS runs Linux tasks on X86_64 or ARM64 only; "${platform}" has no runtimePlatform counterpart.`,
      'For Windows containers set "runtimePlatform" in the top-level x-ecs.',
    );
    return;
  }
  setTaskSetting(
    ctx,
    'runtimePlatform',
    { cpuArchitecture, operatingSystemFamily: 'LINUX' },
    at(ctx, 'platform'),
    'The platform (runtimePlatform)',
    `"${platform}"`,
  );
}

export const imageMapper: ServiceMapper = {
  keys: ['image', 'build', 'platform'],
  map(ctx) {
    mapImage(ctx);
    if (has(ctx, 'platform')) mapPlatform(ctx);
  },
};
