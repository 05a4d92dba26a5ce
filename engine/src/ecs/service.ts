// The local scheduler: a service keeps its desired count of tasks running, replaces a task that stops
// (waiting longer after each quick failure, as ECS throttles a service whose tasks keep failing), and
// scales up and down; scheduled runs start a task at each time a schedule expression names. The clock
// is injected so the timing is tested without waiting.
import { randomUUID } from 'node:crypto';
import { nextRuns, type Schedule } from './schedule';
import { isPending, STOP_REASONS, type StopCode, type TaskState } from './taskState';

export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What the scheduler needs of a task; TaskRun is one. */
export interface ScheduledTask {
  readonly taskId: string;
  state(): TaskState;
  readonly stopped: Promise<TaskState>;
  stop(reason?: string, code?: StopCode): Promise<TaskState>;
  /** Reads health from the engine, where the task can. */
  refreshHealth?(): Promise<void>;
  /** Stops watching the task without stopping it. */
  release?(): void;
  /** Removes a stopped task's containers (kept until then to read its logs). */
  removeResources?(): Promise<void>;
}

export interface BackoffOptions {
  /** The wait before replacing a task after its first quick failure. */
  readonly initialMs: number;
  readonly factor: number;
  readonly maxMs: number;
  /** A task that ran this long before stopping counts as a fresh start, not another failure. */
  readonly stableAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 10_000, factor: 2, maxMs: 5 * 60_000, stableAfterMs: 5 * 60_000 };

/** The wait before the next launch after `failures` quick failures in a row (0: none). */
export function backoffDelay(failures: number, options: BackoffOptions): number {
  if (failures <= 0) return 0;
  return Math.min(options.initialMs * options.factor ** (failures - 1), options.maxMs);
}

