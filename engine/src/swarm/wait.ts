// Waiting for a stack's services to converge, as `docker stack deploy --detach=false` does, but for
// every service at once: each service's tasks of its current spec are counted (running / desired, and
// the update state), a service that reaches its count is watched for its update_config.monitor (5 s by
// default) to see that its tasks stay up, and a service fails when its update pauses or rolls back, or
// when its tasks keep failing (3 failed tasks, fewer when its restart policy gives up sooner). The
// failure names the task, its error, its exit code and its last log lines. No `vscode` import.
import type Docker from 'dockerode';
import { sleep, throwIfAborted } from '../compose/run';
import { engineMessage } from '../engine';
import { listNodes, listServicesById, listTasks, taskLogLines } from './api';
import type { SwarmService, SwarmTask, UpdateState } from './types';

export type ConvergenceState = 'starting' | 'updating' | 'verifying' | 'converged' | 'failed';

export interface TaskFailure {
  readonly taskId: string;
  /** `web.1`: the service's key and the task's slot (or the node's name for a global service). */
  readonly task: string;
  readonly node?: string;
  /** The engine's error for the task (`task: non-zero exit (1)`), or its state message. */
  readonly error: string;
  readonly exitCode?: number;
  /** Its last log lines, read when the service is declared failed. */
  readonly logs: readonly string[];
}

export interface ServiceProgress {
  /** The Compose service name. */
  readonly key: string;
  /** The engine's name, `<stack>_<service>`. */
  readonly name: string;
  readonly id: string;
  readonly running: number;
  readonly desired: number;
  readonly updateState?: UpdateState;
  readonly state: ConvergenceState;
  /** Failed tasks of the current spec since the deploy began. */
  readonly failures: number;
  /** Why it failed, or why a task is not starting (`no suitable node …`). */
  readonly message?: string;
  readonly failure?: TaskFailure;
}

export interface WaitTarget {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  /** False for a service the deploy left as it was: it is not watched again once it runs. */
  readonly changed: boolean;
  /**
   * When the engine answered the deploy's create or update of the service (ms since the epoch, this
   * machine's clock): with it, the monitor counts from when the service's tasks began running.
   */
  readonly answeredAt?: number;
}

export interface WaitOptions {
  /** When the deploy began (ms since the epoch): older failures and update states do not count. */
  readonly since: number;
  readonly signal?: AbortSignal;
  /** Called when what a service shows changes. */
  readonly onProgress?: (progress: ServiceProgress) => void;
  /** Failed tasks after which a service counts as failed (3 by default). */
  readonly maxFailures?: number;
  /** Log lines kept of a failed task (10 by default). */
  readonly logLines?: number;
  readonly pollMs?: number;
}

export class ConvergenceError extends Error {
  constructor(readonly failed: readonly ServiceProgress[]) {
    super(failed.map(describeFailure).join('\n'));
    this.name = 'ConvergenceError';
  }
}

/** `service "shop_web" did not converge: task web.2 failed on node vm: task: non-zero exit (1) (exit code 1).` */
export function describeFailure(progress: ServiceProgress): string {
  const failure = progress.failure;
  if (!failure)
    return `Service "${progress.name}" did not converge: ${progress.message ?? `${progress.running}/${progress.desired} tasks running`}.`;
  const exit = failure.exitCode !== undefined && !failure.error.includes(`(${failure.exitCode})`) ? ` (exit code ${failure.exitCode})` : '';
  return `Service "${progress.name}" did not converge: task ${failure.task} failed${failure.node ? ` on node ${failure.node}` : ''}: ${failure.error}${exit}.`;
}

/** `web: 1/2 running, updating` — one line of progress, as the CLI and the editor show it. */
export function describeProgress(progress: ServiceProgress): string {
  const counts = `${progress.running}/${progress.desired} running`;
  const state = {
    starting: counts,
    updating: `${counts}, ${progress.updateState === 'rollback_started' ? 'rolling back' : 'updating'}`,
    verifying: counts,
    converged: `converged, ${counts}`,
    failed: `failed, ${counts}`,
  }[progress.state];
  return `${progress.key}: ${state}${progress.message ? ` (${progress.message})` : ''}`;
}

const FAILED: ReadonlySet<string> = new Set(['failed', 'rejected', 'complete', 'orphaned']);
const DEFAULT_MONITOR_NS = 5e9;
const POLL_MS = 250;
const STARTING_POLL_MS = 100;

interface Watch {
  target: WaitTarget;
  state: ConvergenceState;
  convergedAt?: number;
  /** The service's update monitor, while its tasks are watched. */
  monitorMs?: number;
  shown?: string;
  progress?: ServiceProgress;
}

