// The command line's help and its mistakes, through the built CLI: each command has its own --help, and
// a mistake is one or two lines that name it and the way out, with exit status 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseArgs, UsageError } from '../../cli/src/args';
import { projectRoot } from '../helpers/paths';

const cli = join(projectRoot, 'dist', 'cli.js');

function dockside(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: projectRoot, env: { ...process.env, ...env } });
}

test('each command prints its own help on --help, to standard output, with exit status 0', () => {
  for (const [args, first] of [
    [['--help'], 'Usage: dockside COMMAND [OPTIONS]'],
    [['validate', '--help'], 'Usage: dockside validate [FILE_OR_FOLDER...] [-f FILE]... [OPTIONS]'],
    [['compose', '--help'], 'Usage: dockside compose up   [-f FILE]... [OPTIONS] [SERVICE...]'],
    [['compose', 'up', '-h'], 'Usage: dockside compose up   [-f FILE]... [OPTIONS] [SERVICE...]'],
    [['ecs', '--help'], 'Usage: dockside ecs run-task FILE [options]'],
    [['ecs', 'deploy', '--help'], 'Usage: dockside ecs deploy FILE --cluster NAME [--service NAME] [--desired-count N]'],
    [['convert', '--help'], 'Usage: dockside convert FILE --to ecs|compose [--per-service] [--launch-type FARGATE|EC2]'],
    [['swarm', '--help'], 'Usage: dockside swarm deploy [-f FILE]... [OPTIONS] [--prune] [--detach]'],
  ] as const) {
    const result = dockside([...args]);
    assert.equal(result.status, 0, args.join(' '));
    assert.equal(result.stdout.split('\n')[0], first, args.join(' '));
    assert.equal(result.stderr, '');
  }
  assert.match(dockside(['validate', '--help']).stdout, /COMPOSE_FILE \(with COMPOSE_PATH_SEPARATOR\)/);
});

test('a mistake on the command line is one or two lines naming it and the fix, exit status 2, never the whole usage', () => {
  for (const [args, message] of [
    [[], 'dockside: name a command: validate, convert, compose, ecs or swarm. Run "dockside --help" for the commands.\n'],
    [['frobnicate'], 'dockside: unknown command "frobnicate". Run "dockside --help" for the commands.\n'],
    [['valdiate'], 'dockside: unknown command "valdiate"; did you mean "validate"? Run "dockside --help" for the commands.\n'],
    [
      ['validate', '--frmat', 'json'],
      'dockside validate: unknown option "--frmat"; did you mean "--format"? Run "dockside validate --help" for the options.\n',
    ],
    [
      ['validate', '--format', 'xml'],
      'dockside validate: --format takes text or json, not "xml". Run "dockside validate --help" for the options.\n',
    ],
    [['validate', '-f'], 'dockside validate: option "-f" needs a value (FILE). Run "dockside validate --help" for the options.\n'],
    [
      ['convert', 'examples/shop/compose.yaml'],
      'dockside convert: say what to convert to: --to ecs or --to compose. Run "dockside convert --help" for the options.\n',
    ],
    [['compose'], 'dockside compose: name what to do: up, down, ps or logs. Run "dockside compose --help" for the options.\n'],
    [
      ['compose', 'up', '--tail', '3'],
      'dockside compose: "--tail" is an option of "compose logs", not of "compose up". Run "dockside compose --help" for the options.\n',
    ],
    [
      ['ecs', 'run'],
      'dockside ecs: unknown command "run"; use run-task, create-service, serve or deploy. Run "dockside ecs --help" for the options.\n',
    ],
    [
      ['ecs', 'deploy', 'compose.yaml', '--clustr', 'prod'],
      'dockside ecs deploy: unknown option "--clustr"; did you mean "--cluster"? Run "dockside ecs deploy --help" for the options.\n',
    ],
    [
      ['ecs', 'deploy', 'compose.yaml'],
      'dockside ecs deploy: Name the cluster to deploy to with --cluster NAME. Run "dockside ecs deploy --help" for the options.\n',
    ],
    [
      ['ecs', 'run-task', '--keep=yes', 'x.json'],
      'dockside ecs: option "--keep" takes no value. Run "dockside ecs --help" for the options.\n',
    ],
    [['swarm'], 'dockside swarm: name what to do: deploy, ls, ps, rm or logs. Run "dockside swarm --help" for the options.\n'],
    [
      ['swarm', 'logs', 'web', '--prune'],
      'dockside swarm: "--prune" is an option of "swarm deploy", not of "swarm logs". Run "dockside swarm --help" for the options.\n',
    ],
  ] as const) {
    const result = dockside([...args]);
    assert.equal(result.status, 2, args.join(' '));
    assert.equal(result.stderr, message, args.join(' '));
    assert.equal(result.stdout, '');
  }
});

test('with no engine, compose and ecs name DOCKER_HOST and the default socket (not the editor setting)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dockside-noengine-'));
  try {
    const socket = join(folder, 'docker.sock');
    writeFileSync(
      join(folder, 'web-task-definition.json'),
      '{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 64}]}',
    );
    const compose = dockside(['compose', 'ps', '-p', 'nothing'], { DOCKER_HOST: `unix://${socket}` });
    assert.equal(compose.status, 1);
    assert.equal(
      compose.stderr,
      `dockside compose: No Docker Engine socket at unix://${socket}. Start Docker (or dockerd), or set DOCKER_HOST.\n` +
        `(DOCKER_HOST is unix://${socket}; unset it to use the default socket, unix:///var/run/docker.sock.)\n`,
    );
    const ecs = dockside(['ecs', 'run-task', join(folder, 'web-task-definition.json')], { DOCKER_HOST: `unix://${socket}` });
    assert.equal(ecs.status, 2);
    assert.match(
      ecs.stderr,
      /or set DOCKER_HOST\.\ndockside: \(DOCKER_HOST is unix:\/\/\S+; unset it to use the default socket, unix:\/\/\/var\/run\/docker\.sock\.\)\n$/,
    );
    assert.doesNotMatch(compose.stderr + ecs.stderr, /dockside\.docker\.host/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the shared parser: values inline or next, repeatable options, flags, -- and mistakes', () => {
  const specs = {
    file: { names: ['-f', '--file'], value: 'FILE', repeatable: true },
    format: { names: ['--format'], value: 'FORMAT' },
    force: { names: ['--force'] },
  } as const;
  assert.deepEqual(parseArgs(['a', '-f', 'x', '--file=y', '-fz', '--format', 'json', '--format=text', '--force', 'b', '--', '-f'], specs), {
    options: { file: ['x', 'y', 'z'], format: 'text', force: true },
    operands: ['a', 'b', '-f'],
  });
  assert.deepEqual(parseArgs(['-'], specs), { options: { file: [], format: undefined, force: false }, operands: ['-'] });
  assert.throws(() => parseArgs(['--forse'], specs), new UsageError('unknown option "--forse"; did you mean "--force"?'));
  assert.throws(() => parseArgs(['-x'], specs), new UsageError('unknown option "-x"'));
  assert.throws(() => parseArgs(['--format'], specs), new UsageError('option "--format" needs a value (FORMAT)'));
  assert.throws(() => parseArgs(['--format='], specs), new UsageError('option "--format" needs a value (FORMAT)'));
  assert.throws(() => parseArgs(['--force=1'], specs), new UsageError('option "--force" takes no value'));
});
