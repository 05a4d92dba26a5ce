import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

/** A folder holding these files, removed afterwards. */
function withFiles(files: Record<string, string>, run: (folder: string) => void): void {
  const folder = mkdtempSync(join(tmpdir(), 'dockside-convert-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    run(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const PROFILED = 'services:\n  app:\n    image: busybox\n  debug:\n    image: busybox\n    profiles: [debug]\n';

test('convert --profile (repeatable, or COMPOSE_PROFILES) converts the services of those profiles; each one left out is said', () => {
  withFiles({ 'compose.yaml': PROFILED }, (folder) => {
    const names = (stdout: string) =>
      (JSON.parse(stdout) as { containerDefinitions: Array<{ name: string }> }).containerDefinitions.map((c) => c.name);
    const plain = dockside(folder, 'convert', 'compose.yaml', '--to', 'ecs');
    assert.equal(plain.status, 0, plain.stderr);
    assert.deepEqual(names(plain.stdout), ['app']);
    assert.match(
      plain.stderr,
      /^compose\.yaml:6: note services\.debug\.profiles: "debug" is not converted: its profile "debug" is not active\./m,
    );
    const picked = dockside(folder, 'convert', 'compose.yaml', '--to', 'ecs', '--profile', 'debug', '--profile=other');
    assert.equal(picked.status, 0, picked.stderr);
    assert.deepEqual(names(picked.stdout), ['app', 'debug']);
    const fromEnvironment = spawnSync(process.execPath, [cli, 'convert', 'compose.yaml', '--to', 'ecs'], {
      encoding: 'utf8',
      cwd: folder,
      env: { ...process.env, COMPOSE_PROFILES: 'debug' },
    });
    assert.deepEqual(names(fromEnvironment.stdout), ['app', 'debug']);
  });
});

test('convert with no active service writes nothing, says why and exits 2; a folder in the way is refused, never a stack trace', () => {
  withFiles({ 'compose.yaml': 'services:\n  debug:\n    image: busybox\n    profiles: [debug]\n' }, (folder) => {
    const result = dockside(folder, 'convert', 'compose.yaml', '--to', 'ecs', '-o', 'out.json');
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^compose\.yaml:1: error services: No service is active, so there is nothing to convert\./m);
    assert.match(result.stderr, /"debug" is not converted: its profile "debug" is not active/);
    assert.ok(!existsSync(join(folder, 'out.json')));
    // What an earlier version left behind: a folder named like the result. Refused, with --force too.
    mkdirSync(join(folder, 'taken.json'));
    writeFileSync(join(folder, 'compose.yaml'), 'services:\n  app:\n    image: busybox\n');
    const onFolder = dockside(folder, 'convert', 'compose.yaml', '--to', 'ecs', '-o', 'taken.json', '--force');
    assert.equal(onFolder.status, 2);
    assert.equal(onFolder.stderr, 'dockside: taken.json is a folder; give a file name\n');
  });
});

test('convert -o EXISTING is refused before any work: one line, no report', () => {
  withShop((folder) => {
    writeFileSync(join(folder, 'taken.json'), 'mine\n');
    const result = dockside(folder, 'convert', 'compose.yaml', '--to', 'ecs', '-o', 'taken.json');
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'dockside: taken.json exists; not overwriting it (use --force to replace it)\n');
    assert.equal(readFileSync(join(folder, 'taken.json'), 'utf8'), 'mine\n');
  });
});

test("a result that fails Dockside's own checks exits 1 with the findings", () => {
  withFiles(
    { 'compose.yaml': 'services:\n  app:\n    image: busybox\n    depends_on: [db]\n  db:\n    image: busybox\n    depends_on: [app]\n' },
    (folder) => {
      const result = dockside(folder, 'convert', 'compose.yaml', '--to', 'ecs', '-o', 'out.json');
      assert.equal(result.status, 1, result.stderr);
      assert.match(
        result.stderr,
        /^error [\w-]+\.task-definition\.json:\d+:\d+: The result does not pass Dockside's checks: .*\(ecs\/dependency-cycle\)/m,
      );
      assert.ok(existsSync(join(folder, 'out.json')));
    },
  );
});

test('convert --to compose refuses a task definition that is not strict JSON: exit 2, one line at the mistake', () => {
  withFiles(
    { 'web-task-definition.json': '{\n  "family": "web",\n  "containerDefinitions": [{"name": "web" "image": "nginx"}]\n}\n' },
    (folder) => {
      const result = dockside(folder, 'convert', 'web-task-definition.json', '--to', 'compose', '-o', 'compose.from-ecs.yaml');
      assert.equal(result.status, 2);
      assert.equal(
        result.stderr,
        'web-task-definition.json:3: error: This is not strict JSON, which ECS requires: a "," is missing after this value.\n',
      );
      assert.equal(result.stdout, '');
      assert.ok(!existsSync(join(folder, 'compose.from-ecs.yaml')));
    },
  );
});
