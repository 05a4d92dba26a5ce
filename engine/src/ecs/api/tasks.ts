// RunTask, StopTask, ListTasks, DescribeTasks. Tasks are those on the engine, whichever Dockside process
// started them (the sidebar's too); what ECS keeps beside them (overrides, startedBy, group, the stop
// reason) comes from the state file.
import { effectiveNetworkMode, requiresFargate, taskCpu, taskMemory, type Json } from '@dockside/core';
import { containerArn, clusterArn, taskArn, taskDefinitionArn, taskIdOf } from '../arn';
import { EcsError } from '../errors';
import { LocalFileError } from '../localFiles';
import { findRevision, unknownOverrideContainers } from '../registry';
import { TaskStartError } from '../runTask';
import { serviceKey, type EcsState } from '../state';
import { PlanError } from '../taskPlan';
import type { ContainerState, TaskState } from '../taskState';
import { clusterOf, describeEach, includes, stringList, tagsOf, type ApiContext, type Handler } from './context';
import { invalidParameter, paginate } from './protocol';

export const taskOperations: Record<string, Handler> = {
  async RunTask(input, context) {
    const cluster = clusterOf(input);
    context.cluster.requireCluster(cluster);
    const count = input['count'] === undefined ? 1 : Number(input['count']);
    if (count < 1 || count > 10) throw invalidParameter('count must be between 1 and 10.');
    const reference = String(input['taskDefinition']);
    const revision = findRevision(context.cluster.state.read(), reference);
    if (!revision) throw invalidParameter('TaskDefinition not found.');
    if (revision.status !== 'ACTIVE')
      throw new EcsError('ClientException', `TaskDefinition ${revision.family}:${revision.revision} is inactive.`);
    const unknown = unknownOverrideContainers(revision.definition, input['overrides']);
    if (unknown.length > 0) throw invalidParameter(`Override for container named ${unknown[0]} is not a container in the TaskDefinition.`);
    checkLaunch(revision.definition, input);
    try {
      const tasks = await context.cluster.startTasks(
        {
          revision,
          cluster,
          region: context.caller.region,
          overrides: input['overrides'] as Json | undefined,
          startedBy: input['startedBy'] as string | undefined,
          group: input['group'] as string | undefined,
          launchType: (input['launchType'] as string | undefined) ?? (requiresFargate(revision.definition) ? 'FARGATE' : 'EC2'),
          networkConfiguration: input['networkConfiguration'] as Json | undefined,
          tags: tagsOf(input['tags']),
        },
        count,
      );
      const state = context.cluster.state.read();
      return { tasks: tasks.map((task) => describeTask(context, task, state, true)), failures: [] };
    } catch (error) {
      // What keeps the task from starting here (an image the engine lacks, a secret without a value) is said as is.
      if (error instanceof TaskStartError || error instanceof PlanError || error instanceof LocalFileError)
        throw new EcsError('ClientException', error.message.split('\n').join(' '));
      throw error;
    }
  },

  async StopTask(input, context) {
    const cluster = clusterOf(input);
    context.cluster.requireCluster(cluster);
    await context.cluster.refresh();
    const taskId = taskIdOf(String(input['task']));
    const known = taskId !== undefined && context.cluster.allTasks().some((t) => t.taskId === taskId && t.cluster === cluster);
    if (!known) throw invalidParameter('The referenced task was not found.');
    const reason = typeof input['reason'] === 'string' && input['reason'] !== '' ? input['reason'] : undefined;
    const before = context.cluster.allTasks().find((t) => t.taskId === taskId)!;
    // The answer comes at once, as ECS's does: the task is on its way to STOPPED.
    void context.cluster.stopTask(taskId, reason).catch(() => undefined);
    const state = context.cluster.state.read();
    const current = context.cluster.allTasks(state).find((t) => t.taskId === taskId) ?? before;
    const stopping: TaskState =
      current.lastStatus === 'STOPPED'
        ? current
        : { ...current, desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: reason ?? 'Task stopped by user' };
    return { task: describeTask(context, stopping, state, false) };
  },

  async ListTasks(input, context) {
    const cluster = clusterOf(input);
    context.cluster.requireCluster(cluster);
    await context.cluster.refresh();
    const state = context.cluster.state.read();
    const serviceName = input['serviceName'] as string | undefined;
    if (serviceName !== undefined && !state.services[serviceKey(cluster, serviceName)])
      throw new EcsError('ServiceNotFoundException', 'Service not found.');
    const desired = (input['desiredStatus'] as string | undefined) ?? 'RUNNING';
    const tasks = context.cluster
      .allTasks(state)
      .filter((t) => t.cluster === cluster)
      .filter((t) => (desired === 'PENDING' ? t.lastStatus === 'PENDING' || t.lastStatus === 'PROVISIONING' : t.desiredStatus === desired))
      .filter((t) => input['family'] === undefined || t.family === input['family'])
      .filter((t) => serviceName === undefined || t.service === serviceName)
      .filter((t) => input['startedBy'] === undefined || state.tasks[t.taskId]?.startedBy === input['startedBy'])
      .filter((t) => input['launchType'] === undefined || launchTypeOf(t, state) === input['launchType'])
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const { page, nextToken } = paginate(tasks, input, { defaultSize: 100, maxSize: 100 });
    return { taskArns: page.map((t) => taskArn(context.caller.region, t.cluster, t.taskId)), nextToken };
  },

  async DescribeTasks(input, context) {
    const cluster = clusterOf(input);
    context.cluster.requireCluster(cluster);
    const references = stringList(input['tasks']);
    if (references.length > 100) throw invalidParameter('DescribeTasks takes at most 100 tasks.');
    await context.cluster.refresh();
    await context.cluster.refreshHealth();
    const state = context.cluster.state.read();
    const all = new Map(
      context.cluster
        .allTasks(state)
        .filter((t) => t.cluster === cluster)
        .map((t) => [t.taskId, t]),
    );
    const { found, failures } = describeEach(
      references,
      (reference) => all.get(taskIdOf(reference) ?? ''),
      (task) => describeTask(context, task, state, includes(input, 'TAGS')),
      (id) => taskArn(context.caller.region, cluster, id),
    );
    return { tasks: found, failures };
  },
};

