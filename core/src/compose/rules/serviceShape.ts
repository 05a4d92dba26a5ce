import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { closest } from '../../suggest';
import { isMeantForSwarm } from '../../swarm/meantForSwarm';
import { asRecord, servicesOf } from '../model';
import { quotedList } from './serviceView';

/** A service needs `image` or `build` (unless it inherits one through `extends` or is a provider). */
export const findMissingImage: ComposeRule = (ctx) => {
  const merged = new Map(servicesOf(ctx.project ?? ctx.file));
  return servicesOf(ctx.file).flatMap(([name, service]): Finding[] => {
    // An override file may leave the image to the base file: judge the merged service. A service that
    // extends another gets its image there; when that fails, the "extends" finding says why.
    const whole = merged.get(name) ?? service;
    if (['image', 'build', 'extends', 'provider'].some((key) => whole[key] !== undefined || service[key] !== undefined)) return [];
    // A misspelt "imgae" already gets its own "did you mean" finding; one message is enough.
    if (Object.keys(service).some((key) => closest(key, ['image', 'build']))) return [];
    return [
      {
        code: 'compose/missing-image',
        severity: 'error',
        message: `Service "${name}" has neither "image" nor "build", so Compose does not know what to run.`,
        span: ctx.span(['services', name], 'key'),
      },
    ];
  });
};

function replicasOf(service: Record<string, unknown>): number {
  const replicas = asRecord(service['deploy'])?.['replicas'] ?? service['scale'];
  return typeof replicas === 'number' ? replicas : Number.parseInt(String(replicas ?? '1'), 10) || 1;
}

/** A fixed container name can be used by one container only (Swarm ignores it: swarm/ignored says so). */
export const findContainerNameWithReplicas: ComposeRule = (ctx) =>
  isMeantForSwarm(ctx.documentPath, ctx.file, ctx.project)
    ? []
    : servicesOf(ctx.file).flatMap(([name, service]): Finding[] => {
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

/** The service names a service's `links` name (`db` and `db:alias` both name "db"). */
function linkedServices(service: Record<string, unknown>): string[] {
  const links = service['links'];
  return Array.isArray(links) ? links.flatMap((link) => (typeof link === 'string' ? [link.split(':')[0]!] : [])) : [];
}

/**
 * `network_mode: bridge` moves a service off the project network onto Docker's legacy default bridge,
 * which has no name resolution: only legacy `links` between containers on that bridge resolve names.
 */
export const findLegacyBridgeNetwork: ComposeRule = (ctx) => {
  const services = new Map(servicesOf(ctx.project ?? ctx.file));
  const onBridge = (name: string): boolean => services.get(name)?.['network_mode'] === 'bridge';
  return servicesOf(ctx.file).flatMap(([name, service]): Finding[] => {
    if (service['network_mode'] !== 'bridge') return [];
    const outgoing = linkedServices(services.get(name) ?? service).filter((linked) => services.has(linked));
    const reaches = outgoing.filter(onBridge);
    const refused = outgoing.filter((linked) => !onBridge(linked));
    const reachedBy = [...services]
      .filter(([other, value]) => other !== name && onBridge(other) && linkedServices(value).includes(name))
      .map(([other]) => other);
    const parts = [`Service "${name}" uses "network_mode: bridge", Docker's legacy default network, so it leaves the project network`];
    if (reaches.length === 0 && reachedBy.length === 0) {
      parts[0] += ': other services cannot reach it by name (nor it them).';
    } else {
      parts[0] += ': services on the project network cannot reach it by name.';
      if (reaches.length > 0) parts.push(`Through its "links" it reaches ${quotedList(reaches)}, also on the default bridge.`);
      if (reachedBy.length > 0) parts.push(`${quotedList(reachedBy)} ${reachedBy.length === 1 ? 'reaches' : 'reach'} it through "links".`);
    }
    if (refused.length > 0) {
      parts.push(
        `Its link to ${quotedList(refused)} fails: Docker links only containers on the default bridge, and ${refused.length === 1 ? 'that service is' : 'those services are'} on the project network.`,
      );
    }
    parts.push('Remove the line to use the project network.');
    return [
      {
        code: 'compose/legacy-bridge-network',
        severity: 'warning',
        message: parts.join(' '),
        span: ctx.span(['services', name, 'network_mode'], 'value'),
      },
    ];
  });
};
