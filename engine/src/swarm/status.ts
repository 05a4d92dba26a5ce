// What runs on a swarm, read from a manager: its nodes; its stacks (by the namespace label that
// `docker stack deploy` and Dockside write) with their services — mode, tasks running and desired,
// update state, published ports — and each service's tasks (node, state, error, exit code). The Swarm
// view and `dockside swarm ls|ps` read this. No `vscode` import.
import type Docker from 'dockerode';
import { listConfigs, listNodes, listSecrets, listStackServices, listTasks, swarmState, type SwarmState } from './api';
import { stackFilter, STACK_LABEL } from './labels';
import type { PortConfig, SwarmNode, SwarmService, SwarmTask, TaskState, UpdateState } from './types';

export type ServiceModeName = 'replicated' | 'global' | 'replicated-job' | 'global-job';

export interface SwarmPort {
  readonly published?: number;
  readonly target: number;
  readonly protocol: string;
  readonly mode: 'ingress' | 'host';
}

export interface SwarmTaskSummary {
  readonly id: string;
  /** `shop_web.1` for a replicated service, `shop_agent.<node>` for a global one, as docker names them. */
  readonly name: string;
  readonly slot?: number;
  readonly nodeId?: string;
  readonly node?: string;
  readonly state: TaskState;
  readonly desiredState: TaskState;
  /** The engine's error (`task: non-zero exit (1)`), when the task failed or cannot be placed. */
  readonly error?: string;
  readonly message?: string;
  readonly exitCode?: number;
  /** When it reached its state (ISO time). */
  readonly since: string;
  readonly image: string;
  /** Host-mode ports this task publishes on its node. */
  readonly ports: readonly SwarmPort[];
}

export interface SwarmServiceSummary {
  readonly id: string;
  /** `shop_web`. */
  readonly name: string;
  /** `web`: the name within its stack. */
  readonly shortName: string;
  readonly stack: string;
  readonly mode: ServiceModeName;
  readonly image: string;
  readonly running: number;
  readonly desired: number;
  readonly updateState?: UpdateState;
  readonly updateMessage?: string;
  readonly ports: readonly SwarmPort[];
  /** Whether the engine keeps a previous spec to roll back to. */
  readonly canRollBack: boolean;
  readonly version: number;
  /** Newest first within each slot: the tasks that should run, then recent ones that stopped or failed. */
  readonly tasks: readonly SwarmTaskSummary[];
}

export interface SwarmStackSummary {
  readonly name: string;
  readonly services: readonly SwarmServiceSummary[];
  readonly networks: readonly string[];
  readonly secrets: readonly string[];
  readonly configs: readonly string[];
}

export interface SwarmNodeSummary {
  readonly id: string;
  readonly hostname: string;
  readonly role: 'manager' | 'worker';
  readonly availability: 'active' | 'pause' | 'drain';
  readonly state: string;
  readonly leader: boolean;
  /** The engine answering the API runs on this node. */
  readonly self: boolean;
  readonly address?: string;
  readonly engineVersion?: string;
  readonly message?: string;
}

export interface SwarmSnapshot {
  readonly state: SwarmState;
  readonly nodes: readonly SwarmNodeSummary[];
  readonly stacks: readonly SwarmStackSummary[];
}

/** The whole picture when the engine is a manager; only the state otherwise. */
export async function readSwarm(docker: Docker): Promise<SwarmSnapshot> {
  const state = await swarmState(docker);
  if (state.role !== 'manager') return { state, nodes: [], stacks: [] };
  const [nodes, stacks] = await Promise.all([listNodes(docker), readStacks(docker)]);
  return { state, nodes: nodes.map((node) => nodeSummary(node, state.nodeId)).sort(byHostname), stacks };
}

function byHostname(a: SwarmNodeSummary, b: SwarmNodeSummary): number {
  return Number(b.role === 'manager') - Number(a.role === 'manager') || a.hostname.localeCompare(b.hostname);
}

/** Every stack on the swarm, or the one named; a stack is what carries the namespace label. */
export async function readStacks(docker: Docker, namespace?: string): Promise<SwarmStackSummary[]> {
  const filters = stackFilter(namespace);
  const [services, networks, secrets, configs, nodes] = await Promise.all([
    listStackServices(docker, namespace),
    docker.listNetworks({ filters }),
    listSecrets(docker, filters),
    listConfigs(docker, filters),
    listNodes(docker),
  ]);
  const tasks = await listTasks(
    docker,
    services.map((service) => service.ID),
  );
  const hostnames = new Map(nodes.map((node) => [node.ID, node.Description?.Hostname ?? node.ID]));
  const names = new Set<string>();
  const stackOf = (labels: Record<string, string> | undefined): string | undefined => labels?.[STACK_LABEL.namespace];
  for (const labels of [
    ...services.map((s) => s.Spec.Labels),
    ...networks.map((n) => n.Labels),
    ...secrets.map((s) => s.Spec.Labels),
    ...configs.map((c) => c.Spec.Labels),
  ]) {
    const name = stackOf(labels);
    if (name !== undefined) names.add(name);
  }
  return [...names].sort().map((name) => ({
    name,
    services: services
      .filter((service) => stackOf(service.Spec.Labels) === name)
      .map((service) => serviceSummary(service, name, tasks, hostnames))
      .sort((a, b) => a.name.localeCompare(b.name)),
    networks: networks
      .filter((network) => stackOf(network.Labels) === name)
      .map((network) => network.Name)
      .sort(),
    secrets: secrets
      .filter((secret) => stackOf(secret.Spec.Labels) === name)
      .map((secret) => secret.Spec.Name)
      .sort(),
    configs: configs
      .filter((config) => stackOf(config.Spec.Labels) === name)
      .map((config) => config.Spec.Name)
      .sort(),
  }));
}

