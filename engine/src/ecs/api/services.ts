// CreateService, UpdateService (a new task definition rolls the tasks over as ECS's rolling update does),
// DeleteService, ListServices, DescribeServices (counts, deployments, the last 100 events). A service's
// desired state goes to the state file; the Dockside process that schedules it applies it.
import type { Json } from '@dockside/core';
import { clusterArn, serviceArn, serviceRef, taskDefinitionArn } from '../arn';
import type { ServiceSummary } from '../cluster';
import { EcsError, serviceNotFound } from '../errors';
import { findRevision } from '../registry';
import { DEFAULT_DEPLOYMENT_CONFIGURATION, type DeploymentConfiguration } from '../service';
import { mergeTags, serviceKey } from '../state';
import { clusterOf, describeEach, includes, stringList, tagsOf, type ApiContext, type Handler, type Input } from './context';
import { invalidParameter, paginate } from './protocol';

const NAME = /^[A-Za-z0-9_-]{1,255}$/;

export const serviceOperations: Record<string, Handler> = {
  async CreateService(input, context) {
    const cluster = clusterOf(input);
    context.cluster.requireCluster(cluster);
    const name = String(input['serviceName']);
    if (!NAME.test(name))
      throw invalidParameter('Service names may hold up to 255 letters (upper and lower case), numbers, hyphens and underscores.');
    checkUnsupported(input);
    if (input['taskDefinition'] === undefined)
      throw invalidParameter('A task definition is required for a service with the ECS deployment controller.');
    const desiredCount = input['desiredCount'];
    if (desiredCount === undefined) throw invalidParameter('desiredCount is required for a service with the REPLICA scheduling strategy.');
    if (Number(desiredCount) < 0) throw invalidParameter('desiredCount cannot be negative.');
    const revision = findRevision(context.cluster.state.read(), String(input['taskDefinition']));
    if (!revision) throw invalidParameter('TaskDefinition not found.');
    if (revision.definition['networkMode'] === 'awsvpc' && input['networkConfiguration'] === undefined)
      throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    await context.cluster.createServiceFrom({
      cluster,
      name,
      taskDefinition: `${revision.family}:${revision.revision}`,
      desiredCount: Number(desiredCount),
      deploymentConfiguration: deploymentConfiguration(input['deploymentConfiguration'], DEFAULT_DEPLOYMENT_CONFIGURATION),
      launchType: input['launchType'] as string | undefined,
      networkConfiguration: input['networkConfiguration'] as Json | undefined,
      healthCheckGracePeriodSeconds: input['healthCheckGracePeriodSeconds'] as number | undefined,
      platformVersion: input['platformVersion'] as string | undefined,
      region: context.caller.region,
    });
    const tags = tagsOf(input['tags']);
    if (tags.length > 0) context.cluster.state.update((state) => void (state.tags[`service/${cluster}/${name}`] = mergeTags([], tags)));
    return { service: describeService(context, requireService(context, cluster, name), true) };
  },

  async UpdateService(input, context) {
    const cluster = clusterOf(input);
    context.cluster.requireCluster(cluster);
    const name = serviceName(input['service']);
    const current = requireService(context, cluster, name);
    checkUnsupported(input);
    if (input['desiredCount'] !== undefined && Number(input['desiredCount']) < 0)
      throw invalidParameter('desiredCount cannot be negative.');
    if (input['taskDefinition'] !== undefined && !findRevision(context.cluster.state.read(), String(input['taskDefinition'])))
      throw invalidParameter('TaskDefinition not found.');
    await context.cluster.updateService({
      cluster,
      name,
      desiredCount: input['desiredCount'] as number | undefined,
      taskDefinition: input['taskDefinition'] as string | undefined,
      deploymentConfiguration:
        input['deploymentConfiguration'] !== undefined
          ? deploymentConfiguration(input['deploymentConfiguration'], current.deploymentConfiguration)
          : undefined,
      networkConfiguration: input['networkConfiguration'] as Json | undefined,
      forceNewDeployment: input['forceNewDeployment'] === true,
    });
    return { service: describeService(context, requireService(context, cluster, name), false) };
  },

  async DeleteService(input, context) {
    const cluster = clusterOf(input);
    context.cluster.requireCluster(cluster);
    const name = serviceName(input['service']);
    requireService(context, cluster, name);
    await context.cluster.deleteService(cluster, name, input['force'] === true);
    const service = context.cluster.serviceSummaries(undefined, cluster).find((s) => s.name === name)!;
    return { service: describeService(context, { ...service, status: service.status === 'ACTIVE' ? 'DRAINING' : service.status }, false) };
  },

  async ListServices(input, context) {
    const cluster = clusterOf(input);
    context.cluster.requireCluster(cluster);
    await context.cluster.refresh();
    const services = context.cluster
      .serviceSummaries(undefined, cluster)
      .filter((s) => s.status !== 'INACTIVE')
      .filter((s) => input['launchType'] === undefined || s.launchType === input['launchType'])
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const { page, nextToken } = paginate(services, input, { defaultSize: 10, maxSize: 100 });
    return { serviceArns: page.map((s) => serviceArn(context.caller.region, s.cluster, s.name)), nextToken };
  },

  async DescribeServices(input, context) {
    const cluster = clusterOf(input);
    context.cluster.requireCluster(cluster);
    const references = stringList(input['services']);
    if (references.length > 10) throw invalidParameter('DescribeServices takes at most 10 services.');
    await context.cluster.refresh();
    await context.cluster.refreshHealth();
    const byName = new Map(context.cluster.serviceSummaries(undefined, cluster).map((s) => [s.name, s]));
    const { found, failures } = describeEach(
      references,
      (reference) => {
        const ref = serviceRef(reference);
        return ref && (ref.cluster === undefined || ref.cluster === cluster) ? byName.get(ref.name) : undefined;
      },
      (service) => describeService(context, service, includes(input, 'TAGS')),
      (name) => serviceArn(context.caller.region, cluster, name),
    );
    return { services: found, failures };
  },
};

