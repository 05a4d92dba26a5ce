// The one-instance local cluster the sidebar drives: the tasks it started, its services and scheduled
// runs, and the metadata endpoint they read. On connect it takes over what the engine already runs
// (found by label), so a window reload loses neither the tasks nor the services' scheduling.
// No `vscode` import.
import type Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { MetadataServer } from './metadata';
import { findLocalTasks, groupServices, type FoundTask } from './rebuild';
import { preflight, runTask, TaskRun } from './runTask';
import { parseSchedule } from './schedule';
import {
  LocalService,
  ScheduledRuns,
  type BackoffOptions,
  type ScheduledRunsState,
  type ScheduledTask,
  type ServiceState,
} from './service';
import type { SandboxSpec } from './taskPlan';
import { loadTaskSource, type TaskSource } from './taskSource';
import type { TaskState } from './taskState';

export interface ClusterSettings {
  readonly sandbox: SandboxSpec;
  readonly publishAddress: string;
  readonly forwardAwsCredentials: boolean;
  readonly pull: 'missing' | 'never';
  readonly backoff?: Partial<BackoffOptions>;
  /** Extra labels on everything (the tests' run label). */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface RunRequest {
  readonly file: string;
  readonly secretsFile?: string;
}

export interface ScheduleEntry {
  readonly id: string;
  readonly family: string;
  readonly file: string;
  readonly state: ScheduledRunsState;
}

export interface ClusterSnapshot {
  readonly services: readonly (ServiceState & { readonly file?: string })[];
  /** Tasks not in a service, newest first: running ones and stopped ones whose containers are kept. */
  readonly tasks: readonly TaskState[];
  readonly schedules: readonly ScheduleEntry[];
}

export class LocalCluster {
  private metadata?: MetadataServer;
  private readonly tasks = new Map<string, TaskRun>();
  private readonly services = new Map<string, { service: LocalService; file?: string }>();
  private readonly schedules = new Map<string, { runs: ScheduledRuns; family: string; file: string }>();
  private scheduleCount = 0;

  constructor(
    private readonly docker: Docker,
    private readonly settings: () => ClusterSettings,
    private readonly onChange: () => void,
    private readonly metadataPort = 0,
  ) {}

  /** Takes over the tasks and services the engine runs; returns what it found. */
  async rebuild(): Promise<FoundTask[]> {
    const found = await findLocalTasks(this.docker, this.labelFilters());
    const metadata = await this.metadataServer();
    for (const task of found.filter((t) => !t.plan.service && !this.tasks.has(t.plan.taskId))) {
      const run = TaskRun.adopt({ docker: this.docker, plan: task.plan, removeOnStop: false, onChange: this.onChange }, task.resources);
      this.trackTask(run, metadata);
    }
    for (const group of groupServices(found)) {
      if (this.services.has(group.name)) continue;
      const request = group.source && existsSync(group.source) ? { file: group.source, secretsFile: group.secretsFile } : undefined;
      const service = this.newService(group.name, group.desiredCount, request);
      for (const task of group.tasks) {
        const run = TaskRun.adopt({ docker: this.docker, plan: task.plan, onChange: this.onChange }, task.resources);
        metadata.register(run);
        // A stopped task of a service is not taken over: ECS would have replaced it already.
        if (run.state().lastStatus === 'STOPPED') await run.removeResources();
        else service.adopt(run);
      }
      service.start();
    }
    this.onChange();
    return found;
  }

  /** Reads every running container's health (the view shows it; the engine reports it only when asked). */
  async refreshHealth(): Promise<void> {
    const runs: ScheduledTask[] = [...this.tasks.values(), ...[...this.services.values()].flatMap(({ service }) => service.runningTasks())];
    await Promise.all(runs.map(async (run) => run.refreshHealth?.()));
  }

  /** Where the metadata endpoint listens, to reuse the port after a reload. */
  get metadataPortInUse(): number | undefined {
    return this.metadata?.port;
  }

  async runTask(request: RunRequest): Promise<TaskRun> {
    const source = await this.source(request);
    const run = await runTask({
      docker: this.docker,
      plan: source.planFor(),
      pull: this.settings().pull,
      removeOnStop: false,
      onChange: this.onChange,
    });
    this.trackTask(run, await this.metadataServer());
    return run;
  }

