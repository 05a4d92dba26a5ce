// The local scheduler: a service keeps its desired count of tasks running, replaces a task that stops
// (waiting longer after each quick failure, as ECS throttles a service whose tasks keep failing), and
// scales up and down; scheduled runs start a task at each time a schedule expression names. The clock
// is injected so the timing is tested without waiting.
import { nextRuns, type Schedule } from './schedule';
import { STOP_REASONS, type StopCode, type TaskState } from './taskState';

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
  readonly at: Date;
  readonly message: string;
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
  readonly events: readonly ServiceEvent[];
  readonly nextLaunchAt?: Date;
}

export interface LocalServiceOptions {
  readonly name: string;
  readonly desiredCount: number;
  readonly launch: () => Promise<ScheduledTask>;
  readonly clock?: Clock;
  readonly backoff?: Partial<BackoffOptions>;
  readonly onChange?: (service: ServiceState) => void;
  readonly historySize?: number;
}

const HISTORY = 10;

export class LocalService {
  readonly name: string;
  /** ECS names a service's deployment; stop reasons for scaling quote it. */
  readonly deploymentId = `ecs-svc/${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  private desired: number;
  private status: ServiceState['status'] = 'ACTIVE';
  private readonly tasks = new Map<string, ScheduledTask>();
  private readonly scaledDown = new Set<string>();
  /** Launches under way, counted until their task is tracked (in the same turn, so nothing counts twice). */
  private pendingLaunches = 0;
  private readonly launches = new Set<Promise<void>>();
  private failures = 0;
  private lastFailureAt = 0;
  private retry?: { handle: unknown; at: number };
  private readonly stoppedTasks: TaskState[] = [];
  private readonly events: ServiceEvent[] = [];
  private readonly clock: Clock;
  private readonly backoff: BackoffOptions;

  constructor(private readonly options: LocalServiceOptions) {
    this.name = options.name;
    this.desired = options.desiredCount;
    this.clock = options.clock ?? systemClock;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  start(): void {
    this.reconcile();
  }

  /** Takes over a task already running (found on the engine after a reload). */
  adopt(task: ScheduledTask): void {
    this.track(task);
    this.changed();
  }

  task(taskId: string): ScheduledTask | undefined {
    return this.tasks.get(taskId);
  }

  runningTasks(): ScheduledTask[] {
    return [...this.tasks.values()];
  }

  get desiredCount(): number {
    return this.desired;
  }

  scale(desiredCount: number): void {
    if (this.status !== 'ACTIVE') return;
    this.event(`(service ${this.name}) desired count changed from ${this.desired} to ${desiredCount}.`);
    this.desired = desiredCount;
    this.reconcile();
  }

  /** Stops every task and the scheduler; resolves when the tasks have stopped. */
  async stop(): Promise<void> {
    if (this.status !== 'ACTIVE') return;
    this.status = 'DRAINING';
    this.desired = 0;
    this.cancelRetry();
    this.changed();
    // Launches under way finish first, so the tasks they start are stopped too.
    await Promise.all(this.launches);
    await Promise.all(
      [...this.tasks.values()].map((task) => {
        this.scaledDown.add(task.taskId);
        return task.stop(STOP_REASONS.scaling(this.deploymentId), 'ServiceSchedulerInitiated');
      }),
    );
    this.status = 'INACTIVE';
    this.changed();
  }

  /** Stops scheduling but leaves the tasks running (a window closing): the next window takes them over. */
  release(): void {
    this.status = 'INACTIVE';
    this.cancelRetry();
    for (const task of this.tasks.values()) task.release?.();
  }

  state(): ServiceState {
    const tasks = [...this.tasks.values()].map((t) => t.state());
    return {
      name: this.name,
      status: this.status,
      desiredCount: this.desired,
      runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingCount: tasks.filter((t) => t.lastStatus !== 'RUNNING').length + this.pendingLaunches,
      tasks,
      stoppedTasks: [...this.stoppedTasks],
      events: [...this.events],
      nextLaunchAt: this.retry ? new Date(this.retry.at) : undefined,
    };
  }

  /** Brings the number of tasks to the desired count: launches (after any back-off) or stops the newest. */
  private reconcile(): void {
    if (this.status !== 'ACTIVE') return;
    // Tasks already told to stop no longer count: they are on their way out.
    const stopping = [...this.tasks.keys()].filter((id) => this.scaledDown.has(id)).length;
    const active = this.tasks.size - stopping + this.pendingLaunches;
    if (active > this.desired) this.scaleDown(active - this.desired);
    else if (active < this.desired) this.launchAfterBackoff(this.desired - active);
    this.changed();
  }

  private scaleDown(count: number): void {
    const newestFirst = [...this.tasks.values()].filter((t) => !this.scaledDown.has(t.taskId)).reverse();
    for (const task of newestFirst.slice(0, count)) {
      this.scaledDown.add(task.taskId);
      void task.stop(STOP_REASONS.scaling(this.deploymentId), 'ServiceSchedulerInitiated');
    }
  }

  private launchAfterBackoff(count: number): void {
    if (this.retry) return;
    const wait = this.lastFailureAt + backoffDelay(this.failures, this.backoff) - this.clock.now();
    if (wait > 0) {
      const at = this.clock.now() + wait;
      this.retry = { at, handle: this.clock.setTimer(() => this.retryNow(), wait) };
      return;
    }
    for (let i = 0; i < count; i++) {
      this.pendingLaunches++;
      const launch = this.launchOne();
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

  private async launchOne(): Promise<void> {
    try {
      const task = await this.options.launch();
      this.pendingLaunches--;
      this.track(task);
      this.event(`(service ${this.name}) has started 1 tasks: (task ${task.taskId}).`);
    } catch (error) {
      this.pendingLaunches--;
      this.failed();
      this.event(`(service ${this.name}) was unable to start a task: ${(error as Error).message}`);
    }
    this.reconcile();
  }

  private track(task: ScheduledTask): void {
    this.tasks.set(task.taskId, task);
    void task.stopped.then((final) => this.onStopped(task, final));
  }

  private onStopped(task: ScheduledTask, final: TaskState): void {
    this.tasks.delete(task.taskId);
    this.stoppedTasks.unshift(final);
    this.stoppedTasks.splice(this.options.historySize ?? HISTORY);
    if (!this.scaledDown.delete(task.taskId)) {
      const ranFor = (final.stoppedAt?.getTime() ?? this.clock.now()) - (final.startedAt?.getTime() ?? this.clock.now());
      if (ranFor >= this.backoff.stableAfterMs) this.failures = 0;
      this.failed();
      this.event(`(service ${this.name}) task ${task.taskId} stopped: ${final.stoppedReason ?? 'unknown reason'}.`);
    }
    this.reconcile();
  }

  private failed(): void {
    this.failures++;
    this.lastFailureAt = this.clock.now();
  }

  private event(message: string): void {
    this.events.unshift({ at: new Date(this.clock.now()), message });
    this.events.splice(HISTORY * 5);
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
