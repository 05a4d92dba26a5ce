// The local ECS control plane: every cluster, registered task definition, service and task on the local
// engine, as both the sidebar's "ECS (local)" view and `dockside ecs serve` (the ECS API endpoint) see
// and drive it. Tasks live on the engine and are read back from their labels; everything else lives in
// the state file (state.ts), which every Dockside process reads and writes under a lock.
//
// Several processes may run at once (a window and the endpoint). Each task and each service has one
// owner, the process that started it: only the owner watches a task's containers and schedules a
// service's tasks. A change asked of another process's task or service (stop this task, scale or delete
// that service, deploy a new revision) is written to the state file as the desired state; the owner,
// watching the file, acts on it. When an owner is gone (a window reloaded, the endpoint stopped), the
// next process to look takes its tasks and services over. No `vscode` import.
import type Docker from 'dockerode';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { asString, type Json } from '@dockside/core';
import { DEFAULT_CLUSTER } from './arn';
import { clusterNotFound, EcsError, serviceNotFound } from './errors';
import { MetadataServer } from './metadata';
import { findLocalTasks, type FoundTask } from './rebuild';
import { applyOverrides, findRevision, registerRevision, requireRevision } from './registry';
import { preflight, runTask, TaskRun } from './runTask';
import { parseSchedule } from './schedule';
import {
  DEFAULT_DEPLOYMENT_CONFIGURATION,
  LocalService,
  newDeploymentId,
  ScheduledRuns,
  type BackoffOptions,
  type DeploymentConfiguration,
  type DeploymentState,
  type ScheduledRunsState,
  type ScheduledTask,
  type ServiceState,
} from './service';
import {
  defaultStateDir,
  mergeTags,
  processAlive,
  serviceKey,
  StateStore,
  type EcsState,
  type Owner,
  type StoredDeployment,
  type StoredRevision,
  type StoredService,
  type StoredTask,
  type Tag,
} from './state';
import type { SandboxSpec } from './taskPlan';
import { readTaskDefinitionFile, taskSourceFrom } from './taskSource';
import { isPending, STOP_REASONS, type StopCode, type TaskState } from './taskState';

export interface ClusterSettings {
  readonly sandbox: SandboxSpec;
  readonly publishAddress: string;
  readonly forwardAwsCredentials: boolean;
  readonly pull: 'missing' | 'never';
  readonly backoff?: Partial<BackoffOptions>;
  /** Extra labels on everything (the tests' run label). */
  readonly labels?: Readonly<Record<string, string>>;
  /** The folder of the state file (read once, when the cluster is made); default: the user's data folder. */
  readonly stateDir?: string;
  /** Where relative environment files of definitions registered through the API are read (default: the current folder). */
  readonly workingDirectory?: string;
  /** A local secrets file for definitions registered through the API (their tasks and services). */
  readonly secretsFile?: string;
  /** Remove the containers of standalone tasks started through the API this long after they stop, as ECS forgets them. */
  readonly retainStoppedTasksMs?: number;
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

/** A service as every process sees it: the desired state from the file, the tasks from the engine. */
export interface ServiceSummary extends ServiceState {
  readonly cluster: string;
  readonly createdAt: Date;
  readonly launchType: string;
  readonly networkConfiguration?: Json;
  readonly healthCheckGracePeriodSeconds?: number;
  readonly platformVersion?: string;
  /** Whether this process schedules it (else another Dockside process does). */
  readonly scheduledHere: boolean;
  /** The task definition file it was started from, for a service the sidebar started. */
  readonly file?: string;
}

export interface ClusterSnapshot {
  readonly services: readonly ServiceSummary[];
  /** Tasks not in a service, newest first: running ones and stopped ones whose containers are kept. */
  readonly tasks: readonly TaskState[];
  readonly schedules: readonly ScheduleEntry[];
  /** Where `dockside ecs serve` listens, while it runs. */
  readonly endpoint?: { readonly url: string; readonly pid: number };
}

export interface ClusterSummary {
  readonly name: string;
  readonly status: 'ACTIVE' | 'INACTIVE';
  readonly runningTasksCount: number;
  readonly pendingTasksCount: number;
  readonly activeServicesCount: number;
  readonly settings?: Json[];
  readonly configuration?: Json;
}

/** What a task is started with, whoever asks (the view, RunTask, a service). */
export interface LaunchRequest {
  readonly revision: StoredRevision;
  readonly cluster: string;
  readonly region?: string;
  readonly overrides?: Json;
  readonly startedBy?: string;
  readonly group?: string;
  readonly launchType?: string;
  readonly networkConfiguration?: Json;
  readonly tags?: readonly Tag[];
  readonly service?: { readonly name: string; readonly desiredCount: number; readonly deployment: string };
  readonly secretsFile?: string;
  readonly removeOnStop: boolean;
  readonly startedVia: 'api' | 'sidebar';
}

export interface CreateServiceRequest {
  readonly cluster: string;
  readonly name: string;
  readonly taskDefinition: string;
  readonly desiredCount: number;
  readonly deploymentConfiguration?: DeploymentConfiguration;
  readonly launchType?: string;
  readonly networkConfiguration?: Json;
  readonly healthCheckGracePeriodSeconds?: number;
  readonly platformVersion?: string;
  readonly secretsFile?: string;
  readonly region?: string;
}

export interface UpdateServiceRequest {
  readonly cluster: string;
  readonly name: string;
  readonly desiredCount?: number;
  readonly taskDefinition?: string;
  readonly deploymentConfiguration?: DeploymentConfiguration;
  readonly networkConfiguration?: Json;
  readonly forceNewDeployment?: boolean;
}

interface ScheduledService {
  readonly service: LocalService;
  /** The deployments it has taken in from the state file. */
  readonly deployments: Set<string>;
  /** Set once it is deleted: resolves when its tasks have stopped. */
  stopping?: Promise<void>;
}

/** Owners alive in this process (a cluster disposed of is no longer one). */
const LIVE_INSTANCES = new Set<string>();
/** How long a task launch may take before a record with no containers is forgotten. */
const LAUNCH_GRACE_MS = 10 * 60_000;
const FORGET_INACTIVE_MS = 60 * 60_000;

export class LocalCluster {
  readonly state: StateStore;
  private metadata?: MetadataServer;
  private readonly owner: Owner = { pid: process.pid, instance: randomUUID() };
  /** Standalone tasks this process runs. */
  private readonly tasks = new Map<string, TaskRun>();
  /** Services this process schedules, by `cluster/name`, with the deployment ids it has taken in. */
  private readonly services = new Map<string, ScheduledService>();
  /** Tasks another process runs, as the engine showed them at the last refresh. */
  private observed = new Map<string, FoundTask>();
  private readonly schedules = new Map<string, { runs: ScheduledRuns; family: string; file: string }>();
  private scheduleCount = 0;
  private refreshing?: Promise<void>;
  private syncing: Promise<void> = Promise.resolve();
  private persistQueued = new Set<string>();
  private stopWatching?: () => void;
  private disposed = false;

