// A Compose project converted to a task definition runs as an ECS task on the local engine: the
// containers share localhost as under awsvpc, the checker waits for web to be HEALTHY (depends_on
// service_healthy -> dependsOn HEALTHY), reaches it on localhost (no port published: none is needed
// inside the task) and ends the task with exit code 0.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { validateTaskDefinition } from '../../core/src';
import { removeLabelled, TEST_IMAGE, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { leftovers } from '../helpers/ecs';
import { projectRoot } from '../helpers/paths';

const { docker } = testEngine();
const runId = uniqueName('converted-ecs');
const folder = mkdtempSync(join(tmpdir(), 'dockside-converted-ecs-'));
const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(projectRoot, 'dist', 'cli.js'), ...args], { cwd: folder, encoding: 'utf8' });

const COMPOSE = `name: ${runId}
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo \\"hello $$GREETING\\" > /www/index.html && exec httpd -f -p 8080 -h /www"]
    environment:
      GREETING: from compose
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/"]
      interval: 1s
      retries: 20
    x-ecs:
      essential: false
  check:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "wget -q -O - http://127.0.0.1:8080/ | grep -q 'hello from compose'"]
    restart: "no"
    depends_on:
      web:
        condition: service_healthy
    x-ecs:
      essential: true
`;

after(async () => {
  await removeLabelled(docker, `${TEST_LABEL}=${runId}`);
  rmSync(folder, { recursive: true, force: true });
});

describe('a Compose project converted to a task definition', () => {
  test('validates with no errors and runs as a local ECS task to a clean stop', () => {
    writeFileSync(join(folder, 'compose.yaml'), COMPOSE);
    const converted = cli(['convert', 'compose.yaml', '--to', 'ecs', '-o', 'app.task-definition.json']);
    assert.equal(converted.status, 0, converted.stderr);
    const text = readFileSync(join(folder, 'app.task-definition.json'), 'utf8');
    assert.deepEqual(
      validateTaskDefinition(text)
        .filter((f) => f.severity === 'error')
        .map((f) => f.message),
      [],
    );

    const run = cli([
      'ecs',
      'run-task',
      'app.task-definition.json',
      '--sandbox-image',
      TEST_IMAGE,
      '--sandbox-command',
      'sleep 86400',
      '--label',
      `${TEST_LABEL}=${runId}`,
    ]);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /check \(essential\): exit code 0/);
    assert.match(run.stdout, /web \(not essential\): exit code/);
    assert.match(run.stdout, /Stopped reason: Essential container in task exited/);
  });

  test('leaves nothing behind', async () => {
    assert.deepEqual(await leftovers(docker, runId), []);
  });
});
