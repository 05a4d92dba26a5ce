/**
 * `ports` (short and long syntax) → `portMappings`. In `awsvpc` and `host` mode a container's ports
 * are the task's own, so a published port can only be the container port itself; a different one is
 * reported. Ranges become `containerPortRange`. `expose` needs no ECS field: see keys.ts.
 */
import { parseLongPort, parseShortPort, type PortMapping as ComposePort } from '../../compose/ports';
import type { ReportPath } from '../report';
import { asList, asRecord, asString, type Json } from '../values';
import { at, type PortClaim, type ServiceContext, type ServiceMapper } from './context';

const APP_PROTOCOLS = new Set(['http', 'http2', 'grpc']);
const ANY_ADDRESS = new Set(['', '0.0.0.0', '::']);

interface ReadPort {
  mapping: ComposePort;
  /** Whether the source names the protocol, so the output does too (and only then). */
  explicitProtocol: boolean;
  long?: Json;
}

function readPort(ctx: ServiceContext, entry: unknown, path: ReportPath): ReadPort | undefined {
  const long = asRecord(entry);
  const text = typeof entry === 'number' ? String(entry) : asString(entry);
  const parsed = long ? parseLongPort(long) : text !== undefined ? parseShortPort(text) : undefined;
  if (!parsed || !parsed.ok) {
    ctx.report.drop(
      path,
      `This port cannot be read${parsed && !parsed.ok ? `: ${parsed.problem}` : ''}.`,
      'Write it as "HOST:CONTAINER" or in the long syntax.',
    );
    return undefined;
  }
  const explicitProtocol = long ? long['protocol'] !== undefined && long['protocol'] !== '' : text!.includes('/');
  return { mapping: parsed.mapping, explicitProtocol, ...(long ? { long } : {}) };
}

function sameRange(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start === b.start && a.end === b.end;
}

/** The port(s) this mapping occupies on the task's network, or undefined when it takes none for sure. */
function occupied(ctx: ServiceContext, mapping: Json, read: ReadPort): Omit<PortClaim, 'service'> | undefined {
  const protocol = read.mapping.protocol;
  if (ctx.target.networkMode === 'bridge') {
    const host = typeof mapping['hostPort'] === 'number' ? mapping['hostPort'] : undefined;
    return host ? { start: host, end: host, protocol } : undefined;
  }
  return { start: read.mapping.target.start, end: read.mapping.target.end, protocol };
}

/** Two containers of one task cannot take the same port: the second would fail to bind it. */
function claim(ctx: ServiceContext, mapping: Json, read: ReadPort, path: ReportPath): boolean {
  const wanted = occupied(ctx, mapping, read);
  if (!wanted) return true;
  const clash = ctx.task.ports.find((p) => p.protocol === wanted.protocol && p.start <= wanted.end && wanted.start <= p.end);
  if (clash) {
    const who = clash.service === ctx.name ? 'this service already' : `service "${clash.service}"`;
    ctx.report.drop(
      path,
      `Port ${wanted.start}${wanted.end !== wanted.start ? `-${wanted.end}` : ''}/${wanted.protocol} is already taken by ${who} in this task: the containers of a task share one network, so two cannot listen on the same port.`,
      'Move one of the services to another port, or convert with one task definition per service.',
    );
    return false;
  }
  ctx.task.ports.push({ ...wanted, service: ctx.name });
  return true;
}

function portMapping(ctx: ServiceContext, read: ReadPort, path: ReportPath): Json | undefined {
  const { target, published, protocol, hostIp } = read.mapping;
  if (protocol !== 'tcp' && protocol !== 'udp') {
    ctx.report.drop(path, `ECS maps tcp and udp ports only, not ${protocol}.`);
    return undefined;
  }
  const mapping: Json = {};
  const shared = ctx.target.networkMode !== 'bridge';
  if (target.start !== target.end) {
    mapping['containerPortRange'] = `${target.start}-${target.end}`;
    if (published && !sameRange(published, target)) {
      ctx.report.approximate(
        path,
        `ECS chooses the host ports of a port range itself; the published ports ${published.start}-${published.end} are not kept${shared ? ` (in ${ctx.target.networkMode} mode they are ${target.start}-${target.end})` : ''}.`,
      );
    }
  } else {
    mapping['containerPort'] = target.start;
    if (published) {
      const wanted = published.start;
      if (shared) {
        mapping['hostPort'] = target.start;
        if (wanted !== target.start || published.end !== published.start) {
          ctx.report.approximate(
            path,
            `In ${ctx.target.networkMode} network mode a container's port is the task's port: it is published as ${target.start}, not ${published.start === published.end ? wanted : `${published.start}-${published.end}`}.`,
            `Put a load balancer in front to serve port ${wanted}, or set the top-level x-ecs networkMode to "bridge" (EC2 only).`,
          );
        }
      } else {
        mapping['hostPort'] = wanted;
        if (published.end !== published.start)
          ctx.report.approximate(path, `ECS takes one host port; ${wanted} is used from the range ${published.start}-${published.end}.`);
      }
    }
  }
  if (read.explicitProtocol) mapping['protocol'] = protocol;
  if (hostIp !== undefined && !ANY_ADDRESS.has(hostIp)) {
    ctx.report.approximate(
      path,
      `ECS publishes ports on every address of the task; the host address ${hostIp} is not kept.`,
      'Restrict access with the security group of the task instead.',
    );
  }
  mapLongOnlyFields(ctx, read, mapping, path);
  return mapping;
}

/** `name` and `app_protocol` exist in both; the swarm `mode` has no ECS meaning. */
function mapLongOnlyFields(ctx: ServiceContext, read: ReadPort, mapping: Json, path: ReportPath): void {
  const long = read.long;
  if (!long) return;
  const name = asString(long['name']);
  if (name !== undefined) mapping['name'] = name;
  const appProtocol = asString(long['app_protocol']);
  if (appProtocol !== undefined) {
    if (APP_PROTOCOLS.has(appProtocol)) mapping['appProtocol'] = appProtocol;
    else ctx.report.drop([...path, 'app_protocol'], `ECS knows the application protocols http, http2 and grpc, not "${appProtocol}".`);
  }
  if (long['mode'] !== undefined && long['mode'] !== '' && long['mode'] !== 'ingress') {
    ctx.report.drop([...path, 'mode'], `The port mode "${String(long['mode'])}" is a Swarm setting; ECS has none.`);
  }
}

function mapPorts(ctx: ServiceContext): void {
  const entries = asList(ctx.service['ports']);
  if (entries.length === 0) return;
  if (ctx.target.networkMode === 'none') {
    ctx.report.drop(at(ctx, 'ports'), 'The task has no network ("none" network mode), so no port can be mapped.');
    return;
  }
  const mappings: Json[] = [];
  entries.forEach((entry, index) => {
    const path = at(ctx, 'ports', index);
    const read = readPort(ctx, entry, path);
    if (!read) return;
    const mapping = portMapping(ctx, read, path);
    if (mapping && claim(ctx, mapping, read, path)) mappings.push(mapping);
  });
  if (mappings.length > 0) ctx.container['portMappings'] = mappings;
}

export const portsMapper: ServiceMapper = {
  keys: ['ports'],
  map: mapPorts,
};
