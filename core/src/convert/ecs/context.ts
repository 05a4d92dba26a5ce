/**
 * What each ECS → Compose mapper works with: the container definition it reads, the service it
 * writes, and the top-level sections (volumes, secrets) services share. Each mapper names the
 * container fields it reads; any other field is kept in the service's `x-ecs`, so that converting
 * back gives the same task definition.
 */
import type { Reporter, ReportPath } from '../report';
import type { Json } from '../values';

export interface ContainerContext {
  /** The ECS container definition. */
  readonly container: Json;
  /** ["containerDefinitions", index] in the task definition (after unwrapping describe output). */
  readonly path: ReportPath;
  /** The Compose service being written. */
  readonly service: Json;
  /** The service's x-ecs: container fields Compose cannot say. */
  readonly extension: Json;
  /** The whole task definition. */
  readonly definition: Json;
  /** The task's effective network mode (its own, or ECS's default). */
  readonly networkMode: string;
  /** Top-level Compose sections being written. */
  readonly secrets: Json;
  /** Host ports already published by earlier services ("8080/tcp"): Compose cannot publish one twice. */
  readonly publishedPorts: Set<string>;
  /** Service names by ECS container name. */
  readonly serviceNames: ReadonlyMap<string, string>;
  readonly report: Reporter;
}

export interface ContainerMapper {
  /** The container-definition fields this mapper reads. */
  readonly fields: readonly string[];
  map(ctx: ContainerContext): void;
}

export function at(ctx: ContainerContext, ...rest: Array<string | number>): ReportPath {
  return [...ctx.path, ...rest];
}

/** The nested record `service[key]`, created on first use. */
export function section(record: Json, key: string): Json {
  const existing = record[key];
  if (existing && typeof existing === 'object' && !Array.isArray(existing)) return existing as Json;
  const created: Json = {};
  record[key] = created;
  return created;
}