  constructor(
    private readonly docker: Docker,
    private readonly settings: () => ClusterSettings,
    private readonly onChange: () => void,
    private readonly metadataPort = 0,
  ) {
    this.state = new StateStore(settings().stateDir ?? defaultStateDir());
    LIVE_INSTANCES.add(this.owner.instance);
  }

  /**
   * Takes over what nobody runs any more (tasks and services whose process is gone, and tasks started by
   * something that keeps no state, such as an older Dockside), starts following the state file, and
   * returns what it found on the engine.
   */
  async rebuild(): Promise<FoundTask[]> {
    const found = await findLocalTasks(this.docker, this.labelFilters(), (id) => this.isOwnTask(id));
    const onEngine = new Set(found.map((t) => t.plan.taskId));
    this.state.update((state) => {
      ensureDefaultCluster(state);
      forgetOldRecords(state, Date.now(), (id) => onEngine.has(id) || this.isOwnTask(id));
    });
    const metadata = await this.metadataServer();
    const records = this.state.read().tasks;
    for (const task of found.filter((t) => !t.plan.service && !this.isLiveOwner(records[t.plan.taskId]?.owner)))
      this.adoptTask(task, metadata);
    this.importLabelOnlyServices(found);
    this.observed = new Map(found.filter((t) => !this.isOwnTask(t.plan.taskId)).map((t) => [t.plan.taskId, t]));
    await this.sync();
    this.stopWatching ??= this.state.watch(() => void this.onStateChanged());
    this.onChange();
    return found;
  }

  /** Reads the engine again: tasks other processes started, and what they changed in the state file. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readEngine().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Reads every running container's health (the view shows it; the engine reports it only when asked). */
  async refreshHealth(): Promise<void> {
    await Promise.all(this.ownRuns().map(async (run) => run.refreshHealth?.()));
  }

  /** Where the metadata endpoint listens, to reuse the port after a reload. */
  get metadataPortInUse(): number | undefined {
    return this.metadata?.port;
  }

  // ------------------------------------------------------------------------------ the sidebar's calls

  /** Runs a task definition file (registered first: an unchanged file keeps its revision). */
  async runTask(request: RunRequest, cluster = DEFAULT_CLUSTER): Promise<TaskRun> {
    const revision = this.registerFile(request.file);
    return this.launch({
      revision,
      cluster,
      secretsFile: request.secretsFile,
      group: `family:${revision.family}`,
      removeOnStop: false,
      startedVia: 'sidebar',
    });
  }

  /**
   * Starts a service from a task definition file; bad input (a missing image, a volume, a secret) throws
   * before any task starts. Returns what its tasks will run differently from ECS.
   */
  async createService(request: RunRequest, name: string, desiredCount: number, cluster = DEFAULT_CLUSTER): Promise<readonly string[]> {
    const revision = this.registerFile(request.file);
    await this.metadataServer();
    const plan = this.sourceFor(revision, cluster, request.secretsFile).planFor({ service: name, desiredCount });
    await preflight(this.docker, plan, this.settings().pull);
    await this.createServiceFrom({
      cluster,
      name,
      taskDefinition: `${revision.family}:${revision.revision}`,
      desiredCount,
      secretsFile: request.secretsFile,
    });
    return plan.notes;
  }

  async scale(name: string, desiredCount: number, cluster = DEFAULT_CLUSTER): Promise<void> {
    await this.updateService({ cluster, name, desiredCount });
  }

  /** Deletes the service: its tasks stop and their containers are removed. Resolves once that is done here. */
  async stopService(name: string, cluster = DEFAULT_CLUSTER): Promise<void> {
    await this.deleteService(cluster, name, true);
    await this.services.get(serviceKey(cluster, name))?.stopping;
  }

  async schedule(request: RunRequest, expression: string): Promise<ScheduleEntry> {
    const schedule = parseSchedule(expression);
    const definition = readTaskDefinitionFile(resolve(request.file));
    const family = familyOf(definition);
    const file = resolve(request.file);
    const id = `schedule-${++this.scheduleCount}`;
    const runs = new ScheduledRuns({ schedule, onChange: this.onChange, launch: () => this.runTask(request) });
    this.schedules.set(id, { runs, family, file });
    runs.start();
    return { id, family, file, state: runs.state() };
  }

  unschedule(id: string): void {
    this.schedules.get(id)?.runs.stop();
    this.schedules.delete(id);
    this.onChange();
  }

