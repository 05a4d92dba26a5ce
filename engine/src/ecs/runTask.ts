// Runs one task on the local engine the way the ECS agent runs it on an instance: check the images and
// volumes first (nothing is created when they are missing), create the task's volumes, its sandbox and
// every container, start each container once its `dependsOn` conditions hold, stop the task when an
// essential container exits, and stop the others in reverse order, each within its `stopTimeout`.
import type Docker from 'dockerode';
import { engineMessage } from '../engine';
import type { DependencyCondition, PlannedContainer, TaskPlan } from './taskPlan';
import {
  failedToStart,
  STOP_REASONS,
  type ContainerState,
  type ContainerStatus,
  type HealthStatus,
  type StopCode,
  type TaskState,
  type TaskStatus,
} from './taskState';

export interface RunTaskOptions {
  readonly docker: Docker;
  readonly plan: TaskPlan;
  /** Pull an image the engine does not have (the default), or fail at once. */
  readonly pull?: 'missing' | 'never';
  /** Remove the containers, sandbox and task volumes once stopped (default); keep them to read logs later. */
  readonly removeOnStop?: boolean;
  /** How often dependency conditions and health are checked. */
  readonly pollMs?: number;
  readonly onChange?: (task: TaskState) => void;
}

/** The task could not be started and nothing was created: the message says what to fix. */
export class TaskStartError extends Error {}

const DEFAULT_POLL_MS = 250;

/** Checks images and volumes, then starts the task in the background; its progress is on the returned run. */
export async function runTask(options: RunTaskOptions): Promise<TaskRun> {
  await preflight(options.docker, options.plan, options.pull ?? 'missing');
  const run = new TaskRun(options);
  void run.launch();
  return run;
}

// ---------------------------------------------------------------------------------------------- checks

export async function preflight(docker: Docker, plan: TaskPlan, pull: 'missing' | 'never'): Promise<void> {
  const images = new Set([...(plan.sandbox ? [plan.sandbox.image] : []), ...plan.containers.map((c) => c.image)]);
  for (const image of images) await ensureImage(docker, image, pull);
  for (const volume of plan.volumes) {
    if (volume.autoprovision || volume.hostPath !== undefined) continue;
    const exists = await docker
      .getVolume(volume.dockerName)
      .inspect()
      .then(
        () => true,
        () => false,
      );
    if (!exists) {
      throw new TaskStartError(
        `The shared volume "${volume.dockerName}" does not exist on the engine and "autoprovision" is false: create it (docker volume create ${volume.dockerName}) or set autoprovision to true.`,
      );
    }
  }
}

async function ensureImage(docker: Docker, image: string, pull: 'missing' | 'never'): Promise<void> {
  const present = await docker
    .getImage(image)
    .inspect()
    .then(
      () => true,
      () => false,
    );
  if (present) return;
  if (pull === 'never')
    throw new TaskStartError(failedToStart('CannotPullContainerError', `the image "${image}" is not on this engine (pulling is off).`));
  try {
    await pullImage(docker, image);
  } catch (error) {
    throw new TaskStartError(
      failedToStart(
        'CannotPullContainerError',
        `the image "${image}" is not on this engine and pulling it failed: ${engineMessage(error)}`,
      ),
    );
  }
}

