// What the "ECS (AWS)" view reads and does, as plain data: clusters with their counts, services with
// their deployments and last events, tasks with their containers, a container's CloudWatch Logs stream,
// a registered task definition; and the three changes it offers (scale, a new deployment, stop a task).
// The deploy's pickers read subnets and security groups here too. No `vscode` import.
import type { LogConfiguration, Service, Task } from '@aws-sdk/client-ecs';
import type { Json } from '@dockside/core';
import type { AwsConnection } from './aws';
import { cloudWatchLogs, ec2, ecs } from './sdk';

export interface ClusterView {
  readonly name: string;
  readonly arn: string;
  readonly status: string;
  readonly services: number;
  readonly running: number;
  readonly pending: number;
}

export interface DeploymentView {
  readonly id: string;
  readonly status: string;
  readonly taskDefinition: string;
  readonly desired: number;
  readonly running: number;
  readonly pending: number;
  readonly failed: number;
  readonly rolloutState?: string;
  readonly rolloutStateReason?: string;
}

export interface ServiceView {
  readonly cluster: string;
  readonly name: string;
  readonly arn: string;
  readonly status: string;
  readonly desired: number;
  readonly running: number;
  readonly pending: number;
  /** `family:revision` of the primary deployment's task definition, and its ARN. */
  readonly taskDefinition?: string;
  readonly taskDefinitionArn?: string;
  readonly launchType?: string;
  readonly deployments: readonly DeploymentView[];
  /** Newest first, as ECS keeps them. */
  readonly events: ReadonlyArray<{ readonly id: string; readonly at: Date; readonly message: string }>;
}

export interface ContainerView {
  readonly name: string;
  readonly lastStatus: string;
  readonly exitCode?: number;
  readonly reason?: string;
  readonly health?: string;
  readonly runtimeId?: string;
}

export interface TaskView {
  readonly cluster: string;
  readonly id: string;
  readonly arn: string;
  readonly taskDefinition: string;
  readonly taskDefinitionArn: string;
  readonly lastStatus: string;
  readonly desiredStatus: string;
  readonly health?: string;
  readonly stopCode?: string;
  readonly stoppedReason?: string;
  readonly startedAt?: Date;
  readonly stoppedAt?: Date;
  readonly containers: readonly ContainerView[];
}

/** How many stopped tasks a service shows below its running ones: the latest failures, to read. */
const STOPPED_TASKS_SHOWN = 5;

export async function listClusters(aws: AwsConnection): Promise<ClusterView[]> {
  const arns = await allPages(async (nextToken) => {
    const page = await aws.ecs.send(new ecs.ListClustersCommand({ nextToken }));
    return { items: page.clusterArns, next: page.nextToken };
  });
  const described = await inBatches(
    arns,
    100,
    async (batch) => (await aws.ecs.send(new ecs.DescribeClustersCommand({ clusters: batch }))).clusters,
  );
  return described
    .map((c) => ({
      name: c.clusterName ?? '?',
      arn: c.clusterArn ?? '',
      status: c.status ?? 'UNKNOWN',
      services: c.activeServicesCount ?? 0,
      running: c.runningTasksCount ?? 0,
      pending: c.pendingTasksCount ?? 0,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function listServices(aws: AwsConnection, cluster: string): Promise<ServiceView[]> {
  const arns = await allPages(async (nextToken) => {
    const page = await aws.ecs.send(new ecs.ListServicesCommand({ cluster, nextToken, maxResults: 100 }));
    return { items: page.serviceArns, next: page.nextToken };
  });
  const services = await inBatches(arns, 10, (batch) => describeServices(aws, cluster, batch));
  return services.sort((a, b) => a.name.localeCompare(b.name));
}

export async function describeServices(aws: AwsConnection, cluster: string, names: readonly string[]): Promise<ServiceView[]> {
  const described = await aws.ecs.send(new ecs.DescribeServicesCommand({ cluster, services: [...names] }));
  return (described.services ?? []).map((s) => serviceView(cluster, s));
}

function serviceView(cluster: string, service: Service): ServiceView {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY');
  const arn = primary?.taskDefinition ?? service.taskDefinition;
  return {
    cluster,
    name: service.serviceName ?? '?',
    arn: service.serviceArn ?? '',
    status: service.status ?? 'UNKNOWN',
    desired: service.desiredCount ?? 0,
    running: service.runningCount ?? 0,
    pending: service.pendingCount ?? 0,
    taskDefinition: revisionOf(arn),
    taskDefinitionArn: arn,
    launchType: service.launchType,
    deployments: (service.deployments ?? []).map((d) => ({
      id: d.id ?? '',
      status: d.status ?? '',
      taskDefinition: revisionOf(d.taskDefinition) ?? '?',
      desired: d.desiredCount ?? 0,
      running: d.runningCount ?? 0,
      pending: d.pendingCount ?? 0,
      failed: d.failedTasks ?? 0,
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
    })),
    events: (service.events ?? []).map((e) => ({ id: e.id ?? '', at: e.createdAt ?? new Date(0), message: e.message ?? '' })),
  };
}

/** The service's running tasks, then its latest stopped ones. */
export async function listServiceTasks(aws: AwsConnection, cluster: string, service: string): Promise<TaskView[]> {
  const running = (await aws.ecs.send(new ecs.ListTasksCommand({ cluster, serviceName: service }))).taskArns ?? [];
  const stopped =
    (await aws.ecs.send(new ecs.ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'STOPPED' }))).taskArns ?? [];
  const views = (await describeTasks(aws, cluster, [...running, ...stopped])).map((t) => taskView(cluster, t));
  const live = views.filter((t) => t.lastStatus !== 'STOPPED').sort((a, b) => a.id.localeCompare(b.id));
  const ended = views
    .filter((t) => t.lastStatus === 'STOPPED')
    .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))
    .slice(0, STOPPED_TASKS_SHOWN);
  return [...live, ...ended];
}

