import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { asNumber, asString, containerLabel, effectiveNetworkMode, portMappingsOf, type PortMapping } from '../model';

/**
 * Which port a mapping occupies on the shared network. In `awsvpc` and `host` modes the containers of
 * a task share one network stack, so the container port is the one taken; in `bridge` mode only a
 * fixed host port is (0 or omitted asks for a free one).
 */
function occupiedPort(mode: string, mapping: PortMapping): { field: 'containerPort' | 'hostPort'; port: number } | undefined {
  if (mode === 'awsvpc' || mode === 'host') {
    const port = asNumber(mapping.value['containerPort']);
    return port === undefined ? undefined : { field: 'containerPort', port };
  }
  if (mode !== 'bridge') return undefined;
  const port = asNumber(mapping.value['hostPort']);
  return port === undefined || port === 0 ? undefined : { field: 'hostPort', port };
}

/** Mappings that say the same thing: same container, ports and protocol (tcp when omitted). */
function sameMapping(a: PortMapping, b: PortMapping): boolean {
  const signature = (m: PortMapping): string =>
    JSON.stringify([m.value['containerPort'], m.value['hostPort'], m.value['protocol'] ?? 'tcp']);
  return a.container === b.container && signature(a) === signature(b);
}

/**
 * Two mappings that take the same port and protocol: the second cannot bind it, and the task fails to
 * start. A mapping repeated word for word in one container is only redundant: a warning.
 */
export const findDuplicatePorts: TaskDefinitionRule = (ctx) => {
  const mode = effectiveNetworkMode(ctx.file);
  const first = new Map<string, PortMapping>();
  const findings: Finding[] = [];
  for (const mapping of portMappingsOf(ctx.file)) {
    const occupied = occupiedPort(mode, mapping);
    if (!occupied) continue;
    const protocol = asString(mapping.value['protocol']) ?? 'tcp';
    const key = `${occupied.port}/${protocol}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, mapping);
      continue;
    }
    const where = earlier.container === mapping.container ? 'earlier in the same container' : `by ${containerLabel(earlier.container)}`;
    const repeated = sameMapping(earlier, mapping);
    findings.push({
      code: 'ecs/duplicate-port',
      severity: repeated ? 'warning' : 'error',
      message: repeated
        ? `This port mapping of ${containerLabel(mapping.container)} repeats an earlier one (${key}); remove it.`
        : `Port ${key} of ${containerLabel(mapping.container)} is already taken ${where}; in "${mode}" network mode two mappings cannot use the same ${occupied.field === 'hostPort' ? 'host port' : 'port'}.`,
      span: ctx.span([...mapping.path, occupied.field], 'value'),
      related: [{ span: ctx.span([...earlier.path, occupied.field], 'value'), message: `${key} is first used here.` }],
    });
  }
  return findings;
};
