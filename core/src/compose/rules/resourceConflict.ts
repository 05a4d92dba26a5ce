import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { byteCount } from '../../convert/units';
import { asInteger, asNumber, serviceViews, type Resolved } from './serviceView';

interface Pair {
  legacy: string;
  deploy: readonly string[];
  read(value: Resolved): number | undefined;
}

const float32 = (value: Resolved): number | undefined => {
  const number = asNumber(value);
  return number === undefined ? undefined : Math.fround(number);
};
const bytes = (value: Resolved): number | undefined =>
  typeof value === 'string' || typeof value === 'number' ? byteCount(value) : undefined;

// Compose compares the values, not their text: "1g" and "1024m" agree.
const PAIRS: readonly Pair[] = [
  { legacy: 'cpus', deploy: ['deploy', 'resources', 'limits', 'cpus'], read: float32 },
  { legacy: 'mem_limit', deploy: ['deploy', 'resources', 'limits', 'memory'], read: bytes },
  { legacy: 'mem_reservation', deploy: ['deploy', 'resources', 'reservations', 'memory'], read: bytes },
  { legacy: 'pids_limit', deploy: ['deploy', 'resources', 'limits', 'pids'], read: asInteger },
];

/** A service-level limit and its `deploy.resources` twin with different values: Compose refuses the pair. */
export const findResourceConflicts: ComposeRule = (ctx) =>
  serviceViews(ctx).flatMap((service) =>
    PAIRS.flatMap(({ legacy, deploy, read }): Finding[] => {
      const first = read(service.get([legacy]));
      const second = read(service.get(deploy));
      // Compose reads 0 as "not set" for the service-level value.
      if (first === undefined || first === 0 || second === undefined || first === second) return [];
      const at = service.writes([legacy]) ? [legacy] : deploy;
      if (!service.writes(at)) return [];
      const text = (keys: readonly string[]): string => String(service.get(keys));
      return [
        {
          code: 'compose/resource-conflict',
          severity: 'error',
          message: `Service "${service.name}" sets "${legacy}: ${text([legacy])}" and "${deploy.join('.')}: ${text(deploy)}"; Compose refuses two different values. Keep one of them ("${deploy.join('.')}" is the current form).`,
          span: ctx.span(['services', service.name, ...at], 'key'),
        },
      ];
    }),
  );
