// Part "cli" of `npm run bench`: the whole-process time of `dockside validate` on one small Compose file,
// as a terminal or a CI job runs it, next to the floor every Node.js program pays (`node -e 0`) and the
// bundle's own start (`dockside --version`); and the load of the VS Code extension's bundle. Runs
// interleaved, medians. See bench/README.md ("CLI").
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fail, fmtMs, median, type BenchContext, type Section } from './common';
import { generateCompose } from './generateCompose';

export interface CliResult {
  runs: number;
  /** Wall milliseconds per command label, one per run. */
  samples: Map<string, number[]>;
  file: string;
}

function timeProcess(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ ms: number; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - t0, code, stderr }));
  });
}

export async function runCli(ctx: BenchContext, root: string, runs: number): Promise<{ section: Section; result: CliResult }> {
  console.log('\n=== CLI: dockside validate of one small file, whole process ===');
  const cli = join(root, 'dist', 'cli.js');
  const uri = ctx.ws.freshDoc('cli', generateCompose(10));
  const file = new URL(uri).pathname;
  const cache = join(ctx.ws.dir, 'cli-code-cache');
  let coldRuns = 0;
  // [label, arguments, the code cache folder (a new empty one per run: none yet)]
  const commands: Array<[string, string[], () => string]> = [
    ['node -e 0', ['-e', '0'], () => cache],
    ['dockside --version', [cli, '--version'], () => cache],
    ['dockside validate compose.yaml', [cli, 'validate', file], () => cache],
    ['dockside validate compose.yaml, no code cache', [cli, 'validate', file], () => join(ctx.ws.dir, `cli-cold-cache-${++coldRuns}`)],
    ['VS Code extension bundle loaded', [join(root, 'bench', 'loadExtension.cjs'), root], () => cache],
  ];
  const samples = new Map<string, number[]>(commands.map(([label]) => [label, []]));
  // One unrecorded round: the first spawn of each pays for reading the files from disk.
  for (let r = -1; r < runs; r++) {
    const order = r % 2 === 0 ? commands : [...commands].reverse();
    for (const [label, args, cacheDir] of order) {
      const { ms, code, stderr } = await timeProcess(args, root, { DOCKSIDE_CACHE_DIR: cacheDir() });
      if (code !== 0) fail(`\`${label}\` exited with ${code} (expected 0) on a valid 10-service file:\n${stderr}`);
      if (r >= 0) (samples.get(label) as number[]).push(ms);
    }
  }
  for (const [label, list] of samples)
    console.log(`  ${label.padEnd(32)} median ${fmtMs(median(list))} ms (min ${fmtMs(Math.min(...list))})`);
  const rows = ['| command | median ms | min ms | max ms |', '| :--- | ---: | ---: | ---: |'];
  for (const [label, list] of samples)
    rows.push(`| \`${label}\` | ${fmtMs(median(list))} | ${fmtMs(Math.min(...list))} | ${fmtMs(Math.max(...list))} |`);
  return {
    result: { runs, samples, file },
    section: {
      title: 'CLI: `dockside validate` of one small file, whole process',
      intro: [
        `Wall time from spawning \`node\` to its exit, ${runs} runs of each command after one unrecorded round, interleaved (the order flipping every round). The file is a valid 10-service Compose file (bench/generateCompose.ts, 217 lines), alone in its folder; \`node dist/cli.js\` as built. \`node -e 0\` is the floor any Node.js program pays; \`--version\` adds loading the bundle. "VS Code extension bundle loaded" is bench/loadExtension.cjs: \`require\` of the extension's bundle (package.json's \`main\`) with a stand-in for the \`vscode\` module, what a VS Code window with a Compose project pays before the extension's \`activate\` runs (VS Code keeps no code cache for extensions). The CLI keeps V8's code cache of its bundle in a folder of its own (~/.cache/dockside, here a temporary one), which the unrecorded round writes; "no code cache" runs start from an empty folder each time, as the first run after installing or updating does.`,
      ],
      table: rows.join('\n'),
      after: [],
      details: [...samples].map(([label, list]) => `- \`${label}\`: ${list.map((v) => v.toFixed(0)).join(', ')} ms`),
    },
  };
}
