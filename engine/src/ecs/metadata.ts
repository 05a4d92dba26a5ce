// The ECS task metadata endpoint, served locally. On ECS the agent answers
// `${ECS_CONTAINER_METADATA_URI_V4}` (the container), `/task` (the task with all its containers) and
// `/stats`, `/task/stats` (Docker stats); v3 has the same paths. Here one small HTTP server in the
// process that runs the tasks (the CLI or the extension host) answers for every task it started. It
// listens on the engine's bridge gateway address, which containers reach and the outside network does
// not; where that address is not on this machine (Docker Desktop's VM), it listens on loopback and
// containers reach it as host.docker.internal. A server in the sandbox container was the other choice;
// it would need the sandbox image to carry one, and the sandbox image is the user's to pick.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Docker from 'dockerode';
import type { TaskRun } from './runTask';
import type { PlannedContainer, TaskPlan } from './taskPlan';
import type { ContainerState, TaskState } from './taskState';

export interface MetadataEndpoint {
  /** How containers reach the server: `http://172.17.0.1:PORT`. */
  readonly baseUrl: string;
  /** `host.docker.internal:host-gateway` when containers need it to reach the server. */
  readonly extraHosts?: readonly string[];
}

interface ListenAddress {
  readonly listenHost: string;
  readonly urlHost: string;
  readonly extraHosts?: readonly string[];
}

/** The bridge gateway (when this machine can listen there), then loopback reached through host-gateway. */
async function listenAddresses(docker: Docker): Promise<ListenAddress[]> {
  const gateway = await bridgeGateway(docker);
  const loopback = { listenHost: '127.0.0.1', urlHost: 'host.docker.internal', extraHosts: ['host.docker.internal:host-gateway'] };
  return gateway ? [{ listenHost: gateway, urlHost: gateway }, loopback] : [loopback];
}

async function bridgeGateway(docker: Docker): Promise<string | undefined> {
  const bridge = (await docker
    .getNetwork('bridge')
    .inspect()
    .catch(() => undefined)) as { IPAM?: { Config?: Array<{ Gateway?: string; Subnet?: string }> } } | undefined;
  const config = bridge?.IPAM?.Config?.find((c) => c.Subnet && !c.Subnet.includes(':'));
  if (config?.Gateway) return config.Gateway;
  // The default bridge often lists only its subnet; its gateway is the subnet's first address.
  const subnet = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\//.exec(config?.Subnet ?? '');
  return subnet ? `${subnet[1]}.${subnet[2]}.${subnet[3]}.${Number(subnet[4]) + 1}` : undefined;
}

export class MetadataServer {
  private readonly tasks = new Map<string, TaskRun>();

  private constructor(
    private readonly docker: Docker,
    private readonly server: Server,
    readonly endpoint: MetadataEndpoint,
  ) {}

