// A deploy in two halves, so that the user confirms between them: `previewDeploy` reads (who the
// credentials are, the cluster, the latest registered revision of each family, the services) and says
// what would change, changing nothing; `applyDeploy` makes the changes in ECS's order — a new revision
// only when the content changed, every awslogs log group, CreateService or UpdateService — then waits for
// the rollout (rollout.ts). The CLI and VS Code drive both and word the questions their own way.
import type {
  CreateServiceCommandInput,
  RegisterTaskDefinitionCommandInput,
  Service,
  UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import {
  asList,
  asRecord,
  asString,
  containersOf,
  effectiveNetworkMode,
  fillPlaceholders,
  unfilledPlaceholders,
  type Json,
} from '@dockside/core';
import { AwsError } from '../ecs/api/protocol';
import { checkInput, ECS_SHAPES } from '../ecs/api/shapes';
import type { AwsConnection } from './aws';
import { diffTaskDefinitions, formatDiff } from './diff';
import { sameTaskDefinition } from './normalise';
import { watchRollout, type RolloutOptions, type RolloutProgress, type RolloutResult } from './rollout';
import type { DeploySource, DeployTarget } from './source';
import { cloudWatchLogs, ecs, sts } from './sdk';

export interface NetworkSettings {
  readonly subnets?: readonly string[];
  readonly securityGroups?: readonly string[];
  readonly assignPublicIp?: boolean;
}

export interface DeployRequest {
  readonly cluster: string;
  /** The ECS service's name (one target only); default: the family. */
  readonly service?: string;
  readonly desiredCount?: number;
  /** For a new service; default: FARGATE when the task definition requires it, else EC2. */
  readonly launchType?: 'FARGATE' | 'EC2';
  /** Flags or settings: they win over the Compose file's x-ecs.service.networkConfiguration. */
  readonly network?: NetworkSettings;
}

export type ProblemCode = 'cluster' | 'network' | 'placeholder' | 'executionRole' | 'service' | 'settings';

/** What keeps the deploy from starting, found before any change. */
export interface DeployProblem {
  readonly code: ProblemCode;
  /** The ECS service concerned, when one is. */
  readonly service?: string;
  readonly message: string;
}

export interface RegisteredRevision {
  readonly arn: string;
  readonly revision: number;
  readonly definition: Json;
}

export interface EcsServicePlan {
  readonly target: DeployTarget;
  readonly serviceName: string;
  /** What is registered when it changed: the target's definition with the Region and account filled in. */
  readonly definition: Json;
  /** The family's latest ACTIVE revision, when there is one. */
  readonly registered?: RegisteredRevision;
  /** True when the content differs from `registered` (or there is none): a new revision is registered. */
  readonly register: boolean;
  /** The differences from `registered`, one line each (see diff.ts). */
  readonly diff: readonly string[];
  readonly existing?: Service;
  readonly action: 'create' | 'update' | 'none';
  /** What the service is told (undefined: an update keeps its count). */
  readonly desiredCount?: number;
  /** Where the count comes from: `--desired-count`, `deploy.replicas of web`, … */
  readonly desiredCountSource: string;
  readonly launchType?: string;
  readonly networkConfiguration?: Json;
  /** Other CreateService/UpdateService members from the Compose file's x-ecs.service. */
  readonly settings: Json;
  /** awslogs groups the containers write to, with their Region. */
  readonly logGroups: ReadonlyArray<{ readonly group: string; readonly region: string }>;
  /** What changes for the service, in words: `task definition shop:1 → shop:2 (new)`, `desired count 1 → 2`. */
  readonly changes: readonly string[];
}

export interface DeployPreview {
  readonly account: string;
  /** Who the credentials are (an IAM ARN); never the credentials themselves. */
  readonly identity: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly profile?: string;
  readonly cluster: string;
  readonly services: readonly EcsServicePlan[];
  readonly problems: readonly DeployProblem[];
}

/** Reads what a deploy of `source` would change. Makes no change. */
export async function previewDeploy(source: DeploySource, request: DeployRequest, aws: AwsConnection): Promise<DeployPreview> {
  const identity = await aws.sts.send(new sts.GetCallerIdentityCommand({}));
  const account = identity.Account ?? '';
  const problems: DeployProblem[] = [];
  const clusters = await aws.ecs.send(new ecs.DescribeClustersCommand({ clusters: [request.cluster] }));
  const cluster = clusters.clusters?.find((c) => c.status === 'ACTIVE');
  if (!cluster)
    problems.push({
      code: 'cluster',
      message: `There is no active cluster "${request.cluster}" in account ${account}, ${aws.region}. Create it first (aws ecs create-cluster --cluster-name ${request.cluster}), or name another.`,
    });
  if (request.service !== undefined && source.targets.length > 1)
    problems.push({
      code: 'service',
      message: `One service name was given for ${source.targets.length} task definitions; each deploys as an ECS service named after its family.`,
    });
  const services: EcsServicePlan[] = [];
  for (const target of source.targets) {
    const plan = await planService(target, request, aws, account, cluster ? request.cluster : undefined);
    problems.push(...plan.problems);
    services.push(plan.plan);
  }
  return {
    account,
    identity: identity.Arn ?? '',
    region: aws.region,
    endpoint: aws.endpoint,
    profile: aws.profile,
    cluster: request.cluster,
    services,
    problems,
  };
}

async function planService(
  target: DeployTarget,
  request: DeployRequest,
  aws: AwsConnection,
  account: string,
  cluster: string | undefined,
): Promise<{ plan: EcsServicePlan; problems: DeployProblem[] }> {
  const serviceName = request.service ?? target.family;
  const problems: DeployProblem[] = [];
  const say = (code: ProblemCode, message: string) => problems.push({ code, service: serviceName, message });
  const definition = fillPlaceholders(target.definition, { region: aws.region, account });
  for (const unfilled of unfilledPlaceholders(definition))
    say('placeholder', `${target.family}: ${unfilled} is a placeholder only you can fill in; set it in the file (x-ecs) first.`);
  const role = executionRoleProblem(definition);
  if (role) say('executionRole', `${target.family}: ${role}`);
  const registered = await latestRevision(aws, target.family);
  const register = !registered || !sameTaskDefinition(registered.definition, definition);
  const existing = cluster ? await describeService(aws, cluster, serviceName) : undefined;
  if (existing?.status === 'DRAINING')
    say('service', `Service ${serviceName} is being deleted (DRAINING); deploy again once it is gone, or under another name.`);
  const settings = serviceSettings(target, serviceName, say);
  const count = desiredCount(target, request, existing);
  const networkMode = effectiveNetworkMode(definition);
  const networkConfiguration = networkMode === 'awsvpc' ? network(request.network, settings['networkConfiguration']) : undefined;
  delete settings['networkConfiguration'];
  if (networkMode === 'awsvpc' && !existing && !hasSubnets(networkConfiguration))
    say(
      'network',
      `Service ${serviceName} is new and its tasks use the awsvpc network mode: ECS needs the subnets (and security groups) to run them in.`,
    );
  const nextRevision = register ? (registered ? registered.revision + 1 : 1) : registered!.revision;
  const nextArn = register ? undefined : registered!.arn;
  const changes = serviceChanges(existing, target.family, nextRevision, register, nextArn, count.value, networkConfiguration);
  const launchType = existing ? existing.launchType : (request.launchType ?? defaultLaunchType(definition));
  return {
    problems,
    plan: {
      target,
      serviceName,
      definition,
      registered,
      register,
      diff: register ? formatDiff(diffTaskDefinitions(registered?.definition, definition)) : [],
      existing,
      action: !existing ? 'create' : changes.length > 0 ? 'update' : 'none',
      desiredCount: count.value ?? (existing ? undefined : 1),
      desiredCountSource: count.value === undefined && !existing ? 'a new service runs 1 task unless told otherwise' : count.source,
      launchType,
      networkConfiguration,
      settings,
      logGroups: awslogsGroups(definition, aws.region),
      changes,
    },
  };
}

async function latestRevision(aws: AwsConnection, family: string): Promise<RegisteredRevision | undefined> {
  try {
    const described = await aws.ecs.send(new ecs.DescribeTaskDefinitionCommand({ taskDefinition: family }));
    const definition = described.taskDefinition;
    if (!definition?.taskDefinitionArn || definition.status !== 'ACTIVE') return undefined;
    return { arn: definition.taskDefinitionArn, revision: definition.revision ?? 0, definition: definition as unknown as Json };
  } catch (error) {
    // ECS's answer for a family it has never seen (or whose revisions are all inactive).
    if ((error as { name?: string }).name === 'ClientException') return undefined;
    throw error;
  }
}

async function describeService(aws: AwsConnection, cluster: string, name: string): Promise<Service | undefined> {
  const described = await aws.ecs.send(new ecs.DescribeServicesCommand({ cluster, services: [name] }));
  const service = described.services?.[0];
  // An INACTIVE service is a deleted one: its name may be used again.
  return service && service.status !== 'INACTIVE' ? service : undefined;
}

/**
 * The count: `--desired-count`; else the copies the Compose services ask for (the most, when they
 * differ, since one task holds them all); else an existing service keeps its own (autoscaling's too).
 */
function desiredCount(target: DeployTarget, request: DeployRequest, existing: Service | undefined): { value?: number; source: string } {
  if (request.desiredCount !== undefined) return { value: request.desiredCount, source: 'as asked' };
  const asked = Object.entries(target.replicas);
  if (asked.length > 0) {
    const most = Math.max(...asked.map(([, n]) => n));
    const from = asked.filter(([, n]) => n === most).map(([name]) => name);
    const others = asked.filter(([, n]) => n !== most);
    return {
      value: most,
      source: `deploy.replicas of ${from.join(', ')}${others.length ? ` (one task holds every service, so ${others.map(([n, c]) => `${n}'s ${c}`).join(', ')} becomes ${most}; --per-service gives each its own)` : ''}`,
    };
  }
  return { source: existing ? `kept: the service runs ${existing.desiredCount ?? 0}` : 'default' };
}

/** The awsvpc configuration: flags or settings over the file's x-ecs.service, subnets and security groups each as a whole. */
function network(given: NetworkSettings | undefined, fromFile: unknown): Json | undefined {
  const file = asRecord(asRecord(fromFile)?.['awsvpcConfiguration']) ?? {};
  const subnets = given?.subnets?.length ? [...given.subnets] : asList(file['subnets']);
  const securityGroups = given?.securityGroups?.length ? [...given.securityGroups] : asList(file['securityGroups']);
  const publicIp = given?.assignPublicIp !== undefined ? (given.assignPublicIp ? 'ENABLED' : 'DISABLED') : asString(file['assignPublicIp']);
  if (subnets.length === 0 && securityGroups.length === 0 && publicIp === undefined) return undefined;
  return {
    awsvpcConfiguration: {
      subnets,
      ...(securityGroups.length > 0 ? { securityGroups } : {}),
      ...(publicIp ? { assignPublicIp: publicIp } : {}),
    },
  };
}

function hasSubnets(configuration: Json | undefined): boolean {
  return asList(asRecord(configuration?.['awsvpcConfiguration'])?.['subnets']).length > 0;
}

/** The Compose file's x-ecs.service, checked as ECS checks a CreateService request; members the deploy sets are its own. */
function serviceSettings(target: DeployTarget, serviceName: string, say: (code: ProblemCode, message: string) => void): Json {
  const settings: Json = { ...(target.serviceSettings ?? {}) };
  for (const owned of ['cluster', 'serviceName', 'service', 'taskDefinition', 'desiredCount', 'launchType']) {
    if (settings[owned] !== undefined) say('settings', `x-ecs.service.${owned} is set by the deploy itself; remove it from the file.`);
    delete settings[owned];
  }
  try {
    checkInput(ECS_SHAPES, 'CreateServiceRequest', { ...settings, serviceName, taskDefinition: target.family });
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    say('settings', `x-ecs.service: ${error.message}`);
  }
  return settings;
}

function defaultLaunchType(definition: Json): 'FARGATE' | 'EC2' {
  return asList(definition['requiresCompatibilities']).includes('FARGATE') ? 'FARGATE' : 'EC2';
}

/** On Fargate, awslogs and secrets are fetched with the task's execution role: ECS refuses the definition without one. */
function executionRoleProblem(definition: Json): string | undefined {
  if (defaultLaunchType(definition) !== 'FARGATE' || asString(definition['executionRoleArn'])) return undefined;
  const containers = containersOf(definition);
  const needs = [
    ...containers
      .filter((c) => asRecord(c.value['logConfiguration'])?.['logDriver'] === 'awslogs')
      .map((c) => `${c.name ?? '?'} logs with awslogs`),
    ...containers.filter((c) => asList(c.value['secrets']).length > 0).map((c) => `${c.name ?? '?'} reads secrets`),
  ];
  if (needs.length === 0) return undefined;
  return `${needs.join(', ')}, which on Fargate needs a task execution role: set "executionRoleArn" (in the Compose file's top-level x-ecs), e.g. arn:aws:iam::ACCOUNT:role/ecsTaskExecutionRole.`;
}

function awslogsGroups(definition: Json, region: string): Array<{ group: string; region: string }> {
  const seen = new Map<string, { group: string; region: string }>();
  for (const container of containersOf(definition)) {
    const logging = asRecord(container.value['logConfiguration']);
    const options = asRecord(logging?.['options']);
    const group = asString(options?.['awslogs-group']);
    if (logging?.['logDriver'] !== 'awslogs' || !group) continue;
    const where = asString(options?.['awslogs-region']) ?? region;
    seen.set(`${where} ${group}`, { group, region: where });
  }
  return [...seen.values()];
}

function serviceChanges(
  existing: Service | undefined,
  family: string,
  revision: number,
  register: boolean,
  arn: string | undefined,
  desired: number | undefined,
  networkConfiguration: Json | undefined,
): string[] {
  const next = `${family}:${revision}${register ? ' (new)' : ''}`;
  if (!existing) return [`new service running ${next}`];
  const changes: string[] = [];
  const current = existing.taskDefinition?.split('/').at(-1);
  if (register || existing.taskDefinition !== arn) changes.push(`task definition ${current ?? '(none)'} → ${next}`);
  if (desired !== undefined && desired !== existing.desiredCount) changes.push(`desired count ${existing.desiredCount ?? 0} → ${desired}`);
  const now = asRecord(existing.networkConfiguration as unknown);
  if (networkConfiguration && JSON.stringify(sortedNetwork(now)) !== JSON.stringify(sortedNetwork(networkConfiguration)))
    changes.push('network configuration');
  return changes;
}

function sortedNetwork(configuration: Json | undefined): unknown {
  const vpc = asRecord(configuration?.['awsvpcConfiguration']) ?? {};
  return [
    [...asList(vpc['subnets'])].map(String).sort(),
    [...asList(vpc['securityGroups'])].map(String).sort(),
    vpc['assignPublicIp'] ?? 'DISABLED',
  ];
}

// ------------------------------------------------------------------------------------------ applying

export interface DeployProgress extends RolloutProgress {
  /** A change made: `Registered shop:2`, `Log group /ecs/shop exists`, `Updated service shop`. */
  step(message: string): void;
}

export interface ApplyOptions extends RolloutOptions {
  /** false: return once the changes are made (`--no-wait`). */
  readonly wait: boolean;
}

export interface ServiceOutcome {
  readonly serviceName: string;
  readonly taskDefinitionArn: string;
  readonly rollout?: RolloutResult;
}

/** Makes the changes `preview` describes (it must have no problems), then waits unless told not to. */
export async function applyDeploy(
  preview: DeployPreview,
  aws: AwsConnection,
  progress: DeployProgress,
  options: ApplyOptions,
): Promise<ServiceOutcome[]> {
  if (preview.problems.length > 0) throw new Error(`The deploy has problems: ${preview.problems.map((p) => p.message).join(' ')}`);
  const since = new Date();
  const arns = new Map<EcsServicePlan, string>();
  for (const plan of preview.services) arns.set(plan, await registerIfChanged(plan, aws, progress));
  const groups = new Map(preview.services.flatMap((plan) => plan.logGroups).map((g) => [`${g.region} ${g.group}`, g]));
  for (const { group, region } of groups.values()) await createLogGroup(aws, group, region, progress);
  for (const plan of preview.services) await createOrUpdate(plan, arns.get(plan)!, preview.cluster, aws, progress);
  if (!options.wait) return preview.services.map((plan) => ({ serviceName: plan.serviceName, taskDefinitionArn: arns.get(plan)! }));
  return Promise.all(
    preview.services.map(async (plan) => ({
      serviceName: plan.serviceName,
      taskDefinitionArn: arns.get(plan)!,
      rollout: await watchRollout(
        aws,
        {
          cluster: preview.cluster,
          service: plan.serviceName,
          taskDefinitionArn: arns.get(plan)!,
          knownEvents: new Set((plan.existing?.events ?? []).flatMap((e) => (e.id ? [e.id] : []))),
          since,
        },
        progress,
        options,
      ),
    })),
  );
}

async function registerIfChanged(plan: EcsServicePlan, aws: AwsConnection, progress: DeployProgress): Promise<string> {
  if (!plan.register) {
    progress.step(`${plan.target.family}:${plan.registered!.revision} is unchanged: nothing registered.`);
    return plan.registered!.arn;
  }
  const registered = await aws.ecs.send(
    new ecs.RegisterTaskDefinitionCommand(plan.definition as unknown as RegisterTaskDefinitionCommandInput),
  );
  const definition = registered.taskDefinition!;
  progress.step(`Registered ${definition.family ?? plan.target.family}:${definition.revision ?? '?'}.`);
  return definition.taskDefinitionArn!;
}

async function createLogGroup(aws: AwsConnection, group: string, region: string, progress: DeployProgress): Promise<void> {
  try {
    await aws.logs(region).send(new cloudWatchLogs.CreateLogGroupCommand({ logGroupName: group }));
    progress.step(`Created log group ${group}${region === aws.region ? '' : ` in ${region}`}.`);
  } catch (error) {
    if (
      !(error instanceof cloudWatchLogs.ResourceAlreadyExistsException) &&
      (error as { name?: string }).name !== 'ResourceAlreadyExistsException'
    )
      throw error;
    progress.step(`Log group ${group} exists.`);
  }
}

async function createOrUpdate(
  plan: EcsServicePlan,
  arn: string,
  cluster: string,
  aws: AwsConnection,
  progress: DeployProgress,
): Promise<void> {
  const revision = arn.split('/').at(-1);
  if (plan.action === 'create') {
    const input: CreateServiceCommandInput = {
      ...(plan.settings as Partial<CreateServiceCommandInput>),
      cluster,
      serviceName: plan.serviceName,
      taskDefinition: arn,
      desiredCount: plan.desiredCount ?? 1,
      ...(plan.launchType && !plan.settings['capacityProviderStrategy'] ? { launchType: plan.launchType as 'FARGATE' | 'EC2' } : {}),
      ...(plan.networkConfiguration
        ? { networkConfiguration: plan.networkConfiguration as CreateServiceCommandInput['networkConfiguration'] }
        : {}),
    };
    await aws.ecs.send(new ecs.CreateServiceCommand(input));
    progress.step(`Created service ${plan.serviceName} running ${revision} with ${input.desiredCount} desired.`);
    return;
  }
  if (plan.action === 'none') {
    progress.step(
      `Service ${plan.serviceName} already runs ${revision}${plan.desiredCount !== undefined ? ` with ${plan.desiredCount} desired` : ''}: nothing to update.`,
    );
    return;
  }
  const updatable = Object.keys(ECS_SHAPES['UpdateServiceRequest']?.members ?? {});
  const input: UpdateServiceCommandInput = {
    ...(Object.fromEntries(Object.entries(plan.settings).filter(([key]) => updatable.includes(key))) as Partial<UpdateServiceCommandInput>),
    cluster,
    service: plan.serviceName,
    taskDefinition: arn,
    ...(plan.desiredCount !== undefined ? { desiredCount: plan.desiredCount } : {}),
    ...(plan.networkConfiguration
      ? { networkConfiguration: plan.networkConfiguration as UpdateServiceCommandInput['networkConfiguration'] }
      : {}),
  };
  await aws.ecs.send(new ecs.UpdateServiceCommand(input));
  progress.step(`Updated service ${plan.serviceName}: ${plan.changes.join('; ')}.`);
}
