/**
 * A mistake inside a YAML anchor (`x-common: &common`) reaches every service that merges or aliases
 * it, and each rule then finds it once per service, at the same place. The user fixes it once, at
 * the anchor: so it is reported once, naming the anchor and the services that use it.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import { keyName } from '../parse/locate';
import type { Finding } from '../types';
import { quotedList } from './rules/serviceView';

interface Anchor {
  name: string;
  range: readonly [number, number];
  /** Services that use the anchored node: through an alias, or by holding it. */
  users: Set<string>;
}

/** Every anchored node of the document, with the services that use it. */
function anchorsOf(doc: Document): Anchor[] {
  const anchors = new Map<string, Anchor>();
  const visit = (node: unknown, service: string | undefined, depth: number): void => {
    if (depth > 64 || node === null || node === undefined) return;
    if (isAlias(node)) {
      if (service) anchors.get(node.source)?.users.add(service);
      return;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return;
    const anchored = node as Node;
    if (anchored.anchor && anchored.range) {
      anchors.set(anchored.anchor, {
        name: anchored.anchor,
        range: [anchored.range[0], anchored.range[2]],
        users: new Set(service ? [service] : []),
      });
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        // A service is a key of the top-level "services" mapping.
        const owner = service ?? (depth === 1 && isScalar(pair.key) ? keyName(pair.key) : undefined);
        visit(pair.value, owner, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item, service, depth + 1);
    }
  };
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isPair(pair)) continue;
      // Services are tracked below "services"; everywhere else an anchor is only defined.
      visit(pair.value, undefined, keyName(pair.key) === 'services' ? 1 : 2);
    }
  }
  // An anchor nested inside another is used wherever the outer one is.
  const list = [...anchors.values()];
  for (const inner of list) {
    for (const outer of list) {
      if (outer !== inner && outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1]) {
        for (const user of outer.users) inner.users.add(user);
      }
    }
  }
  return list;
}

const SERVICE_NAME = /\b([Ss])ervice "([^"]*)"/g;

/** The message with each mention of one of `services` written as a placeholder. */
function withoutServices(message: string, services: Set<string>): string {
  return message.replace(SERVICE_NAME, (whole, _s: string, name: string) => (services.has(name) ? '\u0000' : whole));
}

/** Merges findings repeated per service at one place inside an anchor into one that names them all. */
export function reportAnchorsOnce(findings: Finding[], doc: Document, text: string): Finding[] {
  if (!text.includes('*') || !text.includes('&')) return findings;
  const anchors = anchorsOf(doc).filter((anchor) => anchor.users.size > 1);
  if (anchors.length === 0) return findings;
  const innermost = (finding: Finding): Anchor | undefined =>
    anchors
      .filter((a) => a.range[0] <= finding.span[0] && finding.span[1] <= a.range[1])
      .sort((a, b) => a.range[1] - a.range[0] - (b.range[1] - b.range[0]))[0];
  const groups = new Map<string, Finding[]>();
  const result: Finding[] = [];
  for (const finding of findings) {
    const anchor = innermost(finding);
    if (!anchor) {
      result.push(finding);
      continue;
    }
    const key = `${finding.code}:${finding.span[0]}:${finding.span[1]}:${withoutServices(finding.message, anchor.users)}`;
    const group = groups.get(key);
    if (group) {
      group.push(finding);
      continue;
    }
    const members = [finding];
    groups.set(key, members);
    result.push(finding);
  }
  return result.map((finding) => {
    const anchor = innermost(finding);
    if (!anchor) return finding;
    const key = `${finding.code}:${finding.span[0]}:${finding.span[1]}:${withoutServices(finding.message, anchor.users)}`;
    if ((groups.get(key)?.length ?? 0) < 2) return finding;
    return { ...finding, message: nameAnchor(finding.message, anchor) };
  });
}

/** `in service "a"` becomes `in the anchor "common" (used by services "a" and "b")`. */
function nameAnchor(message: string, anchor: Anchor): string {
  const users = [...anchor.users];
  const described = `anchor "${anchor.name}" (used by services ${quotedList(users)})`;
  let replaced = false;
  const rewritten = message.replace(SERVICE_NAME, (whole, s: string, name: string) => {
    if (replaced || !anchor.users.has(name)) return whole;
    replaced = true;
    return `${s === 'S' ? 'The' : 'the'} ${described}`;
  });
  return replaced ? rewritten : `${message} (In the ${described}.)`;
}
