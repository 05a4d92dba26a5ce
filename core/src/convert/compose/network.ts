/**
 * Names and namespaces: `hostname`, `extra_hosts`, `dns`, `dns_search`, `network_mode`, `pid`, `ipc`.
 * The task's network mode decides what can be kept: in `awsvpc` (the default) the task takes its
 * name from its network interface and has no /etc/hosts entries of its own; Fargate also sets DNS
 * itself and shares no host namespaces.
 */
import type { ReportPath } from '../report';
import { asRecord, asString, stringOrList } from '../values';
import { at, has, isFargate, setTaskSetting, type ServiceContext, type ServiceMapper } from './context';

function mapHostname(ctx: ServiceContext): void {
  const hostname = asString(ctx.service['hostname']);
  if (hostname === undefined || hostname === '') return;
  const mode = ctx.target.networkMode;
  if (mode === 'bridge' || mode === 'none') ctx.container['hostname'] = hostname;
  else
    ctx.report.drop(
      at(ctx, 'hostname'),
      `ECS cannot set the hostname in ${mode} network mode: the container takes the task's.`,
      'Rely on localhost within the task, or on service discovery between tasks.',
    );
}

/** `["db:10.0.0.2", "db6=::1"]` or `{db: 10.0.0.2}` → [{hostname, ipAddress}]. */
function hostEntries(value: unknown, path: ReportPath): Array<{ hostname: string; ipAddress: string; path: ReportPath }> {
  if (Array.isArray(value)) {
    return value.flatMap((entry, index) => {
      if (typeof entry !== 'string') return [];
      const equals = entry.indexOf('=');
      const at = equals >= 0 ? equals : entry.indexOf(':');
      return at > 0 ? [{ hostname: entry.slice(0, at), ipAddress: entry.slice(at + 1), path: [...path, index] }] : [];
    });
  }
  return Object.entries(asRecord(value) ?? {}).flatMap(([hostname, addresses]) =>
    stringOrList(addresses).flatMap((address) =>
      typeof address === 'string' ? [{ hostname, ipAddress: address, path: [...path, hostname] }] : [],
    ),
  );
}

function mapExtraHosts(ctx: ServiceContext): void {
  if (!has(ctx, 'extra_hosts')) return;
  if (ctx.target.networkMode === 'awsvpc') {
    ctx.report.drop(
      at(ctx, 'extra_hosts'),
      'ECS cannot add /etc/hosts entries in awsvpc network mode.',
      'Use DNS (e.g. a Route 53 private zone) for these names.',
    );
    return;
  }
  const entries = hostEntries(ctx.service['extra_hosts'], at(ctx, 'extra_hosts'));
  if (entries.length > 0) ctx.container['extraHosts'] = entries.map(({ hostname, ipAddress }) => ({ hostname, ipAddress }));
}

function mapDns(ctx: ServiceContext): void {
  for (const [key, field] of [
    ['dns', 'dnsServers'],
    ['dns_search', 'dnsSearchDomains'],
  ] as const) {
    if (!has(ctx, key)) continue;
    if (isFargate(ctx)) {
      ctx.report.drop(
        at(ctx, key),
        `Fargate tasks use the VPC's DNS; ${field} cannot be set.`,
        "Configure DNS with the VPC's DHCP options set or Route 53 Resolver.",
      );
      continue;
    }
    const values = stringOrList(ctx.service[key]).flatMap((v) => (typeof v === 'string' ? [v] : []));
    if (values.length > 0) ctx.container[field] = values;
  }
}

function mapNetworkMode(ctx: ServiceContext): void {
  const mode = asString(ctx.service['network_mode']);
  if (mode === undefined) return;
  const path = at(ctx, 'network_mode');
  if (mode === 'none') {
    if (isFargate(ctx)) ctx.report.drop(path, 'Fargate cannot turn networking off for one container.');
    else ctx.container['disableNetworking'] = true;
    return;
  }
  const shared = /^service:(.+)$/.exec(mode)?.[1];
  if (shared !== undefined && !ctx.target.perService && ctx.target.members.includes(shared) && ctx.target.networkMode !== 'bridge') {
    ctx.report.note(
      path,
      `The containers of one task share a network in ${ctx.target.networkMode} mode already, so "${ctx.name}" shares "${shared}"'s network as asked.`,
    );
    return;
  }
  ctx.report.drop(
    path,
    `ECS sets one network mode for the whole task (here ${ctx.target.networkMode}); "${mode}" cannot be set for one container.`,
    mode === 'host' || mode === 'bridge'
      ? `Set "networkMode": "${mode}" in the top-level x-ecs (EC2 only) if the whole task should use it.`
      : undefined,
  );
}

/** `pid` and `ipc` are task-wide namespaces in ECS: host, or shared by the task's containers. */
function mapNamespace(ctx: ServiceContext, key: 'pid' | 'ipc'): void {
  const value = asString(ctx.service[key]);
  if (value === undefined) return;
  const field = key === 'pid' ? 'pidMode' : 'ipcMode';
  const path = at(ctx, key);
  const other = /^(?:service|container):(.+)$/.exec(value)?.[1];
  let mode: string | undefined;
  if (value === 'host') mode = 'host';
  else if (key === 'ipc' && value === 'none') mode = 'none';
  else if (key === 'ipc' && value === 'private')
    return; // Docker's default: nothing to say.
  else if (value === 'shareable' || (other !== undefined && ctx.target.members.includes(other) && !ctx.target.perService)) mode = 'task';
  if (mode === undefined) {
    ctx.report.drop(path, `ECS shares ${key} namespaces only with the host or among the containers of one task, not as "${value}".`);
    return;
  }
  if (isFargate(ctx) && (mode !== 'task' || key === 'ipc')) {
    ctx.report.drop(path, `Fargate does not support ${field} "${mode}".`);
    return;
  }
  if (mode === 'task')
    ctx.report.approximate(
      path,
      `ECS shares the ${key} namespace among all containers of the task ("${field}": "task"), not only with ${other ?? 'the services that ask'}.`,
    );
  setTaskSetting(ctx, field, mode, path, `The ${key} namespace (${field})`);
}

export const networkMapper: ServiceMapper = {
  keys: ['hostname', 'extra_hosts', 'dns', 'dns_search', 'network_mode', 'pid', 'ipc'],
  map(ctx) {
    mapHostname(ctx);
    mapExtraHosts(ctx);
    mapDns(ctx);
    mapNetworkMode(ctx);
    mapNamespace(ctx, 'pid');
    mapNamespace(ctx, 'ipc');
  },
};
