/**
 * `deploy`: its `resources` are read by resources.ts and its restart condition by dependencies.ts;
 * the rest describes how an orchestrator runs the service (replicas, updates, placement), which in
 * ECS belongs to the ECS *service* created from the task definition, not to the task definition.
 */
import { asRecord } from '../values';
import { at, type ServiceContext, type ServiceMapper } from './context';

const ECS_SERVICE_SETTINGS: Record<string, { reason: string; action?: string }> = {
  replicas: {
    reason: "The number of copies is the ECS service's desired count, not part of the task definition.",
    action: 'Set desiredCount when creating the ECS service.',
  },
  mode: {
    reason: 'The deploy mode belongs to the ECS service (replicated is REPLICA; global is the DAEMON scheduling strategy, EC2 only).',
    action: 'Choose the scheduling strategy when creating the ECS service.',
  },
  update_config: {
    reason: "Rolling-update settings belong to the ECS service's deployment configuration.",
    action: 'Set minimumHealthyPercent/maximumPercent on the ECS service.',
  },
  rollback_config: {
    reason: 'Rollback settings belong to the ECS service (deployment circuit breaker).',
    action: 'Enable the deployment circuit breaker with rollback on the ECS service.',
  },
  placement: {
    reason: 'Swarm placement constraints have a different syntax from ECS placement constraints.',
    action: 'On EC2, write "placementConstraints" in the top-level x-ecs (memberOf expressions).',
  },
  endpoint_mode: { reason: 'The endpoint mode is a Swarm networking setting; ECS service discovery is configured on the ECS service.' },
  labels: {
    reason: 'deploy.labels label the Swarm service, not the container.',
    action: 'Tag the ECS service instead, or move them to "labels" for the container.',
  },
};

const RESTART_POLICY_DETAILS: Record<string, string> = {
  delay: 'ECS does not wait between restarts of a task.',
  max_attempts: 'ECS does not count restarts.',
  window: 'ECS does not count restarts within a window.',
};

function mapDeploy(ctx: ServiceContext): void {
  const deploy = asRecord(ctx.service['deploy']);
  if (!deploy) {
    if (ctx.service['deploy'] !== undefined && ctx.service['deploy'] !== null)
      ctx.report.drop(at(ctx, 'deploy'), 'deploy is not a mapping.');
    return;
  }
  for (const [key, value] of Object.entries(deploy)) {
    if (value === undefined || value === null || key === 'resources') continue;
    if (key === 'restart_policy') {
      const policy = asRecord(value) ?? {};
      const condition = policy['condition'];
      if (condition === 'on-failure' || condition === 'any') {
        ctx.report.note(
          at(ctx, 'deploy', 'restart_policy', 'condition'),
          `"${ctx.name}" is essential: when it stops, ECS replaces the whole task rather than restarting this container.`,
          'For per-container restarts, set "restartPolicy" in the per-service x-ecs.',
        );
      }
      for (const detail of Object.keys(policy)) {
        const reason = RESTART_POLICY_DETAILS[detail];
        if (reason) ctx.report.drop(at(ctx, 'deploy', 'restart_policy', detail), reason);
        else if (detail !== 'condition')
          ctx.report.drop(at(ctx, 'deploy', 'restart_policy', detail), `restart_policy.${detail} has no ECS counterpart.`);
      }
      continue;
    }
    const setting = ECS_SERVICE_SETTINGS[key];
    if (setting) ctx.report.drop(at(ctx, 'deploy', key), setting.reason, setting.action);
    else ctx.report.drop(at(ctx, 'deploy', key), `deploy.${key} has no ECS counterpart.`);
  }
}

export const deployMapper: ServiceMapper = {
  keys: ['deploy'],
  map: mapDeploy,
};
