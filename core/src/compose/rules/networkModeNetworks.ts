import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asRecord } from '../model';
import { serviceViews } from './serviceView';

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  const record = asRecord(value);
  return record !== undefined && Object.keys(record).length === 0;
}

/** `network_mode` already decides a service's network, so Compose refuses `networks` beside it. */
export const findNetworkModeWithNetworks: ComposeRule = (ctx) =>
  serviceViews(ctx).flatMap((service): Finding[] => {
    const mode = service.get(['network_mode']);
    if (typeof mode !== 'string' || mode === '' || isEmpty(service.get(['networks']))) return [];
    const at = service.writes(['networks']) ? 'networks' : 'network_mode';
    if (!service.writes([at])) return [];
    return [
      {
        code: 'compose/network-mode-networks',
        severity: 'error',
        message: `Service "${service.name}" sets both "network_mode: ${mode}" and "networks"; Compose refuses the pair, since network_mode already decides its network. Remove "networks", or remove "network_mode" to join those networks.`,
        span: ctx.span(['services', service.name, at], 'key'),
      },
    ];
  });
