// A task definition converted to Compose runs on the local engine as it would on ECS: the web container
// serves on its port and turns healthy, the one-shot container waits for it (dependsOn HEALTHY ->
// depends_on service_healthy), runs to completion and is not restarted (essential false).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadStack, stackUp, type UpResult } from '../../engine/src/compose';
import { convertFile, validateCompose } from '../../core/src';
import { diskHost } from '../../core/node/host';
import { containerId, execIn, freePort, removeProject } from '../helpers/compose';
import { TEST_IMAGE, testEngine, uniqueName } from '../helpers/docker';

const { docker } = testEngine();

function taskDefinition(family: string, port: number): object {
  return {
    family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    containerDefinitions: [
      {
        name: 'web',
        image: TEST_IMAGE,
        essential: true,
        command: ['sh', '-c', `mkdir -p /www && echo "served from $GREETING" > /www/index.html && exec httpd -f -p ${port} -h /www`],
        environment: [{ name: 'GREETING', value: 'a task definition' }],
        portMappings: [{ containerPort: port, hostPort: port, protocol: 'tcp' }],
        healthCheck: {
          command: ['CMD-SHELL', `wget -q -O - http://127.0.0.1:${port}/index.html`],
          interval: 5,
          timeout: 2,
          retries: 3,
          startPeriod: 1,
        },
        linuxParameters: { initProcessEnabled: true, tmpfs: [{ containerPath: '/scratch', size: 16 }] },
      },
      {
        name: 'once',
        image: TEST_IMAGE,
        essential: false,
        command: ['sh', '-c', 'echo done > /scratch/marker && cat /scratch/marker'],
        dependsOn: [{ containerName: 'web', condition: 'HEALTHY' }],
        linuxParameters: { initProcessEnabled: true, tmpfs: [{ containerPath: '/scratch', size: 8 }] },
      },
    ],
  };
}

describe('a task definition converted to Compose', () => {
  const family = uniqueName('dockside-converted');
  const folder = mkdtempSync(join(tmpdir(), 'dockside-converted-'));
  let port = 0;
  let composeText = '';
  let up: UpResult;

  before(async () => {
    port = await freePort();
    const source = join(folder, `${family}-task-definition.json`);
    writeFileSync(source, JSON.stringify(taskDefinition(family, port), null, 2));
    const result = convertFile({ path: source, to: 'compose', host: diskHost(), env: {} });
    assert.equal(result.files.length, 1);
    composeText = result.files[0]!.text;
    writeFileSync(join(folder, 'compose.yaml'), composeText);
    up = await stackUp(docker, loadStack({ workingDir: folder, projectName: family }), { wait: true, healthTimeoutMs: 60_000 });
  });
  after(async () => {
    await removeProject(docker, family);
    rmSync(folder, { recursive: true, force: true });
  });

  test('validates with no errors under our Compose rules', () => {
    const errors = validateCompose(composeText, { documentPath: join(folder, 'compose.yaml') }).filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => f.message),
      [],
    );
  });

  test('runs: the web container is healthy and answers on its port with its environment', async () => {
    assert.deepEqual(up.containers.map((c) => c.service).sort(), ['once', 'web']);
    const web = await docker.getContainer(`${family}-web-1`).inspect();
    assert.equal(web.State.Health?.Status, 'healthy');
    const response = await fetch(`http://127.0.0.1:${port}/index.html`);
    assert.equal((await response.text()).trim(), 'served from a task definition');
  });

  test('the non-essential container ran once, after web was healthy, with its tmpfs, and stays exited', async () => {
    const once = await docker.getContainer(`${family}-once-1`).inspect();
    assert.equal(once.State.Status, 'exited');
    assert.equal(once.State.ExitCode, 0);
    // Started only after web's first passing health check had ended.
    const checks = (await docker.getContainer(`${family}-web-1`).inspect()).State.Health?.Log ?? [];
    const firstPass = checks.find((check) => check.ExitCode === 0);
    assert.ok(firstPass, JSON.stringify(checks));
    assert.ok(Date.parse(once.State.StartedAt) >= Date.parse(firstPass.End), `${once.State.StartedAt} < ${firstPass.End}`);
    assert.notEqual(once.HostConfig.RestartPolicy?.Name, 'always');
    assert.ok(Object.keys(once.HostConfig.Tmpfs ?? {}).includes('/scratch'), JSON.stringify(once.HostConfig.Tmpfs));
    const web = await containerId(docker, `${family}-web-1`);
    assert.match((await execIn(docker, web, ['sh', '-c', 'mount | grep /scratch'])).output, /tmpfs on \/scratch/);
  });
});
