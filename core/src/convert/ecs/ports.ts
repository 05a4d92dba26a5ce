/**
 * `portMappings` → `ports`. The short syntax where it says everything ("8080:80/udp", "3000-3005"),
 * the long syntax when the mapping has a name or an application protocol. A port that publishes no
 * host port in ECS publishes none in Compose either (Docker then picks a free host port).
 */
import { asList, asNumber, asRecord, asString, type Json } from '../values';
import { at, type ContainerContext, type ContainerMapper } from './context';

function portEntry(ctx: ContainerContext, mapping: Json, index: number): string | Json | undefined {
  const containerPort = asNumber(mapping['containerPort']);
  const range = asString(mapping['containerPortRange']);
  const hostPort = asNumber(mapping['hostPort']);
  const protocol = asString(mapping['protocol']);
  const target = range ?? (containerPort !== undefined ? String(containerPort) : undefined);
  if (target === undefined) {
    ctx.report.drop(at(ctx, 'portMappings', index), 'This port mapping has no containerPort.');
    return undefined;
  }
  const published = hostPort !== undefined && hostPort !== 0 && range === undefined ? String(hostPort) : undefined;
  const name = asString(mapping['name']);
  const appProtocol = asString(mapping['appProtocol']);
  if (name === undefined && appProtocol === undefined) {
    return `${published !== undefined ? `${published}:` : ''}${target}${protocol !== undefined ? `/${protocol}` : ''}`;
  }
  const long: Json = { target: containerPort ?? target };
  if (published !== undefined) long['published'] = published;
  if (protocol !== undefined) long['protocol'] = protocol;
  if (name !== undefined) long['name'] = name;
  if (appProtocol !== undefined) long['app_protocol'] = appProtocol;
  return long;
}

/** A host port published twice makes `docker compose up` fail ("port is already allocated"). */
function isNewHostPort(ctx: ContainerContext, mapping: Json, index: number): boolean {
  const hostPort = asNumber(mapping['hostPort']);
  if (hostPort === undefined || hostPort === 0 || mapping['containerPortRange'] !== undefined) return true;
  const key = `${hostPort}/${asString(mapping['protocol']) ?? 'tcp'}`;
  if (ctx.publishedPorts.has(key)) {
    ctx.report.drop(at(ctx, 'portMappings', index), `Host port ${key} is already published by this task; Compose cannot publish it twice.`);
    return false;
  }
  ctx.publishedPorts.add(key);
  return true;
}

function mapPorts(ctx: ContainerContext): void {
  const ports = asList(ctx.container['portMappings']).flatMap((entry, index) => {
    const mapping = asRecord(entry);
    return mapping && isNewHostPort(ctx, mapping, index) ? (portEntry(ctx, mapping, index) ?? []) : [];
  });
  if (ports.length > 0) ctx.service['ports'] = ports;
}

export const portsMapper: ContainerMapper = {
  fields: ['portMappings'],
  map: mapPorts,
};
