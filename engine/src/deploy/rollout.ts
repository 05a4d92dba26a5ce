// Waiting for a deployment as a person watching the console would: the service's counts and its new
// events as they come, until the deployment of the new revision is COMPLETED with as many tasks running
// as desired. It fails as soon as ECS says so (the circuit breaker's FAILED, a rollback to another
// revision) or a task of the new revision stops on its own (an essential container exited, a task that
// could not start), and after the timeout; then it says why (failure.ts). ECS sends no events: this polls.
import type { Deployment, Service, Task } from '@aws-sdk/client-ecs';
import type { AwsConnection } from './aws';
import { describeTasks } from './explorer';
import { gatherFailure, type FailureReport } from './failure';
import { ecs } from './sdk';

export interface RolloutTarget {
  readonly cluster: string;
  readonly service: string;
  readonly taskDefinitionArn: string;
  /** Events the service had before the deploy (their ids): only newer ones are shown. */
  readonly knownEvents?: ReadonlySet<string>;
  /** When the deploy began: tasks stopped before it are not its failures. */
  readonly since?: Date;
}

export interface RolloutProgress {
  /** The counts, each time they change: `1/2 running, 1 pending (IN_PROGRESS)`. */
  status(service: string, text: string): void;
  /** A new service event, oldest first. */
  event(service: string, at: Date, message: string): void;
}

export interface RolloutOptions {
  readonly timeoutMs: number;
  /** The most time between two looks at the service; default 5 s (ECS's own waiter looks every 15 s). */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

export type RolloutResult =
  | { readonly status: 'stable'; readonly running: number; readonly desired: number }
  | { readonly status: 'failed' | 'timeout'; readonly reason: string; readonly failure: FailureReport }
  | { readonly status: 'cancelled' };

/** ECS's stop codes for a task that ended by itself rather than by a person or a scale-in. */
const FAILED_STOP_CODES = new Set(['TaskFailedToStart', 'EssentialContainerExited']);
const FIRST_POLL_MS = 1_000;
/** The margin for a clock that runs ahead of AWS's. */
const CLOCK_SKEW_MS = 5_000;

export async function watchRollout(
  aws: AwsConnection,
  target: RolloutTarget,
  progress: RolloutProgress,
  options: RolloutOptions,
): Promise<RolloutResult> {
  const started = Date.now();
  const since = new Date((target.since?.getTime() ?? started) - CLOCK_SKEW_MS);
  const seen = new Set(target.knownEvents ?? []);
  let lastStatus = '';
  // Quick looks while things change, slower ones (up to pollMs) while they do not.
  let interval = FIRST_POLL_MS;
  for (;;) {
    if (options.signal?.aborted) return { status: 'cancelled' };
    const service = (await aws.ecs.send(new ecs.DescribeServicesCommand({ cluster: target.cluster, services: [target.service] })))
      .services?.[0];
    if (!service || service.status === 'INACTIVE') {
      const failure = await gatherFailure(aws, target, service, []);
      return { status: 'failed', reason: `Service ${target.service} is gone (deleted while the deploy waited).`, failure };
    }
    let changed = false;
    for (const event of [...(service.events ?? [])].reverse()) {
      if (!event.id || seen.has(event.id)) continue;
      seen.add(event.id);
      changed = true;
      progress.event(target.service, event.createdAt ?? new Date(), event.message ?? '');
    }
    const ours = service.deployments?.find((d) => d.taskDefinition === target.taskDefinitionArn);
    const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
    const status = describeCounts(service, ours);
    if (status !== lastStatus) {
      changed = true;
      progress.status(target.service, (lastStatus = status));
    }

    const stopped = await failedTasks(aws, target, since);
    const verdict = judge(service, ours, primary, stopped, target);
    if (verdict === 'stable') return { status: 'stable', running: service.runningCount ?? 0, desired: service.desiredCount ?? 0 };
    if (verdict) return { status: 'failed', reason: verdict, failure: await gatherFailure(aws, target, service, stopped) };
    if (Date.now() - started > options.timeoutMs) {
      const minutes = Math.round(options.timeoutMs / 6_000) / 10;
      return {
        status: 'timeout',
        reason: `Service ${target.service} was not stable after ${minutes} minute${minutes === 1 ? '' : 's'} (${status}).`,
        failure: await gatherFailure(aws, target, service, stopped),
      };
    }
    interval = changed ? FIRST_POLL_MS : Math.min(interval * 1.5, options.pollMs ?? 5_000);
    await pause(interval, options.signal);
  }
}

/** 'stable', the reason it failed, or undefined while it goes on. */
export function judge(
  service: Service,
  ours: Deployment | undefined,
  primary: Deployment | undefined,
  stopped: readonly Task[],
  target: RolloutTarget,
): 'stable' | string | undefined {
  const revision = target.taskDefinitionArn.split('/').at(-1);
  if (ours?.rolloutState === 'FAILED')
    return `The deployment of ${revision} failed: ${(ours.rolloutStateReason ?? 'ECS gives no reason').replace(/\.$/, '')}.`;
  if (primary && primary.taskDefinition !== target.taskDefinitionArn)
    return `Service ${target.service} went back to ${primary.taskDefinition?.split('/').at(-1) ?? 'another revision'}: the deployment of ${revision} was rolled back.`;
  if (stopped.length > 0)
    return `${stopped.length === 1 ? 'A task' : `${stopped.length} tasks`} of ${revision} stopped: ${(stopped[0]!.stoppedReason ?? stopped[0]!.stopCode ?? 'no reason given').replace(/\.$/, '')}.`;
  const countsMatch = service.runningCount === service.desiredCount && (ours?.runningCount ?? 0) === (ours?.desiredCount ?? 0);
  const completed = ours?.rolloutState === 'COMPLETED' || (ours?.rolloutState === undefined && service.deployments?.length === 1);
  return ours && completed && countsMatch ? 'stable' : undefined;
}

/** `1/2 running, 1 pending (IN_PROGRESS)`, with the old deployment's tasks when one is still draining. */
export function describeCounts(service: Service, ours: Deployment | undefined): string {
  const pending = service.pendingCount ? `, ${service.pendingCount} pending` : '';
  const others = (service.deployments ?? []).filter((d) => d !== ours && (d.runningCount ?? 0) > 0);
  const old = others.length ? `, ${others.reduce((n, d) => n + (d.runningCount ?? 0), 0)} of the old revision` : '';
  return `${ours?.runningCount ?? 0}/${service.desiredCount ?? 0} running${pending}${old} (${ours?.rolloutState ?? 'waiting for the deployment'})`;
}

/** Tasks of the new revision that stopped by themselves since the deploy began. */
async function failedTasks(aws: AwsConnection, target: RolloutTarget, since: Date): Promise<Task[]> {
  const arns =
    (await aws.ecs.send(new ecs.ListTasksCommand({ cluster: target.cluster, serviceName: target.service, desiredStatus: 'STOPPED' })))
      .taskArns ?? [];
  return (await describeTasks(aws, target.cluster, arns))
    .filter((t) => t.taskDefinitionArn === target.taskDefinitionArn && t.lastStatus === 'STOPPED')
    .filter((t) => (t.stoppedAt ?? t.stoppingAt ?? t.createdAt ?? new Date(0)) >= since)
    .filter((t) => FAILED_STOP_CODES.has(t.stopCode ?? '') || /health ?check/i.test(t.stoppedReason ?? ''))
    .sort((a, b) => (a.stoppedAt?.getTime() ?? 0) - (b.stoppedAt?.getTime() ?? 0));
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
