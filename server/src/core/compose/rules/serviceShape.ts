import type { Finding } from '../../types';
import type { ComposeRule } from '../context';
import { asRecord, servicesOf } from '../model';

/** A service needs `image` or `build` (unless it inherits one through `extends` or is a provider). */
export const findMissingImage: ComposeRule = (ctx) =>
  servicesOf(ctx.file).flatMap(([name, service]): Finding[] => {
    if (['image', 'build', 'extends', 'provider'].some((key) => service[key] !== undefined)) return [];
    return [
      {
        code: 'compose/missing-image',
        severity: 'error',
        message: `Service "${name}" has neither "image" nor "build", so Compose does not know what to run.`,
        span: ctx.span(['services', name], 'key'),
      },
    ];
  });

function replicasOf(service: Record<string, unknown>): number {
  const replicas = asRecord(service['deploy'])?.['replicas'] ?? service['scale'];
  return typeof replicas === 'number' ? replicas : Number.parseInt(String(replicas ?? '1'), 10) || 1;
}

/** A fixed container name can be used by one container only. */
export const findContainerNameWithReplicas: ComposeRule = (ctx) =>
  servicesOf(ctx.file).flatMap(([name, service]): Finding[] => {
    const replicas = replicasOf(service);
    if (service['container_name'] === undefined || replicas <= 1) return [];
    return [
      {
        code: 'compose/container-name-replicas',
        severity: 'error',
        message: `Service "${name}" sets "container_name" but asks for ${replicas} replicas; container names are unique, so only one could start. Remove "container_name" or run one replica.`,
        span: ctx.span(['services', name, 'container_name'], 'key'),
      },
    ];
  });

/** The top-level `version` is obsolete: Compose ignores it and warns. */
export const findObsoleteVersion: ComposeRule = (ctx) =>
  asRecord(ctx.file)?.['version'] === undefined
    ? []
    : [
        {
          code: 'compose/obsolete-version',
          severity: 'hint',
          message: '"version" is obsolete: Compose ignores it and follows the current Compose Specification. You can remove it.',
          span: ctx.span(['version'], 'key'),
          tags: ['deprecated'],
        },
      ];