/** DescribeTasks for any number of tasks (ECS takes 100 at a time). */
export function describeTasks(aws: AwsConnection, cluster: string, arns: readonly string[]): Promise<Task[]> {
  return inBatches(arns, 100, async (batch) => (await aws.ecs.send(new ecs.DescribeTasksCommand({ cluster, tasks: batch }))).tasks);
}

function taskView(cluster: string, task: Task): TaskView {
  return {
    cluster,
    id: task.taskArn?.split('/').at(-1) ?? '?',
    arn: task.taskArn ?? '',
    taskDefinition: revisionOf(task.taskDefinitionArn) ?? '?',
    taskDefinitionArn: task.taskDefinitionArn ?? '',
    lastStatus: task.lastStatus ?? 'UNKNOWN',
    desiredStatus: task.desiredStatus ?? 'UNKNOWN',
    health: task.healthStatus,
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    startedAt: task.startedAt,
    stoppedAt: task.stoppedAt,
    containers: (task.containers ?? []).map((c) => ({
      name: c.name ?? '?',
      lastStatus: c.lastStatus ?? 'UNKNOWN',
      exitCode: c.exitCode,
      reason: c.reason,
      health: c.healthStatus,
      runtimeId: c.runtimeId,
    })),
  };
}

/** The registered task definition (DescribeTaskDefinition's answer, as `aws ecs describe-task-definition` prints it). */
export async function describeRegistered(aws: AwsConnection, taskDefinition: string): Promise<Json> {
  const described = await aws.ecs.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] }));
  return JSON.parse(JSON.stringify({ taskDefinition: described.taskDefinition, tags: described.tags ?? [] })) as Json;
}

export interface LogSource {
  readonly group: string;
  readonly stream: string;
  readonly region: string;
}

/** Where ECS writes a container's output in CloudWatch Logs, or why it writes none there. */
export async function containerLogSource(aws: AwsConnection, task: TaskView, container: ContainerView): Promise<LogSource | string> {
  const described = await aws.ecs.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition: task.taskDefinitionArn }));
  const logging = described.taskDefinition?.containerDefinitions?.find((c) => c.name === container.name)?.logConfiguration;
  return awslogsSource(logging, { container: container.name, taskId: task.id, runtimeId: container.runtimeId }, aws.region);
}

/**
 * The awslogs stream of one container of one task (`prefix/container/task-id`, as ECS names it; without
 * a prefix, the Docker container's id, on EC2 only), or why there is none.
 */
export function awslogsSource(
  logging: LogConfiguration | undefined,
  where: { readonly container: string; readonly taskId: string; readonly runtimeId?: string },
  region: string,
): LogSource | string {
  if (logging?.logDriver !== 'awslogs')
    return `${where.container} logs with ${logging?.logDriver ?? 'no log driver'}, not awslogs: its output is not in CloudWatch Logs.`;
  const options = logging.options ?? {};
  const group = options['awslogs-group'];
  if (!group) return `${where.container} names no awslogs-group.`;
  const prefix = options['awslogs-stream-prefix'];
  const stream = prefix ? `${prefix}/${where.container}/${where.taskId}` : where.runtimeId;
  if (!stream) return `${where.container} has no awslogs-stream-prefix and has not started: there is no stream to read yet.`;
  return { group, stream, region: options['awslogs-region'] ?? region };
}

