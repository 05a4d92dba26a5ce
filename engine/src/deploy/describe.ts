// What a deploy would change, in lines a terminal or an output channel shows before the user confirms:
// who the credentials are, where, which service, how many tasks, and the task definition's differences;
// and afterwards, what became of each service.
import type { DeployPreview, ServiceOutcome } from './deploy';
import { formatFailure } from './failure';

/** What would change, before any change: who, where, which service, how many, and the task definition's differences. */
export function describePreview(preview: DeployPreview): string[] {
  const lines = [
    `Account:  ${preview.account} (${preview.identity})`,
    `Region:   ${preview.region}${preview.profile ? ` (profile ${preview.profile})` : ''}`,
    ...(preview.endpoint ? [`Endpoint: ${preview.endpoint}`] : []),
    `Cluster:  ${preview.cluster}`,
  ];
  for (const plan of preview.services) {
    const count = plan.desiredCount !== undefined ? `${plan.desiredCount} desired (${plan.desiredCountSource})` : plan.desiredCountSource;
    const vpc = plan.networkConfiguration?.['awsvpcConfiguration'] as
      { subnets?: string[]; securityGroups?: string[]; assignPublicIp?: string } | undefined;
    const network = vpc
      ? `, subnets ${vpc.subnets?.join(',') || '-'}, security groups ${vpc.securityGroups?.join(',') || '(the VPC default)'}, public IP ${vpc.assignPublicIp ?? 'DISABLED'}`
      : '';
    const action = plan.action === 'create' ? 'create' : plan.action === 'update' ? 'update' : 'unchanged';
    lines.push(`Service:  ${plan.serviceName} (${action}): ${count}${plan.launchType ? `, ${plan.launchType}` : ''}${network}`);
    for (const change of plan.changes) lines.push(`          ${change}`);
    if (plan.register) {
      lines.push(`Task definition ${plan.target.family}${plan.registered ? `: changes from revision ${plan.registered.revision}` : ''}:`);
      for (const line of plan.diff) lines.push(`  ${line}`);
    } else {
      lines.push(`Task definition ${plan.target.family}:${plan.registered!.revision} is the same: nothing to register.`);
    }
  }
  return lines;
}

export interface OutcomeReport {
  /** deployed: stable; started: not waited for; cancelled: no longer watched; failed: the rollout failed or timed out. */
  readonly result: 'deployed' | 'started' | 'cancelled' | 'failed';
  /** One line: what happened to the service. */
  readonly message: string;
  /** Why it failed (stopped tasks, exit codes, events, log lines) and how to go back; empty otherwise. */
  readonly details: readonly string[];
}

/** What became of one service's deploy, in words the CLI prints and VS Code shows. */
export function describeOutcome(outcome: ServiceOutcome, preview: DeployPreview): OutcomeReport {
  const revision = outcome.taskDefinitionArn.split('/').at(-1);
  const where = `service ${outcome.serviceName} in cluster ${preview.cluster}`;
  const rollout = outcome.rollout;
  if (!rollout) return { result: 'started', message: `Deploying ${revision} to ${where}; not waiting for it.`, details: [] };
  if (rollout.status === 'stable')
    return { result: 'deployed', message: `Deployed ${revision} to ${where}: ${rollout.running}/${rollout.desired} running.`, details: [] };
  if (rollout.status === 'cancelled')
    return {
      result: 'cancelled',
      message: `Stopped waiting for service ${outcome.serviceName}; the deployment goes on in ECS (aws ecs wait services-stable --cluster ${preview.cluster} --services ${outcome.serviceName}).`,
      details: [],
    };
  const details = formatFailure(rollout.failure, outcome.serviceName);
  const previous = preview.services
    .find((s) => s.serviceName === outcome.serviceName)
    ?.existing?.taskDefinition?.split('/')
    .at(-1);
  if (previous && previous !== revision)
    details.push(
      `ECS keeps trying to run ${revision}. To go back: aws ecs update-service --cluster ${preview.cluster} --service ${outcome.serviceName} --task-definition ${previous}`,
    );
  return { result: 'failed', message: rollout.reason, details };
}