  /**
   * Stops a task with `reason` (kept, as StopTask keeps it). A task another Dockside process runs is
   * stopped by that process, told through the state file; resolves with the task as it is then.
   */
  async stopTask(taskId: string, reason: string = STOP_REASONS.user): Promise<TaskState | undefined> {
    const own = this.findRun(taskId);
    if (own) return own.stop(reason, 'UserInitiated');
    const found = this.observed.get(taskId);
    if (!found) return undefined;
    const record = this.state.read().tasks[taskId];
    if (this.isLiveOwner(record?.owner)) {
      this.state.update((state) => {
        const task = state.tasks[taskId];
        if (task && !task.stop) task.stopRequest = { reason, at: new Date().toISOString() };
      });
      return this.observedTask(found);
    }
    // Nobody watches it (or its service's owner does not): stop it here, from what the engine shows.
    const run = TaskRun.adopt({ docker: this.docker, plan: found.plan, removeOnStop: false, onChange: this.onChange }, found.resources);
    this.recordTask(run.taskId, { cluster: found.plan.cluster, createdAt: found.resources.createdAt.toISOString() });
    this.state.update((state) => {
      const task = state.tasks[taskId];
      if (task) task.stop = { code: 'UserInitiated', reason, at: new Date().toISOString() };
    });
    const stopped = await run.stop(reason, 'UserInitiated');
    this.onChange();
    return stopped;
  }

  /** Removes a stopped task's containers, sandbox and task volumes. */
  async removeTask(taskId: string): Promise<void> {
    const run = this.tasks.get(taskId);
    if (run) {
      await run.removeResources();
      this.tasks.delete(taskId);
    } else {
      const found = this.observed.get(taskId);
      if (!found || found.observed.lastStatus !== 'STOPPED') return;
      await TaskRun.adopt({ docker: this.docker, plan: found.plan }, found.resources).removeResources();
      this.observed.delete(taskId);
    }
    this.state.update((state) => void delete state.tasks[taskId]);
    this.onChange();
  }

  findRun(taskId: string): ScheduledTask | undefined {
    return this.tasks.get(taskId) ?? [...this.services.values()].map((s) => s.service.task(taskId)).find((r) => r !== undefined);
  }

  snapshot(): ClusterSnapshot {
    const state = this.state.read();
    const standalone = [...this.tasks.values()].map((t) => this.withRecord(t.state(), state));
    const others = [...this.observed.values()].filter((t) => !t.plan.service).map((t) => this.observedTask(t, state));
    const endpoint = state.endpoint && processAlive(state.endpoint.pid) ? { url: state.endpoint.url, pid: state.endpoint.pid } : undefined;
    return {
      services: this.serviceSummaries(state),
      tasks: [...standalone, ...others].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
      schedules: [...this.schedules.entries()].map(([id, s]) => ({ id, family: s.family, file: s.file, state: s.runs.state() })),
      endpoint,
    };
  }

  /**
   * Stops scheduling and serving; tasks and services keep running on the engine, and the next Dockside
   * process takes them over. With `stopTasks`, every task this process runs is stopped first (services
   * stay defined, and start their tasks again when next taken over).
   */
  async dispose(options: { stopTasks?: boolean } = {}): Promise<void> {
    this.disposed = true;
    this.stopWatching?.();
    for (const { runs } of this.schedules.values()) runs.stop();
    if (options.stopTasks) {
      await Promise.all([...this.services.values()].map(({ service }) => service.stop()));
      await Promise.all([...this.tasks.values()].map((run) => run.stop(STOP_REASONS.user, 'UserInitiated')));
    }
    for (const { service } of this.services.values()) service.release();
    for (const run of this.tasks.values()) run.release();
    LIVE_INSTANCES.delete(this.owner.instance);
    // Let go at once, so the next process need not wait to find this one gone.
    this.state.update((state) => {
      for (const record of Object.values(state.services)) if (this.isMe(record.owner)) delete record.owner;
    });
    await this.metadata?.close();
  }

  // ---------------------------------------------------------------------------------- the API's calls

  clusterNames(): string[] {
    const state = this.state.read();
    const names = new Set([
      DEFAULT_CLUSTER,
      ...Object.values(state.clusters)
        .filter((c) => c.status === 'ACTIVE')
        .map((c) => c.name),
    ]);
    for (const task of this.allTasks(state)) names.add(task.cluster);
    return [...names].sort();
  }

  /** Undefined for a cluster that does not exist. */
  clusterSummary(name: string): ClusterSummary | undefined {
    const state = this.state.read();
    const stored = state.clusters[name];
    const tasks = this.allTasks(state).filter((t) => t.cluster === name && t.lastStatus !== 'STOPPED');
    const known = name === DEFAULT_CLUSTER || stored?.status === 'ACTIVE' || tasks.length > 0;
    if (!known)
      return stored ? { name, status: 'INACTIVE', runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0 } : undefined;
    return {
      name,
      status: 'ACTIVE',
      runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingTasksCount: tasks.filter((t) => t.lastStatus !== 'RUNNING').length,
      activeServicesCount: Object.values(state.services).filter((s) => s.cluster === name && s.status === 'ACTIVE').length,
      settings: stored?.settings,
      configuration: stored?.configuration,
    };
  }

  /** Throws ClusterNotFoundException unless the cluster exists. */
  requireCluster(name: string): void {
    const summary = this.clusterSummary(name);
    if (!summary || summary.status !== 'ACTIVE') throw clusterNotFound();
  }