/** What ECS checks of the launch before placing a task: Fargate needs awsvpc and a task size; awsvpc needs a network configuration. */
function checkLaunch(definition: Json, input: Record<string, unknown>): void {
  const networkMode = effectiveNetworkMode(definition);
  if (
    input['launchType'] === 'FARGATE' &&
    (networkMode !== 'awsvpc' || taskCpu(definition) === undefined || taskMemory(definition) === undefined)
  )
    throw invalidParameter('Task definition does not support launch_type FARGATE.');
  if (networkMode === 'awsvpc' && input['networkConfiguration'] === undefined)
    throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
}

function launchTypeOf(task: TaskState, state: EcsState): string {
  return state.tasks[task.taskId]?.launchType ?? 'EC2';
}

/** A task as DescribeTasks returns it. */
export function describeTask(context: ApiContext, task: TaskState, state: EcsState, withTags: boolean): Record<string, unknown> {
  const region = context.caller.region;
  const record = state.tasks[task.taskId];
  const revision = findRevision(state, `${task.family}:${task.revision}`);
  const arn = taskArn(region, task.cluster, task.taskId);
  const launchType = record?.launchType ?? 'EC2';
  const stopped = task.lastStatus === 'STOPPED';
  const overrides = (record?.overrides ?? {}) as Json;
  return {
    taskArn: arn,
    clusterArn: clusterArn(region, task.cluster),
    taskDefinitionArn: taskDefinitionArn(region, task.family, task.revision),
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    healthStatus: taskHealth(task),
    containers: task.containers.map((container) => describeContainer(region, task, container, arn)),
    cpu: revision ? numberString(taskCpu(revision.definition)) : undefined,
    memory: revision ? numberString(taskMemory(revision.definition)) : undefined,
    createdAt: task.createdAt,
    pullStartedAt: task.createdAt,
    pullStoppedAt: task.startedAt,
    startedAt: task.startedAt,
    connectivity: task.startedAt ? 'CONNECTED' : undefined,
    connectivityAt: task.startedAt,
    stoppingAt: task.stoppingAt ?? (stopped ? task.stoppedAt : undefined),
    stoppedAt: task.stoppedAt,
    executionStoppedAt: task.stoppedAt,
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    group: record?.group ?? (task.service ? `service:${task.service}` : `family:${task.family}`),
    startedBy: record?.startedBy,
    launchType,
    platformVersion: launchType === 'FARGATE' ? '1.4.0' : undefined,
    platformFamily: launchType === 'FARGATE' ? 'Linux' : undefined,
    overrides: {
      containerOverrides: Array.isArray(overrides['containerOverrides']) ? overrides['containerOverrides'] : [],
      inferenceAcceleratorOverrides: [],
      ...(overrides['cpu'] !== undefined ? { cpu: overrides['cpu'] } : {}),
      ...(overrides['memory'] !== undefined ? { memory: overrides['memory'] } : {}),
    },
    attachments: [],
    attributes: [],
    enableExecuteCommand: false,
    version: statusVersion(task),
    tags: withTags ? (state.tags[`task/${task.cluster}/${task.taskId}`] ?? []) : undefined,
  };
}

function describeContainer(region: string, task: TaskState, container: ContainerState, arn: string): Record<string, unknown> {
  return {
    containerArn: containerArn(region, task.cluster, task.taskId, container.name),
    taskArn: arn,
    name: container.name,
    image: container.image,
    runtimeId: container.dockerId,
    lastStatus: task.lastStatus === 'STOPPED' ? 'STOPPED' : container.lastStatus,
    exitCode: container.exitCode,
    reason: container.reason,
    networkBindings: container.ports.map((p) => ({
      bindIP: p.hostIp,
      containerPort: p.containerPort,
      hostPort: p.hostPort,
      protocol: p.protocol,
    })),
    networkInterfaces: [],
    healthStatus: container.hasHealthCheck ? container.health : 'UNKNOWN',
  };
}

/** HEALTHY when every essential container with a health check is; UNHEALTHY when one is not; else UNKNOWN. */
function taskHealth(task: TaskState): string {
  const checked = task.containers.filter((c) => c.essential && c.hasHealthCheck);
  if (checked.length === 0) return 'UNKNOWN';
  if (checked.some((c) => c.health === 'UNHEALTHY')) return 'UNHEALTHY';
  return checked.every((c) => c.health === 'HEALTHY') ? 'HEALTHY' : 'UNKNOWN';
}

/** ECS counts a task's changes; here, its steps through the lifecycle. */
function statusVersion(task: TaskState): number {
  return (
    ['PROVISIONING', 'PENDING', 'RUNNING', 'STOPPING', 'STOPPED'].indexOf(task.lastStatus) + 1 + (task.desiredStatus === 'STOPPED' ? 1 : 0)
  );
}

function numberString(value: number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
