// The bundles (dist/cli-main.js, and dist/cli-compose.js, cli-ecs.js, cli-swarm.js for engine commands, and dist/aws-sdk.js
// when they need it) run with V8's code cache
// (core/node/codeCache.ts): the first run writes it, later runs use it, a damaged one is refused and
// written anew, and a folder others could write to is never used.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fixtures, projectRoot } from '../helpers/paths';

const cli = join(projectRoot, 'dist', 'cli.js');
const clean = join(fixtures, 'compose', 'clean', 'compose.yaml');
const home = mkdtempSync(join(tmpdir(), 'dockside-cache-'));
after(() => rmSync(home, { recursive: true, force: true }));

function validate(cacheDir: string) {
  const result = spawnSync(process.execPath, [cli, 'validate', clean], {
    encoding: 'utf8',
    env: { ...process.env, DOCKSIDE_CACHE_DIR: cacheDir },
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /1 file checked/);
}

const cacheFiles = (dir: string): string[] => readdirSync(join(dir, 'v8')).filter((name) => name.endsWith('.cache'));

test('the first run writes the code cache, a later one keeps it, and a damaged one is refused and written anew', () => {
  const dir = join(home, 'ok');
  validate(dir);
  const [file] = cacheFiles(dir);
  assert.ok(file?.startsWith('cli-main.js-'), `cache files: ${cacheFiles(dir).join(', ')}`);
  const path = join(dir, 'v8', file ?? '');
  const written = readFileSync(path);
  assert.ok(written.length > 100_000);
  validate(dir);
  assert.deepEqual(readFileSync(path), written, 'an accepted cache is left as it is');
  writeFileSync(path, 'not a code cache');
  validate(dir);
  assert.ok(readFileSync(path).length > 100_000, 'the damaged cache was replaced');
});

test('an engine command runs its own bundle with the cache too: its first run writes it, a later one keeps it', () => {
  const dir = join(home, 'engine');
  const help = () => {
    const result = spawnSync(process.execPath, [cli, 'swarm', '--help'], {
      encoding: 'utf8',
      env: { ...process.env, DOCKSIDE_CACHE_DIR: dir },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Usage: dockside swarm deploy/);
  };
  help();
  const file = cacheFiles(dir).find((name) => name.startsWith('cli-swarm.js-'));
  assert.ok(file, `cache files: ${cacheFiles(dir).join(', ')}`);
  assert.deepEqual(cacheFiles(dir), [file], 'the swarm command ran its bundle alone, not dist/cli-main.js too');
  const written = readFileSync(join(dir, 'v8', file));
  assert.ok(written.length > 100_000);
  help();
  assert.deepEqual(readFileSync(join(dir, 'v8', file)), written, 'an accepted cache is left as it is');
});

test('the AWS SDK, a bundle beside the command bundles, runs with the cache too, once an AWS call needs it', async () => {
  const dir = join(home, 'aws');
  // A loopback port that nothing listens on: the deploy loads the SDK, then fails to reach the endpoint.
  const closed = await new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
  const deploy = (): void => {
    const taskDefinition = join(fixtures, 'corpus', 'taskdefs', 'aws-containers-task-definitions__nginx_fargate.json');
    const result = spawnSync(
      process.execPath,
      [cli, 'ecs', 'deploy', taskDefinition, '--cluster', 'c', '--yes', '--endpoint-url', `http://127.0.0.1:${closed}`],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          DOCKSIDE_CACHE_DIR: dir,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'example',
          AWS_CONFIG_FILE: join(home, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
    );
    assert.match(result.stderr, /Cannot reach the AWS endpoint/, result.stderr);
    assert.doesNotMatch(result.stderr, /NodeVersionSupportWarning/, 'the AWS SDK warned about Node.js versions');
  };
  const sdkCache = () => cacheFiles(dir).find((name) => name.startsWith('aws-sdk.js-'));
  const help = spawnSync(process.execPath, [cli, 'ecs', '--help'], { encoding: 'utf8', env: { ...process.env, DOCKSIDE_CACHE_DIR: dir } });
  assert.equal(help.status, 0, help.stderr);
  assert.equal(sdkCache(), undefined, 'a command that makes no AWS call loaded the SDK');
  deploy();
  const file = sdkCache();
  assert.ok(file, `cache files: ${cacheFiles(dir).join(', ')}`);
  const written = readFileSync(join(dir, 'v8', file));
  assert.ok(written.length > 100_000);
  deploy();
  assert.deepEqual(readFileSync(join(dir, 'v8', file)), written, 'an accepted cache is left as it is');
});

test('a cache folder that others may write to is not used', { skip: process.platform === 'win32' }, () => {
  const dir = join(home, 'shared');
  mkdirSync(join(dir, 'v8'), { recursive: true });
  chmodSync(join(dir, 'v8'), 0o777);
  validate(dir);
  assert.deepEqual(cacheFiles(dir), []);
});

test('dist/cli.js and dist/server.js are the loader alone: everything else is in the bundles they run with the cache', () => {
  // They are compiled on every start without a cache: the core must not come along with the loader.
  for (const name of ['cli.js', 'server.js']) {
    const text = readFileSync(join(projectRoot, 'dist', name), 'utf8');
    assert.match(text, /-main\.js/, `${name} runs its main bundle`);
    assert.ok(text.length < 20_000, `${name} is ${text.length} characters`);
  }
});