  createCluster(name: string, extra: { settings?: Json[]; configuration?: Json; tags?: readonly Tag[] } = {}): void {
    this.state.update((state) => {
      const existing = state.clusters[name];
      if (existing?.status !== 'ACTIVE')
        state.clusters[name] = {
          name,
          createdAt: new Date().toISOString(),
          status: 'ACTIVE',
          settings: extra.settings,
          configuration: extra.configuration,
        };
      if (extra.tags?.length) state.tags[`cluster/${name}`] = mergeTags(state.tags[`cluster/${name}`], extra.tags);
    });
    this.onChange();
  }

  /** As ECS: a cluster with active services or running tasks cannot be deleted. */
  deleteCluster(name: string): void {
    this.requireCluster(name);
    const summary = this.clusterSummary(name)!;
    if (summary.activeServicesCount > 0)
      throw new EcsError('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.');
    if (summary.runningTasksCount + summary.pendingTasksCount > 0)
      throw new EcsError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.');
    this.state.update((state) => {
      state.clusters[name] = { ...(state.clusters[name] ?? { name, createdAt: new Date().toISOString() }), status: 'INACTIVE' };
      delete state.tags[`cluster/${name}`];
      for (const key of Object.keys(state.services)) if (state.services[key]!.cluster === name) delete state.services[key];
    });
    this.onChange();
  }

  /** Every task any Dockside process runs or ran (while its containers are kept), with what the state file adds. */
  allTasks(state: EcsState = this.state.read()): TaskState[] {
    const own = this.ownRuns().map((run) => this.withRecord(run.state(), state));
    const history = [...this.services.values()].flatMap(({ service }) =>
      service.state().stoppedTasks.map((t) => this.withRecord(t, state)),
    );
    const seen = new Set(own.map((t) => t.taskId));
    const others = [...this.observed.values()].filter((t) => !seen.has(t.plan.taskId)).map((t) => this.observedTask(t, state));
    for (const task of others) seen.add(task.taskId);
    return [...own, ...others, ...history.filter((t) => !seen.has(t.taskId))];
  }

  /** Starts `count` tasks of a registered revision (RunTask); throws what stops them from starting. */
  async startTasks(request: Omit<LaunchRequest, 'removeOnStop' | 'startedVia'>, count: number): Promise<TaskState[]> {
    this.requireCluster(request.cluster);
    const runs: TaskRun[] = [];
    for (let i = 0; i < count; i++) runs.push(await this.launch({ ...request, removeOnStop: false, startedVia: 'api' }));
    const state = this.state.read();
    return runs.map((run) => this.withRecord(run.state(), state));
  }

  /** A new service; its tasks start in the background (their failures become service events, as on ECS). */
  async createServiceFrom(request: CreateServiceRequest): Promise<void> {
    this.requireCluster(request.cluster);
    const key = serviceKey(request.cluster, request.name);
    this.state.update((state) => {
      const existing = state.services[key];
      if (existing && existing.status !== 'INACTIVE')
        throw new EcsError('InvalidParameterException', 'Creation of service was not idempotent.');
      const revision = requireRevision(state, request.taskDefinition);
      if (revision.status !== 'ACTIVE')
        throw new EcsError(
          'ClientException',
          `TaskDefinition ${revision.family}:${revision.revision} is inactive; register a new revision.`,
        );
      const now = new Date().toISOString();
      const launchType = request.launchType ?? launchTypeOf(revision);
      state.services[key] = {
        cluster: request.cluster,
        name: request.name,
        createdAt: now,
        status: 'ACTIVE',
        desiredCount: request.desiredCount,
        deploymentConfiguration: request.deploymentConfiguration ?? DEFAULT_DEPLOYMENT_CONFIGURATION,
        launchType,
        networkConfiguration: request.networkConfiguration,
        deployments: [
          newStoredDeployment(`${revision.family}:${revision.revision}`, request.desiredCount, launchType, request.networkConfiguration),
        ],
        events: [],
        owner: this.owner,
        secretsFile: request.secretsFile ?? this.settings().secretsFile,
        schedulingStrategy: 'REPLICA',
        platformVersion: request.platformVersion,
        healthCheckGracePeriodSeconds: request.healthCheckGracePeriodSeconds,
      };
    });
    await this.sync();
  }

  /** Changes the desired state; the process that schedules the service applies it (this one, or another). */
  async updateService(request: UpdateServiceRequest): Promise<void> {
    this.requireCluster(request.cluster);
    this.state.update((state) => {
      const record = state.services[serviceKey(request.cluster, request.name)];
      if (!record || record.status === 'INACTIVE') throw serviceNotFound();
      if (record.status !== 'ACTIVE') throw new EcsError('ServiceNotActiveException', 'Service was not ACTIVE.');
      if (request.desiredCount !== undefined) record.desiredCount = request.desiredCount;
      if (request.deploymentConfiguration) record.deploymentConfiguration = request.deploymentConfiguration;
      if (request.networkConfiguration) record.networkConfiguration = request.networkConfiguration;
      const primary = record.deployments.find((d) => d.status === 'PRIMARY');
      if (primary) primary.desiredCount = record.desiredCount;
      let target = primary?.taskDefinition;
      if (request.taskDefinition !== undefined) {
        const revision = requireRevision(state, request.taskDefinition);
        if (revision.status !== 'ACTIVE')
          throw new EcsError(
            'ClientException',
            `TaskDefinition ${revision.family}:${revision.revision} is inactive; register a new revision.`,
          );
        target = `${revision.family}:${revision.revision}`;
      }
      if (target && (target !== primary?.taskDefinition || request.forceNewDeployment)) {
        for (const deployment of record.deployments) if (deployment.status === 'PRIMARY') deployment.status = 'ACTIVE';
        record.deployments.unshift(newStoredDeployment(target, record.desiredCount, record.launchType, record.networkConfiguration));
      }
    });
    await this.sync();
  }

