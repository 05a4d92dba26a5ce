import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { serviceViews, valueAt } from './serviceView';

const LISTS: ReadonlyArray<readonly string[]> = [['environment'], ['build', 'args']];

/** `- NAME = value` in a list: the name would end with a space, which Compose refuses. */
export const findSpacedVariableNames: ComposeRule = (ctx) =>
  serviceViews(ctx).flatMap(({ name, own }) =>
    LISTS.flatMap((keys) => {
      const list = valueAt(own, keys);
      if (!Array.isArray(list)) return [];
      return list.flatMap((entry, index): Finding[] => {
        if (typeof entry !== 'string') return [];
        const variable = entry.split('=')[0]!;
        if (variable === '' || !/\s$/.test(variable)) return [];
        const path = ['services', name, ...keys, index];
        const fixed = entry.includes('=') ? `${variable.trim()}=${entry.slice(entry.indexOf('=') + 1).trimStart()}` : variable.trim();
        return [
          {
            code: 'compose/environment-space',
            severity: 'error',
            message: `"${variable}" ends with a space, so Compose refuses this "${keys.join('.')}" entry of service "${name}". Write "${fixed}", with no spaces around "=".`,
            span: ctx.span(path, 'value'),
          },
        ];
      });
    }),
  );
