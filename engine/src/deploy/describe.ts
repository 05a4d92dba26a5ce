// What a deploy would change, in lines a terminal or an output channel shows before the user confirms:
// who the credentials are, where, which service, how many tasks, and the task definition's differences.
import type { DeployPreview } from './deploy';

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