  /**
   * Starts a service; bad input (a missing image, a volume, a secret) throws before any task starts.
   * Returns what its tasks will run differently from ECS.
   */
  async createService(request: RunRequest, name: string, desiredCount: number): Promise<readonly string[]> {
    if (this.services.has(name)) throw new Error(`A service named ${name} is already running; stop it or pick another name.`);
    const source = await this.source(request);
    const plan = source.planFor({ service: name, desiredCount });
    await preflight(this.docker, plan, this.settings().pull);
    this.newService(name, desiredCount, request).start();
    return plan.notes;
  }

  scale(name: string, desiredCount: number): void {
    this.services.get(name)?.service.scale(desiredCount);
  }

  async stopService(name: string): Promise<void> {
    const entry = this.services.get(name);
    if (!entry) return;
    await entry.service.stop();
    this.services.delete(name);
    this.onChange();
  }

  async schedule(request: RunRequest, expression: string): Promise<ScheduleEntry> {
    const schedule = parseSchedule(expression);
    const source = await this.source(request);
    const id = `schedule-${++this.scheduleCount}`;
    const runs = new ScheduledRuns({ schedule, onChange: this.onChange, launch: () => this.runTask(request) });
    this.schedules.set(id, { runs, family: source.family, file: source.file });
    runs.start();
    return { id, family: source.family, file: source.file, state: runs.state() };
  }

  unschedule(id: string): void {
    this.schedules.get(id)?.runs.stop();
    this.schedules.delete(id);
    this.onChange();
  }

  async stopTask(taskId: string): Promise<TaskState | undefined> {
    return this.findRun(taskId)?.stop();
  }

  /** Removes a stopped task's containers, sandbox and task volumes. */
  async removeTask(taskId: string): Promise<void> {
    const run = this.tasks.get(taskId);
    if (!run) return;
    await run.removeResources();
    this.tasks.delete(taskId);
    this.onChange();
  }

  findRun(taskId: string): ScheduledTask | undefined {
    return this.tasks.get(taskId) ?? [...this.services.values()].map((s) => s.service.task(taskId)).find((r) => r !== undefined);
  }

  snapshot(): ClusterSnapshot {
    return {
      services: [...this.services.values()].map(({ service, file }) => ({ ...service.state(), file })),
      tasks: [...this.tasks.values()].map((t) => t.state()).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
      schedules: [...this.schedules.entries()].map(([id, s]) => ({ id, family: s.family, file: s.file, state: s.runs.state() })),
    };
  }

  /** Stops scheduling and serving; tasks and services keep running on the engine, to be taken over next time. */
  async dispose(): Promise<void> {
    for (const { runs } of this.schedules.values()) runs.stop();
    for (const { service } of this.services.values()) service.release();
    for (const run of this.tasks.values()) run.release();
    await this.metadata?.close();
  }

  private newService(name: string, desiredCount: number, request: RunRequest | undefined): LocalService {
    const service = new LocalService({
      name,
      desiredCount,
      backoff: this.settings().backoff,
      onChange: this.onChange,
      launch: async () => {
        if (!request) throw new Error(`the task definition this service was started from is no longer on disk.`);
        const source = await this.source(request);
        const run = await runTask({
          docker: this.docker,
          plan: source.planFor({ service: name, desiredCount: service.desiredCount, dynamicHostPorts: true }),
          pull: this.settings().pull,
          onChange: this.onChange,
        });
        (await this.metadataServer()).register(run);
        return run;
      },
    });
    this.services.set(name, { service, file: request?.file });
    return service;
  }

  private trackTask(run: TaskRun, metadata: MetadataServer): void {
    this.tasks.set(run.taskId, run);
    metadata.register(run);
    void run.stopped.then(() => this.onChange());
  }

  private async source(request: RunRequest): Promise<TaskSource> {
    const settings = this.settings();
    return loadTaskSource({
      file: request.file,
      secretsFile: request.secretsFile,
      sandbox: settings.sandbox,
      publishAddress: settings.publishAddress,
      forwardAwsCredentials: settings.forwardAwsCredentials,
      env: process.env,
      labels: settings.labels,
      metadata: (await this.metadataServer()).endpoint,
    });
  }

  private async metadataServer(): Promise<MetadataServer> {
    // The containers of a task taken over after a reload still point at the old port: ask for it again.
    this.metadata ??= await MetadataServer.start(this.docker, { port: this.metadataPort }).catch(() => MetadataServer.start(this.docker));
    return this.metadata;
  }

  private labelFilters(): string[] {
    return Object.entries(this.settings().labels ?? {}).map(([key, value]) => `${key}=${value}`);
  }
}