export function modeName(service: SwarmService): ServiceModeName {
  const mode = service.Spec.Mode;
  if (mode.Global) return 'global';
  if (mode.ReplicatedJob) return 'replicated-job';
  if (mode.GlobalJob) return 'global-job';
  return 'replicated';
}

function portOf(port: PortConfig): SwarmPort {
  return {
    ...(port.PublishedPort ? { published: port.PublishedPort } : {}),
    target: port.TargetPort,
    protocol: port.Protocol ?? 'tcp',
    mode: port.PublishMode ?? 'ingress',
  };
}

function serviceSummary(
  service: SwarmService,
  stack: string,
  allTasks: readonly SwarmTask[],
  hostnames: ReadonlyMap<string, string>,
): SwarmServiceSummary {
  const name = service.Spec.Name;
  const mode = modeName(service);
  const tasks = allTasks
    .filter((task) => task.ServiceID === service.ID)
    .map((task) => taskSummary(task, name, hostnames))
    .sort(
      (a, b) =>
        (a.slot ?? 0) - (b.slot ?? 0) ||
        (a.node ?? '').localeCompare(b.node ?? '') ||
        Number(b.desiredState === 'running') - Number(a.desiredState === 'running') ||
        Date.parse(b.since) - Date.parse(a.since),
    );
  const running = tasks.filter((task) => task.state === 'running' && task.desiredState === 'running').length;
  const desired =
    mode === 'replicated'
      ? (service.Spec.Mode.Replicated?.Replicas ?? 1)
      : mode === 'replicated-job'
        ? (service.Spec.Mode.ReplicatedJob?.TotalCompletions ?? 1)
        : (service.ServiceStatus?.DesiredTasks ?? tasks.filter((task) => task.desiredState === 'running').length);
  const ports = (service.Endpoint?.Ports ?? service.Spec.EndpointSpec?.Ports ?? []).map(portOf);
  return {
    id: service.ID,
    name,
    shortName: name.startsWith(`${stack}_`) ? name.slice(stack.length + 1) : name,
    stack,
    mode,
    image: service.Spec.Labels[STACK_LABEL.image] ?? service.Spec.TaskTemplate.ContainerSpec.Image.replace(/@sha256:[0-9a-f]+$/, ''),
    running: mode.endsWith('job') ? tasks.filter((task) => task.state === 'complete').length : running,
    desired,
    ...(service.UpdateStatus?.State ? { updateState: service.UpdateStatus.State } : {}),
    ...(service.UpdateStatus?.Message ? { updateMessage: service.UpdateStatus.Message } : {}),
    ports,
    canRollBack: service.PreviousSpec !== undefined,
    version: service.Version.Index,
    tasks,
  };
}

function taskSummary(task: SwarmTask, serviceName: string, hostnames: ReadonlyMap<string, string>): SwarmTaskSummary {
  const node = task.NodeID ? hostnames.get(task.NodeID) : undefined;
  const exitCode = task.Status.ContainerStatus?.ExitCode;
  return {
    id: task.ID,
    name: task.Slot ? `${serviceName}.${task.Slot}` : `${serviceName}.${node ?? task.NodeID ?? task.ID.slice(0, 12)}`,
    ...(task.Slot ? { slot: task.Slot } : {}),
    ...(task.NodeID ? { nodeId: task.NodeID } : {}),
    ...(node ? { node } : {}),
    state: task.Status.State,
    desiredState: task.DesiredState,
    ...(task.Status.Err ? { error: task.Status.Err } : {}),
    ...(task.Status.Message ? { message: task.Status.Message } : {}),
    // The engine writes -1 or 0 while a container runs; an exit code means something once it stopped.
    ...(exitCode !== undefined && exitCode >= 0 && !['running', 'starting'].includes(task.Status.State) ? { exitCode } : {}),
    since: task.Status.Timestamp,
    image: task.Spec.ContainerSpec.Image.replace(/@sha256:[0-9a-f]+$/, ''),
    ports: (task.Status.PortStatus?.Ports ?? []).map(portOf),
  };
}

function nodeSummary(node: SwarmNode, self: string | undefined): SwarmNodeSummary {
  return {
    id: node.ID,
    hostname: node.Description?.Hostname ?? node.Spec.Name ?? node.ID,
    role: node.Spec.Role,
    availability: node.Spec.Availability,
    state: node.Status.State,
    leader: node.ManagerStatus?.Leader === true,
    self: node.ID === self,
    ...(node.Status.Addr ? { address: node.Status.Addr } : {}),
    ...(node.Description?.Engine?.EngineVersion ? { engineVersion: node.Description.Engine.EngineVersion } : {}),
    ...(node.Status.Message ? { message: node.Status.Message } : {}),
  };
}
