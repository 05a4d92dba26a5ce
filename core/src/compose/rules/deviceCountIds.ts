import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asRecord } from '../model';
import { serviceViews, valueAt } from './serviceView';

const DEVICE_LISTS: ReadonlyArray<readonly string[]> = [['deploy', 'resources', 'reservations', 'devices'], ['gpus']];

/** A device request takes `count` (any N devices) or `device_ids` (these ones), not both. */
export const findDeviceCountWithIds: ComposeRule = (ctx) =>
  serviceViews(ctx).flatMap(({ name, own }) =>
    DEVICE_LISTS.flatMap((keys) => {
      const list = valueAt(own, keys);
      if (!Array.isArray(list)) return [];
      return list.flatMap((entry, index): Finding[] => {
        const device = asRecord(entry);
        if (!device || device['count'] === undefined || device['device_ids'] === undefined) return [];
        return [
          {
            code: 'compose/device-count-ids',
            severity: 'error',
            message: `A device request of service "${name}" sets both "count" and "device_ids"; Compose takes one or the other. Keep "count" to ask for any N devices, or "device_ids" to name them.`,
            span: ctx.span(['services', name, ...keys, index, 'device_ids'], 'key'),
          },
        ];
      });
    }),
  );
