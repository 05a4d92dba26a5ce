/** Names and DNS: hostname, extraHosts, dnsServers, dnsSearchDomains, disableNetworking. */
import { asBoolean, asList, asRecord, asString } from '../values';
import { type ContainerContext, type ContainerMapper } from './context';

function strings(value: unknown): string[] {
  return asList(value).flatMap((v) => (typeof v === 'string' ? [v] : []));
}

function mapNetwork(ctx: ContainerContext): void {
  const { container, service } = ctx;
  const hostname = asString(container['hostname']);
  if (hostname !== undefined) service['hostname'] = hostname;
  const hosts = asList(container['extraHosts']).flatMap((entry) => {
    const record = asRecord(entry);
    const name = asString(record?.['hostname']);
    const address = asString(record?.['ipAddress']);
    // "name=address" reads IPv6 addresses unambiguously too.
    return name !== undefined && address !== undefined ? [`${name}=${address}`] : [];
  });
  if (hosts.length > 0) service['extra_hosts'] = hosts;
  const dns = strings(container['dnsServers']);
  if (dns.length > 0) service['dns'] = dns;
  const search = strings(container['dnsSearchDomains']);
  if (search.length > 0) service['dns_search'] = search;
  if (asBoolean(container['disableNetworking']) === true) service['network_mode'] = 'none';
}

export const networkMapper: ContainerMapper = {
  fields: ['hostname', 'extraHosts', 'dnsServers', 'dnsSearchDomains', 'disableNetworking'],
  map: mapNetwork,
};