export async function waitForConvergence(docker: Docker, targets: readonly WaitTarget[], options: WaitOptions): Promise<ServiceProgress[]> {
  const watches = targets.map((target): Watch => ({ target, state: 'starting' }));
  const ids = targets.map((target) => target.id);
  let nodeNames = new Map<string, string>();
  for (let first = true; ; first = false) {
    throwIfAborted(options.signal);
    const [services, tasks] = await Promise.all([listServicesById(docker, ids), listTasks(docker, ids, true)]);
    if (first || tasks.some((task) => task.NodeID && !nodeNames.has(task.NodeID))) nodeNames = await nodeNamesOf(docker);
    const now = Date.now();
    for (const watch of watches) {
      if (watch.state === 'converged' || watch.state === 'failed') continue;
      const service = services.find((candidate) => candidate.ID === watch.target.id);
      const progress = assess(watch, service, tasks, nodeNames, now, options, first);
      watch.state = progress.state;
      watch.progress = progress;
      const shown = JSON.stringify([
        progress.state,
        progress.running,
        progress.desired,
        progress.updateState,
        progress.failures,
        progress.message,
      ]);
      if (shown !== watch.shown) {
        watch.shown = shown;
        if (progress.state !== 'failed') options.onProgress?.(progress);
      }
    }
    const failed = watches.filter((watch) => watch.state === 'failed');
    if (failed.length > 0) {
      const withLogs = await Promise.all(failed.map((watch) => withFailureLogs(docker, watch.progress!, options.logLines ?? 10)));
      for (const progress of withLogs) options.onProgress?.(progress);
      throw new ConvergenceError(withLogs);
    }
    if (watches.every((watch) => watch.state === 'converged')) return watches.map((watch) => watch.progress!);
    await sleep(nextPollIn(watches, Date.now(), options.pollMs), options.signal);
  }
}

/**
 * How long until the next look: quick ones while a service has not reached its count (its progress
 * shows sooner, and a service without an answer time starts its monitor when it is seen running), else
 * the usual interval, but no later than when the first service's monitor ends: that look is the one
 * that finds it converged.
 */
function nextPollIn(watches: readonly Watch[], now: number, pollMs: number | undefined): number {
  const waiting = watches.filter((watch) => watch.state !== 'converged');
  if (pollMs === undefined && waiting.some((watch) => watch.convergedAt === undefined)) return STARTING_POLL_MS;
  const ends = waiting.flatMap((watch) =>
    watch.convergedAt === undefined || watch.monitorMs === undefined ? [] : [watch.convergedAt + watch.monitorMs - now],
  );
  return Math.max(0, Math.min(pollMs ?? POLL_MS, ...ends));
}

function assess(
  watch: Watch,
  service: SwarmService | undefined,
  allTasks: readonly SwarmTask[],
  nodeNames: ReadonlyMap<string, string>,
  now: number,
  options: WaitOptions,
  first: boolean,
): ServiceProgress {
  const { id, key, name } = watch.target;
  if (!service)
    return {
      id,
      key,
      name,
      running: 0,
      desired: 0,
      state: 'failed',
      failures: 0,
      message: 'the service was removed while the deploy waited for it',
    };
  const tasks = allTasks.filter((task) => task.ServiceID === id);
  const mode = service.Spec.Mode;
  const job = mode.ReplicatedJob !== undefined || mode.GlobalJob !== undefined;
  const desired = mode.Replicated
    ? (mode.Replicated.Replicas ?? 1)
    : mode.ReplicatedJob
      ? (mode.ReplicatedJob.TotalCompletions ?? 1)
      : (service.ServiceStatus?.DesiredTasks ?? tasks.filter((task) => task.DesiredState === 'running').length);
  const running = job
    ? tasks.filter((task) => task.Status.State === 'complete').length
    : tasks.filter((task) => task.Status.State === 'running' && task.DesiredState === 'running').length;
  const recent = (task: SwarmTask): boolean => Date.parse(task.CreatedAt) >= options.since - 1000;
  const failedTasks = tasks
    .filter((task) => recent(task) && FAILED.has(task.Status.State) && !(job && task.Status.State === 'complete'))
    .sort((a, b) => Date.parse(b.Status.Timestamp) - Date.parse(a.Status.Timestamp));
  const status = service.UpdateStatus;
  const updateState = status?.State && Date.parse(status.StartedAt ?? '') >= options.since - 1000 ? status.State : undefined;
  const pending = tasks.find(
    (task) => task.DesiredState === 'running' && ['pending', 'assigned', 'new'].includes(task.Status.State) && task.Status.Err,
  );
  const base = { id, key, name, running, desired, failures: failedTasks.length, ...(updateState ? { updateState } : {}) };
  const failure = failedTasks[0] && failureOf(key, failedTasks[0], nodeNames);
  if (updateState === 'paused' || updateState === 'rollback_paused' || updateState === 'rollback_completed') {
    const what =
      updateState === 'rollback_completed'
        ? 'its update failed and was rolled back'
        : `its ${updateState === 'paused' ? 'update' : 'rollback'} paused`;
    return {
      ...base,
      state: 'failed',
      message: `${what}${status?.Message ? ` (${status.Message})` : ''}`,
      ...(failure ? { failure } : {}),
    };
  }
  if (failure && failedTasks.length >= failureLimit(service, options.maxFailures ?? 3)) return { ...base, state: 'failed', failure };
  const updating = updateState === 'updating' || updateState === 'rollback_started';
  const message = pending?.Status.Err ?? (failure ? `task ${failure.task} failed: ${failure.error}` : undefined);
  const reached = running >= desired && (desired > 0 || tasks.every((task) => task.DesiredState !== 'running'));
  if (!reached || updating) {
    watch.convergedAt = undefined;
    return { ...base, state: updating ? 'updating' : 'starting', ...(message ? { message } : {}) };
  }
  // A service the deploy did not touch, running as it should from the start, needs no watching.
  if (job || (first && !watch.target.changed)) return { ...base, state: 'converged' };
  watch.convergedAt ??= runningSince(watch.target, service, tasks, now);
  const monitorMs = (service.Spec.UpdateConfig?.Monitor || DEFAULT_MONITOR_NS) / 1e6;
  watch.monitorMs = monitorMs;
  if (now - watch.convergedAt >= monitorMs) return { ...base, state: 'converged' };
  return { ...base, state: 'verifying', message: `watching its tasks for ${Math.round(monitorMs / 1000)} s` };
}