  /** Marks the service for deletion (DRAINING); with `force`, even while its desired count is above 0. */
  async deleteService(cluster: string, name: string, force: boolean): Promise<void> {
    this.requireCluster(cluster);
    this.state.update((state) => {
      const record = state.services[serviceKey(cluster, name)];
      if (!record || record.status === 'INACTIVE') throw serviceNotFound();
      if (record.status === 'DRAINING') return;
      if (record.desiredCount > 0 && !force)
        throw new EcsError(
          'InvalidParameterException',
          'The service cannot be stopped while it is scaled above 0; set its desired count to 0 first, or delete it with force.',
        );
      record.status = 'DRAINING';
      record.desiredCount = 0;
    });
    await this.sync();
  }

  /** Every service that is not yet forgotten, in `cluster` when given. */
  serviceSummaries(state: EcsState = this.state.read(), cluster?: string): ServiceSummary[] {
    return Object.values(state.services)
      .filter((record) => cluster === undefined || record.cluster === cluster)
      .filter((record) => record.status !== 'INACTIVE' || cluster !== undefined)
      .map((record) => this.summarize(record, state));
  }

  // --------------------------------------------------------------------------------------- launching

  /** Starts one task; the state file records it (who runs it, what it was started with) before it starts. */
  async launch(request: LaunchRequest): Promise<TaskRun> {
    const metadata = await this.metadataServer();
    const definitionRef = `${request.revision.family}:${request.revision.revision}`;
    const source = this.sourceFor(request.revision, request.cluster, request.secretsFile ?? this.settings().secretsFile, request.overrides);
    const plan = source.planFor({
      service: request.service?.name,
      desiredCount: request.service?.desiredCount,
      deployment: request.service?.deployment,
      dynamicHostPorts: request.service !== undefined,
      region: request.region,
      cluster: request.cluster,
    });
    this.state.update((state) => {
      state.tasks[plan.taskId] = {
        cluster: request.cluster,
        createdAt: new Date().toISOString(),
        startedBy: request.startedBy,
        group: request.group ?? (request.service ? `service:${request.service.name}` : `family:${request.revision.family}`),
        overrides: request.overrides,
        networkConfiguration: request.networkConfiguration,
        launchType: request.launchType ?? plan.launchType,
        owner: this.owner,
        taskDefinition: definitionRef,
        startedVia: request.startedVia,
      };
      if (request.tags?.length) state.tags[`task/${request.cluster}/${plan.taskId}`] = [...request.tags];
    });
    let run: TaskRun;
    try {
      run = await runTask({
        docker: this.docker,
        plan,
        pull: this.settings().pull,
        removeOnStop: request.removeOnStop,
        onChange: this.onChange,
      });
    } catch (error) {
      this.state.update((state) => void delete state.tasks[plan.taskId]);
      throw error;
    }
    metadata.register(run);
    void run.stopped.then((final) => this.recordStop(final));
    if (!request.service) this.trackTask(run);
    return run;
  }

  private sourceFor(revision: StoredRevision, cluster: string, secretsFile?: string, overrides?: Json) {
    const settings = this.settings();
    const definition = applyOverrides({ ...revision.definition, family: revision.family, revision: revision.revision }, overrides);
    return taskSourceFrom(definition, {
      file: revision.file,
      baseDir: revision.file ? dirname(revision.file) : resolve(settings.workingDirectory ?? process.cwd()),
      secretsFile,
      sandbox: settings.sandbox,
      cluster,
      publishAddress: settings.publishAddress,
      forwardAwsCredentials: settings.forwardAwsCredentials,
      env: process.env,
      labels: settings.labels,
      metadata: this.metadata?.endpoint,
    });
  }

  private registerFile(file: string): StoredRevision {
    const path = resolve(file);
    const definition = readTaskDefinitionFile(path);
    const withFamily = familyOf(definition) === 'local-task' ? { ...(definition as Json), family: 'local-task' } : definition;
    const revision = this.state.update((state) => registerRevision(state, withFamily, { file: path, reuseIdentical: true }));
    this.onChange();
    return revision;
  }

  private trackTask(run: TaskRun): void {
    this.tasks.set(run.taskId, run);
    this.observed.delete(run.taskId);
    void run.stopped.then(() => this.onChange());
  }

  private recordTask(taskId: string, record: StoredTask): void {
    this.state.update((state) => {
      state.tasks[taskId] = { ...record, ...state.tasks[taskId], owner: this.owner };
    });
  }

  /** Why it stopped, for every process that describes it later; a reason written first (StopTask) is kept. */
  private recordStop(final: TaskState): void {
    this.state.update((state) => {
      const record = state.tasks[final.taskId];
      if (!record || record.stop) return;
      record.stop = {
        code: final.stopCode ?? 'EssentialContainerExited',
        reason: final.stoppedReason ?? STOP_REASONS.essentialExited,
        at: (final.stoppedAt ?? new Date()).toISOString(),
        startedAt: final.startedAt?.toISOString(),
      };
      delete record.stopRequest;
    });
    this.onChange();
    void this.sweepStoppedTasks();
  }

  /** Standalone tasks started through the API leave the engine a while after they stop, as ECS forgets them. */
  private async sweepStoppedTasks(): Promise<void> {
    const retain = this.settings().retainStoppedTasksMs;
    if (retain === undefined) return;
    const state = this.state.read();
    const now = Date.now();
    for (const run of [...this.tasks.values()]) {
      const record = state.tasks[run.taskId];
      const stoppedAt = record?.stop ? Date.parse(record.stop.at) : undefined;
      if (record?.startedVia !== 'api' || stoppedAt === undefined || now - stoppedAt < retain) continue;
      await this.removeTask(run.taskId);
    }
  }

  // ------------------------------------------------------------------------------- following the file