export interface ServiceEvent {
  readonly id: string;
  readonly at: Date;
  readonly message: string;
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface DeploymentConfiguration {
  /** Tasks (as a share of the desired count, rounded up) that must stay healthy during a deployment. */
  readonly minimumHealthyPercent: number;
  /** Tasks (rounded down) that may run or start at once during a deployment. */
  readonly maximumPercent: number;
  readonly deploymentCircuitBreaker: { readonly enable: boolean; readonly rollback: boolean };
}

export const DEFAULT_DEPLOYMENT_CONFIGURATION: DeploymentConfiguration = {
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  deploymentCircuitBreaker: { enable: false, rollback: false },
};

export interface DeploymentState {
  readonly id: string;
  readonly taskDefinition: string;
  readonly status: 'PRIMARY' | 'ACTIVE';
  readonly desiredCount: number;
  readonly runningCount: number;
  readonly pendingCount: number;
  readonly failedTasks: number;
  readonly rolloutState: RolloutState;
  readonly rolloutStateReason: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface ServiceState {
  readonly name: string;
  readonly status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  readonly desiredCount: number;
  readonly runningCount: number;
  readonly pendingCount: number;
  readonly tasks: readonly TaskState[];
  /** The last few stopped tasks, newest first, with their stop reasons and exit codes. */
  readonly stoppedTasks: readonly TaskState[];
  /** Newest first, as DescribeServices lists them. */
  readonly events: readonly ServiceEvent[];
  readonly nextLaunchAt?: Date;
  /** The PRIMARY deployment first, then those still being replaced. */
  readonly deployments: readonly DeploymentState[];
  readonly deploymentConfiguration: DeploymentConfiguration;
}

/** What a deployment runs; restored ones (another process started them) carry their progress too. */
export interface DeploymentSpec {
  readonly id?: string;
  /** `family:revision`, as the service shows it. */
  readonly taskDefinition: string;
  readonly launch: () => Promise<ScheduledTask>;
  readonly createdAt?: Date;
  readonly rolloutState?: RolloutState;
  readonly rolloutStateReason?: string;
  readonly failedTasks?: number;
}

export interface LocalServiceOptions {
  readonly name: string;
  readonly desiredCount: number;
  /** One deployment of this launcher (the CLI's create-service); or `deployments`, newest (PRIMARY) first. */
  readonly launch?: () => Promise<ScheduledTask>;
  readonly deployments?: readonly DeploymentSpec[];
  readonly deploymentConfiguration?: DeploymentConfiguration;
  readonly clock?: Clock;
  readonly backoff?: Partial<BackoffOptions>;
  readonly onChange?: (service: ServiceState) => void;
  readonly historySize?: number;
  /** How often a deployment under way looks at its tasks' status and health. */
  readonly pollMs?: number;
  readonly events?: readonly ServiceEvent[];
}

const HISTORY = 10;
const EVENTS = 100;
const DEFAULT_POLL_MS = 1000;

/** ECS's deployment ids: `ecs-svc/` and 19 digits. */
export function newDeploymentId(): string {
  const digits = `${Date.now()}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  return `ecs-svc/${digits.padEnd(19, '0').slice(0, 19)}`;
}

/** The circuit breaker's failed-task threshold: half the desired count, at least 3, at most 200. */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(desiredCount / 2)));
}

/** RUNNING, and HEALTHY wherever an essential container has a health check: what a deployment may count on. */
export function isHealthy(task: TaskState): boolean {
  return task.lastStatus === 'RUNNING' && task.containers.every((c) => !c.essential || !c.hasHealthCheck || c.health === 'HEALTHY');
}

interface Deployment {
  readonly id: string;
  readonly taskDefinition: string;
  readonly launch: () => Promise<ScheduledTask>;
  readonly createdAt: Date;
  updatedAt: Date;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  failedTasks: number;
  readonly tasks: Map<string, ScheduledTask>;
  /** Launches under way, counted until their task is tracked (in the same turn, so nothing counts twice). */
  pendingLaunches: number;
}

/**
 * Keeps a service's desired count of tasks running. A new deployment (another task definition) replaces
 * the running tasks as ECS's rolling update does: it starts new tasks while the total stays within
 * `maximumPercent` of the desired count and stops old ones while the healthy ones stay at or above
 * `minimumHealthyPercent`; with the circuit breaker on, a deployment whose tasks keep failing ends FAILED
 * (and rolls back to the last completed one when asked).
 */
export class LocalService {
  readonly name: string;
  private desired: number;
  private status: ServiceState['status'] = 'ACTIVE';
  private config: DeploymentConfiguration;
  /** Newest first: the PRIMARY one, then older ones still draining. */
  private deployments: Deployment[];
  private readonly scaledDown = new Set<string>();
  private readonly launches = new Set<Promise<void>>();
  private failures = 0;
  private lastFailureAt = 0;
  private retry?: { handle: unknown; at: number };
  private poll?: unknown;
  private steady = false;
  /** What the circuit breaker rolls back to: the last deployment that completed. */
  private lastCompleted?: DeploymentSpec & { readonly id: string };
  private readonly stoppedTasks: Array<{ task: ScheduledTask; final: TaskState }> = [];
  private readonly events: ServiceEvent[];
  private readonly clock: Clock;
  private readonly backoff: BackoffOptions;

  constructor(private readonly options: LocalServiceOptions) {
    this.name = options.name;
    this.desired = options.desiredCount;
    this.clock = options.clock ?? systemClock;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.config = options.deploymentConfiguration ?? DEFAULT_DEPLOYMENT_CONFIGURATION;
    this.events = [...(options.events ?? [])];
    const specs = options.deployments ?? (options.launch ? [{ taskDefinition: '', launch: options.launch }] : []);
    if (specs.length === 0) throw new Error(`Service ${options.name} needs a task definition to run.`);
    this.deployments = specs.map((spec) => this.newDeployment(spec));
    const completed = this.deployments.find((d) => d.rolloutState === 'COMPLETED');
    if (completed) this.lastCompleted = completed;
  }

  /** ECS names a service's deployment; stop reasons for scaling quote it. */
  get deploymentId(): string {
    return this.primary.id;
  }

  get desiredCount(): number {
    return this.desired;
  }

  start(): void {
    this.reconcile();
  }

  /** Takes over a task already running (found on the engine after a reload), into its deployment if known. */
  adopt(task: ScheduledTask, deploymentId?: string): void {
    this.track(this.deployments.find((d) => d.id === deploymentId) ?? this.primary, task);
    this.changed();
  }

  task(taskId: string): ScheduledTask | undefined {
    for (const deployment of this.deployments) {
      const task = deployment.tasks.get(taskId);
      if (task) return task;
    }
    return this.stoppedTasks.find((s) => s.task.taskId === taskId)?.task;
  }

  runningTasks(): ScheduledTask[] {
    return this.deployments.flatMap((d) => [...d.tasks.values()]);
  }

  scale(desiredCount: number): void {
    if (this.status !== 'ACTIVE' || desiredCount === this.desired) return;
    this.event(`(service ${this.name}) desired count changed from ${this.desired} to ${desiredCount}.`);
    this.desired = desiredCount;
    this.reconcile();
  }

  configure(config: DeploymentConfiguration): void {
    this.config = config;
    this.reconcile();
  }

  /** Rolls the service over to a new deployment, which becomes PRIMARY; the others drain as it comes up. */
  deploy(spec: DeploymentSpec): string {
    const deployment = this.newDeployment(spec);
    this.deployments.unshift(deployment);
    this.steady = false;
    this.reconcile();
    return deployment.id;
  }

  /** Stops every task and the scheduler, and removes the stopped tasks' containers; resolves when done. */
  async stop(): Promise<void> {
    if (this.status !== 'ACTIVE') return;
    this.status = 'DRAINING';
    this.desired = 0;
    this.cancelTimers();
    this.changed();
    // Launches under way finish first, so the tasks they start are stopped too.
    await Promise.all(this.launches);
    await Promise.all(
      this.deployments.flatMap((d) =>
        [...d.tasks.values()].map((task) => {
          this.scaledDown.add(task.taskId);
          return task.stop(STOP_REASONS.scaling(d.id), 'ServiceSchedulerInitiated');
        }),
      ),
    );
    await Promise.all(this.stoppedTasks.map(async (s) => s.task.removeResources?.()));
    this.status = 'INACTIVE';
    this.changed();
  }

  /** Stops scheduling but leaves the tasks running (a window closing): the next window takes them over. */
  release(): void {
    this.status = 'INACTIVE';
    this.cancelTimers();
    for (const task of this.runningTasks()) task.release?.();
  }

  state(): ServiceState {
    const byDeployment = this.deployments.map((d) => ({ d, tasks: [...d.tasks.values()].map((t) => t.state()) }));
    const tasks = byDeployment.flatMap((entry) => entry.tasks);
    const pendingLaunches = this.deployments.reduce((sum, d) => sum + d.pendingLaunches, 0);
    return {
      name: this.name,
      status: this.status,
      desiredCount: this.desired,
      runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingCount: tasks.filter(isPending).length + pendingLaunches,
      tasks,
      stoppedTasks: this.stoppedTasks.map((s) => s.final),
      events: [...this.events],
      nextLaunchAt: this.retry ? new Date(this.retry.at) : undefined,
      deploymentConfiguration: this.config,
      deployments: byDeployment.map(({ d, tasks: list }, index) => ({
        id: d.id,
        taskDefinition: d.taskDefinition,
        status: index === 0 ? 'PRIMARY' : 'ACTIVE',
        desiredCount: index === 0 ? this.desired : 0,
        runningCount: list.filter((t) => t.lastStatus === 'RUNNING').length,
        pendingCount: list.filter(isPending).length + d.pendingLaunches,
        failedTasks: d.failedTasks,
        rolloutState: d.rolloutState,
        rolloutStateReason: d.rolloutStateReason,
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
      })),
    };
  }

  private get primary(): Deployment {
    return this.deployments[0]!;
  }

  private newDeployment(spec: DeploymentSpec): Deployment {
    const now = new Date(this.clock.now());
    return {
      id: spec.id ?? newDeploymentId(),
      taskDefinition: spec.taskDefinition,
      launch: spec.launch,
      createdAt: spec.createdAt ?? now,
      updatedAt: now,
      rolloutState: spec.rolloutState ?? 'IN_PROGRESS',
      rolloutStateReason: spec.rolloutStateReason ?? 'ECS deployment in progress.',
      failedTasks: spec.failedTasks ?? 0,
      tasks: new Map(),
      pendingLaunches: 0,
    };
  }

  /** Tasks that count: not told to stop, plus launches under way. */
  private live(deployment: Deployment): number {
    return [...deployment.tasks.keys()].filter((id) => !this.scaledDown.has(id)).length + deployment.pendingLaunches;
  }

  /** Brings the tasks to the desired count and the deployments forward; the one place decisions are made. */
  private reconcile(): void {
    if (this.status !== 'ACTIVE') return;
    this.dropDrainedDeployments();
    if (this.primary.rolloutState === 'FAILED') {
      // Without rollback a failed deployment stops where it is: what runs keeps running, nothing new starts.
      this.changed();
      return;
    }
    if (this.deployments.length === 1) this.reconcileSteady();
    else this.reconcileRollout();
    this.noteProgress();
    this.changed();
  }

  private reconcileSteady(): void {
    const active = this.live(this.primary);
    if (active > this.desired) this.scaleDown(this.primary, active - this.desired);
    else if (active < this.desired) this.launchAfterBackoff(this.primary, this.desired - active);
  }

  /** ECS's rolling update: stop old tasks while enough stay healthy, start new ones while the total allows. */
  private reconcileRollout(): void {
    const minimumHealthy = Math.ceil((this.desired * this.config.minimumHealthyPercent) / 100);
    const maximumTotal = Math.floor((this.desired * this.config.maximumPercent) / 100);
    const counted = (task: ScheduledTask): boolean => !this.scaledDown.has(task.taskId);
    let healthy = this.runningTasks().filter((t) => counted(t) && isHealthy(t.state())).length;
    // Oldest deployments first; within one, tasks that are not healthy go first: they serve nobody.
    for (const deployment of this.deployments.slice(1).reverse()) {
      const tasks = [...deployment.tasks.values()]
        .filter(counted)
        .sort((a, b) => Number(isHealthy(a.state())) - Number(isHealthy(b.state())));
      for (const task of tasks) {
        const wasHealthy = isHealthy(task.state());
        if (wasHealthy && healthy - 1 < minimumHealthy) break;
        if (wasHealthy) healthy--;
        this.stopTask(deployment, task);
      }
    }
    const total = this.deployments.reduce((sum, d) => sum + this.live(d), 0);
    const needed = this.desired - this.live(this.primary);
    if (needed < 0) this.scaleDown(this.primary, -needed);
    const room = Math.min(needed, maximumTotal - total);
    if (room > 0) this.launchAfterBackoff(this.primary, room);
  }

  /** A deployment with no task left is done: the old ones leave the list, as on ECS. */
  private dropDrainedDeployments(): void {
    this.deployments = this.deployments.filter((d, index) => index === 0 || this.live(d) > 0 || d.tasks.size > 0);
  }

  /** Completion, steady state, the circuit breaker, and the poll a deployment under way needs. */
  private noteProgress(): void {
    const primary = this.primary;
    const state = this.state();
    const primaryState = state.deployments[0]!;
    const settled = this.deployments.length === 1 && primaryState.runningCount === this.desired && primaryState.pendingCount === 0;
    if (settled && primary.rolloutState === 'IN_PROGRESS') {
      this.setRollout(primary, 'COMPLETED', 'ECS deployment completed.');
      this.lastCompleted = primary;
      this.event(`(service ${this.name}) (deployment ${primary.id}) deployment completed.`);
    }
    if (settled && !this.steady) this.event(`(service ${this.name}) has reached a steady state.`);
    this.steady = settled;
    const underWay = this.deployments.length > 1 || primary.rolloutState === 'IN_PROGRESS' || state.pendingCount > 0;
    if (underWay && this.poll === undefined)
      this.poll = this.clock.setTimer(() => void this.pollTasks(), this.options.pollMs ?? DEFAULT_POLL_MS);
  }

  private async pollTasks(): Promise<void> {
    this.poll = undefined;
    await Promise.all(this.runningTasks().map(async (task) => task.refreshHealth?.()));
    this.reconcile();
  }

  private setRollout(deployment: Deployment, state: RolloutState, reason: string): void {
    deployment.rolloutState = state;
    deployment.rolloutStateReason = reason;
    deployment.updatedAt = new Date(this.clock.now());
  }

  /** A task of `deployment` failed (stopped on its own, or could not start): the circuit breaker counts it. */
  private deploymentFailed(deployment: Deployment): void {
    deployment.failedTasks++;
    deployment.updatedAt = new Date(this.clock.now());
    const breaker = this.config.deploymentCircuitBreaker;
    if (!breaker.enable || deployment !== this.primary || deployment.rolloutState !== 'IN_PROGRESS') return;
    if (deployment.failedTasks < circuitBreakerThreshold(this.desired)) return;
    this.setRollout(deployment, 'FAILED', 'ECS deployment circuit breaker: tasks failed to start.');
    this.event(`(service ${this.name}) (deployment ${deployment.id}) deployment failed: tasks failed to start.`);
    const target = breaker.rollback && this.lastCompleted !== deployment ? this.lastCompleted : undefined;
    if (!target) return;
    // The last completed deployment becomes PRIMARY again (back in the list if it had drained); the failed one drains.
    const rollback = this.deployments.find((d) => d.id === target.id) ?? this.newDeployment({ ...target, id: undefined, failedTasks: 0 });
    this.deployments = [rollback, ...this.deployments.filter((d) => d !== rollback)];
    this.setRollout(rollback, 'IN_PROGRESS', `ECS deployment circuit breaker: rolling back to deploymentId ${target.id}.`);
    this.cancelRetry();
    this.failures = 0;
    this.event(`(service ${this.name}) rolling back to deployment ${target.id}.`);
  }

  private scaleDown(deployment: Deployment, count: number): void {
    const newestFirst = [...deployment.tasks.values()].filter((t) => !this.scaledDown.has(t.taskId)).reverse();
    for (const task of newestFirst.slice(0, count)) this.stopTask(deployment, task);
  }

  private stopTask(deployment: Deployment, task: ScheduledTask): void {
    this.scaledDown.add(task.taskId);
    this.event(`(service ${this.name}) has stopped 1 running tasks: (task ${task.taskId}).`);
    void task.stop(STOP_REASONS.scaling(deployment.id), 'ServiceSchedulerInitiated');
  }

  private launchAfterBackoff(deployment: Deployment, count: number): void {
    if (this.retry) return;
    const wait = this.lastFailureAt + backoffDelay(this.failures, this.backoff) - this.clock.now();
    if (wait > 0) {
      const at = this.clock.now() + wait;
      this.retry = { at, handle: this.clock.setTimer(() => this.retryNow(), wait) };
      return;
    }
    for (let i = 0; i < count; i++) {
      deployment.pendingLaunches++;
      const launch = this.launchOne(deployment);
      this.launches.add(launch);
      void launch.finally(() => this.launches.delete(launch));
    }
  }

  private retryNow(): void {
    this.retry = undefined;
    this.reconcile();
  }

  private cancelRetry(): void {
    if (this.retry) this.clock.clearTimer(this.retry.handle);
    this.retry = undefined;
  }

  private cancelTimers(): void {
    this.cancelRetry();
    if (this.poll !== undefined) this.clock.clearTimer(this.poll);
    this.poll = undefined;
  }

  private async launchOne(deployment: Deployment): Promise<void> {
    try {
      const task = await deployment.launch();
      deployment.pendingLaunches--;
      this.track(deployment, task);
      this.event(`(service ${this.name}) has started 1 tasks: (task ${task.taskId}).`);
    } catch (error) {
      deployment.pendingLaunches--;
      this.failed();
      this.event(`(service ${this.name}) was unable to start a task: ${(error as Error).message}`);
      this.deploymentFailed(deployment);
    }
    this.reconcile();
  }

  private track(deployment: Deployment, task: ScheduledTask): void {
    deployment.tasks.set(task.taskId, task);
    void task.stopped.then((final) => this.onStopped(deployment, task, final));
  }

  private onStopped(deployment: Deployment, task: ScheduledTask, final: TaskState): void {
    deployment.tasks.delete(task.taskId);
    this.stoppedTasks.unshift({ task, final });
    // Older stopped tasks leave the engine: their containers were kept to read their logs and exit codes.
    for (const evicted of this.stoppedTasks.splice(this.options.historySize ?? HISTORY)) void evicted.task.removeResources?.();
    // A task stopped by hand is replaced at once; one that stopped by itself counts as a failure.
    if (this.status === 'ACTIVE' && !this.scaledDown.delete(task.taskId) && final.stopCode !== 'UserInitiated') {
      const ranFor = (final.stoppedAt?.getTime() ?? this.clock.now()) - (final.startedAt?.getTime() ?? this.clock.now());
      if (ranFor >= this.backoff.stableAfterMs) this.failures = 0;
      this.failed();
      this.event(`(service ${this.name}) task ${task.taskId} stopped: ${final.stoppedReason ?? 'unknown reason'}.`);
      this.deploymentFailed(deployment);
    }
    this.reconcile();
  }

  private failed(): void {
    this.failures++;
    this.lastFailureAt = this.clock.now();
  }

  private event(message: string): void {
    this.events.unshift({ id: randomUUID(), at: new Date(this.clock.now()), message });
    this.events.splice(EVENTS);
  }

  private changed(): void {
    this.options.onChange?.(this.state());
  }
}

export interface ScheduledRunsOptions {
  readonly schedule: Schedule;
  readonly launch: () => Promise<ScheduledTask>;
  readonly clock?: Clock;
  readonly onChange?: (runs: ScheduledRunsState) => void;
}

export interface ScheduledRunsState {
  readonly expression: string;
  readonly active: boolean;
  readonly nextRunAt?: Date;
  readonly lastRunAt?: Date;
  readonly tasks: readonly TaskState[];
  readonly lastError?: string;
}

/** Node's timers cannot wait longer than this; a later run re-arms on the way. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Starts a task at every time the schedule names (EventBridge starts one even if the last is still running). */
export class ScheduledRuns {
  private readonly clock: Clock;
  private readonly anchor: Date;
  private timer?: unknown;
  private nextRunAt?: Date;
  private lastRunAt?: Date;
  private lastError?: string;
  private readonly tasks: ScheduledTask[] = [];
  private active = false;

  constructor(private readonly options: ScheduledRunsOptions) {
    this.clock = options.clock ?? systemClock;
    this.anchor = new Date(this.clock.now());
  }

  start(): void {
    this.active = true;
    this.arm();
  }

  /** Stops scheduling; tasks already started run on, as with a disabled EventBridge rule. */
  stop(): void {
    this.active = false;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.nextRunAt = undefined;
    this.changed();
  }

  state(): ScheduledRunsState {
    return {
      expression: this.options.schedule.expression,
      active: this.active,
      nextRunAt: this.nextRunAt,
      lastRunAt: this.lastRunAt,
      tasks: this.tasks.map((t) => t.state()),
      lastError: this.lastError,
    };
  }

  private arm(): void {
    if (!this.active) return;
    const now = new Date(this.clock.now());
    this.nextRunAt =
      this.nextRunAt && this.nextRunAt > now ? this.nextRunAt : nextRuns(this.options.schedule, now, 1, { anchor: this.anchor })[0];
    this.changed();
    if (!this.nextRunAt) return;
    const wait = Math.min(this.nextRunAt.getTime() - now.getTime(), LONGEST_TIMER_MS);
    this.timer = this.clock.setTimer(() => this.onTimer(), wait);
  }

  private onTimer(): void {
    this.timer = undefined;
    if (this.nextRunAt && this.clock.now() >= this.nextRunAt.getTime()) {
      this.lastRunAt = this.nextRunAt;
      this.nextRunAt = undefined;
      void this.runOnce();
    }
    this.arm();
  }

  private async runOnce(): Promise<void> {
    try {
      const task = await this.options.launch();
      this.tasks.unshift(task);
      this.tasks.splice(HISTORY);
      this.lastError = undefined;
      void task.stopped.then(() => this.changed());
    } catch (error) {
      this.lastError = (error as Error).message;
    }
    this.changed();
  }

  private changed(): void {
    this.options.onChange?.(this.state());
  }
}
