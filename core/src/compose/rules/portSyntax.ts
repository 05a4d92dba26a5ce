import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asRecord, hasInterpolation, servicesOf } from '../model';
import { bindsFixedHostPorts, hostAddressesOverlap, parseLongPort, parseShortPort, type PortMapping } from '../ports';
import type { Path } from '../../types';

interface Published {
  service: string;
  path: Path;
  mapping: PortMapping;
}

/** Every port entry of every service of `file`, parsed; malformed ones become findings. */
function readPorts(ctx: Parameters<ComposeRule>[0], file: unknown = ctx.file): { published: Published[]; findings: Finding[] } {
  const published: Published[] = [];
  const findings: Finding[] = [];
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
      if (parsed.ok) {
        published.push({ service: name, path, mapping: parsed.mapping });
      } else {
        findings.push({
          code: 'compose/port-syntax',
          severity: 'error',
          message: `Port "${typeof entry === 'object' ? JSON.stringify(entry) : String(entry)}" in service "${name}" is malformed: ${parsed.problem}.`,
          span: ctx.span(path, 'auto'),
        });
      }
    });
  }
  return { published, findings };
}

/** Malformed port strings: Compose rejects the whole file for one of them. */
export const findPortSyntaxErrors: ComposeRule = (ctx) => readPorts(ctx).findings;

function describeHost(m: PortMapping): string {
  const range = m.published!;
  const port = range.start === range.end ? `${range.start}` : `${range.start}-${range.end}`;
  return `${m.hostIp ? `${m.hostIp}:` : ''}${port}/${m.protocol}`;
}

/** Two fixed bindings of the same host port: the second container fails with "port is already allocated". */
export const findDuplicateHostPorts: ComposeRule = (ctx) => {
  const fixed = readPorts(ctx).published.filter((p) => bindsFixedHostPorts(p.mapping));
  const findings: Finding[] = [];
  // Index earlier bindings by protocol and port, so a file with thousands of services stays linear.
  const byPort = new Map<string, Published[]>();
  for (const later of fixed) {
    const range = later.mapping.published!;
    let earlier: Published | undefined;
    for (let port = range.start; port <= range.end && !earlier; port++) {
      earlier = byPort.get(`${later.mapping.protocol}:${port}`)?.find((p) => hostAddressesOverlap(p.mapping.hostIp, later.mapping.hostIp));
    }
    for (let port = range.start; port <= range.end; port++) {
      const key = `${later.mapping.protocol}:${port}`;
      byPort.set(key, [...(byPort.get(key) ?? []), later]);
    }
    // Compose publishes an entry repeated in one service once.
    if (earlier && !(earlier.service === later.service && sameMapping(earlier.mapping, later.mapping)))
      findings.push(duplicateFinding(ctx, later, earlier));
  }
  return [...findings, ...crossFileDuplicates(ctx, fixed, findings)];
};

function sameMapping(a: PortMapping, b: PortMapping): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * In a project of several files, a binding in this file may collide with one another file adds
 * (the base publishes 8080 for "web", the override 8080 for "api"). Compose merges identical
 * entries of one service, so only a different service or a different mapping collides.
 */
function crossFileDuplicates(ctx: Parameters<ComposeRule>[0], own: Published[], already: Finding[]): Finding[] {
  if (!ctx.project) return [];
  const reported = new Set(already.map((f) => `${f.span[0]}:${f.span[1]}`));
  // The project holds this file's own bindings too: those collide only within the file (found above).
  const isOwn = (p: Published): boolean => own.some((o) => o.service === p.service && sameMapping(o.mapping, p.mapping));
  const merged = readPorts(ctx, ctx.project).published.filter((p) => bindsFixedHostPorts(p.mapping) && !isOwn(p));
  const findings: Finding[] = [];
  for (const binding of own) {
    const other = merged.find(
      (p) =>
        p.mapping.protocol === binding.mapping.protocol &&
        hostAddressesOverlap(p.mapping.hostIp, binding.mapping.hostIp) &&
        p.mapping.published!.start <= binding.mapping.published!.end &&
        binding.mapping.published!.start <= p.mapping.published!.end,
    );
    const span = ctx.span(binding.path, 'auto');
    if (!other || reported.has(`${span[0]}:${span[1]}`)) continue;
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
