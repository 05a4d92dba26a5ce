// Times the project check of one generated Compose file, warm, in-process: what the language server
// does on every edit (`checkComposeProject`, which loads the project as Compose does, then runs the
// rules). Not part of `npm run bench`; a tool for profiling the loader and the rules.
//
//   node --import tsx bench/checkProject.ts [services=1000] [runs=20] [mistakes]
// With `mistakes`, the file has bench/mistakes.ts's injected mistakes (as in the fresh-server part).
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/checkProject.ts
import { checkComposeProject, loadProject, parseText, type ProjectHost } from '@dockside/core';
import { generateCompose } from './generateCompose';
import { withMistakes } from './mistakes';

const services = Number(process.argv[2] ?? 1000);
const runs = Number(process.argv[3] ?? 20);
const path = '/bench/compose.yaml';
const text = process.argv[4] === 'mistakes' ? withMistakes(generateCompose(services), services).text : generateCompose(services);
const host: ProjectHost = {
  fileExists: (file) => file === path,
  readFile: (file) => (file === path ? text : undefined),
};
const env = { HOME: '/home/bench' };
// The server parses an open document once per version and hands the parse over, as here.
const parsed = parseText(text);
const parse = (): typeof parsed => parsed;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(what: () => unknown): number[] {
  for (let i = 0; i < 5; i++) what(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    what();
    samples.push(performance.now() - start);
  }
  return samples;
}

const check = time(() => checkComposeProject({ files: [path], host, env, only: [path], parse }));
const load = time(() => loadProject({ files: [path], host, env, parse }));
const findings = checkComposeProject({ files: [path], host, env, only: [path], parse }).findings.get(path)?.length ?? 0;
console.log(
  `${services} services, ${runs} runs after 5 warm-up: checkComposeProject median ${median(check).toFixed(1)} ms ` +
    `(min ${Math.min(...check).toFixed(1)}), loadProject median ${median(load).toFixed(1)} ms (min ${Math.min(...load).toFixed(1)}); ` +
    `${findings} findings`,
);
