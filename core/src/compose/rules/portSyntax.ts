import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asRecord, hasInterpolation, servicesOf } from '../model';
import { bindsFixedHostPorts, hostAddressesOverlap, parseLongPort, parseShortPort, type PortMapping } from '../ports';
import type { Path } from '../../types';

interface Published {
  service: string;
  path: Path;
  mapping: PortMapping;
  /** One service's one binding: Compose merges entries that are equal in all. */
  key: string;
}

interface Malformed {
  service: string;
  path: Path;
  entry: unknown;
  problem: string;
}

/**
 * Every port entry of every service of a file's value, parsed: read once per value, since two rules
 * ask for this file's and one for the project's (like servicesOf, it takes the value as unchanging).
 */
const portsCache = new WeakMap<object, { published: Published[]; malformed: Malformed[] }>();

function readPorts(file: unknown): { published: Published[]; malformed: Malformed[] } {
  const record = asRecord(file);
  const hit = record && portsCache.get(record);
  if (hit) return hit;
  const published: Published[] = [];
  const malformed: Malformed[] = [];
  for (const [name, service] of servicesOf(file)) {
    const ports = service['ports'];
    if (!Array.isArray(ports)) continue;
    ports.forEach((entry, i) => {
      const path = ['services', name, 'ports', i];
      let parsed;
      if (typeof entry === 'string') {
        if (hasInterpolation(entry)) return;
        parsed = parseShortPort(entry);
      } else if (typeof entry === 'number') {
        parsed = parseShortPort(String(entry));
      } else {
        const long = asRecord(entry);
        if (!long || Object.values(long).some((v) => typeof v === 'string' && hasInterpolation(v))) return;
        parsed = parseLongPort(long);
      }
      if (parsed.ok)
        published.push({ service: name, path, mapping: parsed.mapping, key: `${name}\u0000${JSON.stringify(parsed.mapping)}` });
      else malformed.push({ service: name, path, entry, problem: parsed.problem });
    });
  }
  const ports = { published, malformed };
  if (record) portsCache.set(record, ports);
  return ports;
}

/** Malformed port strings: Compose rejects the whole file for one of them. */
export const findPortSyntaxErrors: ComposeRule = (ctx) =>
  readPorts(ctx.file).malformed.map(({ service, path, entry, problem }) => ({
    code: 'compose/port-syntax',
    severity: 'error',
    message: `Port "${typeof entry === 'object' ? JSON.stringify(entry) : String(entry)}" in service "${service}" is malformed: ${problem}.`,
    span: ctx.span(path, 'auto'),
  }));

function describeHost(m: PortMapping): string {
  const range = m.published!;
  const port = range.start === range.end ? `${range.start}` : `${range.start}-${range.end}`;
  return `${m.hostIp ? `${m.hostIp}:` : ''}${port}/${m.protocol}`;
}

/** Two fixed bindings of the same host port: the second container fails with "port is already allocated". */
export const findDuplicateHostPorts: ComposeRule = (ctx) => {
  const fixed = readPorts(ctx.file).published.filter((p) => bindsFixedHostPorts(p.mapping));
  const findings: Finding[] = [];
  // Index earlier bindings by protocol and port, so a file with thousands of services stays linear.
  const byPort = new Map<string, Published[]>();
  for (const later of fixed) {
    const range = later.mapping.published!;
    let earlier: Published | undefined;
    for (let port = range.start; port <= range.end && !earlier; port++) {
      // Compose publishes an entry repeated in one service once: only a different binding collides.
      earlier = byPort
        .get(`${later.mapping.protocol}:${port}`)
        ?.find((p) => hostAddressesOverlap(p.mapping.hostIp, later.mapping.hostIp) && p.key !== later.key);
    }
    for (let port = range.start; port <= range.end; port++) {
      const key = `${later.mapping.protocol}:${port}`;
      const list = byPort.get(key);
      if (list) list.push(later);
      else byPort.set(key, [later]);
    }
    if (earlier) findings.push(duplicateFinding(ctx, later, earlier));
  }
  return [...findings, ...crossFileDuplicates(ctx, fixed, findings)];
};

/**
 * In a project of several files, a binding in this file may collide with one another file adds
 * (the base publishes 8080 for "web", the override 8080 for "api"). Compose merges identical
 * entries of one service, so only a different service or a different mapping collides; the
 * collision is reported on the binding that comes second in the merged project.
 */
function crossFileDuplicates(ctx: Parameters<ComposeRule>[0], own: Published[], already: Finding[]): Finding[] {
  if (!ctx.project) return [];
  const reported = new Set(already.map((f) => `${f.span[0]}:${f.span[1]}`));
  const ownKeys = new Set(own.map((binding) => binding.key));
  const merged = readPorts(ctx.project).published.filter((p) => bindsFixedHostPorts(p.mapping));
  // Where each binding sits in the merged project, and the other files' bindings by protocol and port.
  const position = new Map<string, number>();
  const others = new Map<string, Array<{ at: number; binding: Published }>>();
  merged.forEach((binding, at) => {
    const key = binding.key;
    if (!position.has(key)) position.set(key, at);
    if (ownKeys.has(key)) return;
    const range = binding.mapping.published!;
    for (let port = range.start; port <= range.end; port++) {
      const slot = `${binding.mapping.protocol}:${port}`;
      const list = others.get(slot);
      if (list) list.push({ at, binding });
      else others.set(slot, [{ at, binding }]);
    }
  });
  const findings: Finding[] = [];
  for (const binding of own) {
    // Not in the merged project (a later file reset it): nothing to collide. This file's own
    // collisions are the rule above's.
    const at = position.get(binding.key);
    if (at === undefined) continue;
    const range = binding.mapping.published!;
    let other: Published | undefined;
    for (let port = range.start; port <= range.end && !other; port++) {
      other = others
        .get(`${binding.mapping.protocol}:${port}`)
        ?.find((candidate) => candidate.at < at && hostAddressesOverlap(candidate.binding.mapping.hostIp, binding.mapping.hostIp))?.binding;
    }
    if (!other) continue;
    const span = ctx.span(binding.path, 'auto');
    if (reported.has(`${span[0]}:${span[1]}`)) continue;
    findings.push({
      code: 'compose/duplicate-host-port',
      severity: 'error',
      message: `Host port ${describeHost(binding.mapping)} is also published by service "${other.service}" in another file of this project; with both files, the second container would fail with "port is already allocated".`,
      span,
    });
  }
  return findings;
}

function duplicateFinding(ctx: Parameters<ComposeRule>[0], later: Published, earlier: Published): Finding {
  const owner = earlier.service === later.service ? 'this service' : `service "${earlier.service}"`;
  return {
    code: 'compose/duplicate-host-port',
    severity: 'error',
    message: `Host port ${describeHost(later.mapping)} is already published by ${owner}; the second container would fail with "port is already allocated".`,
    span: ctx.span(later.path, 'auto'),
    related: [{ span: ctx.span(earlier.path, 'auto'), message: `First published here by "${earlier.service}".` }],
  };
}
