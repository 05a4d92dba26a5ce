import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asInteger, serviceViews } from './serviceView';

const COUNTS: ReadonlyArray<readonly string[]> = [['scale'], ['deploy', 'replicas']];

/** A replica count below zero: Compose refuses it ("must be greater than or equal to 0"). */
export const findNegativeCounts: ComposeRule = (ctx) =>
  serviceViews(ctx).flatMap((service) =>
    COUNTS.flatMap((keys): Finding[] => {
      const count = asInteger(service.get(keys));
      if (count === undefined || count >= 0 || !service.writes(keys)) return [];
      return [
        {
          code: 'compose/negative-number',
          severity: 'error',
          message: `"${keys.join('.')}" of service "${service.name}" is ${count}; a number of replicas is 0 or more. Use 0 to create no container.`,
          span: ctx.span(['services', service.name, ...keys], 'value'),
        },
      ];
    }),
  );