  private async readEngine(): Promise<void> {
    const found = await findLocalTasks(this.docker, this.labelFilters(), (id) => this.isOwnTask(id));
    const records = this.state.read().tasks;
    const metadata = await this.metadataServer();
    // A window that reloaded left its tasks behind: take them over.
    for (const task of found) {
      const owner = records[task.plan.taskId]?.owner;
      if (!task.plan.service && owner && !this.isLiveOwner(owner)) this.adoptTask(task, metadata);
    }
    this.observed = new Map(found.filter((t) => !this.isOwnTask(t.plan.taskId)).map((t) => [t.plan.taskId, t]));
    await this.sync();
    if (this.settings().retainStoppedTasksMs !== undefined) await this.sweepStoppedTasks();
  }

  private async onStateChanged(): Promise<void> {
    if (this.disposed) return;
    await this.sync();
    this.applyStopRequests();
    this.onChange();
  }

  /** StopTask asked of a task this process runs, through the state file. */
  private applyStopRequests(): void {
    const state = this.state.read();
    for (const run of this.ownRuns()) {
      const request = state.tasks[run.taskId]?.stopRequest;
      if (request && run.state().lastStatus !== 'STOPPED') void run.stop(request.reason, 'UserInitiated');
    }
  }

  /** Brings the services this process schedules in line with the file, and takes over those nobody schedules. */
  private sync(): Promise<void> {
    this.syncing = this.syncing.then(() => this.syncOnce()).catch(() => undefined);
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    if (this.disposed) return;
    const state = this.state.read();
    for (const record of Object.values(state.services)) {
      const key = serviceKey(record.cluster, record.name);
      const entry = this.services.get(key);
      if (entry) await this.apply(key, entry, record);
      else if (record.status !== 'INACTIVE' && (this.isMe(record.owner) || !this.isLiveOwner(record.owner)) && this.claim(key))
        await this.takeOver(key);
    }
    for (const [key, entry] of this.services) if (!state.services[key]) this.drain(key, entry);
  }

  private async apply(key: string, entry: ScheduledService, record: StoredService): Promise<void> {
    if (record.status !== 'ACTIVE') {
      this.drain(key, entry);
      return;
    }
    if (JSON.stringify(record.deploymentConfiguration) !== JSON.stringify(entry.service.state().deploymentConfiguration))
      entry.service.configure(record.deploymentConfiguration);
    entry.service.scale(record.desiredCount);
    const fresh = record.deployments.find((d) => d.status === 'PRIMARY' && !entry.deployments.has(d.id));
    if (fresh) {
      entry.deployments.add(fresh.id);
      entry.service.deploy({
        id: fresh.id,
        taskDefinition: fresh.taskDefinition,
        launch: this.launcher(record, fresh.id, fresh.taskDefinition),
      });
    }
  }

  /** Stops a deleted service's tasks in the background; once they are gone, the service is INACTIVE. */
  private drain(key: string, entry: ScheduledService): void {
    entry.stopping ??= entry.service.stop().then(() => {
      this.services.delete(key);
      this.state.update((state) => {
        const stored = state.services[key];
        if (!stored) return;
        stored.status = 'INACTIVE';
        stored.deployments = [];
        delete stored.owner;
      });
      this.onChange();
    });
  }

  /** Marks this process as the service's owner, unless another live one got there first. */
  private claim(key: string): boolean {
    return this.state.update((state) => {
      const record = state.services[key];
      if (!record || record.status === 'INACTIVE') return false;
      if (this.isMe(record.owner)) return true;
      if (this.isLiveOwner(record.owner)) return false;
      record.owner = this.owner;
      return true;
    });
  }

  /** Schedules a service from its record, with the tasks its last owner left running. */
  private async takeOver(key: string): Promise<void> {
    const record = this.state.read().services[key]!;
    const metadata = await this.metadataServer();
    const deployments = record.deployments.filter((d) => d.status !== 'INACTIVE');
    if (deployments.length === 0) deployments.push(newStoredDeployment('', record.desiredCount, record.launchType));
    const service = new LocalService({
      name: record.name,
      desiredCount: record.status === 'ACTIVE' ? record.desiredCount : 0,
      deploymentConfiguration: record.deploymentConfiguration,
      backoff: this.settings().backoff,
      events: record.events.map((e) => ({ id: e.id, at: new Date(e.createdAt), message: e.message })),
      deployments: deployments.map((d) => ({
        id: d.id,
        taskDefinition: d.taskDefinition,
        launch: this.launcher(record, d.id, d.taskDefinition),
        createdAt: new Date(d.createdAt),
        rolloutState: d.rolloutState,
        rolloutStateReason: d.rolloutStateReason,
        failedTasks: d.failedTasks,
      })),
      onChange: () => this.persistSoon(key),
    });
    const entry: ScheduledService = { service, deployments: new Set(deployments.map((d) => d.id)) };
    this.services.set(key, entry);
    for (const found of [...this.observed.values()].filter((t) => t.plan.service === record.name && t.plan.cluster === record.cluster)) {
      const run = TaskRun.adopt({ docker: this.docker, plan: found.plan, removeOnStop: false, onChange: this.onChange }, found.resources);
      this.observed.delete(found.plan.taskId);
      metadata.register(run);
      this.recordTask(run.taskId, {
        cluster: record.cluster,
        createdAt: found.resources.createdAt.toISOString(),
        group: `service:${record.name}`,
      });
      void run.stopped.then((final) => this.recordStop(final));
      // A stopped task of a service is not taken over: ECS would have replaced it already.
      if (run.state().lastStatus === 'STOPPED') await run.removeResources();
      else service.adopt(run, found.deployment);
    }
    if (record.status === 'ACTIVE') service.start();
    else await this.apply(key, entry, record);
    this.onChange();
  }

