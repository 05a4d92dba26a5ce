// The project's networks and volumes as the engine creates them: `<project>_<key>` unless `name:` says
// otherwise, `external` ones only looked up, each labelled as Compose labels it.
import type Docker from 'dockerode';
import { asBoolean, asRecord, asString, resourceEngineName, type Json } from '@dockside/core';
import { COMPOSE_VERSION, LABEL } from './labels';
import { integerOf, labelsOf, type ModelPath } from './serviceConfig';

export interface NetworkPlan {
  key: string;
  engineName: string;
  external: boolean;
  options: Docker.NetworkCreateOptions;
}

export interface VolumePlan {
  key: string;
  engineName: string;
  external: boolean;
  options: Docker.VolumeCreateOptions;
}

export interface NetworkAttachment {
  /** The key under the top-level `networks:` (`default` for the project network). */
  key: string;
  engineName: string;
  aliases: string[];
  ipv4Address?: string;
  ipv6Address?: string;
}

export function volumePlans(projectName: string, model: Json): VolumePlan[] {
  return Object.entries(asRecord(model['volumes']) ?? {}).map(([key, value]) => {
    const declared = asRecord(value);
    const { engineName, external } = resourceEngineName(projectName, key, declared);
    const options: Docker.VolumeCreateOptions = {
      Name: engineName,
      Driver: asString(declared?.['driver']) ?? 'local',
      DriverOpts: labelsOf(declared?.['driver_opts']),
      Labels: { ...labelsOf(declared?.['labels']), [LABEL.project]: projectName, [LABEL.volume]: key, [LABEL.version]: COMPOSE_VERSION },
    };
    return { key, engineName, external, options };
  });
}

/** Declared networks, plus `default` when a service uses it and the file does not declare it. */
export function networkPlans(projectName: string, model: Json, usedKeys: ReadonlySet<string>): NetworkPlan[] {
  const declared = { ...(asRecord(model['networks']) ?? {}) };
  if (usedKeys.has('default') && !('default' in declared)) declared['default'] = null;
  return Object.entries(declared).map(([key, value]) => {
    const network = asRecord(value);
    const { engineName, external } = resourceEngineName(projectName, key, network);
    const subnets = (
      Array.isArray(asRecord(network?.['ipam'])?.['config']) ? (asRecord(network?.['ipam'])?.['config'] as unknown[]) : []
    ).map(asRecord);
    const options: Docker.NetworkCreateOptions = {
      Name: engineName,
      Driver: asString(network?.['driver']) ?? 'bridge',
      CheckDuplicate: true,
      Internal: asBoolean(network?.['internal']) ?? false,
      Attachable: asBoolean(network?.['attachable']) ?? false,
      EnableIPv6: asBoolean(network?.['enable_ipv6']) ?? false,
      Options: labelsOf(network?.['driver_opts']),
      Labels: { ...labelsOf(network?.['labels']), [LABEL.project]: projectName, [LABEL.network]: key, [LABEL.version]: COMPOSE_VERSION },
      ...(subnets.length > 0
        ? {
            IPAM: {
              Driver: 'default',
              Config: subnets.map((entry) => ({
                Subnet: asString(entry?.['subnet']) ?? '',
                ...(asString(entry?.['gateway']) ? { Gateway: asString(entry?.['gateway']) } : {}),
              })),
            },
          }
        : {}),
    };
    return { key, engineName, external, options };
  });
}

/**
 * The networks a service joins, highest `priority` first (the first one is given at create time).
 * Every container answers to its service name there, as on Compose's networks.
 */
export function serviceNetworkKeys(
  serviceName: string,
  service: Json,
  problems: Array<{ path: ModelPath; message: string }>,
): Array<{ key: string; aliases: string[]; priority: number; ipv4Address?: string; ipv6Address?: string }> {
  if (service['network_mode'] !== undefined) return [];
  const value = service['networks'];
  const entries: Array<[string, Json | undefined]> = Array.isArray(value)
    ? value.map((key) => [String(key), undefined])
    : value === undefined || value === null
      ? [['default', undefined]]
      : Object.entries(asRecord(value) ?? {}).map(([key, options]) => [key, asRecord(options)]);
  const result = entries.map(([key, options]) => {
    const aliases = Array.isArray(options?.['aliases']) ? (options['aliases'] as unknown[]).map(String) : [];
    return {
      key,
      aliases: [serviceName, ...aliases],
      priority: integerOf(options?.['priority']) ?? 0,
      ipv4Address: asString(options?.['ipv4_address']),
      ipv6Address: asString(options?.['ipv6_address']),
    };
  });
  if (entries.length === 0)
    problems.push({ path: ['services', serviceName, 'networks'], message: `Service "${serviceName}" joins no network.` });
  return result.sort((a, b) => b.priority - a.priority);
}