  /** Starts listening; `port` 0 (default) takes a free one. */
  static async start(docker: Docker, options: { port?: number } = {}): Promise<MetadataServer> {
    // Trying is the test: an idle docker0 is not listed among the interfaces Node sees, yet binds.
    let lastError: unknown;
    for (const address of await listenAddresses(docker)) {
      const server = createServer();
      try {
        await listen(server, address.listenHost, options.port ?? 0);
      } catch (error) {
        lastError = error;
        continue;
      }
      const endpoint = { baseUrl: `http://${address.urlHost}:${(server.address() as AddressInfo).port}`, extraHosts: address.extraHosts };
      const metadata = new MetadataServer(docker, server, endpoint);
      server.on('request', (request, response) => void metadata.answer(request, response));
      // Serving never keeps the CLI alive by itself.
      server.unref();
      return metadata;
    }
    throw new Error(`The task metadata endpoint could not listen: ${(lastError as Error).message}`);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Where the server listens, for a request from this machine (tests, the view). */
  get localUrl(): string {
    const address = this.server.address() as AddressInfo;
    return `http://${address.address}:${address.port}`;
  }

  register(run: TaskRun): void {
    this.tasks.set(run.taskId, run);
    void run.stopped.then(() => this.tasks.delete(run.taskId));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const match = /^\/v([34])\/([0-9a-f]{32})-(\d+)(\/task)?(\/stats)?\/?$/.exec(request.url ?? '');
    const run = match ? this.tasks.get(match[2]!) : undefined;
    const planned = run?.plan.containers[Number(match?.[3])];
    if (request.method !== 'GET' || !match || !run || !planned)
      return send(response, 404, { error: 'No such task or container on this endpoint.' });
    try {
      const [, , , , task, stats] = match;
      if (stats) return send(response, 200, task ? await this.taskStats(run) : await this.stats(run, planned.name));
      await run.refreshHealth();
      const inspected = await this.inspectAll(run);
      return send(
        response,
        200,
        task ? taskMetadata(run.plan, run.state(), inspected) : containerMetadata(run.plan, run.state(), planned, inspected),
      );
    } catch (error) {
      return send(response, 500, { error: (error as Error).message });
    }
  }

  private async inspectAll(run: TaskRun): Promise<Map<string, Docker.ContainerInspectInfo>> {
    const found = new Map<string, Docker.ContainerInspectInfo>();
    const names = [...(run.plan.sandbox ? [run.plan.sandbox.dockerName] : []), ...run.plan.containers.map((c) => c.dockerName)];
    for (const name of names) {
      const info = await this.docker
        .getContainer(name)
        .inspect()
        .catch(() => undefined);
      if (info) found.set(name, info);
    }
    return found;
  }

  private async stats(run: TaskRun, containerName: string): Promise<unknown> {
    const id = run.state().containers.find((c) => c.name === containerName)?.dockerId;
    return id ? this.docker.getContainer(id).stats({ stream: false }) : {};
  }

  private async taskStats(run: TaskRun): Promise<Record<string, unknown>> {
    const entries = await Promise.all(
      run
        .state()
        .containers.filter((c) => c.dockerId && c.lastStatus === 'RUNNING')
        .map(async (c) => [c.dockerId!, await this.docker.getContainer(c.dockerId!).stats({ stream: false })] as const),
    );
    return Object.fromEntries(entries);
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

// --------------------------------------------------------------------------- the documents ECS returns

/** The task document of the v4 endpoint (`${ECS_CONTAINER_METADATA_URI_V4}/task`). */
export function taskMetadata(
  plan: TaskPlan,
  state: TaskState,
  inspected: ReadonlyMap<string, Docker.ContainerInspectInfo>,
): Record<string, unknown> {
  return {
    Cluster: plan.cluster,
    TaskARN: plan.taskArn,
    Family: plan.family,
    Revision: String(plan.revision),
    DesiredStatus: state.desiredStatus,
    KnownStatus: state.lastStatus,
    ...(plan.cpu !== undefined || plan.memory !== undefined
      ? { Limits: { CPU: plan.cpu !== undefined ? plan.cpu / 1024 : undefined, Memory: plan.memory } }
      : {}),
    PullStartedAt: state.createdAt.toISOString(),
    PullStoppedAt: state.createdAt.toISOString(),
    ...(state.startedAt ? { StartedAt: state.startedAt.toISOString() } : {}),
    AvailabilityZone: 'local',
    LaunchType: plan.launchType,
    Containers: plan.containers.map((planned) => containerMetadata(plan, state, planned, inspected)),
  };
}

/** The container document of the v4 endpoint (`${ECS_CONTAINER_METADATA_URI_V4}`). */
export function containerMetadata(
  plan: TaskPlan,
  state: TaskState,
  planned: PlannedContainer,
  inspected: ReadonlyMap<string, Docker.ContainerInspectInfo>,
): Record<string, unknown> {
  const live = state.containers.find((c) => c.name === planned.name);
  const info = inspected.get(planned.dockerName);
  const hostConfig = planned.create.HostConfig ?? {};
  return {
    DockerId: info?.Id ?? live?.dockerId ?? '',
    Name: planned.name,
    DockerName: planned.dockerName,
    Image: planned.image,
    ImageID: info?.Image ?? '',
    Labels: planned.create.Labels ?? {},
    DesiredStatus: state.desiredStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING',
    KnownStatus: live?.lastStatus ?? 'PENDING',
    Limits: { CPU: hostConfig.CpuShares ?? 0, ...(hostConfig.Memory ? { Memory: hostConfig.Memory / 1024 / 1024 } : {}) },
    ...(info ? { CreatedAt: info.Created } : {}),
    ...(info?.State.StartedAt && !info.State.StartedAt.startsWith('0001') ? { StartedAt: info.State.StartedAt } : {}),
    Type: 'NORMAL',
    ContainerARN: `arn:aws:ecs:local:000000000000:container/${plan.cluster}/${plan.taskId}/${planned.metadataToken}`,
    LogDriver: hostConfig.LogConfig?.Type ?? 'json-file',
    LogOptions: hostConfig.LogConfig?.Config ?? {},
    ...(live?.exitCode !== undefined ? { ExitCode: live.exitCode } : {}),
    ...(live && live.health !== 'UNKNOWN' ? { Health: { status: live.health } } : {}),
    ...portsOf(live),
    Networks: [networkOf(plan, info ?? (plan.sandbox ? inspected.get(plan.sandbox.dockerName) : undefined), inspected)],
  };
}

function portsOf(live: ContainerState | undefined): Record<string, unknown> {
  if (!live || live.ports.length === 0) return {};
  return {
    Ports: live.ports.map((p) => ({ ContainerPort: p.containerPort, Protocol: p.protocol, HostPort: p.hostPort, HostIp: p.hostIp })),
  };
}

/** awsvpc containers share the sandbox's address, as they share the task's ENI on AWS. */
function networkOf(
  plan: TaskPlan,
  info: Docker.ContainerInspectInfo | undefined,
  inspected: ReadonlyMap<string, Docker.ContainerInspectInfo>,
): Record<string, unknown> {
  const holder = plan.networkMode === 'awsvpc' && plan.sandbox ? inspected.get(plan.sandbox.dockerName) : info;
  const address = Object.values(holder?.NetworkSettings.Networks ?? {})[0]?.IPAddress;
  return { NetworkMode: plan.networkMode, IPv4Addresses: address ? [address] : [] };
}
