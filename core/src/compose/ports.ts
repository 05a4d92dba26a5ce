/** Compose port mappings, short (`"127.0.0.1:8080-8081:80-81/udp"`) and long syntax, parsed and checked. */

export interface PortRange {
  start: number;
  end: number;
}

export interface PortMapping {
  hostIp?: string;
  published?: PortRange;
  target: PortRange;
  protocol: string;
}

export type PortParse = { ok: true; mapping: PortMapping } | { ok: false; problem: string };

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

function parseRange(text: string, what: string): PortRange | string {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return `"${text}" is not a ${what} port or range`;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  for (const port of [start, end]) {
    if (port < 1 || port > 65535) return `${what} port ${port} is outside 1-65535`;
  }
  if (end < start) return `the ${what} range ${text} runs backwards`;
  return { start, end };
}

function size(range: PortRange): number {
  return range.end - range.start + 1;
}

/** Parses the short syntax `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, with ranges and `[IPv6]`. */
export function parseShortPort(spec: string): PortParse {
  let rest = spec.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
    if (!PROTOCOLS.has(protocol)) return { ok: false, problem: `the protocol "${protocol}" is not tcp, udp or sctp` };
  }
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0 || rest[close + 1] !== ':') return { ok: false, problem: 'an IPv6 host address needs the form [::1]:HOST:CONTAINER' };
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(':');
  if (parts.length > 3 || (hostIp !== undefined && parts.length > 2)) {
    return { ok: false, problem: 'it has too many ":" parts; the form is [HOST_IP:][HOST_PORT:]CONTAINER_PORT' };
  }
  if (parts.length === 3) hostIp = parts.shift();
  const [first, second] = parts;
  const targetText = second ?? first ?? '';
  const publishedText = second === undefined ? undefined : first;
  if (hostIp !== undefined && hostIp !== '' && !isIpAddress(hostIp)) return { ok: false, problem: `"${hostIp}" is not an IP address` };
  const target = parseRange(targetText, 'container');
  if (typeof target === 'string') return { ok: false, problem: target };
  let published: PortRange | undefined;
  if (publishedText !== undefined && publishedText !== '') {
    const parsed = parseRange(publishedText, 'host');
    if (typeof parsed === 'string') return { ok: false, problem: parsed };
    published = parsed;
    if (size(target) > 1 && size(parsed) !== size(target)) {
      return { ok: false, problem: `the host range has ${size(parsed)} ports but the container range has ${size(target)}` };
    }
  }
  return { ok: true, mapping: { hostIp, published, target, protocol } };
}

/** The long syntax `{ target, published, host_ip, protocol }`; values already passed the schema's types. */
export function parseLongPort(entry: Record<string, unknown>): PortParse {
  const target = parseRange(String(entry['target'] ?? ''), 'container');
  if (typeof target === 'string') return { ok: false, problem: target };
  const protocol = typeof entry['protocol'] === 'string' ? entry['protocol'] : 'tcp';
  let published: PortRange | undefined;
  if (entry['published'] !== undefined && entry['published'] !== '') {
    const parsed = parseRange(String(entry['published']), 'host');
    if (typeof parsed === 'string') return { ok: false, problem: parsed };
    published = parsed;
  }
  const hostIp = typeof entry['host_ip'] === 'string' ? entry['host_ip'] : undefined;
  if (hostIp !== undefined && !isIpAddress(hostIp)) return { ok: false, problem: `the host_ip "${hostIp}" is not an IP address` };
  return { ok: true, mapping: { hostIp, published, target, protocol } };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An IPv4 or IPv6 address as Go's net.ParseIP reads one (which Compose uses): "127.0.1" is not one. */
export function isIpAddress(text: string): boolean {
  if (IPV4.test(text)) return true;
  if (!text.includes(':')) return false;
  // IPv6: eight groups of 1-4 hex digits, "::" once for a run of zeros, an IPv4 address as the last two.
  let body = text;
  let groups = 8;
  const last = body.slice(body.lastIndexOf(':') + 1);
  if (last.includes('.')) {
    if (!IPV4.test(last)) return false;
    body = body.slice(0, body.length - last.length) + '0';
    groups = 7;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const parts = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!parts.every((part) => /^[0-9A-Fa-f]{1,4}$/.test(part))) return false;
  return halves.length === 2 ? parts.length < groups : parts.length === groups;
}

/** True when each container port gets its own fixed host port (so two such mappings can collide). */
export function bindsFixedHostPorts(mapping: PortMapping): boolean {
  return mapping.published !== undefined && size(mapping.published) === size(mapping.target);
}

const ANY_ADDRESS = new Set([undefined, '', '0.0.0.0', '::']);

export function hostAddressesOverlap(a?: string, b?: string): boolean {
  return ANY_ADDRESS.has(a) || ANY_ADDRESS.has(b) || a === b;
}
