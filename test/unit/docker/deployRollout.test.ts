// How a deploy judges a rollout from what DescribeServices and DescribeTasks answer, as plain functions:
// stable only when the new revision's deployment is COMPLETED with every desired task running; failed as
// soon as ECS fails or rolls it back or a task of the new revision stops by itself; and the counts line
// the user watches meanwhile.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment, Service, Task } from '@aws-sdk/client-ecs';
import { describeCounts, judge } from '../../../engine/src/deploy/rollout';

const arn = (revision: number) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/shop:${revision}`;
const target = { cluster: 'prod', service: 'shop', taskDefinitionArn: arn(2) };

function deployment(revision: number, extra: Partial<Deployment> = {}): Deployment {
  return { id: `ecs-svc/${revision}`, status: 'PRIMARY', taskDefinition: arn(revision), desiredCount: 2, runningCount: 0, ...extra };
}

function service(deployments: Deployment[], extra: Partial<Service> = {}): Service {
  return { serviceName: 'shop', desiredCount: 2, runningCount: 0, pendingCount: 0, deployments, ...extra };
}

function verdict(s: Service, stopped: Task[] = []) {
  const ours = s.deployments?.find((d) => d.taskDefinition === target.taskDefinitionArn);
  const primary = s.deployments?.find((d) => d.status === 'PRIMARY');
  return judge(s, ours, primary, stopped, target);
}

test('stable only when the new revision is COMPLETED and every desired task of it runs', () => {
  const rolling = [deployment(2, { runningCount: 1, rolloutState: 'IN_PROGRESS' }), deployment(1, { status: 'ACTIVE', runningCount: 2 })];
  assert.equal(verdict(service(rolling, { runningCount: 3 })), undefined);
  const halfway = [deployment(2, { runningCount: 2, rolloutState: 'IN_PROGRESS' }), deployment(1, { status: 'ACTIVE', runningCount: 1 })];
  assert.equal(verdict(service(halfway, { runningCount: 3 })), undefined, 'the old tasks still run');
  const done = [deployment(2, { runningCount: 2, rolloutState: 'COMPLETED' })];
  assert.equal(verdict(service(done, { runningCount: 2 })), 'stable');
  // An endpoint (or an old API) that says no rolloutState: one deployment with its count is done.
  assert.equal(verdict(service([deployment(2, { runningCount: 2 })], { runningCount: 2 })), 'stable');
  assert.equal(verdict(service([deployment(2, { runningCount: 1 })], { runningCount: 1 })), undefined);
});

test('failed: the circuit breaker, a rollback to another revision, a task of the new revision that stopped by itself', () => {
  const failed = [deployment(2, { rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.' })];
  assert.equal(verdict(service(failed)), 'The deployment of shop:2 failed: ECS deployment circuit breaker: tasks failed to start.');
  const rolledBack = [deployment(1, { runningCount: 2, rolloutState: 'IN_PROGRESS' }), deployment(2, { status: 'ACTIVE' })];
  assert.equal(verdict(service(rolledBack)), 'Service shop went back to shop:1: the deployment of shop:2 was rolled back.');
  const stopped: Task = {
    taskArn: 'arn:…/task/prod/abc',
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
  };
  const rolling = [deployment(2, { rolloutState: 'IN_PROGRESS' })];
  assert.equal(verdict(service(rolling), [stopped]), 'A task of shop:2 stopped: Essential container in task exited.');
  assert.equal(verdict(service(rolling), [stopped, stopped]), '2 tasks of shop:2 stopped: Essential container in task exited.');
  const unhealthy: Task = {
    ...stopped,
    stopCode: 'ServiceSchedulerInitiated',
    stoppedReason: 'Task failed ELB health checks in (target-group x).',
  };
  assert.equal(verdict(service(rolling), [unhealthy]), 'A task of shop:2 stopped: Task failed ELB health checks in (target-group x).');
});

test('the counts line: the new revision running of desired, pending, what the old one still runs, the rollout state', () => {
  const s = service(
    [deployment(2, { runningCount: 1, rolloutState: 'IN_PROGRESS' }), deployment(1, { status: 'ACTIVE', runningCount: 2 })],
    { runningCount: 3, pendingCount: 1 },
  );
  assert.equal(describeCounts(s, s.deployments![0]), '1/2 running, 1 pending, 2 of the old revision (IN_PROGRESS)');
  const fresh = service([deployment(1, { runningCount: 2 })]);
  assert.equal(describeCounts(fresh, undefined), '0/2 running, 2 of the old revision (waiting for the deployment)');
});