  private launcher(record: StoredService, deployment: string, taskDefinition: string): () => Promise<ScheduledTask> {
    const key = serviceKey(record.cluster, record.name);
    return async () => {
      const revision = findRevision(this.state.read(), taskDefinition);
      if (!revision) throw new Error(`the task definition ${taskDefinition || 'it was started from'} is no longer registered here.`);
      return this.launch({
        revision,
        cluster: record.cluster,
        service: { name: record.name, desiredCount: this.services.get(key)?.service.desiredCount ?? record.desiredCount, deployment },
        startedBy: deployment,
        launchType: record.launchType,
        networkConfiguration: record.networkConfiguration,
        secretsFile: record.secretsFile,
        removeOnStop: false,
        startedVia: 'api',
      });
    };
  }

  /** Writes what the scheduler did (deployments' progress, events) to the service's record, once per turn. */
  private persistSoon(key: string): void {
    this.onChange();
    if (this.persistQueued.has(key)) return;
    this.persistQueued.add(key);
    setImmediate(() => {
      this.persistQueued.delete(key);
      this.persist(key);
    });
  }

  private persist(key: string): void {
    const entry = this.services.get(key);
    if (!entry || this.disposed) return;
    const live = entry.service.state();
    const current = this.state.read().services[key];
    if (!current || !this.isMe(current.owner)) return;
    const next = projectService(current, live, entry.deployments);
    if (JSON.stringify(next) === JSON.stringify({ deployments: current.deployments, events: current.events })) return;
    this.state.update((state) => {
      const record = state.services[key];
      if (!record || !this.isMe(record.owner)) return;
      const projected = projectService(record, live, entry.deployments);
      record.deployments = projected.deployments;
      record.events = projected.events;
    });
  }

  /** Services an older Dockside (or `dockside ecs create-service`) left with no record: recorded here, then taken over. */
  private importLabelOnlyServices(found: readonly FoundTask[]): void {
    const recorded = this.state.read().services;
    const groups = new Map<string, FoundTask[]>();
    for (const task of found) {
      if (!task.plan.service) continue;
      const key = serviceKey(task.plan.cluster || DEFAULT_CLUSTER, task.plan.service);
      if (!recorded[key]) groups.set(key, [...(groups.get(key) ?? []), task]);
    }
    for (const [key, tasks] of groups) {
      const newest = tasks[tasks.length - 1]!;
      const cluster = newest.plan.cluster || DEFAULT_CLUSTER;
      const file = newest.source && existsSync(newest.source) ? newest.source : undefined;
      const revision = file ? this.registerFile(file) : undefined;
      const taskDefinition = revision ? `${revision.family}:${revision.revision}` : `${newest.plan.family}:${newest.plan.revision}`;
      const desiredCount = newest.desiredCount ?? tasks.length;
      const deployment = {
        ...newStoredDeployment(taskDefinition, desiredCount, newest.plan.launchType),
        id: newest.deployment ?? newDeploymentId(),
      };
      this.state.update((state) => {
        state.services[key] ??= {
          cluster,
          name: newest.plan.service!,
          createdAt: newest.resources.createdAt.toISOString(),
          status: 'ACTIVE',
          desiredCount,
          deploymentConfiguration: DEFAULT_DEPLOYMENT_CONFIGURATION,
          launchType: newest.plan.launchType,
          deployments: [deployment],
          events: [],
          secretsFile: newest.secretsFile,
          schedulingStrategy: 'REPLICA',
        };
      });
    }
  }

  // ------------------------------------------------------------------------------------------ reading

  private summarize(record: StoredService, state: EcsState): ServiceSummary {
    const key = serviceKey(record.cluster, record.name);
    const entry = this.services.get(key);
    const common = {
      cluster: record.cluster,
      createdAt: new Date(record.createdAt),
      launchType: record.launchType,
      networkConfiguration: record.networkConfiguration,
      healthCheckGracePeriodSeconds: record.healthCheckGracePeriodSeconds,
      platformVersion: record.platformVersion,
      file: findRevision(state, record.deployments[0]?.taskDefinition ?? '')?.file,
    };
    if (entry) {
      const live = entry.service.state();
      return {
        ...live,
        ...common,
        status:
          record.status === 'ACTIVE'
            ? live.status
            : record.status === 'DRAINING' || live.status === 'DRAINING'
              ? 'DRAINING'
              : record.status,
        tasks: live.tasks.map((t) => this.withRecord(t, state)),
        stoppedTasks: live.stoppedTasks.map((t) => this.withRecord(t, state)),
        scheduledHere: true,
      };
    }
    const tasks = [...this.observed.values()]
      .filter((t) => t.plan.service === record.name && t.plan.cluster === record.cluster)
      .map((t) => this.observedTask(t, state));
    const current = tasks.filter((t) => t.lastStatus !== 'STOPPED');
    const count = (list: readonly TaskState[]) => ({
      runningCount: list.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingCount: list.filter(isPending).length,
    });
    const deploymentOf = new Map([...this.observed.values()].map((t) => [t.plan.taskId, t.deployment]));
    const deployments: DeploymentState[] = record.deployments
      .filter((d) => d.status !== 'INACTIVE')
      .map((d) => ({
        id: d.id,
        taskDefinition: d.taskDefinition,
        status: d.status === 'PRIMARY' ? 'PRIMARY' : 'ACTIVE',
        desiredCount: d.status === 'PRIMARY' ? record.desiredCount : 0,
        ...count(current.filter((t) => deploymentOf.get(t.taskId) === d.id)),
        failedTasks: d.failedTasks,
        rolloutState: d.rolloutState,
        rolloutStateReason: d.rolloutStateReason,
        createdAt: new Date(d.createdAt),
        updatedAt: new Date(d.updatedAt),
      }));
    return {
      ...common,
      name: record.name,
      status: record.status,
      desiredCount: record.desiredCount,
      ...count(current),
      tasks: current,
      stoppedTasks: tasks.filter((t) => t.lastStatus === 'STOPPED'),
      events: record.events.map((e) => ({ id: e.id, at: new Date(e.createdAt), message: e.message })),
      deployments,
      deploymentConfiguration: record.deploymentConfiguration,
      scheduledHere: false,
    };
  }

