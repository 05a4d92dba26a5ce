// A Compose project deployed to a real single-node Swarm (an engine of this suite's own, see
// test/helpers/swarmEngine.ts), updated, failing, pruned and removed; what Dockside created read back
// with the docker CLI's `docker stack ps` and `docker service ls`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ConvergenceError,
  deployStack,
  loadSwarmStack,
  readSwarm,
  removeStack,
  streamServiceLogs,
  type DeployResult,
  type ServiceProgress,
  type SwarmEvent,
} from '../../engine/src/swarm';
import { listStackServices } from '../../engine/src/swarm/api';
import { TEST_IMAGE } from '../helpers/docker';
import { startSwarmEngine, type SwarmEngine } from '../helpers/swarmEngine';
import { until } from '../helpers/until';

let engine: SwarmEngine;
const folder = mkdtempSync(join(tmpdir(), 'dockside-swarm-project-'));
const STACK = 'shop';

before(async () => {
  engine = await startSwarmEngine();
  assert.equal(engine.cli(['tag', TEST_IMAGE, 'dockside-test/busybox:v2']).status, 0);
});

after(async () => {
  await engine?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** The stack's Compose file: web (2 replicas, each publishing 8080 on a port of the node) and a worker that fetches from web by name. */
function composeFile(options: { webImage?: string; bad?: boolean; worker?: boolean } = {}): string {
  return `
services:
  web:
    image: ${options.webImage ?? TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /srv && cp /run/secrets/token /srv/token && cp /etc/site.html /srv/index.html && exec httpd -f -p 8080 -h /srv"]
    init: true
    ports:
      - target: 8080
        mode: host
    networks: [back]
    secrets: [token]
    configs:
      - source: site
        target: /etc/site.html
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
      update_config:
        parallelism: 1
        monitor: 1s
${
  options.worker === false
    ? ''
    : `  worker:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "while true; do wget -q -O - http://web:8080/index.html && echo; sleep 1; done"]
    init: true
    networks: [back]
    depends_on: [web]
`
}${
    options.bad
      ? `  bad:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo reading settings; echo settings.yaml is broken >&2; exit 1"]
    deploy:
      restart_policy:
        condition: on-failure
        delay: 1s
`
      : ''
  }
networks:
  back:
    attachable: true
secrets:
  token:
    file: ./token.txt
configs:
  site:
    content: "<h1>shop on swarm</h1>"
`;
}

function load(text: string) {
  writeFileSync(join(folder, 'docker-stack.yml'), text);
  return loadSwarmStack({ workingDir: folder, files: ['docker-stack.yml'], projectName: STACK, env: {} }, { nodes: 1 });
}

function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

async function deploy(text: string, options: { prune?: boolean } = {}): Promise<{ result: DeployResult; events: SwarmEvent[] }> {
  const stack = load(text);
  assert.deepEqual(stack.errors, []);
  const events: SwarmEvent[] = [];
  const result = await deployStack(engine.docker, stack, { ...options, onEvent: (event) => events.push(event) });
  return { result, events };
}

describe('deploying a Compose project to Swarm', () => {
  test('a stack of two services, an overlay network, a secret and a config converges and serves', async () => {
    writeFileSync(join(folder, 'token.txt'), 'tok-1');
    const stack = load(composeFile());
    const dependsOnLine =
      composeFile()
        .split('\n')
        .findIndex((line) => line.includes('depends_on')) + 1;
    assert.deepEqual(
      stack.report.map((loss) => [loss.kind, loss.path, loss.line]),
      [['dropped', 'services.worker.depends_on', dependsOnLine]],
      'what Swarm ignores is reported with its line, before the deploy',
    );
    const { result, events } = await deploy(composeFile());
    assert.deepEqual(
      result.services.map((service) => [service.key, service.name, service.change]),
      [
        ['web', 'shop_web', 'created'],
        ['worker', 'shop_worker', 'created'],
      ],
    );
    assert.deepEqual(
      result.progress.map((progress) => [progress.key, progress.state, progress.running, progress.desired]),
      [
        ['web', 'converged', 2, 2],
        ['worker', 'converged', 1, 1],
      ],
    );
    const progress = events.filter((event): event is { kind: 'progress'; progress: ServiceProgress } => event.kind === 'progress');
    assert.ok(
      progress.some((event) => event.progress.key === 'web' && event.progress.running < 2),
      'progress was shown while tasks started',
    );

    const snapshot = await readSwarm(engine.docker);
    assert.equal(snapshot.state.role, 'manager');
    assert.deepEqual(
      snapshot.nodes.map((node) => [node.role, node.availability, node.state, node.self]),
      [['manager', 'active', 'ready', true]],
    );
    const shop = snapshot.stacks.find((candidate) => candidate.name === STACK);
    assert.ok(shop);
    assert.deepEqual(shop.networks, ['shop_back']);
    assert.equal(shop.secrets.length, 1);
    assert.equal(shop.configs.length, 1);
    const web = shop.services.find((service) => service.shortName === 'web')!;
    assert.deepEqual([web.mode, web.running, web.desired], ['replicated', 2, 2]);
    const running = web.tasks.filter((task) => task.state === 'running');
    assert.deepEqual(
      running.map((task) => [task.name, task.node]),
      [
        ['shop_web.1', snapshot.nodes[0]!.hostname],
        ['shop_web.2', snapshot.nodes[0]!.hostname],
      ],
    );
    for (const task of running) {
      const port = task.ports[0]?.published;
      assert.ok(port, `task ${task.name} publishes a port on its node`);
      assert.equal(await get(port, '/index.html'), '<h1>shop on swarm</h1>');
      assert.equal(await get(port, '/token'), 'tok-1');
    }

    // The worker reaches web by its service name on the stack's overlay network.
    const lines: string[] = [];
    await until(
      'the worker to fetch the page from web',
      async () => {
        lines.length = 0;
        const worker = shop.services.find((service) => service.shortName === 'worker')!;
        await streamServiceLogs(engine.docker, worker.id, { onLine: (task, line) => lines.push(`${task} ${line}`) });
        return lines.some((line) => line.includes('<h1>shop on swarm</h1>'));
      },
      30_000,
      500,
    );
    assert.match(
      lines.find((line) => line.includes('shop on swarm'))!,
      /^shop_worker\.1@\S+ <h1>shop on swarm<\/h1>$/,
    );

    // The docker CLI sees the stack Dockside created.
    const services = engine.cli([
      'service',
      'ls',
      '--filter',
      `label=com.docker.stack.namespace=${STACK}`,
      '--format',
      '{{.Name}} {{.Mode}} {{.Replicas}}',
    ]);
    assert.equal(services.status, 0, services.stderr);
    assert.deepEqual(services.stdout.trim().split('\n').sort(), ['shop_web replicated 2/2', 'shop_worker replicated 1/1']);
    const tasks = engine.cli(['stack', 'ps', STACK, '--filter', 'desired-state=running', '--format', '{{.Name}} {{.CurrentState}}']);
    assert.equal(tasks.status, 0, tasks.stderr);
    assert.deepEqual(
      tasks.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(' ').slice(0, 2).join(' '))
        .sort(),
      ['shop_web.1 Running', 'shop_web.2 Running', 'shop_worker.1 Running'],
    );
  });

  test('a new image tag rolls web over one task at a time; the unchanged worker is left alone', async () => {
    const { result, events } = await deploy(composeFile({ webImage: 'dockside-test/busybox:v2' }));
    assert.deepEqual(
      result.services.map((service) => [service.key, service.change]),
      [
        ['web', 'updated'],
        ['worker', 'unchanged'],
      ],
    );
    assert.ok(
      events.some((event) => event.kind === 'progress' && event.progress.key === 'web' && event.progress.state === 'updating'),
      'the update was shown while it rolled',
    );
    const [web] = (await listStackServices(engine.docker, STACK)).filter((service) => service.Spec.Name === 'shop_web');
    assert.equal(web?.UpdateStatus?.State, 'completed');
    assert.equal(web?.Spec.UpdateConfig?.Parallelism, 1);
    assert.equal(web?.Spec.TaskTemplate.ContainerSpec.Image, 'dockside-test/busybox:v2');
    assert.equal(web?.PreviousSpec?.TaskTemplate.ContainerSpec.Image, TEST_IMAGE);
    const shop = (await readSwarm(engine.docker)).stacks.find((candidate) => candidate.name === STACK)!;
    const running = shop.services.find((service) => service.shortName === 'web')!.tasks.filter((task) => task.state === 'running');
    assert.deepEqual(
      running.map((task) => task.image),
      ['dockside-test/busybox:v2', 'dockside-test/busybox:v2'],
    );
  });

  test('new secret content is a new secret the service rolls over to; the old one stays while a rollback would use it', async () => {
    const before = (await readSwarm(engine.docker)).stacks.find((candidate) => candidate.name === STACK)!.secrets;
    writeFileSync(join(folder, 'token.txt'), 'tok-2');
    const { result } = await deploy(composeFile({ webImage: 'dockside-test/busybox:v2' }));
    assert.equal(result.services.find((service) => service.key === 'web')?.change, 'updated');
    const after = (await readSwarm(engine.docker)).stacks.find((candidate) => candidate.name === STACK)!;
    assert.equal(before.length, 1);
    assert.equal(after.secrets.length, 2);
    assert.ok(after.secrets.includes(before[0]!));
    const web = (await listStackServices(engine.docker, STACK)).find((service) => service.Spec.Name === 'shop_web')!;
    const secretOf = (spec: typeof web.Spec | undefined): string | undefined => spec?.TaskTemplate.ContainerSpec.Secrets?.[0]?.SecretName;
    assert.equal(secretOf(web.PreviousSpec), before[0]);
    assert.notEqual(secretOf(web.Spec), before[0]);
    const task = after.services.find((service) => service.shortName === 'web')!.tasks.find((candidate) => candidate.state === 'running')!;
    assert.equal(await get(task.ports[0]!.published!, '/token'), 'tok-2');
  });

  test('a service whose containers exit 1 fails the deploy, naming the service, the task error and its last lines', async () => {
    const failure = await deploy(composeFile({ webImage: 'dockside-test/busybox:v2', bad: true })).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(failure instanceof ConvergenceError, String(failure));
    assert.deepEqual(
      failure.failed.map((progress) => progress.key),
      ['bad'],
    );
    assert.match(failure.message, /^Service "shop_bad" did not converge: task bad\.1 failed on node \S+: task: non-zero exit \(1\)\.$/);
    const logs = failure.failed[0]!.failure!.logs;
    assert.ok(logs.includes('reading settings') && logs.includes('settings.yaml is broken'), logs.join('\n'));
  });

  test('--prune removes the services the files no longer define', async () => {
    const { result } = await deploy(composeFile({ webImage: 'dockside-test/busybox:v2', worker: false }), { prune: true });
    assert.deepEqual(result.pruned.sort(), ['shop_bad', 'shop_worker']);
    assert.deepEqual(
      (await listStackServices(engine.docker, STACK)).map((service) => service.Spec.Name),
      ['shop_web'],
    );
  });

  test('removing the stack leaves no service, network, secret or config behind', async () => {
    const removed = await removeStack(engine.docker, STACK);
    assert.deepEqual(removed.services, ['shop_web']);
    // shop_default was created for "bad", which joined no network of its own.
    assert.deepEqual(removed.networks.sort(), ['shop_back', 'shop_default']);
    assert.equal(removed.secrets.length, 2);
    assert.equal(removed.configs.length, 1);
    const filters = JSON.stringify({ label: [`com.docker.stack.namespace=${STACK}`] });
    assert.deepEqual(await engine.docker.listServices({ filters }), []);
    assert.deepEqual(await engine.docker.listNetworks({ filters }), []);
    assert.deepEqual(await engine.docker.listSecrets({ filters }), []);
    assert.deepEqual(await engine.docker.listConfigs({ filters }), []);
    const stacks = engine.cli(['stack', 'ls', '--format', '{{.Name}}']);
    assert.equal(stacks.status, 0, stacks.stderr);
    assert.equal(stacks.stdout.trim(), '');
  });
});