/**
 * Lines of a log stream: the last `tail` when `token` is undefined, else those after it; the token to
 * ask with next time. A stream not written yet reads as no lines.
 */
export async function readLogLines(
  aws: AwsConnection,
  source: LogSource,
  token: string | undefined,
  tail = 100,
): Promise<{ lines: string[]; token: string | undefined }> {
  try {
    const page = await aws.logs(source.region).send(
      new cloudWatchLogs.GetLogEventsCommand({
        logGroupName: source.group,
        logStreamName: source.stream,
        ...(token ? { nextToken: token, startFromHead: true } : { limit: tail, startFromHead: false }),
      }),
    );
    return { lines: (page.events ?? []).map((e) => (e.message ?? '').replace(/\r?\n$/, '')), token: page.nextForwardToken ?? token };
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return { lines: [], token };
    throw error;
  }
}

export async function scaleService(aws: AwsConnection, cluster: string, service: string, desiredCount: number): Promise<void> {
  await aws.ecs.send(new ecs.UpdateServiceCommand({ cluster, service, desiredCount }));
}

export async function forceNewDeployment(aws: AwsConnection, cluster: string, service: string): Promise<void> {
  await aws.ecs.send(new ecs.UpdateServiceCommand({ cluster, service, forceNewDeployment: true }));
}

export async function stopTask(aws: AwsConnection, cluster: string, task: string, reason: string): Promise<void> {
  await aws.ecs.send(new ecs.StopTaskCommand({ cluster, task, reason }));
}

export interface SubnetChoice {
  readonly id: string;
  readonly vpcId: string;
  readonly cidr: string;
  readonly zone: string;
  readonly name?: string;
  readonly publicIpOnLaunch: boolean;
}

export interface SecurityGroupChoice {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly vpcId: string;
}

export async function listSubnets(aws: AwsConnection): Promise<SubnetChoice[]> {
  const subnets = await allPages(async (NextToken) => {
    const page = await aws.ec2.send(new ec2.DescribeSubnetsCommand({ NextToken }));
    return { items: page.Subnets, next: page.NextToken };
  });
  return subnets
    .map((s) => ({
      id: s.SubnetId ?? '?',
      vpcId: s.VpcId ?? '',
      cidr: s.CidrBlock ?? '',
      zone: s.AvailabilityZone ?? '',
      name: s.Tags?.find((t) => t.Key === 'Name')?.Value,
      publicIpOnLaunch: s.MapPublicIpOnLaunch === true,
    }))
    .sort((a, b) => a.vpcId.localeCompare(b.vpcId) || a.zone.localeCompare(b.zone) || a.id.localeCompare(b.id));
}

export async function listSecurityGroups(aws: AwsConnection, vpcIds: readonly string[]): Promise<SecurityGroupChoice[]> {
  const filters = vpcIds.length > 0 ? { Filters: [{ Name: 'vpc-id', Values: [...vpcIds] }] } : {};
  const groups = await allPages(async (NextToken) => {
    const page = await aws.ec2.send(new ec2.DescribeSecurityGroupsCommand({ NextToken, ...filters }));
    return { items: page.SecurityGroups, next: page.NextToken };
  });
  return groups
    .map((g) => ({ id: g.GroupId ?? '?', name: g.GroupName ?? '', description: g.Description ?? '', vpcId: g.VpcId ?? '' }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every item of a paged List/Describe call. */
async function allPages<T>(read: (token: string | undefined) => Promise<{ items?: readonly T[]; next?: string }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await read(token);
    items.push(...(page.items ?? []));
    token = page.next;
  } while (token);
  return items;
}

/** A Describe call that takes at most `size` names, made for any number of them. */
async function inBatches<T>(
  names: readonly string[],
  size: number,
  describe: (batch: string[]) => Promise<readonly T[] | undefined>,
): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < names.length; i += size) found.push(...((await describe(names.slice(i, i + size))) ?? []));
  return found;
}

/** `shop:3` from a task definition ARN. */
export function revisionOf(arn: string | undefined): string | undefined {
  return arn?.split('/').at(-1);
}
