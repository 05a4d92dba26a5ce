// `dockside ecs serve` as the ECS endpoint suites run it: the built CLI in its own process, on a free
// loopback port, with a state folder of the test's own, the busybox sandbox and the run's label on
// every container; stopped with Ctrl-C (SIGINT) as a user stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { TEST_IMAGE, TEST_LABEL } from './docker';
import { projectRoot } from './paths';

export interface RunningEndpoint {
  readonly url: string;
  readonly child: ChildProcess;
  /** What the endpoint printed on standard error so far (one line per request). */
  stderr(): string;
  /** Ctrl-C; resolves with the exit status once the process has ended. */
  interrupt(): Promise<number | null>;
}

export function startEndpoint(options: {
  stateDir: string;
  runId: string;
  cwd: string;
  args?: readonly string[];
}): Promise<RunningEndpoint> {
  const args = [
    join(projectRoot, 'dist', 'cli.js'),
    'ecs',
    'serve',
    '--port',
    '0',
    '--state-dir',
    options.stateDir,
    '--sandbox-image',
    TEST_IMAGE,
    '--sandbox-command',
    'sleep 86400',
    '--label',
    `${TEST_LABEL}=${options.runId}`,
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const listening = /Listening on (http:\/\/\S+)\n/.exec(stdout);
      if (listening)
        resolve({
          url: listening[1]!,
          child,
          stderr: () => stderr,
          interrupt: () => {
            child.kill('SIGINT');
            return exited;
          },
        });
    });
    void exited.then((code) => reject(new Error(`dockside ecs serve exited (${code}) before listening:\n${stderr}`)));
  });
}
