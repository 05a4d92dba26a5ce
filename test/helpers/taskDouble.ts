// A task the scheduler tests drive by hand: it runs (or waits in PENDING, or reports its health) and
// stops when the test says, and the scheduler sees what it would see of a real one.
import type { ScheduledTask } from '../../engine/src/ecs/service';
import type { HealthStatus, StopCode, TaskState } from '../../engine/src/ecs/taskState';
import type { FakeClock } from './fakeClock';

export class TaskDouble implements ScheduledTask {
  readonly stopped: Promise<TaskState>;
  removed = false;
  private finish!: (state: TaskState) => void;
  private current: TaskState;

  constructor(
    readonly taskId: string,
    clock: FakeClock,
    options: { pending?: boolean; healthCheck?: boolean; family?: string; revision?: number } = {},
  ) {
    const now = new Date(clock.now());
    this.current = {
      taskId,
      taskArn: taskId,
      cluster: 'c',
      family: options.family ?? 'f',
      revision: options.revision ?? 1,
      lastStatus: options.pending ? 'PENDING' : 'RUNNING',
      desiredStatus: 'RUNNING',
      createdAt: now,
      startedAt: options.pending ? undefined : now,
      containers: [
        {
          name: 'app',
          essential: true,
          dockerName: taskId,
          image: 'app',
          lastStatus: options.pending ? 'PENDING' : 'RUNNING',
          health: 'UNKNOWN',
          hasHealthCheck: options.healthCheck ?? false,
          ports: [],
        },
      ],
    };
    this.stopped = new Promise((resolve) => (this.finish = resolve));
  }

  state(): TaskState {
    return this.current;
  }

  /** A pending task starts running. */
  run(): void {
    this.current = { ...this.current, lastStatus: 'RUNNING', startedAt: this.current.createdAt };
  }

  reportHealth(health: HealthStatus): void {
    this.current = { ...this.current, containers: this.current.containers.map((c) => ({ ...c, health })) };
  }

  stop(reason = 'Task stopped by user', code: StopCode = 'UserInitiated'): Promise<TaskState> {
    return this.end(reason, code);
  }

  async removeResources(): Promise<void> {
    this.removed = true;
  }

  /** What the engine side does when an essential container exits. */
  end(reason = 'Essential container in task exited', code: StopCode = 'EssentialContainerExited'): Promise<TaskState> {
    if (this.current.lastStatus !== 'STOPPED') {
      this.current = {
        ...this.current,
        lastStatus: 'STOPPED',
        desiredStatus: 'STOPPED',
        stoppedReason: reason,
        stopCode: code,
        stoppedAt: this.current.startedAt,
      };
      this.finish(this.current);
    }
    return this.stopped;
  }
}
