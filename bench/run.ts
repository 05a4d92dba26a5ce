// `npm run bench`: Dockside's language server and CLI measured on generated files, in parts, each a table
// printed at the end and written to bench/results.md, after a table of issue 17's goals (bench/goals.ts):
//   0. a fresh server per measurement, as a user starting VS Code and opening a Compose file meets it:
//      start → first diagnostics, the first edit, memory, and how many injected mistakes each server
//      finds, against yaml-language-server (bench/fresh.ts);
//   1. diagnostics latency and memory on Compose files on a warmed-up server, against yaml-language-server
//      configured with the same Compose schema (bench/diagnostics.ts);
//   2. completion and hover latency on Compose files, against the same peer (bench/latency.ts);
//   3. ECS task definitions, Dockside only: diagnostics and completion latency (bench/ecs.ts);
//   4. the CLI: the whole-process time of `dockside validate` of one small file (bench/cli.ts);
//   5. running stacks on the Docker Engine: up and down of 1, 10, 30 services, against docker-compose v1
//      when installed (bench/stacks.ts).
//   6. deploying the same stacks to a Swarm (an engine of the bench's own), against docker stack deploy
//      (bench/swarm.ts).
// See bench/README.md for what is measured and how.
//
// Environment:
//   BENCH_SIZES       comma-separated service counts for parts 1 and 2 (default 10,100,1000,5000)
//   BENCH_FRESH_SIZES comma-separated service counts for part 0 (default 10,1000,5000)
//   BENCH_FRESH_REPEAT part 0 fresh starts of each server per size (default 7 up to 1,000 services, 3 above)
//   BENCH_CLI_RUNS    runs of each command in part 4 (default 20)
//   BENCH_REPEAT      part 1 repetitions: one number for every size, or a comma list parallel to BENCH_SIZES
//                     (default 5 for sizes up to 1,000 services, 3 above)
//   BENCH_REQUESTS    measured requests per point in parts 2 and 3 (default 30; part 2 cuts it above
//                     1,000 services to fit its time budget, and says so)
//   BENCH_CONTAINERS  comma-separated container counts for part 3 (default 1,10,100)
//   BENCH_STACKS      comma-separated service counts for part 4 (default 1,10,30)
//   BENCH_SKIP        comma list of parts to skip: fresh, diagnostics, latency, ecs, cli, stacks, swarm (for working on one part)
//   BENCH_SERVERS     both (default) | dockside | peer — a single server only for developing the harness;
//                     the tables then show "—" for the other
//   BENCH_SCHEMA      another schema file for the peer, for developing the harness only (the run says so
//                     loudly); the default and the real benchmark use schemas/compose.schema.json
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchError, fail, Notes, parseList, Workspace, type BenchContext, type Section, type Side } from './common';
import { runCli, type CliResult } from './cli';
import { runDiagnostics } from './diagnostics';
import { runEcs } from './ecs';
import { runFresh, type FreshSize } from './fresh';
import { goalsSection } from './goals';
import { runLatency, type LatencySize } from './latency';
import { runStacks } from './stacks';
import { runSwarm } from './swarm';
import { killAllServers, type ServerSpec } from './lspClient';

const ROOT = typeof __dirname === 'string' ? resolve(__dirname, '..') : process.cwd();

const PARTS = ['fresh', 'diagnostics', 'latency', 'ecs', 'cli', 'stacks', 'swarm'] as const;
type Part = (typeof PARTS)[number];

/**
 * The settings VS Code would send Dockside's server: the defaults of the `dockside.*` settings that the
 * extension's package.json contributes, as one nested object.
 */
function docksideSettingsFromManifest(manifest: unknown): Record<string, unknown> {
  const contributes = (manifest as { contributes?: { configuration?: unknown } }).contributes;
  const blocks = Array.isArray(contributes?.configuration) ? contributes.configuration : [contributes?.configuration];
  const settings: Record<string, unknown> = {};
  for (const block of blocks) {
    const props = (block as { properties?: Record<string, { default?: unknown }> } | undefined)?.properties ?? {};
    for (const [key, schema] of Object.entries(props)) {
      if (!('default' in schema)) continue;
      const parts = key.split('.');
      let node = settings;
      for (const part of parts.slice(0, -1)) {
        if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
        node = node[part] as Record<string, unknown>;
      }
      node[parts[parts.length - 1] as string] = schema.default;
    }
  }
  return settings;
}