async function pullImage(docker: Docker, image: string): Promise<void> {
  const stream = await docker.pull(image);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

// ------------------------------------------------------------------------------------------- the task

interface LiveContainer {
  readonly planned: PlannedContainer;
  id?: string;
  status: ContainerStatus;
  health: HealthStatus;
  exitCode?: number;
  reason?: string;
  ports: ContainerState['ports'];
  exited?: Promise<void>;
}

/** What a task found on the engine already has. */
export interface AdoptedResources {
  readonly containers: ReadonlyMap<string, { readonly id: string; readonly running: boolean; readonly exitCode?: number }>;
  readonly sandboxId?: string;
  readonly taskVolumes: readonly string[];
  readonly createdAt: Date;
  readonly stoppedReason?: string;
}

/** Met, not met (with the reason), or not yet. */
type ConditionCheck = true | string | undefined;

export class TaskRun {
  readonly plan: TaskPlan;
  private readonly docker: Docker;
  private readonly containers: LiveContainer[];
  private readonly created: { volumes: string[]; sandbox?: string } = { volumes: [] };
  private lastStatus: TaskStatus = 'PROVISIONING';
  private createdAt = new Date();
  private startedAt?: Date;
  private stoppingAt?: Date;
  private stoppedAt?: Date;
  private stopRequest?: { reason: string; code: StopCode };
  private launching: Promise<void> = Promise.resolve();
  /** Let go of (a window closing): the engine keeps the task, and whoever takes it over acts on it. */
  private released = false;
  /** Ends the engine requests that wait for containers to exit, when the task is let go of. */
  private readonly watching = new AbortController();
  private readonly settled: Promise<TaskState>;
  private settle!: (task: TaskState) => void;

  constructor(private readonly options: RunTaskOptions) {
    this.plan = options.plan;
    this.docker = options.docker;
    this.containers = options.plan.containers.map((planned) => ({ planned, status: 'PENDING', health: 'UNKNOWN', ports: [] }));
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  /** Resolves with the final state once the task has stopped and (by default) been removed. */
  get stopped(): Promise<TaskState> {
    return this.settled;
  }

  get taskId(): string {
    return this.plan.taskId;
  }

  state(): TaskState {
    return {
      taskId: this.plan.taskId,
      taskArn: this.plan.taskArn,
      cluster: this.plan.cluster,
      family: this.plan.family,
      revision: this.plan.revision,
      service: this.plan.service,
      lastStatus: this.lastStatus,
      desiredStatus: this.stopRequest ? 'STOPPED' : 'RUNNING',
      createdAt: this.createdAt,
      startedAt: this.startedAt,
      stoppingAt: this.stoppingAt,
      stoppedAt: this.stoppedAt,
      stopCode: this.stopRequest?.code,
      stoppedReason: this.stopRequest?.reason,
      containers: this.containers.map((c) => ({
        name: c.planned.name,
        essential: c.planned.essential,
        dockerName: c.planned.dockerName,
        dockerId: c.id,
        image: c.planned.image,
        lastStatus: c.status,
        health: c.health,
        hasHealthCheck: c.planned.create.Healthcheck?.Test !== undefined && c.planned.create.Healthcheck.Test[0] !== 'NONE',
        exitCode: c.exitCode,
        reason: c.reason,
        ports: c.ports,
      })),
    };
  }

  /** Resolves once every container that can start has started, or the task stopped first. */
  async whenStarted(): Promise<TaskState> {
    await this.launching;
    return this.state();
  }

  /** Stops watching without stopping anything: the next window takes the task over from its labels. */
  release(): void {
    this.released = true;
    this.watching.abort();
  }

  /** Stops the task (once; later calls wait for the first). */
  stop(reason: string = STOP_REASONS.user, code: StopCode = 'UserInitiated'): Promise<TaskState> {
    if (!this.stopRequest) {
      this.stopRequest = { reason, code };
      this.stoppingAt = new Date();
      void this.tearDown();
    }
    return this.settled;
  }

  /**
   * Takes over a task found on the engine (after a window reload): its containers are already there, so
   * nothing is created or started; running ones are watched, and stop() works as for a task started here.
   */
  static adopt(options: RunTaskOptions, found: AdoptedResources): TaskRun {
    const run = new TaskRun(options);
    run.adoptResources(found);
    return run;
  }

  private adoptResources(found: AdoptedResources): void {
    this.createdAt = found.createdAt;
    this.created.sandbox = found.sandboxId;
    this.created.volumes.push(...found.taskVolumes);
    for (const container of this.containers) {
      const existing = found.containers.get(container.planned.name);
      if (!existing) continue;
      container.id = existing.id;
      container.status = existing.running ? 'RUNNING' : 'STOPPED';
      container.exitCode = existing.running ? undefined : existing.exitCode;
      if (existing.running) container.exited = this.watchExit(container);
    }
    const anyEssentialRunning = this.containers.some((c) => c.planned.essential && c.status === 'RUNNING');
    if (anyEssentialRunning) {
      this.startedAt = found.createdAt;
      this.lastStatus = 'RUNNING';
      this.launching = this.readPorts();
      return;
    }
    this.stopRequest = { reason: found.stoppedReason ?? STOP_REASONS.essentialExited, code: 'EssentialContainerExited' };
    this.lastStatus = 'STOPPED';
    this.settle(this.state());
  }

  /** Called once by runTask. */
  launch(): Promise<void> {
    this.launching = this.provisionAndStart();
    return this.launching;
  }

  private async provisionAndStart(): Promise<void> {
    try {
      await this.createVolumes();
      await this.startSandbox();
      this.setStatus('PENDING');
      for (const container of this.containers) await this.create(container);
    } catch (error) {
      this.fail(failedToStart('CannotCreateContainerError', engineMessage(error)));
      return;
    }
    await Promise.all(this.containers.map((c) => this.startWhenReady(c)));
    if (!this.stopRequest) {
      await this.readPorts();
      this.startedAt = new Date();
      this.setStatus('RUNNING');
    }
  }

  private async createVolumes(): Promise<void> {
    for (const volume of this.plan.volumes) {
      if (volume.hostPath !== undefined) continue;
      if (volume.scope === 'shared') {
        const exists = await this.docker
          .getVolume(volume.dockerName)
          .inspect()
          .then(
            () => true,
            () => false,
          );
        if (exists) continue;
      } else {
        this.created.volumes.push(volume.dockerName);
      }
      await this.docker.createVolume({
        Name: volume.dockerName,
        Driver: volume.driver,
        DriverOpts: volume.driverOpts,
        Labels: volume.labels,
      });
    }
  }

  private async startSandbox(): Promise<void> {
    const sandbox = this.plan.sandbox;
    if (!sandbox) return;
    const container = await this.docker.createContainer(sandbox.create);
    this.created.sandbox = container.id;
    try {
      await container.start();
    } catch (error) {
      throw new Error(`the sandbox container (${sandbox.image}) did not start: ${engineMessage(error)}`, { cause: error });
    }
    const running = (await container.inspect()).State.Running;
    if (!running) throw new Error(`the sandbox image ${sandbox.image} exits at once; give it a command that keeps running (e.g. sleep).`);
  }

  private async create(container: LiveContainer): Promise<void> {
    const created = await this.docker.createContainer(container.planned.create);
    container.id = created.id;
  }

  private async startWhenReady(container: LiveContainer): Promise<void> {
    const unmet = await this.waitForDependencies(container);
    if (this.stopRequest) return;
    if (unmet) {
      this.neverStarted(container, `DependencyConditionNotMet: ${unmet}`);
      return;
    }
    try {
      await this.docker.getContainer(container.id!).start();
    } catch (error) {
      this.neverStarted(container, failedToStart('CannotStartContainerError', engineMessage(error)));
      return;
    }
    container.status = 'RUNNING';
    container.exited = this.watchExit(container);
    this.changed();
  }

  /** A container that cannot start stops the task when it is essential, as ECS does. */
  private neverStarted(container: LiveContainer, reason: string): void {
    container.status = 'STOPPED';
    container.reason = reason;
    if (container.planned.essential) this.fail(reason);
    else this.changed();
  }

  private async watchExit(container: LiveContainer): Promise<void> {
    const result = (await this.docker
      .getContainer(container.id!)
      .wait({ abortSignal: this.watching.signal })
      .catch(() => undefined)) as { StatusCode?: number } | undefined;
    if (this.released) return;
    container.status = 'STOPPED';
    container.exitCode = result?.StatusCode ?? (await this.inspectExitCode(container));
    this.changed();
    if (container.planned.essential && !this.stopRequest) void this.stop(STOP_REASONS.essentialExited, 'EssentialContainerExited');
  }

  private async inspectExitCode(container: LiveContainer): Promise<number | undefined> {
    const info = await this.docker
      .getContainer(container.id!)
      .inspect()
      .catch(() => undefined);
    return info?.State.ExitCode;
  }

  // ------------------------------------------------------------------------------------ dependsOn

  /** Undefined when every condition holds; else why one cannot (a dependency failed, or startTimeout passed). */
  private async waitForDependencies(container: LiveContainer): Promise<string | undefined> {
    const deadline = Date.now() + container.planned.startTimeoutS * 1000;
    for (const dependency of container.planned.dependsOn) {
      const target = this.containers.find((c) => c.planned.name === dependency.containerName);
      if (!target) continue;
      const unmet = await this.waitUntil(deadline, () => this.checkCondition(target, dependency.condition));
      if (unmet)
        return `container "${container.planned.name}" waits for "${target.planned.name}" to be ${dependency.condition}, but ${unmet}`;
    }
    return undefined;
  }

  private async waitUntil(deadline: number, check: () => Promise<ConditionCheck>): Promise<string | undefined> {
    const pollMs = this.options.pollMs ?? DEFAULT_POLL_MS;
    while (!this.stopRequest) {
      const result = await check();
      if (result === true) return undefined;
      if (typeof result === 'string') return result;
      if (Date.now() > deadline) return 'its startTimeout passed first';
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return 'the task is stopping';
  }

  private async checkCondition(target: LiveContainer, condition: DependencyCondition): Promise<ConditionCheck> {
    if (target.status === 'STOPPED' && target.exitCode === undefined) return `it never started (${target.reason ?? 'unknown reason'})`;
    switch (condition) {
      case 'START':
        return target.status !== 'PENDING' ? true : undefined;
      case 'COMPLETE':
        return target.exitCode !== undefined ? true : undefined;
      case 'SUCCESS':
        if (target.exitCode === undefined) return undefined;
        return target.exitCode === 0 ? true : `it exited with code ${target.exitCode}`;
      case 'HEALTHY':
        return this.checkHealthy(target);
    }
  }

  private async checkHealthy(target: LiveContainer): Promise<ConditionCheck> {
    if (target.exitCode !== undefined) return `it exited with code ${target.exitCode} before it was healthy`;
    if (target.status !== 'RUNNING') return undefined;
    await this.readHealth(target);
    return target.health === 'HEALTHY' ? true : undefined;
  }

  private async readHealth(container: LiveContainer): Promise<void> {
    const info = await this.docker
      .getContainer(container.id!)
      .inspect()
      .catch(() => undefined);
    const status = info?.State.Health?.Status;
    const health: HealthStatus = status === 'healthy' ? 'HEALTHY' : status === 'unhealthy' ? 'UNHEALTHY' : 'UNKNOWN';
    if (health !== container.health) {
      container.health = health;
      this.changed();
    }
  }

  /** Reads every container's health now (the view and the metadata endpoint ask). */
  async refreshHealth(): Promise<void> {
    await Promise.all(this.containers.filter((c) => c.status === 'RUNNING' && c.id).map((c) => this.readHealth(c)));
  }

  /** The host ports the engine chose, from the sandbox under awsvpc, else from each container. */
  private async readPorts(): Promise<void> {
    const sandboxPorts = this.created.sandbox ? await this.publishedPorts(this.created.sandbox) : undefined;
    for (const container of this.containers) {
      if (container.planned.ports.length === 0 || !container.id) continue;
      const published = sandboxPorts ?? (await this.publishedPorts(container.id));
      container.ports = container.planned.ports.flatMap((port) => {
        const binding = published[`${port.containerPort}/${port.protocol}`]?.[0];
        return binding
          ? [{ containerPort: port.containerPort, protocol: port.protocol, hostIp: binding.HostIp, hostPort: Number(binding.HostPort) }]
          : [];
      });
    }
  }

  private async publishedPorts(id: string): Promise<Record<string, Array<{ HostIp: string; HostPort: string }> | null>> {
    const info = await this.docker
      .getContainer(id)
      .inspect()
      .catch(() => undefined);
    return (info?.NetworkSettings.Ports ?? {}) as Record<string, Array<{ HostIp: string; HostPort: string }> | null>;
  }

  // ----------------------------------------------------------------------------------------- stop

  private fail(reason: string): void {
    void this.stop(reason, 'TaskFailedToStart');
  }

  private async tearDown(): Promise<void> {
    this.setStatus('STOPPING');
    await this.launching;
    // Dependents first: the reverse of the start order.
    for (const container of [...this.containers].reverse()) await this.stopContainer(container);
    if (this.created.sandbox)
      await this.docker
        .getContainer(this.created.sandbox)
        .stop({ t: 1 })
        .catch(() => undefined);
    if (this.options.removeOnStop !== false) await this.removeResources();
    this.stoppedAt = new Date();
    this.setStatus('STOPPED');
    this.settle(this.state());
  }

  private async stopContainer(container: LiveContainer): Promise<void> {
    if (!container.id) return;
    if (container.status === 'RUNNING') {
      await this.docker
        .getContainer(container.id)
        .stop({ t: container.planned.stopTimeoutS })
        .catch(() => undefined);
      await container.exited;
    } else if (container.status === 'PENDING') {
      container.status = 'STOPPED';
      container.reason ??= 'The task stopped before this container started.';
    }
  }

  /** The task's containers, its sandbox and its task-scoped volumes; shared volumes stay. */
  async removeResources(): Promise<void> {
    for (const container of this.containers) {
      if (container.id)
        await this.docker
          .getContainer(container.id)
          .remove({ force: true })
          .catch(() => undefined);
    }
    if (this.created.sandbox)
      await this.docker
        .getContainer(this.created.sandbox)
        .remove({ force: true })
        .catch(() => undefined);
    for (const volume of this.created.volumes)
      await this.docker
        .getVolume(volume)
        .remove()
        .catch(() => undefined);
  }

  private setStatus(status: TaskStatus): void {
    this.lastStatus = status;
    this.changed();
  }

  private changed(): void {
    this.options.onChange?.(this.state());
  }
}