  /** A task another process runs, with the stop reason and desired status the state file holds. */
  private observedTask(found: FoundTask, state: EcsState = this.state.read()): TaskState {
    return this.withRecord(found.observed, state);
  }

  private withRecord(task: TaskState, state: EcsState): TaskState {
    const record = state.tasks[task.taskId];
    if (!record) return task;
    const stop = record.stop;
    const stopping = record.stopRequest && task.lastStatus !== 'STOPPED';
    return {
      ...task,
      desiredStatus: stopping || stop ? 'STOPPED' : task.desiredStatus,
      ...(stop && task.lastStatus === 'STOPPED'
        ? { stopCode: stop.code as StopCode, stoppedReason: stop.reason, stoppedAt: task.stoppedAt ?? new Date(stop.at) }
        : {}),
      ...(stopping ? { stopCode: 'UserInitiated' as StopCode, stoppedReason: record.stopRequest!.reason } : {}),
    };
  }

  private ownRuns(): ScheduledTask[] {
    return [...this.tasks.values(), ...[...this.services.values()].flatMap(({ service }) => service.runningTasks())];
  }

  private isOwnTask(taskId: string): boolean {
    return this.findRun(taskId) !== undefined;
  }

  private adoptTask(task: FoundTask, metadata: MetadataServer): void {
    const run = TaskRun.adopt({ docker: this.docker, plan: task.plan, removeOnStop: false, onChange: this.onChange }, task.resources);
    this.recordTask(run.taskId, { cluster: task.plan.cluster || DEFAULT_CLUSTER, createdAt: task.resources.createdAt.toISOString() });
    this.trackTask(run);
    metadata.register(run);
    void run.stopped.then((final) => this.recordStop(final));
  }

  private isMe(owner: Owner | undefined): boolean {
    return owner?.pid === this.owner.pid && owner.instance === this.owner.instance;
  }

  /** A process that runs (and, in this process, a cluster not yet disposed of). */
  private isLiveOwner(owner: Owner | undefined): boolean {
    if (!owner) return false;
    if (owner.pid === process.pid) return LIVE_INSTANCES.has(owner.instance);
    return processAlive(owner.pid);
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

function familyOf(definition: unknown): string {
  const value = definition as Json | null;
  const inner = (value && typeof value === 'object' && 'taskDefinition' in value ? value['taskDefinition'] : value) as Json | null;
  return asString(inner?.['family']) ?? 'local-task';
}

function launchTypeOf(revision: StoredRevision): string {
  const compatibilities = revision.definition['requiresCompatibilities'];
  return Array.isArray(compatibilities) && compatibilities.includes('FARGATE') ? 'FARGATE' : 'EC2';
}

function newStoredDeployment(
  taskDefinition: string,
  desiredCount: number,
  launchType: string,
  networkConfiguration?: Json,
): StoredDeployment {
  const now = new Date().toISOString();
  return {
    id: newDeploymentId(),
    taskDefinition,
    status: 'PRIMARY',
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: 'ECS deployment in progress.',
    createdAt: now,
    updatedAt: now,
    failedTasks: 0,
    desiredCount,
    launchType,
    networkConfiguration,
  };
}

/** The record's deployments and events as the scheduler has them now; deployments it has not taken in yet stay. */
function projectService(
  record: StoredService,
  live: ServiceState,
  known: ReadonlySet<string>,
): Pick<StoredService, 'deployments' | 'events'> {
  const liveIds = new Set(live.deployments.map((d) => d.id));
  const deployments = live.deployments.map((d): StoredDeployment => {
    const stored = record.deployments.find((r) => r.id === d.id);
    return {
      id: d.id,
      taskDefinition: d.taskDefinition,
      status: d.status,
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
      failedTasks: d.failedTasks,
      desiredCount: d.desiredCount,
      launchType: stored?.launchType ?? record.launchType,
      networkConfiguration: stored?.networkConfiguration ?? record.networkConfiguration,
    };
  });
  const waiting = record.deployments.filter((d) => !liveIds.has(d.id) && !known.has(d.id));
  return {
    deployments: [...waiting, ...deployments],
    events: live.events.map((e) => ({ id: e.id, createdAt: e.at.toISOString(), message: e.message })),
  };
}

function ensureDefaultCluster(state: EcsState): void {
  if (state.clusters[DEFAULT_CLUSTER]?.status !== 'ACTIVE')
    state.clusters[DEFAULT_CLUSTER] = { name: DEFAULT_CLUSTER, createdAt: new Date().toISOString(), status: 'ACTIVE' };
}

/** Records of tasks gone from the engine (a while ago, not while they start) and services deleted an hour ago are dropped. */
function forgetOldRecords(state: EcsState, now: number, onEngine: (taskId: string) => boolean): void {
  for (const [id, task] of Object.entries(state.tasks)) {
    if (!onEngine(id) && now - Date.parse(task.createdAt) > LAUNCH_GRACE_MS) delete state.tasks[id];
  }
  for (const [key, service] of Object.entries(state.services)) {
    const last = service.events[0]?.createdAt ?? service.createdAt;
    if (service.status === 'INACTIVE' && now - Date.parse(last) > FORGET_INACTIVE_MS) delete state.services[key];
  }
}
