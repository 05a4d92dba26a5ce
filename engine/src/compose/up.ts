// Up: images first (so a missing image fails before anything is created), then the project's networks
// and volumes, then every service's containers, each service as soon as what it depends on is
// started, healthy or completed. A container whose config hash and image are unchanged is kept.
import { setMaxListeners } from 'node:events';
import type Docker from 'dockerode';
import { isAbort, isNotFound, reasonOf, StackError, StepFailure } from './errors';
import { ensureImage } from './images';
import { LABEL, serviceContainerFilter } from './labels';
import { abortError, emitter, sleep, throwIfAborted, type RunOptions } from './run';
import { readContainerLog } from './logs';
import { containerCreateOptions, containerNameOf, endpointOf, type Dependency, type LoadedStack, type ServicePlan } from './stack';

export interface UpOptions extends RunOptions {
  /** Only these services (and what they depend on); all selected by the profiles when absent. */
  services?: string[];
  /** Return only when every container runs, or is healthy when it has a healthcheck. */
  wait?: boolean;
  /** How long a service may take to become healthy (dependencies and `wait`); 2 minutes by default. */
  healthTimeoutMs?: number;
}

export type ContainerAction = 'created' | 'recreated' | 'started' | 'unchanged';

export interface UpResult {
  projectName: string;
  containers: Array<{ service: string; name: string; id: string; action: ContainerAction }>;
  /** Networks and volumes this run created (existing ones are not listed). */
  networks: string[];
  volumes: string[];
}

const POLL_MS = 200;
/** How long a container under a restart policy must stay up before `wait` calls it running. */
const STABLE_RUNNING_MS = 1_500;

function restartsByPolicy(inspected: Docker.ContainerInspectInfo): boolean {
  const policy = inspected.HostConfig.RestartPolicy?.Name ?? '';
  return policy !== '' && policy !== 'no';
}
const DEFAULT_HEALTH_TIMEOUT_MS = 120_000;

export async function stackUp(docker: Docker, stack: LoadedStack, options: UpOptions = {}): Promise<UpResult> {
  if (stack.errors.length > 0)
    throw new StackError(`Project "${stack.projectName}" cannot start:\n${stack.errors.join('\n')}\n`, undefined, []);
  const run = new UpRun(docker, stack, options);
  try {
    const services = run.selected();
    await run.ensureImages(services);
    await run.ensureNetworks(services);
    await run.ensureVolumes(services);
    await run.convergeAll(services);
    if (options.wait) await run.waitUntilReady(services);
    return run.result;
  } catch (error) {
    throw run.failure(error);
  } finally {
    run.dispose();
  }
}

interface ServiceContainer {
  id: string;
  name: string;
}

class UpRun {
  readonly result: UpResult;
  private readonly created: string[] = [];
  private readonly events;
  private readonly internal = new AbortController();
  private readonly signal: AbortSignal;
  private readonly healthTimeoutMs: number;
  private readonly imageIds = new Map<string, string>();
  private readonly started = new Map<string, Promise<ServiceContainer[]>>();
  private readonly unlink: () => void;

  constructor(
    private readonly docker: Docker,
    private readonly stack: LoadedStack,
    private readonly options: UpOptions,
  ) {
    this.result = { projectName: stack.projectName, containers: [], networks: [], volumes: [] };
    this.events = emitter(options);
    this.healthTimeoutMs = options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
    this.signal = this.internal.signal;
    // Every in-flight engine call listens for the cancel; a stack of 30 services has more than 10.
    setMaxListeners(0, this.signal);
    const outer = options.signal;
    const forward = (): void => this.internal.abort();
    outer?.addEventListener('abort', forward, { once: true });
    if (outer?.aborted) this.internal.abort();
    this.unlink = () => outer?.removeEventListener('abort', forward);
  }

  dispose(): void {
    this.unlink();
  }

