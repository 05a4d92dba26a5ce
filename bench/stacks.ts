// Part 4 of `npm run bench`: running stacks on the local Docker Engine. For stacks of 1, 10 and 30
// services, the wall time of `dockside compose up` (until every container runs) and of `dockside
// compose down`, against Debian's docker-compose (v1) `up -d` and `down` on the same file, runs of the
// two interleaved. Both are measured as a user runs them: a fresh CLI process each time.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { resolveEngineAddress } from '../engine/src/connection';
import { createDocker } from '../engine/src/engine';
import { fail, fmtMs, fmtRatio, median, type BenchContext, type Section } from './common';

const ROOT = typeof __dirname === 'string' ? resolve(__dirname, '..') : process.cwd();
const IMAGE = 'dockside-test/busybox:local';

type Tool = 'dockside' | 'compose';
interface Timing {
  up: number[];
  down: number[];
}

/** N services of the local test image; `init` so a stop is immediate for both tools. */
export function generateStack(services: number): string {
  const lines = ['services:'];
  for (let i = 1; i <= services; i++) {
    lines.push(
      `  svc${i}:`,
      `    image: ${IMAGE}`,
      '    init: true',
      '    command: ["sleep", "3600"]',
      '    environment:',
      `      INDEX: "${i}"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The wall time of one command, in ms; rejects with its last error output when it fails. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = performance.now();
  return new Promise((done, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${status}:\n${stderr.slice(-2000)}`));
      else done(performance.now() - started);
    });
  });
}

function commands(tool: Tool, project: string): { up: [string, string[]]; down: [string, string[]] } {
  if (tool === 'dockside') {
    const cli = join(ROOT, 'dist', 'cli.js');
    return {
      up: [process.execPath, [cli, 'compose', 'up', '-p', project]],
      down: [process.execPath, [cli, 'compose', 'down', '-p', project]],
    };
  }
  return { up: ['docker-compose', ['-p', project, 'up', '-d']], down: ['docker-compose', ['-p', project, 'down']] };
}

async function runningCount(docker: Docker, project: string): Promise<number> {
  const filters = JSON.stringify({ label: [`com.docker.compose.project=${project}`], status: ['running'] });
  return (await docker.listContainers({ filters })).length;
}

/** One up and down; checks that up really left every service running and down left nothing. */
async function measureOnce(docker: Docker, tool: Tool, dir: string, services: number, timing: Timing): Promise<void> {
  const project = `dockside-bench-${randomBytes(3).toString('hex')}`;
  const { up, down } = commands(tool, project);
  try {
    timing.up.push(await run(up[0], up[1], dir));
    const running = await runningCount(docker, project);
    if (running !== services) fail(`${tool} up left ${running} of ${services} containers running`);
    timing.down.push(await run(down[0], down[1], dir));
    const left = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }) });
    if (left.length > 0) fail(`${tool} down left ${left.length} containers`);
  } catch (error) {
    // Leave the engine as it was: remove this run's containers and network, by its project label.
    const filters = JSON.stringify({ label: [`com.docker.compose.project=${project}`] });
    for (const info of await docker.listContainers({ all: true, filters }))
      await docker
        .getContainer(info.Id)
        .remove({ force: true })
        .catch(() => undefined);
    for (const network of await docker.listNetworks({ filters }))
      await docker
        .getNetwork(network.Id)
        .remove()
        .catch(() => undefined);
    throw error;
  }
}

function composeVersion(): string | undefined {
  const result = spawnSync('docker-compose', ['version', '--short'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export async function runStacks(ctx: BenchContext, sizes: number[], repeatFor: (services: number) => number): Promise<Section> {
  const docker = createDocker(resolveEngineAddress({ env: process.env, platform: process.platform }));
  try {
    await docker.getImage(IMAGE).inspect();
  } catch (error) {
    fail(
      `The stacks part needs the Docker Engine and the image ${IMAGE} (node scripts/docker-engine.mjs provides both), or BENCH_SKIP=stacks: ${(error as Error).message}`,
    );
  }
  const version = composeVersion();
  if (!version)
    ctx.notes.add(
      'stacks-no-compose',
      'docker-compose (v1) is not installed: the stacks table shows Dockside alone (apt-get install docker-compose).',
    );
  const tools: Tool[] = version ? ['dockside', 'compose'] : ['dockside'];
  const rows: string[] = [];
  const details: string[] = [];
  for (const services of sizes) {
    const dir = join(ctx.ws.dir, `stack-${services}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'compose.yaml'), generateStack(services));
    const timings: Record<Tool, Timing> = { dockside: { up: [], down: [] }, compose: { up: [], down: [] } };
    const repeat = repeatFor(services);
    for (let i = 0; i < repeat; i++) {
      // Alternate who goes first, so neither always meets a warmer engine.
      for (const tool of i % 2 === 0 ? tools : [...tools].reverse()) await measureOnce(docker, tool, dir, services, timings[tool]);
      console.log(`  stacks: ${services} services, round ${i + 1}/${repeat}`);
    }
    const d = timings.dockside;
    const c = timings.compose;
    const m = (values: number[]): number | undefined => (values.length ? median(values) : undefined);
    rows.push(
      `| ${services} | ${repeat} | ${fmtMs(m(d.up))} | ${fmtMs(m(c.up))} | ${fmtRatio(m(d.up), m(c.up))} | ${fmtMs(m(d.down))} | ${fmtMs(m(c.down))} | ${fmtRatio(m(d.down), m(c.down))} |`,
    );
    details.push(
      `- ${services} services: Dockside up ${d.up.map(fmtMs).join(', ')}; down ${d.down.map(fmtMs).join(', ')}` +
        (c.up.length ? `; docker-compose up ${c.up.map(fmtMs).join(', ')}; down ${c.down.map(fmtMs).join(', ')}` : ''),
    );
  }
  return {
    title: 'Running stacks (Docker Engine)',
    intro: [
      `Wall time of one CLI process, medians over the rounds; Dockside \`node dist/cli.js compose up|down -p P\` against ${version ? `docker-compose ${version}` : 'nothing (docker-compose not installed)'} \`up -d\` / \`down\` on the same generated file, interleaved; ratio = Dockside / docker-compose (below 1 means Dockside is faster).`,
      `Each service runs ${IMAGE} with \`init: true\` and \`sleep 3600\`; no healthcheck, so "up" ends when every container runs (checked after each up; down must leave nothing). Measured with \`BENCH_SKIP=diagnostics,latency,ecs npm run bench\`.`,
    ],
    table: [
      '| services | rounds | Dockside up ms | docker-compose up ms | ratio | Dockside down ms | docker-compose down ms | ratio |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n'),
    after: [],
    details,
  };
}
