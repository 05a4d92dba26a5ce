import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { quotedList, serviceViews, UNKNOWN } from './serviceView';

/**
 * `build.platforms` lists what the image is built for; the platform the service runs on (its
 * `platform`, else DOCKER_DEFAULT_PLATFORM) must be one of them, or Compose refuses to build it.
 */
export const findBuildPlatformMismatch: ComposeRule = (ctx) =>
  serviceViews(ctx).flatMap((service): Finding[] => {
    const platforms = service.get(['build', 'platforms']);
    if (!Array.isArray(platforms) || platforms.length === 0 || platforms.some((p) => typeof p !== 'string')) return [];
    const listed = platforms as string[];
    const platform = service.get(['platform']);
    if (platform === UNKNOWN) return [];
    const related = service.writes(['build', 'platforms'])
      ? [{ span: ctx.span(['services', service.name, 'build', 'platforms'], 'key'), message: 'The platforms the image is built for.' }]
      : undefined;
    if (typeof platform === 'string' && platform !== '') {
      if (listed.includes(platform) || !service.writes(['platform'])) return [];
      return [
        {
          code: 'compose/build-platforms',
          severity: 'error',
          message: `Service "${service.name}" runs on platform "${platform}", but its "build.platforms" lists only ${quotedList(listed)}, so Compose refuses to build it. Add "${platform}" to "build.platforms", or change "platform".`,
          span: ctx.span(['services', service.name, 'platform'], 'value'),
          related,
        },
      ];
    }
    const fallback = ctx.variables?.('DOCKER_DEFAULT_PLATFORM')?.value;
    if (!fallback || listed.includes(fallback) || !service.writes(['build', 'platforms'])) return [];
    return [
      {
        code: 'compose/build-platforms',
        severity: 'error',
        message: `DOCKER_DEFAULT_PLATFORM is "${fallback}", which "build.platforms" of service "${service.name}" does not list, so Compose refuses to build it. Add "${fallback}" to "build.platforms", set "platform" on the service, or unset DOCKER_DEFAULT_PLATFORM.`,
        span: ctx.span(['services', service.name, 'build', 'platforms'], 'key'),
      },
    ];
  });