/**
 * When the service's last task began running, on this machine's clock. The engine stamps each task's
 * state change (when its container started, as its node reported it) and the service's creation
 * (CreatedAt) or update (UpdateStatus.StartedAt). The time from that stamp to the last task's start is
 * read on the engine's clock alone and added to when the engine answered the request here, which came
 * after the stamp: so the monitor counts from when the tasks began running, as Swarm's updater does,
 * never earlier, and not from when a look happened to see them, whatever the two clocks say. Without
 * an answer time, or stamps that do not read: now, when they were seen.
 */
export function runningSince(target: WaitTarget, service: SwarmService, tasks: readonly SwarmTask[], now: number): number {
  if (target.answeredAt === undefined) return now;
  const stamp = Date.parse(service.UpdateStatus?.StartedAt ?? service.CreatedAt);
  const started = tasks
    .filter((task) => task.Status.State === 'running' && task.DesiredState === 'running')
    .map((task) => Date.parse(task.Status.Timestamp));
  const last = Math.max(...started);
  if (Number.isNaN(stamp) || started.length === 0 || Number.isNaN(last)) return now;
  return Math.min(now, Math.max(target.answeredAt, target.answeredAt + (last - stamp)));
}

/** How many failed tasks make a service failed: fewer when its restart policy stops restarting sooner. */
function failureLimit(service: SwarmService, limit: number): number {
  const policy = service.Spec.TaskTemplate.RestartPolicy;
  if (policy?.Condition === 'none') return 1;
  if (policy?.MaxAttempts) return Math.min(limit, policy.MaxAttempts + 1);
  return limit;
}

function failureOf(key: string, task: SwarmTask, nodeNames: ReadonlyMap<string, string>): TaskFailure {
  const node = task.NodeID ? (nodeNames.get(task.NodeID) ?? task.NodeID) : undefined;
  const exitCode = task.Status.ContainerStatus?.ExitCode;
  const error =
    task.Status.Err ||
    (task.Status.State === 'complete'
      ? 'the task exited with status 0; a service is expected to keep running'
      : task.Status.Message || task.Status.State);
  return {
    taskId: task.ID,
    task: `${key}.${task.Slot ?? node ?? task.ID.slice(0, 12)}`,
    ...(node ? { node } : {}),
    error,
    ...(exitCode !== undefined && exitCode >= 0 ? { exitCode } : {}),
    logs: [],
  };
}

async function withFailureLogs(docker: Docker, progress: ServiceProgress, lines: number): Promise<ServiceProgress> {
  if (!progress.failure) return progress;
  let logs: string[];
  try {
    logs = await taskLogLines(docker, progress.failure.taskId, lines);
  } catch (error) {
    logs = [`(its logs could not be read: ${engineMessage(error)})`];
  }
  return { ...progress, failure: { ...progress.failure, logs } };
}

async function nodeNamesOf(docker: Docker): Promise<Map<string, string>> {
  const nodes = await listNodes(docker);
  return new Map(nodes.map((node) => [node.ID, node.Description?.Hostname ?? node.ID]));
}