function serviceName(reference: unknown): string {
  const ref = serviceRef(String(reference));
  if (!ref) throw invalidParameter(`"${String(reference)}" is neither a service name nor a service ARN.`);
  return ref.name;
}

function requireService(context: ApiContext, cluster: string, name: string): ServiceSummary {
  const state = context.cluster.state.read();
  const record = state.services[serviceKey(cluster, name)];
  if (!record || record.status === 'INACTIVE') throw serviceNotFound();
  return context.cluster.serviceSummaries(state, cluster).find((s) => s.name === name)!;
}

/** What only AWS has: said plainly rather than half done. */
function checkUnsupported(input: Input): void {
  const controller = (input['deploymentController'] as { type?: string } | undefined)?.type;
  if (controller !== undefined && controller !== 'ECS')
    throw new EcsError(
      'InvalidParameterException',
      `The ${controller} deployment controller is not available locally; use ECS (rolling update).`,
    );
  if (input['schedulingStrategy'] === 'DAEMON')
    throw new EcsError('InvalidParameterException', 'DAEMON services are not available locally; use REPLICA with a desired count.');
}

/** The request's deployment configuration over `base`; the percentages checked as ECS bounds them. */
function deploymentConfiguration(value: unknown, base: DeploymentConfiguration): DeploymentConfiguration {
  const given = (value ?? {}) as {
    maximumPercent?: number;
    minimumHealthyPercent?: number;
    deploymentCircuitBreaker?: { enable?: boolean; rollback?: boolean };
  };
  const result: DeploymentConfiguration = {
    maximumPercent: given.maximumPercent ?? base.maximumPercent,
    minimumHealthyPercent: given.minimumHealthyPercent ?? base.minimumHealthyPercent,
    deploymentCircuitBreaker: given.deploymentCircuitBreaker
      ? { enable: given.deploymentCircuitBreaker.enable === true, rollback: given.deploymentCircuitBreaker.rollback === true }
      : base.deploymentCircuitBreaker,
  };
  if (result.minimumHealthyPercent < 0 || result.minimumHealthyPercent > 100)
    throw invalidParameter('minimumHealthyPercent must be between 0 and 100.');
  if (result.maximumPercent < 100) throw invalidParameter('maximumPercent must be 100 or more.');
  if (result.maximumPercent === 100 && result.minimumHealthyPercent === 100)
    throw invalidParameter(
      'With maximumPercent 100 and minimumHealthyPercent 100 no task can be replaced; lower minimumHealthyPercent or raise maximumPercent.',
    );
  return result;
}

/** A service as DescribeServices returns it. */
export function describeService(context: ApiContext, service: ServiceSummary, withTags: boolean): Record<string, unknown> {
  const region = context.caller.region;
  const state = context.cluster.state.read();
  const arnOf = (reference: string): string | undefined => {
    const revision = findRevision(state, reference);
    return revision ? taskDefinitionArn(region, revision.family, revision.revision) : undefined;
  };
  const primary = service.deployments[0];
  const fargate = service.launchType === 'FARGATE';
  return {
    serviceArn: serviceArn(region, service.cluster, service.name),
    serviceName: service.name,
    clusterArn: clusterArn(region, service.cluster),
    loadBalancers: [],
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: service.runningCount,
    pendingCount: service.pendingCount,
    launchType: service.launchType,
    platformVersion: fargate ? (service.platformVersion ?? 'LATEST') : undefined,
    platformFamily: fargate ? 'Linux' : undefined,
    taskDefinition: primary ? arnOf(primary.taskDefinition) : undefined,
    deploymentConfiguration: service.deploymentConfiguration,
    deployments: service.deployments.map((d) => ({
      id: d.id,
      status: d.status,
      taskDefinition: arnOf(d.taskDefinition),
      desiredCount: d.desiredCount,
      pendingCount: d.pendingCount,
      runningCount: d.runningCount,
      failedTasks: d.failedTasks,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      launchType: service.launchType,
      platformVersion: fargate ? '1.4.0' : undefined,
      platformFamily: fargate ? 'Linux' : undefined,
      networkConfiguration: service.networkConfiguration,
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
    })),
    events: service.events.slice(0, 100).map((e) => ({ id: e.id, createdAt: e.at, message: e.message })),
    createdAt: service.createdAt,
    placementConstraints: [],
    placementStrategy: [],
    networkConfiguration: service.networkConfiguration,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    createdBy: 'arn:aws:iam::000000000000:root',
    enableECSManagedTags: false,
    propagateTags: 'NONE',
    enableExecuteCommand: false,
    tags: withTags ? (state.tags[`service/${service.cluster}/${service.name}`] ?? []) : undefined,
  };
}
