import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { validateCompose, validateTaskDefinition } from '../../core/src';
import { projectRoot } from '../helpers/paths';

const cli = join(projectRoot, 'dist', 'cli.js');

function dockside(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });
}

function withShop(run: (folder: string) => void): void {
  const folder = mkdtempSync(join(tmpdir(), 'dockside-convert-'));
  try {
    cpSync(join(projectRoot, 'examples', 'shop'), folder, { recursive: true });
    run(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('convert --to ecs merges the override and .env, prints a task definition that validates, and lists the losses with file:line', () => {
  withShop((folder) => {
    const result = dockside(folder, 'convert', 'compose.yaml', '--to', 'ecs');
    assert.equal(result.status, 0, result.stderr);
    const definition = JSON.parse(result.stdout) as {
      family: string;
      containerDefinitions: Array<{ name: string; image: string; environment?: Array<{ name: string }> }>;
    };
    assert.equal(definition.family, 'shop');
    assert.deepEqual(
      definition.containerDefinitions.map((c) => [c.name, c.image]),
      [
        ['web', 'local/shop-web:dev'],
        ['api', 'local/shop-api:dev'],
        ['db', 'local/shop-db:dev'],
      ],
    );
    assert.ok(
      definition.containerDefinitions[0]!.environment?.some((e) => e.name === 'LOG_LEVEL'),
      'the override file was merged',
    );
    assert.deepEqual(
      validateTaskDefinition(result.stdout).filter((f) => f.severity === 'error'),
      [],
    );
    assert.match(result.stderr, /^compose\.override\.yaml:6: dropped services\.web\.volumes\[0\]: Fargate has no host paths/m);
  });
});

test('convert --per-service -o writes one file per service, and never overwrites without --force', () => {
  withShop((folder) => {
    const first = dockside(
      folder,
      'convert',
      'compose.yaml',
      '--to',
      'ecs',
      '--per-service',
      '--launch-type',
      'EC2',
      '-o',
      'ecs',
      '--report',
      'report.json',
    );
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(readdirSync(join(folder, 'ecs')).sort(), [
      'shop-api.task-definition.json',
      'shop-db.task-definition.json',
      'shop-web.task-definition.json',
    ]);
    const report = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')) as {
      dropped: unknown[];
      approximated: unknown[];
      errors: unknown[];
    };
    assert.ok(Array.isArray(report.dropped) && Array.isArray(report.approximated));
    const again = dockside(folder, 'convert', 'compose.yaml', '--to', 'ecs', '--per-service', '-o', 'ecs');
    assert.equal(again.status, 2);
    assert.match(again.stderr, /exists; not overwriting it/);
    assert.equal(dockside(folder, 'convert', 'compose.yaml', '--to', 'ecs', '--per-service', '-o', 'ecs', '--force').status, 0);
  });
});

test('convert --to compose turns a task definition into a Compose file that validates', () => {
  withShop((folder) => {
    const taskdef = {
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'web',
          image: 'nginx:1.25',
          portMappings: [{ containerPort: 80 }],
          healthCheck: { command: ['CMD-SHELL', 'wget -q -O- localhost || exit 1'], interval: 30 },
        },
      ],
    };
    writeFileSync(join(folder, 'web-task-definition.json'), JSON.stringify(taskdef, null, 2));
    const result = dockside(folder, 'convert', 'web-task-definition.json', '--to', 'compose', '-o', 'compose.from-ecs.yaml');
    assert.equal(result.status, 0, result.stderr);
    const compose = readFileSync(join(folder, 'compose.from-ecs.yaml'), 'utf8');
    assert.match(compose, /image: nginx:1\.25/);
    assert.match(compose, /interval: 30s/);
    assert.deepEqual(
      validateCompose(compose).filter((f) => f.severity === 'error'),
      [],
    );
  });
});

test('convert refuses a bad command line', () => {
  assert.equal(dockside(projectRoot, 'convert', 'examples/shop/compose.yaml').status, 2);
  assert.equal(dockside(projectRoot, 'convert', 'examples/shop/compose.yaml', '--to', 'k8s').status, 2);
  assert.equal(dockside(projectRoot, 'convert', 'no-such.yaml', '--to', 'ecs').status, 2);
  assert.ok(!existsSync(join(projectRoot, 'shop.task-definition.json')));
});
