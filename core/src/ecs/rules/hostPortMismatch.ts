import type { Finding } from '../../types';
import { docPath, type TaskDefinitionRule } from '../context';
import { removeProperties } from '../edits';
import { asNumber, containerLabel, effectiveNetworkMode, portMappingsOf } from '../model';

/**
 * In `awsvpc` and `host` modes a container's ports are the task's own ports: there is no mapping, so
 * `hostPort` may only repeat `containerPort`. With `containerPortRange` ECS assigns host ports itself.
 */
export const findHostPortMismatch: TaskDefinitionRule = (ctx) => {
  const mode = effectiveNetworkMode(ctx.file);
  const mappings = portMappingsOf(ctx.file);
  return mappings.flatMap(({ container, value, path }): Finding[] => {
    const hostPort = asNumber(value['hostPort']);
    if (hostPort === undefined) return [];
    const containerPort = asNumber(value['containerPort']);
    const hasRange = value['containerPortRange'] !== undefined;
    const mismatch = (mode === 'awsvpc' || mode === 'host') && containerPort !== undefined && hostPort !== containerPort && hostPort !== 0;
    if (!hasRange && !mismatch) return [];
    const message = hasRange
      ? `Leave "hostPort" out of a mapping with "containerPortRange" in ${containerLabel(container)}: ECS assigns the host ports of a range itself.`
      : `In "${mode}" network mode "hostPort" must be omitted or equal "containerPort" (${containerPort}), but it is ${hostPort} in ${containerLabel(container)}.`;
    const edits = removeProperties(ctx.doc, ctx.text, [docPath(ctx, [...path, 'hostPort'])]);
    return [
      {
        code: 'ecs/host-port-mismatch',
        severity: 'error',
        message,
        span: ctx.span([...path, 'hostPort'], 'value'),
        fixes: edits.length > 0 ? [{ title: 'Remove "hostPort"', edits, preferred: true }] : undefined,
      },
    ];
  });
};
