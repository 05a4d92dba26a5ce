// What the ECS suites share: task definitions built from the local busybox image, a plan with the test
// label and the busybox sandbox, and a look at what is left on the engine afterwards.
import type Docker from 'dockerode';
import type { ClusterSettings } from '../../engine/src/ecs/cluster';
import { planTask, type PlanInputs, type SandboxSpec } from '../../engine/src/ecs/taskPlan';
import { newTaskId } from '../../engine/src/ecs/taskSource';
import { TEST_IMAGE, TEST_LABEL } from './docker';

export const TEST_SANDBOX: SandboxSpec = { image: TEST_IMAGE, command: ['sleep', '86400'] };

/** A container definition on the test image running `script` in sh. */
export function shContainer(name: string, script: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, image: TEST_IMAGE, command: ['sh', '-c', script], stopTimeout: 2, ...extra };
}

export function testPlan(definition: unknown, runId: string, extra: Partial<PlanInputs> = {}) {
  return planTask({ definition, taskId: newTaskId(), sandbox: TEST_SANDBOX, labels: { [TEST_LABEL]: runId }, hostCpus: 1, ...extra });
}

/** Names of the containers and volumes still on the engine with this run's label. */
export async function leftovers(docker: Docker, runId: string): Promise<string[]> {
  const filters = JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] });
  const containers = await docker.listContainers({ all: true, filters });
  const { Volumes } = await docker.listVolumes({ filters });
  return [...containers.map((c) => c.Names[0] ?? c.Id), ...(Volumes ?? []).map((v) => `volume ${v.Name}`)];
}

/** The sidebar's cluster as the tests run it: the busybox sandbox, no pulls, a short back-off, the run's label, its own state folder. */
export function testClusterSettings(runId: string, stateDir: string): () => ClusterSettings {
  return () => ({
    sandbox: TEST_SANDBOX,
    publishAddress: '127.0.0.1',
    forwardAwsCredentials: false,
    pull: 'never',
    backoff: { initialMs: 300, maxMs: 300 },
    labels: { [TEST_LABEL]: runId },
    stateDir,
  });
}
