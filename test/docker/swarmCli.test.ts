// `dockside swarm …` as a user runs it: the bundled CLI, DOCKER_HOST at a single-node Swarm of the
// suite's own (test/helpers/swarmEngine.ts), in the project's folder.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TEST_IMAGE } from '../helpers/docker';
import { startSwarmEngine, type SwarmEngine } from '../helpers/swarmEngine';

const ROOT = join(__dirname, '..', '..');
let engine: SwarmEngine;
const folder = mkdtempSync(join(tmpdir(), 'dockside-swarm-cli-'));

before(async () => {
  engine = await startSwarmEngine();
});

after(async () => {
  await engine?.stop();
  rmSync(folder, { recursive: true, force: true });
});

function dockside(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
      cwd: folder,
      env: { ...process.env, DOCKER_HOST: engine.host, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const WEB = `
  web:
    image: ${TEST_IMAGE}
    container_name: shop-web
    command: ["sh", "-c", "echo serving \${GREETING}; exec httpd -f -p 8080 -h /"]
    init: true
    deploy:
      replicas: 2
      update_config:
        monitor: 1s
`;

describe('dockside swarm', () => {
  test('deploy reports what Swarm ignores, shows progress and converges; ls, ps and logs read the stack', async () => {
    writeFileSync(join(folder, 'docker-stack.yml'), `name: shop\nservices:${WEB}`);
    writeFileSync(join(folder, 'prod.env'), 'GREETING=from-prod\n');
    const deploy = await dockside(['swarm', 'deploy', '-f', 'docker-stack.yml', '--env-file', 'prod.env']);
    assert.equal(deploy.status, 0, deploy.stderr);
    assert.match(
      deploy.stderr,
      /^docker-stack\.yml:5: dropped services\.web\.container_name: Swarm names the containers of a service itself/m,
    );
    assert.match(deploy.stderr, /^Creating network shop_default$/m);
    assert.match(deploy.stderr, /^\[web\] Creating service shop_web$/m);
    assert.match(deploy.stderr, /^\[web\] web: [01]\/2 running/m);
    assert.match(deploy.stderr, /^\[web\] web: converged, 2\/2 running$/m);
    assert.match(deploy.stderr, /^Stack shop deployed: 1 service \(1 created, 0 updated, 0 unchanged\)\.$/m);

    const ls = await dockside(['swarm', 'ls']);
    assert.equal(ls.status, 0, ls.stderr);
    assert.deepEqual(ls.stdout.trim().split('\n'), ['NAME  SERVICES  TASKS', 'shop  1         2/2']);

    const ps = await dockside(['swarm', 'ps', 'shop']);
    assert.equal(ps.status, 0, ps.stderr);
    const [services, tasks] = ps.stdout.trim().split('\n\n');
    assert.match(
      services!,
      /^SERVICE\s+MODE\s+REPLICAS\s+IMAGE\s+UPDATE\s+PORTS\nshop_web\s+replicated\s+2\/2\s+dockside-test\/busybox:local$/,
    );
    const node = engine.cli(['node', 'ls', '--format', '{{.Hostname}}']).stdout.trim();
    const taskRows = tasks!.split('\n');
    assert.match(taskRows[0]!, /^TASK\s+NODE\s+DESIRED\s+STATE\s+ERROR\s+PORTS$/);
    assert.deepEqual(
      taskRows.slice(1).map((row) => row.split(/\s+/).slice(0, 4)),
      [
        ['shop_web.1', node, 'running', 'running'],
        ['shop_web.2', node, 'running', 'running'],
      ],
    );
    // Without -p or a STACK, ps takes the stack's name from the Compose file here.
    const here = await dockside(['swarm', 'ps', '-f', 'docker-stack.yml']);
    assert.equal(here.stdout, ps.stdout);

    const logs = await dockside(['swarm', 'logs', 'web', '-p', 'shop']);
    assert.equal(logs.status, 0, logs.stderr);
    assert.deepEqual(
      logs.stdout
        .trim()
        .split('\n')
        .map((line) => line.replace(/^(shop_web\.\d)@\S+/, '$1'))
        .sort(),
      ['shop_web.1 | serving from-prod', 'shop_web.2 | serving from-prod'],
    );
  });

  test('what Swarm refuses stops the deploy with file and line, before anything is created', async () => {
    writeFileSync(join(folder, 'broken.yml'), `services:\n  api:\n    build: .\n`);
    const deploy = await dockside(['swarm', 'deploy', '-f', 'broken.yml', '-p', 'broken']);
    assert.equal(deploy.status, 2, deploy.stderr);
    assert.match(
      deploy.stderr,
      /^broken\.yml:3: error services\.api\.build: Swarm runs images and does not build them: service "api" has "build" and no "image"\./m,
    );
    assert.match(deploy.stderr, /stack broken was not deployed; nothing was changed\.$/m);
    const filters = JSON.stringify({ label: ['com.docker.stack.namespace=broken'] });
    assert.deepEqual(await engine.docker.listServices({ filters }), []);
    assert.deepEqual(await engine.docker.listNetworks({ filters }), []);
  });

  test('a failing service exits 1, naming the service, the task error and its last log lines', async () => {
    writeFileSync(
      join(folder, 'failing.yml'),
      `services:\n  job:\n    image: ${TEST_IMAGE}\n    command: ["sh", "-c", "echo cannot reach the database >&2; exit 3"]\n    deploy:\n      restart_policy:\n        condition: none\n`,
    );
    const deploy = await dockside(['swarm', 'deploy', '-f', 'failing.yml', '-p', 'failing']);
    assert.equal(deploy.status, 1, deploy.stderr);
    assert.match(
      deploy.stderr,
      /^dockside swarm: Service "failing_job" did not converge: task job\.1 failed on node \S+: task: non-zero exit \(3\)\.$/m,
    );
    assert.match(deploy.stderr, /^Its last log lines:\n {2}cannot reach the database$/m);
    const removed = await dockside(['swarm', 'rm', 'failing']);
    assert.equal(removed.status, 0, removed.stderr);
  });

  test('rm removes the stack and says what went; a second rm finds nothing', async () => {
    const removed = await dockside(['swarm', 'rm', 'shop']);
    assert.equal(removed.status, 0, removed.stderr);
    assert.match(removed.stderr, /^Removed stack shop: 1 service, 1 network, 0 secrets, 0 configs\.$/m);
    const again = await dockside(['swarm', 'rm', 'shop']);
    assert.equal(again.status, 1);
    assert.equal(again.stderr, 'dockside swarm: nothing found in stack "shop".\n');
    const ls = await dockside(['swarm', 'ls']);
    assert.equal(ls.stdout, 'NAME  SERVICES  TASKS\n');
  });

  test('a wrong command line exits 2 naming the mistake; an engine outside a swarm is told how to get one', async () => {
    const usage = await dockside(['swarm', 'rm']);
    assert.equal(usage.status, 2);
    assert.equal(usage.stderr, 'dockside swarm: "swarm rm" needs a stack name. Run "dockside swarm --help" for the options.\n');
    const misplaced = await dockside(['swarm', 'ls', '--prune']);
    assert.equal(misplaced.status, 2);
    assert.match(misplaced.stderr, /^dockside swarm: "--prune" is an option of "swarm deploy", not of "swarm ls"\./);
    const unknown = await dockside(['swarm', 'deploy', '--replicas', '3']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^dockside swarm: unknown option "--replicas"/);
    const help = await dockside(['swarm', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: dockside swarm deploy/);
    const nothing = await dockside(['swarm', 'ps']);
    assert.equal(nothing.status, 2);
    assert.match(nothing.stderr, /^dockside swarm: no Compose file .* Name the files with -f, or the stack with -p\.$/m);
    // The last test: the suite's engine leaves its swarm (and is stopped after).
    await engine.docker.swarmLeave({ force: true });
    const outside = await dockside(['swarm', 'ls']);
    assert.equal(outside.status, 1);
    assert.match(outside.stderr, /^dockside swarm: This Docker Engine is not part of a Swarm\. Initialise one \(docker swarm init/);
  });
});
