// What every operation handler gets: the one local cluster model, the engine, and who called (their
// region names the ARNs in the answer).
import type Docker from 'dockerode';
import { clusterName, DEFAULT_CLUSTER } from '../arn';
import type { LocalCluster } from '../cluster';
import type { Tag } from '../state';
import { invalidParameter, type Caller } from './protocol';

export interface ApiContext {
  readonly cluster: LocalCluster;
  readonly docker: Docker;
  readonly caller: Caller;
  /** Narrows what is read from the engine (`key=value` labels), as the cluster's settings do. */
  readonly labels: readonly string[];
}

export type Input = Readonly<Record<string, unknown>>;
export type Handler = (input: Input, context: ApiContext) => unknown;

/** The cluster a request names (a name or an ARN), `default` when it names none. */
export function clusterOf(input: Input): string {
  const reference = input['cluster'];
  if (reference === undefined || reference === '') return DEFAULT_CLUSTER;
  const name = clusterName(String(reference));
  if (name === undefined) throw invalidParameter(`"${String(reference)}" is neither a cluster name nor a cluster ARN.`);
  return name;
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function tagsOf(value: unknown): Tag[] {
  return (Array.isArray(value) ? value : []).flatMap((entry) => {
    const tag = entry as { key?: unknown; value?: unknown };
    return typeof tag.key === 'string' ? [{ key: tag.key, value: typeof tag.value === 'string' ? tag.value : '' }] : [];
  });
}

/** `include: ["TAGS"]` and the like. */
export function includes(input: Input, what: string): boolean {
  return stringList(input['include']).includes(what);
}

/**
 * What Describe* answers for a list of references: each one found, described; each one not found, a
 * failure `{ arn, reason: "MISSING" }` (a name is given back as the ARN it would have).
 */
export function describeEach<T>(
  references: readonly string[],
  find: (reference: string) => T | undefined,
  describe: (found: T) => unknown,
  arnOf: (name: string) => string,
): { found: unknown[]; failures: Array<{ arn: string; reason: 'MISSING' }> } {
  const found: unknown[] = [];
  const failures: Array<{ arn: string; reason: 'MISSING' }> = [];
  for (const reference of references) {
    const item = find(reference);
    if (item !== undefined) found.push(describe(item));
    else failures.push({ arn: reference.startsWith('arn:') ? reference : arnOf(reference), reason: 'MISSING' });
  }
  return { found, failures };
}
