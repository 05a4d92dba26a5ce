// Part 6 of `npm run bench`: deploying a stack to Docker Swarm. For stacks of 1, 10 and 30 services, the
// wall time of `dockside swarm deploy` (until every service converged) against the docker CLI's
// `docker stack deploy --detach=false` on the same file, runs of the two interleaved, each a fresh CLI
// process. The swarm is an engine of the bench's own (test/helpers/swarmEngine.ts): the shared engine is
// never put in swarm mode. Each run deploys a new stack and removes it afterwards (not timed).
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { removeStack } from '../engine/src/swarm';
import { listStackServices } from '../engine/src/swarm/api';
import { startSwarmEngine, type SwarmEngine } from '../test/helpers/swarmEngine';
import { fail, fmtMs, fmtRatio, median, type BenchContext, type Section } from './common';
import { generateStack, run } from './stacks';

const ROOT = typeof __dirname === 'string' ? resolve(__dirname, '..') : process.cwd();

type Tool = 'dockside' | 'docker';

/** One deploy; checks that every service runs its task, then removes the stack. */
async function measureOnce(engine: SwarmEngine, tool: Tool, dir: string, services: number, samples: number[]): Promise<void> {
  const stack = `bench-${randomBytes(3).toString('hex')}`;
  const env = { ...process.env, DOCKER_HOST: engine.host };
  const [command, args] =
    tool === 'dockside'
      ? [process.execPath, [join(ROOT, 'dist', 'cli.js'), 'swarm', 'deploy', '-f', 'compose.yaml', '-p', stack]]
      : ['docker', ['stack', 'deploy', '--detach=false', '--resolve-image', 'never', '-c', 'compose.yaml', stack]];
  try {
    samples.push(await run(command, args, dir, env));
    const deployed = await listStackServices(engine.docker, stack);
    const running = deployed.filter((service) => service.ServiceStatus?.RunningTasks === 1).length;
    if (running !== services) fail(`${tool} left ${running} of ${services} services running`);
  } finally {
    await removeStack(engine.docker, stack);
  }
}

export async function runSwarm(ctx: BenchContext, sizes: number[], repeatFor: (services: number) => number): Promise<Section> {
  let engine: SwarmEngine;
  try {
    engine = await startSwarmEngine();
  } catch (error) {
    fail(
      `The swarm part starts an engine of its own (dockerd, root) and needs the docker CLI, or BENCH_SKIP=swarm: ${(error as Error).message}`,
    );
  }
  const version = engine.cli(['version', '--format', '{{.Client.Version}}']).stdout.trim();
  const rows: string[] = [];
  const details: string[] = [];
  try {
    for (const services of sizes) {
      const dir = join(ctx.ws.dir, `swarm-${services}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'compose.yaml'), generateStack(services));
      const samples: Record<Tool, number[]> = { dockside: [], docker: [] };
      const repeat = repeatFor(services);
      for (let i = 0; i < repeat; i++) {
        for (const tool of i % 2 === 0 ? (['dockside', 'docker'] as const) : (['docker', 'dockside'] as const))
          await measureOnce(engine, tool, dir, services, samples[tool]);
        console.log(`  swarm: ${services} services, round ${i + 1}/${repeat}`);
      }
      const d = median(samples.dockside);
      const c = median(samples.docker);
      rows.push(`| ${services} | ${repeat} | ${fmtMs(d)} | ${fmtMs(c)} | ${fmtRatio(d, c)} |`);
      details.push(
        `- ${services} services: Dockside ${samples.dockside.map(fmtMs).join(', ')}; docker stack deploy ${samples.docker.map(fmtMs).join(', ')}`,
      );
    }
  } finally {
    await engine.stop();
  }
  return {
    title: 'Deploying to Docker Swarm',
    intro: [
      `Wall time of one CLI process, medians over the rounds, on a single-node Swarm of the bench's own engine: Dockside \`node dist/cli.js swarm deploy -f compose.yaml -p STACK\` against docker ${version} \`stack deploy --detach=false --resolve-image never -c compose.yaml STACK\`, interleaved; ratio = Dockside / docker (below 1 means Dockside is faster).`,
      'The stacks are those of the "Running stacks" part (the local test image, `sleep 3600`); both wait until every service runs its task and has stayed up for its update monitor (5 s by default), so most of each figure is that wait. Measured alone with `BENCH_SKIP=fresh,diagnostics,latency,ecs,cli,stacks npm run bench`; the first run of an engine command after a build has no code cache yet (see core/node/codeCache.ts), which the median leaves out.',
    ],
    table: [
      '| services | rounds | Dockside deploy ms | docker stack deploy ms | ratio |',
      '| ---: | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n'),
    after: [],
    details,
  };
}
