import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { serviceViews } from './serviceView';

/** `build.dockerfile` names a file, `build.dockerfile_inline` gives the text: Compose takes one. */
export const findDockerfileConflict: ComposeRule = (ctx) =>
  serviceViews(ctx).flatMap((service): Finding[] => {
    const file = service.get(['build', 'dockerfile']);
    const inline = service.get(['build', 'dockerfile_inline']);
    if (!file || !inline) return [];
    const at = service.writes(['build', 'dockerfile_inline']) ? 'dockerfile_inline' : 'dockerfile';
    if (!service.writes(['build', at])) return [];
    const other = at === 'dockerfile' ? 'dockerfile_inline' : 'dockerfile';
    return [
      {
        code: 'compose/dockerfile-conflict',
        severity: 'error',
        message: `Service "${service.name}" sets both "build.dockerfile" and "build.dockerfile_inline"; Compose accepts one or the other. Remove one of them.`,
        span: ctx.span(['services', service.name, 'build', at], 'key'),
        related: service.writes(['build', other])
          ? [{ span: ctx.span(['services', service.name, 'build', other], 'key'), message: `"${other}" is set here.` }]
          : undefined,
      },
    ];
  });