function parseSkip(): Set<Part> {
  const raw = (process.env.BENCH_SKIP ?? '').trim();
  const skip = new Set<Part>();
  if (raw === '') return skip;
  for (const item of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!(PARTS as readonly string[]).includes(item)) fail(`BENCH_SKIP takes a comma list of ${PARTS.join(', ')}; got "${item}"`);
    skip.add(item as Part);
  }
  if (skip.size === PARTS.length) fail('BENCH_SKIP skips every part: nothing to do');
  return skip;
}

async function main(): Promise<void> {
  const sizes = parseList('BENCH_SIZES', [10, 100, 1000, 5000]);
  const repeatList = parseList('BENCH_REPEAT', []);
  if (repeatList.length > 1 && repeatList.length !== sizes.length) {
    fail(`BENCH_REPEAT has ${repeatList.length} entries but BENCH_SIZES has ${sizes.length}`);
  }
  const repeatFor = (i: number, n: number): number =>
    repeatList.length === 0 ? (n <= 1000 ? 5 : 3) : ((repeatList.length === 1 ? repeatList[0] : repeatList[i]) as number);
  const requestsList = parseList('BENCH_REQUESTS', [30]);
  if (requestsList.length !== 1) fail('BENCH_REQUESTS takes one number');
  const requests = requestsList[0] as number;
  const containers = parseList('BENCH_CONTAINERS', [1, 10, 100]);
  const stackSizes = parseList('BENCH_STACKS', [1, 10, 30]);
  const freshSizes = parseList('BENCH_FRESH_SIZES', [10, 1000, 5000]);
  const freshRepeat = parseList('BENCH_FRESH_REPEAT', []);
  if (freshRepeat.length > 1) fail('BENCH_FRESH_REPEAT takes one number');
  const cliRuns = parseList('BENCH_CLI_RUNS', [20]);
  if (cliRuns.length !== 1) fail('BENCH_CLI_RUNS takes one number');
  const skip = parseSkip();

  const which = (process.env.BENCH_SERVERS ?? 'both').trim();
  if (!['both', 'dockside', 'peer'].includes(which)) fail(`BENCH_SERVERS must be both, dockside or peer, got "${which}"`);
  if (which === 'peer' && !skip.has('ecs')) fail('BENCH_SERVERS=peer: the ECS part measures Dockside only; add BENCH_SKIP=ecs');

  const defaultSchema = join(ROOT, 'schemas', 'compose.schema.json');
  const schemaPath = resolve(process.env.BENCH_SCHEMA ?? defaultSchema);
  const schemaOverridden = schemaPath !== defaultSchema;
  const specs: Partial<Record<Side, ServerSpec>> = {};

  if (which !== 'peer') {
    const server = join(ROOT, 'dist', 'server.js');
    if (!existsSync(server)) fail(`Dockside's server ${server} does not exist: run \`npm run build\` first (npm run bench does).`);
    const settings = docksideSettingsFromManifest(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));
    specs.dockside = {
      name: 'Dockside',
      command: process.execPath,
      args: [server, '--stdio'],
      cwd: ROOT,
      settings,
      // As the extension's client starts the server: its settings and the workspace's trust come with initialize.
      initializationOptions: { settings: settings['dockside'], workspaceTrusted: true },
      languageId: 'dockercompose',
    };
  }
  let schemaUri = '';
  if (which !== 'dockside') {
    if (!existsSync(schemaPath)) {
      fail(
        `The Compose schema ${schemaPath} does not exist; yaml-language-server must validate with Dockside's own schema, so the bench stops here.`,
      );
    }
    JSON.parse(readFileSync(schemaPath, 'utf8')); // fail early on a broken schema file
    const peerBin = join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
    if (!existsSync(peerBin)) fail(`yaml-language-server is not installed (${peerBin} missing)`);
    schemaUri = pathToFileURL(schemaPath).href;
    specs.peer = {
      name: 'yaml-language-server',
      command: process.execPath,
      args: [peerBin, '--stdio'],
      cwd: ROOT,
      settings: {
        yaml: {
          validate: true,
          hover: true,
          completion: true,
          schemaStore: { enable: false },
          schemas: { [schemaUri]: ['*.compose.yaml', 'compose*.yaml'] },
        },
      },
      languageId: 'yaml',
    };
  }

  const peerVersion = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8')) as { version: string }
  ).version;
  const docksideVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Dockside ${docksideVersion} vs yaml-language-server ${peerVersion}; node ${process.version}; ${cpus().length} × ${cpu}`);
  if (schemaOverridden) console.log(`!! BENCH_SCHEMA: the peer uses ${schemaPath}, not schemas/compose.schema.json — development only`);
  if (skip.size > 0) console.log(`BENCH_SKIP: skipping ${[...skip].join(', ')}`);

  const started = Date.now();
  const loadBefore = loadavg();
  const ctx: BenchContext = { specs, schemaUri, ws: new Workspace(), notes: new Notes() };
  // Dockside keeps V8's code cache of its bundle here, as the extension keeps it in its storage.
  if (specs.dockside) specs.dockside.env = { DOCKSIDE_CACHE_DIR: join(ctx.ws.dir, 'code-cache') };
  const sections: Section[] = [];
  let fresh: FreshSize[] = [];
  let latency: LatencySize[] = [];
  let cli: CliResult | undefined;
  try {
    if (!skip.has('fresh')) {
      const part = await runFresh(ctx, freshSizes, (n) => freshRepeat[0] ?? (n <= 1000 ? 7 : 3));
      sections.push(part.section);
      fresh = part.results;
    }
    if (!skip.has('diagnostics')) sections.push(await runDiagnostics(ctx, sizes, repeatFor));
    if (!skip.has('latency')) {
      const part = await runLatency(ctx, sizes, requests);
      sections.push(part.section);
      latency = part.results;
    }
    if (!skip.has('ecs')) sections.push(await runEcs(ctx, containers, requests));
    if (!skip.has('cli')) {
      const part = await runCli(ctx, ROOT, cliRuns[0] as number);
      sections.push(part.section);
      cli = part.result;
    }
    if (!skip.has('stacks')) sections.push(await runStacks(ctx, stackSizes, (services) => (services <= 10 ? 5 : 3)));
    if (!skip.has('swarm')) sections.push(await runSwarm(ctx, stackSizes, (services) => (services === 1 ? 7 : services <= 10 ? 3 : 2)));
  } finally {
    ctx.ws.cleanup();
  }
  sections.unshift(goalsSection(fresh, latency, cli));
  const loadAfter = loadavg();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const load = `load average (1 min) ${loadBefore[0]?.toFixed(2)} at the start, ${loadAfter[0]?.toFixed(2)} at the end (5 min: ${loadBefore[1]?.toFixed(
    2,
  )}, ${loadAfter[1]?.toFixed(2)}) on ${cpus().length} cores`;

  for (const s of sections) {
    console.log(`\n## ${s.title}\n\n${s.table}\n`);
    if (s.after.length) console.log(s.after.join('\n'));
  }
  if (ctx.notes.list.length) console.log(`\nNotes:\n${ctx.notes.list.map((n) => `- ${n}`).join('\n')}`);
  console.log(`\n(${seconds} s, ${load}; written to bench/results.md)`);

  const md = [
    '# Dockside language-server benchmark',
    '',
    `Generated by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString()}, node ${process.version}, ${cpus().length} × ${cpu}, in ${seconds} s; ${load}.`,
    `Dockside ${docksideVersion} (\`dist/server.js --stdio\`) against yaml-language-server ${peerVersion} configured with ${
      schemaOverridden ? `**${schemaPath} (development override, not Dockside's schema)**` : "Dockside's `schemas/compose.schema.json`"
    }. Details in bench/README.md.`,
    ...(skip.size > 0 ? ['', `**Parts skipped in this run (BENCH_SKIP): ${[...skip].join(', ')}.**`] : []),
    ...sections.flatMap((s) => ['', `## ${s.title}`, '', ...s.intro, '', s.table, '', ...s.after]),
    ...(ctx.notes.list.length ? ['', '## Notes from this run', '', ...ctx.notes.list.map((n) => `- ${n}`)] : []),
    '',
    '## All samples (ms)',
    '',
    ...sections.flatMap((s) => (s.details.length ? [`${s.title}:`, '', ...s.details, ''] : [])),
  ].join('\n');
  writeFileSync(join(ROOT, 'bench', 'results.md'), md);
}

main().catch((err: unknown) => {
  killAllServers();
  if (err instanceof BenchError) console.error(`\nbench: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