  /** The requested services and, transitively, what they depend on, in the file's order. */
  selected(): ServicePlan[] {
    const all = this.stack.plan.services;
    if (!this.options.services?.length) return all;
    const wanted = new Set<string>();
    const add = (name: string): void => {
      const service = all.find((candidate) => candidate.name === name);
      if (!service)
        throw new StepFailure(`There is no service "${name}" in project "${this.stack.projectName}" (with the active profiles).`, name);
      if (wanted.has(name)) return;
      wanted.add(name);
      for (const dependency of service.dependsOn) add(dependency.service);
    };
    for (const name of this.options.services) add(name);
    return all.filter((service) => wanted.has(service.name));
  }

  // -------------------------------------------------------------------------------------------------
  // Images, networks, volumes

  async ensureImages(services: ServicePlan[]): Promise<void> {
    const byImage = new Map<string, Promise<unknown>>();
    const context = { docker: this.docker, signal: this.signal, emitStep: this.events.step, emitOutput: this.events.output };
    for (const service of services) {
      if (!byImage.has(service.image))
        byImage.set(
          service.image,
          ensureImage(context, service).then(() => this.rememberImageId(service)),
        );
    }
    await this.settleAll([...byImage.values()]);
  }

  private async rememberImageId(service: ServicePlan): Promise<void> {
    const image = await this.engine(service.name, `cannot inspect image "${service.image}"`, () =>
      this.docker.getImage(service.image).inspect(),
    );
    this.imageIds.set(service.image, image.Id);
  }

  async ensureNetworks(services: ServicePlan[]): Promise<void> {
    const used = new Set(services.flatMap((service) => service.networks.map((network) => network.key)));
    await this.ensureResources(
      'network',
      this.stack.plan.networks.filter((candidate) => used.has(candidate.key)),
      {
        inspect: (name) => this.docker.getNetwork(name).inspect(),
        create: (plan) => this.docker.createNetwork(plan.options),
        listInResult: this.result.networks,
      },
    );
  }

  async ensureVolumes(services: ServicePlan[]): Promise<void> {
    const used = new Set(services.flatMap((service) => (service.config.HostConfig?.Mounts ?? []).map((mount) => mount.Source)));
    await this.ensureResources(
      'volume',
      this.stack.plan.volumes.filter((candidate) => used.has(candidate.engineName)),
      {
        inspect: (name) => this.docker.getVolume(name).inspect(),
        create: (plan) => this.docker.createVolume(plan.options),
        listInResult: this.result.volumes,
      },
    );
  }

  /** Creates what is missing; an `external` one must exist already, as Compose requires. */
  private async ensureResources<P extends { engineName: string; external: boolean }>(
    kind: 'network' | 'volume',
    plans: P[],
    engine: { inspect: (name: string) => Promise<unknown>; create: (plan: P) => Promise<unknown>; listInResult: string[] },
  ): Promise<void> {
    for (const plan of plans) {
      throwIfAborted(this.signal);
      if (await this.exists(() => engine.inspect(plan.engineName), `${kind} "${plan.engineName}"`)) continue;
      if (plan.external)
        throw new StepFailure(
          `The ${kind} "${plan.engineName}" is declared as external but does not exist; create it first (docker ${kind} create ${plan.engineName}).`,
          undefined,
        );
      this.events.step(`Creating ${kind} ${plan.engineName}`);
      await this.engine(undefined, `cannot create ${kind} "${plan.engineName}"`, () => engine.create(plan));
      this.created.push(`${kind} ${plan.engineName}`);
      engine.listInResult.push(plan.engineName);
    }
  }

