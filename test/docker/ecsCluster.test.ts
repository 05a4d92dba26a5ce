import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { LocalCluster } from '../../engine/src/ecs/cluster';
import { removeLabelled, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { leftovers, shContainer, testClusterSettings } from '../helpers/ecs';
import { until } from '../helpers/until';

const { docker } = testEngine();
const runId = uniqueName('ecs-cluster');
const folder = mkdtempSync(join(tmpdir(), 'dockside-ecs-cluster-'));
const settings = testClusterSettings(runId, join(folder, 'state'));

after(async () => {
  await removeLabelled(docker, `${TEST_LABEL}=${runId}`);
  rmSync(folder, { recursive: true, force: true });
});

describe('the local cluster across a window reload', () => {
  test('a new cluster takes over the running service and task, keeps the count, and stops them', async () => {
    const family = uniqueName('reload');
    const file = join(folder, 'web.task-definition.json');
    writeFileSync(file, JSON.stringify({ family, networkMode: 'awsvpc', containerDefinitions: [shContainer('web', 'sleep 600')] }));
    const before = new LocalCluster(docker, settings, () => undefined);
    await before.createService({ file }, family, 2);
    const standalone = await before.runTask({ file });
    await until('the service at 2', () => before.snapshot().services[0]?.runningCount === 2, 15_000);
    await before.dispose();

    const after = new LocalCluster(docker, settings, () => undefined);
    await after.rebuild();
    const [service] = after.snapshot().services;
    assert.equal(service?.name, family);
    assert.equal(service?.desiredCount, 2);
    await until('the adopted tasks running', () => after.snapshot().services[0]!.runningCount === 2, 15_000);
    assert.deepEqual(
      after.snapshot().tasks.map((t) => [t.taskId, t.lastStatus]),
      [[standalone.taskId, 'RUNNING']],
    );

    const victim = after.snapshot().services[0]!.tasks[0]!;
    await docker.getContainer(victim.containers[0]!.dockerId!).kill();
    await until(
      'a replacement from the task definition file',
      () => {
        const now = after.snapshot().services[0]!;
        return now.runningCount === 2 && !now.tasks.some((t) => t.taskId === victim.taskId);
      },
      15_000,
    );

    await after.stopTask(standalone.taskId);
    assert.equal(after.snapshot().tasks[0]!.stoppedReason, 'Task stopped by user');
    await after.removeTask(standalone.taskId);
    await after.stopService(family);
    await after.dispose();
    assert.deepEqual(await leftovers(docker, runId), []);
  });
});

describe('scheduling from the cluster', () => {
  test('an invalid schedule expression is refused with the reason, and nothing is scheduled or started', async () => {
    const file = join(folder, 'job.task-definition.json');
    writeFileSync(
      file,
      JSON.stringify({ family: uniqueName('job'), networkMode: 'awsvpc', containerDefinitions: [shContainer('job', 'true')] }),
    );
    const cluster = new LocalCluster(docker, settings, () => undefined);
    for (const [expression, reason] of [
      ['rate(5 minute)', /write "5 minutes"/],
      ['cron(0 12 * * *)', /six fields/],
      ['every day', /not a schedule expression/],
    ] as const) {
      await assert.rejects(cluster.schedule({ file }, expression), reason);
    }
    assert.deepEqual(cluster.snapshot().schedules, []);
    const entry = await cluster.schedule({ file }, 'rate(1 minute)');
    assert.ok(entry.state.nextRunAt && entry.state.nextRunAt.getTime() - Date.now() <= 60_000);
    cluster.unschedule(entry.id);
    await cluster.dispose();
    assert.deepEqual(await leftovers(docker, runId), []);
  });
});
