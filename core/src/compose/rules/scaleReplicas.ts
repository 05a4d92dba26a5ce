import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asInteger, serviceViews } from './serviceView';

/** `scale` and `deploy.replicas` say the same thing; Compose refuses two different counts. */
export const findScaleReplicasConflict: ComposeRule = (ctx) =>
  serviceViews(ctx).flatMap((service): Finding[] => {
    const scale = asInteger(service.get(['scale']));
    const replicas = asInteger(service.get(['deploy', 'replicas']));
    if (scale === undefined || replicas === undefined || scale === replicas) return [];
    const at = service.writes(['scale']) ? ['scale'] : ['deploy', 'replicas'];
    if (!service.writes(at)) return [];
    return [
      {
        code: 'compose/scale-replicas',
        severity: 'error',
        message: `Service "${service.name}" sets "scale: ${scale}" and "deploy.replicas: ${replicas}"; Compose refuses two different replica counts. Keep one of them.`,
        span: ctx.span(['services', service.name, ...at], 'key'),
      },
    ];
  });