  private async exists(inspect: () => Promise<unknown>, what: string): Promise<boolean> {
    try {
      await inspect();
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw new StepFailure(`Cannot look up ${what}: ${reasonOf(error)}.`, undefined);
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Containers

  async convergeAll(services: ServicePlan[]): Promise<void> {
    const existing = await this.engine(undefined, "cannot list the project's containers", () =>
      this.docker.listContainers({ all: true, filters: serviceContainerFilter(this.stack.projectName) }),
    );
    this.reportOrphans(existing);
    for (const service of services) {
      const mine = existing.filter((info) => info.Labels[LABEL.service] === service.name);
      // Deferred a tick, so every service's promise is registered before any service looks up its dependencies.
      this.started.set(
        service.name,
        Promise.resolve()
          .then(() => this.afterDependencies(service))
          .then(() => this.converge(service, mine)),
      );
    }
    await this.settleAll([...this.started.values()]);
  }

  /** Containers of services the files no longer define: kept, as Compose keeps them, but named. */
  private reportOrphans(existing: Docker.ContainerInfo[]): void {
    const defined = new Set(this.stack.plan.definedServices);
    const orphans = existing
      .filter((info) => !defined.has(info.Labels[LABEL.service] ?? ''))
      .map((info) => info.Names[0]?.replace(/^\//, '') ?? info.Id);
    if (orphans.length > 0)
      this.events.step(`Found containers of services the project no longer defines: ${orphans.sort().join(', ')} (Down removes them)`);
  }

  private async afterDependencies(service: ServicePlan): Promise<void> {
    await Promise.all(service.dependsOn.map((dependency) => this.waitForDependency(service, dependency)));
    throwIfAborted(this.signal);
  }

  private async converge(service: ServicePlan, existing: Docker.ContainerInfo[]): Promise<ServiceContainer[]> {
    const containers: ServiceContainer[] = [];
    const numbers = Array.from({ length: service.replicas }, (_, index) => index + 1);
    await Promise.all(
      numbers.map(async (number) => {
        const current = existing.find((info) => Number(info.Labels[LABEL.containerNumber]) === number);
        containers.push(await this.convergeReplica(service, number, current));
      }),
    );
    for (const surplus of existing.filter((info) => Number(info.Labels[LABEL.containerNumber]) > service.replicas)) {
      this.events.step(`Removing ${surplus.Names[0]?.slice(1)} (more replicas than the file asks for)`, service.name);
      await this.engine(service.name, 'cannot remove a surplus replica', () =>
        this.docker.getContainer(surplus.Id).remove({ force: true }),
      );
    }
    return containers.sort((a, b) => a.name.localeCompare(b.name));
  }

  private async convergeReplica(
    service: ServicePlan,
    number: number,
    current: Docker.ContainerInfo | undefined,
  ): Promise<ServiceContainer> {
    const name = containerNameOf(this.stack.projectName, service, number);
    const unchanged =
      current && current.Labels[LABEL.configHash] === service.configHash && current.ImageID === this.imageIds.get(service.image);
    if (current && unchanged) {
      const running = current.State === 'running';
      if (!running) await this.startContainer(service, current.Id, name);
      else this.events.step(`${name} is up to date`, service.name);
      this.record(service, name, current.Id, running ? 'unchanged' : 'started');
      return { id: current.Id, name };
    }
    if (current) {
      this.events.step(`Recreating ${name} (its configuration or image changed)`, service.name);
      // Stopped first, as Compose does, so the old process gets its stop signal and grace period.
      const old = this.docker.getContainer(current.Id);
      if (current.State === 'running') await this.engine(service.name, `cannot stop the old container ${name}`, () => old.stop());
      await this.engine(service.name, `cannot remove the old container ${name}`, () => old.remove({ force: true }));
    }
    const id = await this.createContainer(service, number, name);
    await this.startContainer(service, id, name);
    this.record(service, name, id, current ? 'recreated' : 'created');
    return { id, name };
  }

  private async createContainer(service: ServicePlan, number: number, name: string): Promise<string> {
    throwIfAborted(this.signal);
    this.events.step(`Creating container ${name}`, service.name);
    const options = containerCreateOptions(this.stack.projectName, service, number, await this.networkModeOf(service));
    const container = await this.engine(service.name, `cannot create container ${name}`, () =>
      this.docker.createContainer({ ...options, abortSignal: this.signal } as Docker.ContainerCreateOptions),
    );
    this.created.push(`container ${name}`);
    for (const network of service.networkMode ? [] : service.networks.slice(1)) {
      await this.engine(service.name, `cannot connect ${name} to network "${network.engineName}"`, () =>
        this.docker.getNetwork(network.engineName).connect({ Container: container.id, EndpointConfig: endpointOf(network) }),
      );
    }
    return container.id;
  }

  /** `network_mode: service:db` becomes the engine's `container:<id>` of db's first container. */
  private async networkModeOf(service: ServicePlan): Promise<string | undefined> {
    const mode = service.networkMode;
    if (!mode?.startsWith('service:')) return undefined;
    const [first] = (await this.started.get(mode.slice('service:'.length))) ?? [];
    if (!first)
      throw new StepFailure(`Service "${service.name}" shares the network of "${mode.slice(8)}", which has no container.`, service.name);
    return `container:${first.id}`;
  }

  private async startContainer(service: ServicePlan, id: string, name: string): Promise<void> {
    throwIfAborted(this.signal);
    this.events.step(`Starting ${name}`, service.name);
    await this.engine(service.name, `failed to start container ${name}`, () =>
      this.docker.getContainer(id).start({ abortSignal: this.signal }),
    );
  }

  private record(service: ServicePlan, name: string, id: string, action: ContainerAction): void {
    this.result.containers.push({ service: service.name, name, id, action });
  }

  // -------------------------------------------------------------------------------------------------
  // Waiting

  private async waitForDependency(service: ServicePlan, dependency: Dependency): Promise<void> {
    const containers = this.started.get(dependency.service);
    if (!containers) return; // not selected: already running from an earlier Up, as Compose assumes
    try {
      const list = await containers;
      if (dependency.condition === 'service_started') return;
      const target = this.stack.plan.services.find((candidate) => candidate.name === dependency.service)!;
      this.events.step(
        `Waiting for ${dependency.service} to be ${dependency.condition === 'service_healthy' ? 'healthy' : 'completed successfully'}`,
        service.name,
      );
      for (const container of list) await this.waitForContainer(target, container, dependency.condition, service.name);
    } catch (error) {
      if (dependency.required || isAbort(error)) throw error;
      this.events.step(`Starting ${service.name} although its optional dependency ${dependency.service} failed`, service.name);
    }
  }

  async waitUntilReady(services: ServicePlan[]): Promise<void> {
    await this.settleAll(
      services.map(async (service) => {
        for (const container of (await this.started.get(service.name)) ?? []) {
          await this.waitForContainer(service, container, service.hasHealthcheck ? 'service_healthy' : 'running', undefined);
        }
      }),
    );
  }

  /**
   * Polls one container until it is healthy, has exited successfully, or runs; fails with what the
   * engine says it is instead, naming the service that waits (or, for `wait`, the service itself).
   */
  private async waitForContainer(
    target: ServicePlan,
    container: ServiceContainer,
    want: Dependency['condition'] | 'running',
    waiter: string | undefined,
  ): Promise<void> {
    const deadline = Date.now() + this.healthTimeoutMs;
    const owner = waiter ?? target.name;
    const prefix = waiter ? `Service "${waiter}" waits for "${target.name}", but` : `Service "${target.name}":`;
    if (want === 'service_healthy' && !target.hasHealthcheck)
      throw new StepFailure(`${prefix} "${target.name}" has no healthcheck, so it can never be healthy.`, owner);
    for (;;) {
      const inspected = await this.engine(owner, `cannot inspect ${container.name}`, () =>
        this.docker.getContainer(container.id).inspect(),
      );
      const state = inspected.State;
      const health = state.Health?.Status;
      // A container the engine keeps restarting is never going to be ready, whatever moment we look.
      if (state.Restarting || (inspected.RestartCount > 0 && want !== 'service_completed_successfully')) {
        const times = inspected.RestartCount === 1 ? 'once' : `${inspected.RestartCount} times`;
        const said = await lastLogLine(this.docker, container.id, inspected.Config.Tty);
        // Once the engine has started it again, its exit code reads 0: name the code only between runs.
        const code = state.Running ? '' : `exit code ${state.ExitCode}, `;
        throw new StepFailure(
          `${prefix} ${container.name} keeps restarting (${code}restarted ${times})${said ? `; it last said: ${said}` : ''}.`,
          owner,
        );
      }
      if (want === 'service_completed_successfully' || (want === 'running' && state.Status === 'exited')) {
        if (state.Status === 'exited' || state.Status === 'dead') {
          if (state.ExitCode === 0) return;
          throw new StepFailure(
            `${prefix} ${container.name} exited with code ${state.ExitCode}${state.Error ? ` (${state.Error})` : ''}.`,
            owner,
          );
        }
        if (want === 'running' && state.Running) return;
      } else if (want === 'running' && state.Running) {
        // Under a restart policy a crash-looping container is "running" between crashes: trust the
        // state only once it has stayed up a moment (no policy: an exit shows as exited, above).
        if (!restartsByPolicy(inspected) || Date.now() - Date.parse(state.StartedAt) >= STABLE_RUNNING_MS) return;
      } else if (want === 'service_healthy') {
        if (health === 'healthy') return;
        if (health === 'unhealthy') throw new StepFailure(`${prefix} ${container.name} is unhealthy${lastHealthOutput(inspected)}.`, owner);
        if (!state.Running)
          throw new StepFailure(`${prefix} ${container.name} stopped (exit code ${state.ExitCode}) before it became healthy.`, owner);
      }
      if (Date.now() > deadline) {
        const now = want === 'service_healthy' ? `its health is still "${health ?? 'unknown'}"` : `it is ${state.Status}`;
        throw new StepFailure(
          `${prefix} ${container.name} did not become ${want === 'service_healthy' ? 'healthy' : want === 'running' ? 'running' : 'complete'} within ${formatMs(this.healthTimeoutMs)} (${now}${lastHealthOutput(inspected)}).`,
          owner,
        );
      }
      await sleep(POLL_MS, this.signal);
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Failures

  /** Runs one engine call; a failure names the service and carries the engine's reason. */
  private async engine<T>(service: string | undefined, what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isAbort(error) || error instanceof StepFailure) throw error;
      // A call cut short by the cancel fails with the transport's words; it is the cancel that counts.
      if (this.signal.aborted) throw abortError();
      throw new StepFailure(`${service ? `Service "${service}": ` : ''}${what}: ${reasonOf(error)}.`, service);
    }
  }

  /** Waits for all; on the first failure stops the others (so nothing more is created) and rethrows it. */
  private async settleAll(work: Array<Promise<unknown>>): Promise<void> {
    let first: unknown;
    const guarded = work.map((promise) =>
      promise.catch((error: unknown) => {
        if (first === undefined) first = error;
        this.internal.abort();
      }),
    );
    await Promise.all(guarded);
    if (first !== undefined) throw first;
  }

  failure(error: unknown): StackError {
    const created = [...this.created];
    if (isAbort(error) || (this.options.signal?.aborted && !(error instanceof StepFailure))) {
      return new StackError(`Up of "${this.stack.projectName}" was cancelled.`, undefined, created);
    }
    if (error instanceof StepFailure) return new StackError(error.message, error.service, created);
    return new StackError(`Up of "${this.stack.projectName}" failed: ${reasonOf(error)}.`, undefined, created);
  }
}

/** The container's last line of output, for a failure message; nothing when the logs cannot be read. */
async function lastLogLine(docker: Docker, id: string, tty: boolean): Promise<string> {
  try {
    const frames = await readContainerLog(docker, id, { tty, tail: 5 });
    const lines = frames
      .map((frame) => frame.text)
      .join('')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    return (lines.at(-1) ?? '').slice(0, 200);
  } catch {
    return '';
  }
}

function lastHealthOutput(inspected: Docker.ContainerInspectInfo): string {
  const log = inspected.State.Health?.Log ?? [];
  const last = log[log.length - 1];
  const output = last?.Output?.trim();
  return output ? `; last check said: ${output.split('\n').slice(-2).join(' ').slice(0, 200)}` : '';
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
