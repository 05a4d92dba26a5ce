// Amazon Resource Names as ECS writes them, for the one local account `000000000000`, and the short
// references the ECS API accepts in their place (a cluster name, a task id, `family:revision`). The
// region is the caller's: the same local cluster answers in every region, so ARNs are rendered per
// request and compared without it. Pure.
import { createHash } from 'node:crypto';

export const LOCAL_ACCOUNT = '000000000000';
/** The region ARNs carry when no request named one (the sidebar, the CLI). */
export const LOCAL_REGION = 'local';
export const DEFAULT_CLUSTER = 'default';

const ECS_ARN = /^arn:aws[a-z-]*:ecs:([^:]*):([^:]*):(.+)$/;

export function clusterArn(region: string, cluster: string): string {
  return `arn:aws:ecs:${region}:${LOCAL_ACCOUNT}:cluster/${cluster}`;
}

export function taskArn(region: string, cluster: string, taskId: string): string {
  return `arn:aws:ecs:${region}:${LOCAL_ACCOUNT}:task/${cluster}/${taskId}`;
}

export function serviceArn(region: string, cluster: string, service: string): string {
  return `arn:aws:ecs:${region}:${LOCAL_ACCOUNT}:service/${cluster}/${service}`;
}

export function taskDefinitionArn(region: string, family: string, revision: number): string {
  return `arn:aws:ecs:${region}:${LOCAL_ACCOUNT}:task-definition/${family}:${revision}`;
}

/** ECS gives each container of a task an id of its own; here a stable one derived from the task and name. */
export function containerArn(region: string, cluster: string, taskId: string, container: string): string {
  const hash = createHash('sha1').update(`${taskId}/${container}`).digest('hex');
  const id = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
  return `arn:aws:ecs:${region}:${LOCAL_ACCOUNT}:container/${cluster}/${taskId}/${id}`;
}

/** The resource part of an ECS ARN (`cluster/web`), or undefined for anything else. */
function resourceOf(arn: string): string | undefined {
  return ECS_ARN.exec(arn)?.[3];
}

export function isArn(text: string): boolean {
  return text.startsWith('arn:');
}

/** A cluster name from a name or an ARN; undefined when an ARN names no cluster. */
export function clusterName(reference: string): string | undefined {
  if (!isArn(reference)) return reference;
  const resource = resourceOf(reference);
  return resource?.startsWith('cluster/') ? resource.slice('cluster/'.length) : undefined;
}

/** A task id from an id or an ARN (`task/cluster/id`, or the old `task/id`). */
export function taskIdOf(reference: string): string | undefined {
  if (!isArn(reference)) return reference;
  const resource = resourceOf(reference);
  if (!resource?.startsWith('task/')) return undefined;
  return resource.split('/').at(-1);
}

/** A service name (and the cluster its ARN names, if any) from a name or an ARN. */
export function serviceRef(reference: string): { name: string; cluster?: string } | undefined {
  if (!isArn(reference)) return { name: reference };
  const parts = resourceOf(reference)?.split('/');
  if (parts?.[0] !== 'service') return undefined;
  return parts.length >= 3 ? { cluster: parts[1], name: parts[2]! } : parts[1] ? { name: parts[1] } : undefined;
}

/** `family`, `family:revision` or a task definition ARN; revision undefined means the latest ACTIVE one. */
export function taskDefinitionRef(reference: string): { family: string; revision?: number } | undefined {
  let text = reference;
  if (isArn(reference)) {
    const resource = resourceOf(reference);
    if (!resource?.startsWith('task-definition/')) return undefined;
    text = resource.slice('task-definition/'.length);
  }
  const match = /^([A-Za-z0-9_-]{1,255})(?::(\d+))?$/.exec(text);
  if (!match) return undefined;
  return { family: match[1]!, revision: match[2] !== undefined ? Number(match[2]) : undefined };
}

/**
 * What a tag belongs to, the same in every region: `cluster/web`, `service/web/api`, `task/web/ID`,
 * `task-definition/api:3`. Undefined for an ARN of another kind.
 */
export function resourceKey(arn: string): string | undefined {
  const resource = resourceOf(arn);
  if (!resource) return undefined;
  return /^(cluster|service|task|task-definition|container-instance|capacity-provider)\//.test(resource) ? resource : undefined;
}
