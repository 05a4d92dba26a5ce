// `dockside compose …` as a user runs it: the bundled CLI, in the stack's folder.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { freePort, removeProject } from '../helpers/compose';
import { testEngine, uniqueName } from '../helpers/docker';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'stacks');
const { docker } = testEngine();

function dockside(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('dockside compose', () => {
  const project = uniqueName('dockside-cli');
  const missing = uniqueName('dockside-cli-missing');
  const elsewhere = uniqueName('dockside-cli-elsewhere');
  const envFile = uniqueName('dockside-cli-env-file');
  after(async () => {
    for (const name of [project, missing, elsewhere, envFile]) await removeProject(docker, name);
  });

  test('up waits for health and prints its progress; ps, logs and down --volumes', async () => {
    const port = String(await freePort());
    const cwd = join(FIXTURES, 'three');
    const up = await dockside(['compose', 'up', '-p', project], cwd, { WEB_PORT: port });
    assert.equal(up.status, 0, up.stderr);
    assert.match(up.stderr, new RegExp(`\\[web\\] Creating container ${project}-web-1`));
    assert.match(up.stderr, /\[worker\] Waiting for web to be healthy/);
    assert.match(up.stderr, new RegExp(`Project ${project} is up: 3 containers`));

    const ps = await dockside(['compose', 'ps', '-p', project], cwd);
    assert.equal(ps.status, 0, ps.stderr);
    const rows = ps.stdout.trim().split('\n');
    assert.match(rows[0]!, /^NAME\s+SERVICE\s+STATE\s+HEALTH\s+PORTS$/);
    assert.ok(
      rows.some((row) => new RegExp(`^${project}-web-1\\s+web\\s+running\\s+healthy\\s+127\\.0\\.0\\.1:${port}->8080/tcp$`).test(row)),
      ps.stdout,
    );
    assert.ok(
      rows.some((row) => new RegExp(`^${project}-job-1\\s+job\\s+exited$`).test(row)),
      ps.stdout,
    );

    const logs = await dockside(['compose', 'logs', '-p', project, 'job'], cwd);
    assert.equal(logs.status, 0, logs.stderr);
    assert.equal(logs.stdout, 'job | job ran\n');

    const down = await dockside(['compose', 'down', '-p', project, '--volumes'], cwd);
    assert.equal(down.status, 0, down.stderr);
    assert.match(down.stderr, /Removed 3 containers, 1 network, 1 volume\./);
    await assert.rejects(docker.getVolume(`${project}_shared`).inspect(), /no such volume|not found/i);
  });

  test('up exits non-zero naming the service that failed, and says nothing was left', async () => {
    const up = await dockside(['compose', 'up', '-p', missing], join(FIXTURES, 'missing-image'));
    assert.equal(up.status, 1);
    assert.match(
      up.stderr,
      /Service "ghost": image "dockside-test\/never-built:missing" is not on the engine and pulling it failed: .+\. Nothing was left created\./,
    );
  });

  test('a project Compose would refuse is not started: the error names the file and line', async () => {
    const up = await dockside(['compose', 'up', '-p', uniqueName('dockside-cli-invalid')], join(FIXTURES, 'invalid'));
    assert.equal(up.status, 2);
    assert.match(up.stderr, /invalid\/compose\.yaml:3: .*"imgae"/);
  });

  test("-f from another folder: env_file and bind mounts resolve against the file's folder", async () => {
    const file = join('test', 'fixtures', 'stacks', 'three', 'compose.yaml');
    const up = await dockside(['compose', 'up', '-f', file, '-p', elsewhere], ROOT, { WEB_PORT: String(await freePort()) });
    assert.equal(up.status, 0, up.stderr);
    const web = await docker.getContainer(`${elsewhere}-web-1`).inspect();
    assert.ok(web.Config.Env.includes('FROM_ENV_FILE=yes'));
    assert.equal(web.Mounts.find((mount) => mount.Destination === '/www')?.Source, join(FIXTURES, 'three', 'site'));
    assert.equal(web.Config.Labels['com.docker.compose.project.working_dir'], join(FIXTURES, 'three'));
    const down = await dockside(['compose', 'down', '-f', file, '-p', elsewhere, '--volumes'], ROOT);
    assert.match(down.stderr, /Removed 3 containers, 1 network, 1 volume\./);
  });

  test('env_file values are interpolated from the project environment, .env included; single quotes stay literal', async () => {
    const cwd = join(FIXTURES, 'env-file');
    const up = await dockside(['compose', 'up', '-p', envFile], cwd);
    assert.equal(up.status, 0, up.stderr);
    await docker.getContainer(`${envFile}-app-1`).wait();
    const logs = await dockside(['compose', 'logs', '-p', envFile, 'app'], cwd);
    assert.equal(logs.status, 0, logs.stderr);
    assert.equal(logs.stdout, 'app | GREETING=hello-eu-west-1\napp | LITERAL=kept-${REGION_NAME}\n');
  });

  test('a bad command line says what is wrong in one line, not the whole usage', async () => {
    const bad = await dockside(['compose', 'launch'], FIXTURES);
    assert.equal(bad.status, 2);
    assert.equal(
      bad.stderr,
      'dockside compose: unknown command "launch"; use up, down, ps or logs. Run "dockside compose --help" for the options.\n',
    );
  });

  test('up on examples/mistakes refuses with the errors dockside validate reports, at the same file and line, and creates nothing', async () => {
    const cwd = join(ROOT, 'examples', 'mistakes');
    const name = uniqueName('dockside-cli-mistakes');
    const validate = await dockside(['validate', '--format', 'json'], cwd);
    const errors = (
      JSON.parse(validate.stdout) as Array<{ file: string; severity: string; range: { start: { line: number } }; message: string }>
    )
      .filter((finding) => finding.severity === 'error')
      .map((finding) => `${join(cwd, finding.file)}:${finding.range.start.line + 1}: ${finding.message}`);
    assert.equal(errors.length, 6, validate.stdout);
    const up = await dockside(['compose', 'up', '-p', name], cwd);
    assert.equal(up.status, 2);
    assert.equal(up.stderr, `${errors.join('\n')}\n`);
    assert.deepEqual(
      await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`com.docker.compose.project=${name}`] }) }),
      [],
    );
  });
});
