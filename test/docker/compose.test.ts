// The Compose runner on the real engine: the three-service stack, brought up, reached, changed,
// taken down and read back, with Debian's docker-compose (v1) reading the labels Dockside wrote.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  listStacks,
  loadStack,
  serviceAction,
  stackDown,
  stackRestart,
  stackUp,
  streamLogs,
  volumesRemovedByDown,
  type StackEvent,
  type UpResult,
} from '../../engine/src/compose';
import { containerId, execIn, freePort, removeProject } from '../helpers/compose';
import { TEST_IMAGE, testEngine, uniqueName } from '../helpers/docker';

const FIXTURES = join(__dirname, '..', 'fixtures', 'stacks');
const THREE = join(FIXTURES, 'three');
const { docker } = testEngine();

function actions(result: UpResult): Record<string, string> {
  return Object.fromEntries(result.containers.map((container) => [container.service, container.action]));
}

describe('the three-service stack', () => {
  const project = uniqueName('dockside-three');
  let port = 0;
  const load = (env: Record<string, string> = {}) =>
    loadStack({ workingDir: THREE, projectName: project, env: { WEB_PORT: String(port), ...env } });
  let first: UpResult;
  const events: StackEvent[] = [];

  before(async () => {
    port = await freePort();
    first = await stackUp(docker, load(), { wait: true, healthTimeoutMs: 60_000, onEvent: (event) => events.push(event) });
  });
  after(() => removeProject(docker, project));

  test('up creates the project network, the named volume and one container per service, reporting each step', async () => {
    assert.deepEqual(actions(first), { web: 'created', worker: 'created', job: 'created' });
    assert.deepEqual(first.networks, [`${project}_default`]);
    assert.deepEqual(first.volumes, [`${project}_shared`]);
    const steps = events.filter((event) => event.kind === 'step').map((event) => event.message);
    assert.ok(steps.includes(`Creating container ${project}-web-1`), steps.join('\n'));
    assert.ok(steps.includes('Waiting for web to be healthy'), steps.join('\n'));
    // The worker was created only once web was healthy and the job had completed.
    assert.ok(steps.indexOf('Waiting for web to be healthy') < steps.indexOf(`Creating container ${project}-worker-1`));
    const web = await docker.getContainer(`${project}-web-1`).inspect();
    assert.equal(web.State.Health?.Status, 'healthy');
    const job = await docker.getContainer(`${project}-job-1`).inspect();
    assert.equal(job.State.Status, 'exited');
    assert.equal(job.State.ExitCode, 0);
  });

  test('the web service answers on the published port, and by its service name inside the network', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/index.html`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /dockside web/);
    const worker = await containerId(docker, `${project}-worker-1`);
    const byName = await execIn(docker, worker, ['wget', '-q', '-O', '-', 'http://web:8080/index.html']);
    assert.match(byName.output, /dockside web/);
    // The worker fetched it by name at start-up into the volume it shares with web.
    const web = await containerId(docker, `${project}-web-1`);
    assert.match((await execIn(docker, web, ['cat', '/data/from-web'])).output, /dockside web/);
  });

  test('environment, env_file, the read-only bind mount, tmpfs and init are in place', async () => {
    const web = await docker.getContainer(`${project}-web-1`).inspect();
    assert.ok(web.Config.Env.includes('GREETING=hello'));
    assert.ok(web.Config.Env.includes('FROM_ENV_FILE=yes'));
    assert.equal(web.HostConfig.Init, true);
    const bind = web.Mounts.find((mount) => mount.Destination === '/www');
    assert.equal(bind?.Source, join(THREE, 'site'));
    assert.equal(bind?.RW, false);
    const mounts = (await execIn(docker, web.Id, ['cat', '/proc/mounts'])).output;
    assert.match(mounts, /^tmpfs \/scratch tmpfs/m);
  });

  test('the labels are those Docker Compose reads: docker-compose ps lists the stack', async (t) => {
    const web = await docker.getContainer(`${project}-web-1`).inspect();
    const labels = web.Config.Labels;
    assert.equal(labels['com.docker.compose.project'], project);
    assert.equal(labels['com.docker.compose.service'], 'web');
    assert.equal(labels['com.docker.compose.container-number'], '1');
    assert.equal(labels['com.docker.compose.oneoff'], 'False');
    assert.equal(labels['com.docker.compose.project.working_dir'], THREE);
    assert.equal(labels['com.docker.compose.project.config_files'], join(THREE, 'compose.yaml'));
    const network = await docker.getNetwork(`${project}_default`).inspect();
    assert.equal(network.Labels?.['com.docker.compose.network'], 'default');
    assert.equal((await docker.getVolume(`${project}_shared`).inspect()).Labels?.['com.docker.compose.volume'], 'shared');
    const v1 = spawnSync('docker-compose', ['-p', project, 'ps'], {
      cwd: THREE,
      env: { ...process.env, WEB_PORT: String(port) },
      encoding: 'utf8',
    });
    if (v1.error) {
      t.diagnostic('docker-compose (v1) is not installed; the label values above were checked instead');
      return;
    }
    assert.equal(v1.status, 0, v1.stderr);
    assert.match(v1.stdout, new RegExp(`${project}-web-1 .*Up \\(healthy\\).*127\\.0\\.0\\.1:${port}->8080/tcp`));
    assert.match(v1.stdout, new RegExp(`${project}-job-1 .*Exit 0`));
    assert.match(v1.stdout, new RegExp(`${project}-worker-1 .*Up`));
  });

  test('listStacks reads the stack back: services, health, published port', async () => {
    const stack = (await listStacks(docker)).find((candidate) => candidate.project === project);
    assert.ok(stack);
    assert.equal(stack.workingDir, THREE);
    assert.deepEqual(
      stack.services.map((service) => service.name),
      ['job', 'web', 'worker'],
    );
    const web = stack.services.find((service) => service.name === 'web')!.containers[0]!;
    assert.equal(web.name, `${project}-web-1`);
    assert.equal(web.health, 'healthy');
    assert.deepEqual(web.ports, [{ hostIp: '127.0.0.1', hostPort: port, containerPort: 8080, protocol: 'tcp' }]);
  });

  test('logs come with their service, in order, and follow stops on abort', async () => {
    const lines: string[] = [];
    await streamLogs(docker, project, { onLine: (service, line, stream) => lines.push(`${service}/${stream}: ${line}`) });
    assert.ok(lines.includes('job/stdout: job ran'), lines.join('\n'));
    const controller = new AbortController();
    const followed: string[] = [];
    const following = streamLogs(docker, project, {
      services: ['job'],
      follow: true,
      signal: controller.signal,
      onLine: (service, line) => {
        followed.push(`${service}: ${line}`);
        controller.abort();
      },
    });
    await following;
    assert.deepEqual(followed.slice(0, 1), ['job: job ran']);
  });

  test('up again without a change recreates nothing; after a change only that service', async () => {
    const ids = async () =>
      Object.fromEntries(
        await Promise.all(['web', 'worker'].map(async (service) => [service, await containerId(docker, `${project}-${service}-1`)])),
      );
    const before = await ids();
    const again = await stackUp(docker, load(), { wait: true, healthTimeoutMs: 60_000 });
    // The one-shot job had exited, so Up starts it again, as Compose does; the others are kept.
    assert.deepEqual(actions(again), { web: 'unchanged', worker: 'unchanged', job: 'started' });
    assert.deepEqual(await ids(), before);
    const changed = await stackUp(docker, load({ WORKER_MESSAGE: 'two' }), { wait: true, healthTimeoutMs: 60_000 });
    assert.deepEqual(actions(changed), { web: 'unchanged', worker: 'recreated', job: 'started' });
    const after = await ids();
    assert.equal(after.web, before.web);
    assert.notEqual(after.worker, before.worker);
    assert.ok((await docker.getContainer(after.worker).inspect()).Config.Env.includes('MESSAGE=two'));
  });

  test('service actions and restart act on the containers', async () => {
    await serviceAction(docker, project, 'web', 'stop');
    assert.equal((await docker.getContainer(`${project}-web-1`).inspect()).State.Status, 'exited');
    await serviceAction(docker, project, 'web', 'start');
    assert.equal((await docker.getContainer(`${project}-web-1`).inspect()).State.Status, 'running');
    const startedAt = (await docker.getContainer(`${project}-worker-1`).inspect()).State.StartedAt;
    await stackRestart(docker, project, { services: ['worker'] });
    assert.notEqual((await docker.getContainer(`${project}-worker-1`).inspect()).State.StartedAt, startedAt);
    await assert.rejects(serviceAction(docker, project, 'nothing', 'restart'), /Service "nothing" of project .* has no container/);
  });

  test('data in the named volume survives down and up; down keeps the volume and removes the network', async () => {
    const web = await containerId(docker, `${project}-web-1`);
    await execIn(docker, web, ['sh', '-c', 'echo kept-across-down > /data/marker']);
    const down = await stackDown(docker, project);
    assert.deepEqual(down.containers, [`${project}-job-1`, `${project}-web-1`, `${project}-worker-1`]);
    assert.deepEqual(down.networks, [`${project}_default`]);
    assert.deepEqual(down.volumes, []);
    await assert.rejects(docker.getNetwork(`${project}_default`).inspect(), /no such network|not found/i);
    assert.ok(await docker.getVolume(`${project}_shared`).inspect());
    assert.equal(
      (await listStacks(docker)).some((stack) => stack.project === project),
      false,
    );

    const up = await stackUp(docker, load(), { wait: true, healthTimeoutMs: 60_000 });
    assert.deepEqual(up.volumes, [], 'the volume was still there');
    const marker = await execIn(docker, await containerId(docker, `${project}-web-1`), ['cat', '/data/marker']);
    assert.equal(marker.output.trim(), 'kept-across-down');
  });

  test('down with removeVolumes removes the volumes it named beforehand', async () => {
    assert.deepEqual(await volumesRemovedByDown(docker, project), [`${project}_shared`]);
    const down = await stackDown(docker, project, { removeVolumes: true });
    assert.deepEqual(down.volumes, [`${project}_shared`]);
    await assert.rejects(docker.getVolume(`${project}_shared`).inspect(), /no such volume|not found/i);
  });
});

describe('a service built from a Dockerfile', () => {
  const project = uniqueName('dockside-build');
  after(async () => {
    await removeProject(docker, project);
    await docker
      .getImage(`${project}-app`)
      .remove({ force: true })
      .catch(() => undefined);
  });

  test('the context is sent without what .dockerignore leaves out, built by the engine, and its log shown', async () => {
    const output: string[] = [];
    const stack = loadStack({ workingDir: join(FIXTURES, 'build'), projectName: project, env: {} });
    const result = await stackUp(docker, stack, { wait: true, onEvent: (event) => event.kind === 'output' && output.push(event.line) });
    assert.deepEqual(actions(result), { app: 'created' });
    assert.ok(
      output.some((line) => /Step 1\/4 : FROM dockside-test\/busybox:local/.test(line)),
      output.join('\n'),
    );
    const image = await docker.getImage(`${project}-app`).inspect();
    assert.ok(image.Id.startsWith('sha256:'));
    const app = await containerId(docker, `${project}-app-1`);
    assert.equal((await execIn(docker, app, ['cat', '/greeting.txt'])).output.trim(), 'built-by-dockside');
    const files = (await execIn(docker, app, ['ls', '/context'])).output.split(/\s+/).filter(Boolean).sort();
    assert.deepEqual(files, ['Dockerfile', 'kept.txt']);
  });
});

describe('replicas, networks and the settings only the engine can confirm', () => {
  const project = uniqueName('dockside-topology');
  const load = (replicas: number) =>
    loadStack({ workingDir: join(FIXTURES, 'topology'), projectName: project, env: { API_REPLICAS: String(replicas) } });
  after(() => removeProject(docker, project));

  test("replicas answer to the service name and alias on the second network; network_mode: service: shares the first replica's", async () => {
    const result = await stackUp(docker, load(2), { wait: true });
    assert.deepEqual(result.containers.map((c) => c.name).sort(), [
      `${project}-api-1`,
      `${project}-api-2`,
      `${project}-client-1`,
      `${project}-sidecar-1`,
    ]);
    const client = await containerId(docker, `${project}-client-1`);
    const lookup = await execIn(docker, client, ['nslookup', 'backend']);
    const addresses = new Set(
      [...lookup.output.matchAll(/Address(?: \d+)?:\s*(10\.\d+\.\d+\.\d+|172\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+)/g)].map(
        (match) => match[1],
      ),
    );
    const apiAddresses = await Promise.all(
      [1, 2].map(
        async (n) => (await docker.getContainer(`${project}-api-${n}`).inspect()).NetworkSettings.Networks[`${project}_back`]?.IPAddress,
      ),
    );
    for (const address of apiAddresses) assert.ok(address && addresses.has(address), `${address} not in\n${lookup.output}`);
    const api1 = await containerId(docker, `${project}-api-1`);
    assert.equal((await docker.getContainer(`${project}-sidecar-1`).inspect()).HostConfig.NetworkMode, `container:${api1}`);
  });

  test('user, working_dir, extra_hosts, cap_drop, read_only, shm_size, ulimits, stop settings and restart reach the container', async () => {
    const client = await docker.getContainer(`${project}-client-1`).inspect();
    assert.equal(client.Config.User, '1234:1234');
    assert.equal(client.Config.WorkingDir, '/tmp');
    assert.deepEqual(client.Config.Entrypoint, ['sh', '-c']);
    assert.deepEqual(client.Config.Cmd, ['sleep 3600']);
    assert.equal((client.Config as { StopSignal?: string }).StopSignal, 'SIGUSR1');
    assert.equal((client.Config as { StopTimeout?: number }).StopTimeout, 3);
    assert.deepEqual(client.HostConfig.ExtraHosts, ['db.example:10.1.2.3']);
    assert.deepEqual(client.HostConfig.CapDrop, ['NET_RAW']);
    assert.equal(client.HostConfig.ReadonlyRootfs, true);
    assert.equal(client.HostConfig.ShmSize, 32 * 1024 * 1024);
    assert.deepEqual(client.HostConfig.Ulimits, [{ Name: 'nofile', Soft: 1024, Hard: 2048 }]);
    assert.equal(client.HostConfig.RestartPolicy?.Name, 'unless-stopped');
    const id = await execIn(docker, client.Id, ['id', '-u']);
    assert.equal(id.output.trim(), '1234');
    assert.match((await execIn(docker, client.Id, ['cat', '/etc/hosts'])).output, /10\.1\.2\.3\s+db\.example/);
  });

  test('Up of one service brings what it depends on, and nothing else', async () => {
    const only = uniqueName('dockside-only');
    try {
      const result = await stackUp(docker, loadStack({ workingDir: join(FIXTURES, 'topology'), projectName: only, env: {} }), {
        services: ['sidecar'],
        wait: true,
      });
      assert.deepEqual(result.containers.map((c) => c.name).sort(), [`${only}-api-1`, `${only}-api-2`, `${only}-sidecar-1`]);
      await assert.rejects(
        stackUp(docker, loadStack({ workingDir: join(FIXTURES, 'topology'), projectName: only, env: {} }), { services: ['nope'] }),
        /There is no service "nope" in project/,
      );
    } finally {
      await removeProject(docker, only);
    }
  });

  test('fewer replicas in the file: Up removes the surplus and keeps the rest, and names orphans', async () => {
    const api1 = await containerId(docker, `${project}-api-1`);
    // A container of a service the file no longer has, as an older version of the file would have left.
    await docker.createContainer({
      name: `${project}-retired-1`,
      Image: TEST_IMAGE,
      Cmd: ['true'],
      Labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': 'retired', 'com.docker.compose.oneoff': 'False' },
    });
    const steps: string[] = [];
    const result = await stackUp(docker, load(1), { wait: true, onEvent: (event) => event.kind === 'step' && steps.push(event.message) });
    assert.ok(
      steps.includes(`Found containers of services the project no longer defines: ${project}-retired-1 (Down removes them)`),
      steps.join('\n'),
    );
    assert.equal(result.containers.filter((c) => c.service === 'api').length, 1);
    await assert.rejects(docker.getContainer(`${project}-api-2`).inspect(), /no such container/i);
    assert.equal(await containerId(docker, `${project}-api-1`), api1);
  });
});
