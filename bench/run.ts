// `npm run bench`: diagnostics latency and memory of Dockside's Compose language server against
// yaml-language-server configured with the same Compose schema, on generated files of growing size.
// See bench/README.md for what is measured and how.
//
// Environment:
//   BENCH_SIZES    comma-separated service counts (default 10,100,1000,5000)
//   BENCH_REPEAT   repetitions: one number for every size, or a comma list parallel to BENCH_SIZES
//                  (default 5 for sizes up to 1,000 services, 3 above)
//   BENCH_SERVERS  both (default) | dockside | peer — a single server only for developing the harness;
//                  the table then shows "—" for the other
//   BENCH_SCHEMA   another schema file for the peer, for developing the harness only (the run says so
//                  loudly); the default and the real benchmark use schemas/compose.schema.json
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCompose, serviceName } from './generateCompose';
import { killAllServers, LspClient, type PublishDiagnosticsParams, type Range, type ServerSpec } from './lspClient';

const ROOT = typeof __dirname === 'string' ? resolve(__dirname, '..') : process.cwd();

/** yaml-language-server 1.x: `validationDelayMs = 200` in out/server/src/yamlSettings.js, not a setting. */
const PEER_DELAY_MS = 200;

type Side = 'dockside' | 'peer';

interface Sample {
  openMs: number;
  editMs: number;
  openDiagnostics: number;
  /** publishDiagnostics for this URI that arrived while it was open, by version ('-' when unversioned). */
  publishes: string[];
}

interface SideResult {
  samples: Sample[];
  rssKb: number;
  hwmKb: number;
}

interface SizeResult {
  services: number;
  lines: number;
  bytes: number;
  repeat: number;
  dockside?: SideResult;
  peer?: SideResult;
}

interface ProbeResult {
  /** Median latency of didChange → publish on a 3-service document (close to the fixed delay, if any). */
  smallEditMs: number;
  /** Whether two didChange sent back to back produced one validation (the first one skipped). */
  coalesced: boolean;
}

function fail(message: string): never {
  throw new BenchError(message);
}

class BenchError extends Error {}

function parseList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) {
    fail(`${name} must be a comma-separated list of positive integers, got "${raw}"`);
  }
  return list;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The 0-based line of `restart:` in the given service, where the benchmark's edit happens. */
function restartLineOf(text: string, service: string): number {
  const lines = text.split('\n');
  const start = lines.indexOf(`  ${service}:`);
  if (start < 0) fail(`generated file has no service ${service}`);
  for (let i = start + 1; i < lines.length && (lines[i] as string).startsWith('    '); i++) {
    if ((lines[i] as string).startsWith('    restart:')) return i;
  }
  return fail(`service ${service} has no restart: line`);
}

/** The one-character edit: `restart:` → `xestart:` (an unknown service key). */
function editAt(text: string, line: number): { range: Range; replacement: string; after: string } {
  const lines = text.split('\n');
  const old = lines[line] as string;
  lines[line] = `${old.slice(0, 4)}x${old.slice(5)}`;
  return {
    range: { start: { line, character: 4 }, end: { line, character: 5 } },
    replacement: 'x',
    after: lines.join('\n'),
  };
}

/** A publish for `version` (or an unversioned one: yaml-language-server never sends versions). */
function forVersion(p: PublishDiagnosticsParams, version: number): boolean {
  return p.version === undefined || p.version === null || p.version === version;
}

function hasDiagnosticOnLine(p: PublishDiagnosticsParams, line: number): boolean {
  return p.diagnostics.some((d) => d.range.start.line === line);
}

class Bench {
  private readonly tmp: string;
  private docCounter = 0;
  readonly notes: string[] = [];
  readonly probes = new Map<Side, ProbeResult>();
  private readonly oddOnce = new Set<string>();

  constructor(
    private readonly specs: Partial<Record<Side, ServerSpec>>,
    private readonly schemaUri: string,
  ) {
    this.tmp = mkdtempSync(join(tmpdir(), 'dockside-bench-'));
    // Also on Ctrl-C, where the finally blocks do not run.
    process.once('exit', () => this.cleanup());
  }

  cleanup(): void {
    rmSync(this.tmp, { recursive: true, force: true });
  }

  note(key: string, text: string): void {
    if (this.oddOnce.has(key)) return;
    this.oddOnce.add(key);
    this.notes.push(text);
    console.log(`  note: ${text}`);
  }

  /** A fresh file URI `<tmp>/<label>-<n>/compose.yaml`, with the text written there too. */
  private freshDoc(label: string, text: string): string {
    const dir = join(this.tmp, `${label}-${++this.docCounter}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'compose.yaml');
    writeFileSync(file, text);
    return pathToFileURL(file).href;
  }

  private async start(side: Side): Promise<LspClient> {
    const spec = this.specs[side];
    if (!spec) return fail(`internal: no spec for ${side}`);
    const client = await LspClient.start(spec, this.tmp);
    // yaml-language-server reads its settings by pulling workspace/configuration after
    // didChangeConfiguration; wait for that so the first document is not validated without a schema.
    await client.waitForConfigurationPull(side === 'peer' ? 10_000 : 1_000);
    return client;
  }

  /**
   * Proves the server validates against the schema: a 3-service file with an unknown service key must
   * get a diagnostic on that line. Also warms the server up (schema compiled, code paths JIT-ed) so
   * that the measured runs do not include one-off start-up work, and probes for a debounce.
   */
  private async checkValidates(side: Side, client: LspClient, firstTime: boolean): Promise<void> {
    const name = client.spec.name;
    const good = generateCompose(3);
    const line = restartLineOf(good, serviceName(1));
    const bad = editAt(good, line).after;
    const uri = this.freshDoc(`check-${side}`, bad);
    let got: PublishDiagnosticsParams | undefined;
    try {
      // The first publish for the document must carry the diagnostic; a server that publishes a partial
      // set first gets 3 s more to publish one that does.
      const first = await client.timeUntilDiagnostics(
        uri,
        (p) => forVersion(p, 1),
        () => client.didOpen(uri, bad, 1),
        30_000,
        'the validation check (didOpen of a file with an unknown key)',
      );
      got = first.publish.params;
      if (!hasDiagnosticOnLine(got, line)) {
        const later = await client.timeUntilDiagnostics(
          uri,
          (p) => forVersion(p, 1) && hasDiagnosticOnLine(p, line),
          () => Promise.resolve(),
          3_000,
          'the validation check (a diagnostic on the unknown key)',
        );
        got = later.publish.params;
      }
    } catch (err) {
      const seen = (client.publishes.get(uri) ?? []).map((p) => JSON.stringify(p.params).slice(0, 400));
      fail(
        `${name} is NOT validating Compose files as configured, so its timings would be meaningless.\n` +
          `A document with the unknown service key "xestart" on line ${line + 1} got no diagnostic on that line.\n` +
          (side === 'peer'
            ? `Schema mapping sent: ${this.schemaUri} → ["*.compose.yaml", "compose*.yaml"]; document: ${uri}\n`
            : '') +
          `publishDiagnostics seen for it: ${seen.length ? seen.join('\n  ') : 'none'}\n` +
          `(${err instanceof Error ? err.message : String(err)})`,
      );
    }
    const diag = got.diagnostics.find((d) => d.range.start.line === line);
    if (side === 'peer') {
      const data = (diag as { data?: { schemaUri?: unknown } } | undefined)?.data;
      const uris = Array.isArray(data?.schemaUri) ? (data.schemaUri as unknown[]) : [];
      if (uris.length > 0 && !uris.includes(this.schemaUri)) {
        fail(`yaml-language-server validated against ${uris.join(', ')} instead of ${this.schemaUri}`);
      }
    }
    if (firstTime) console.log(`  ${name} validates: line ${line + 1} → "${diag?.message ?? '?'}"`);

    // Debounce probe: three single edits, each awaited, give the plain edit latency on a tiny file;
    // then two edits back to back show whether the server skips the first (coalesces) or not.
    const small: number[] = [];
    let text = bad;
    let version = 1;
    for (let i = 0; i < 3; i++) {
      // Toggle an environment value so each version is different but stays valid apart from xestart.
      const envLine = text.split('\n').findIndex((l) => l.startsWith('      LOG_LEVEL: '));
      const lines = text.split('\n');
      const old = lines[envLine] as string;
      const next = old.endsWith('info') ? old.replace(/info$/, 'warn') : old.replace(/(warn|info)$/, 'info');
      lines[envLine] = next;
      const after = lines.join('\n');
      const range: Range = { start: { line: envLine, character: 0 }, end: { line: envLine, character: old.length } };
      const v = ++version;
      const r = await client.timeUntilDiagnostics(
        uri,
        (p) => forVersion(p, v) && hasDiagnosticOnLine(p, line),
        () => client.didChange(uri, v, range, next, after),
        30_000,
        'a probe edit',
      );
      small.push(r.ms);
      text = after;
      await sleep(50);
    }
    const before = client.publishes.get(uri)?.length ?? 0;
    const lines = text.split('\n');
    const envLine = lines.findIndex((l) => l.startsWith('      LOG_LEVEL: '));
    const old = lines[envLine] as string;
    const mk = (value: string) => {
      const copy = [...lines];
      copy[envLine] = old.replace(/(warn|info|debug|error)$/, value);
      return { text: copy.join('\n'), line: copy[envLine] as string };
    };
    const e1 = mk('debug');
    const e2 = mk('error');
    const range: Range = { start: { line: envLine, character: 0 }, end: { line: envLine, character: old.length } };
    const v1 = ++version;
    const v2 = ++version;
    await client.timeUntilDiagnostics(
      uri,
      (p) => forVersion(p, v2) && hasDiagnosticOnLine(p, line),
      async () => {
        await client.didChange(uri, v1, range, e1.line, e1.text);
        const range2: Range = { start: { line: envLine, character: 0 }, end: { line: envLine, character: e1.line.length } };
        await client.didChange(uri, v2, range2, e2.line, e2.text);
      },
      30_000,
      'the coalescing probe',
    );
    await sleep(Math.max(300, PEER_DELAY_MS + 100));
    const after = (client.publishes.get(uri) ?? []).slice(before);
    // Versioned server: did a publish for v1 arrive? Unversioned: more than one publish?
    const versioned = after.some((p) => typeof p.params.version === 'number');
    const coalesced = versioned ? !after.some((p) => p.params.version === v1) : after.length <= 1;
    if (firstTime) this.probes.set(side, { smallEditMs: median(small), coalesced });
    await client.didClose(uri);
    await sleep(50);
  }

  /** One repetition on one server: open (valid file), edit (one character → unknown key), close. */
  private async rep(
    side: Side,
    client: LspClient,
    services: number,
    text: string,
    editLine: number,
    keepOpen: boolean,
  ): Promise<{ sample: Sample; uri: string }> {
    const name = client.spec.name;
    const uri = this.freshDoc(`s${services}-${side}`, text);
    const timeout = 60_000 + services * 20;
    const open = await client.timeUntilDiagnostics(
      uri,
      (p) => forVersion(p, 1),
      () => client.didOpen(uri, text, 1),
      timeout,
      `didOpen of ${services} services`,
    );
    const openDiags = open.publish.params.diagnostics;
    if (openDiags.length > 0) {
      const first = openDiags
        .slice(0, 3)
        .map((d) => `line ${d.range.start.line + 1}: ${d.message}`)
        .join('; ');
      this.note(
        `${side}-open-diags-${services}`,
        `${name} reported ${openDiags.length} diagnostic(s) on the valid ${services}-service file (expected none): ${first}`,
      );
    }
    if (side === 'dockside' && open.publish.params.version === undefined) {
      this.note('dockside-no-version', `${name} published diagnostics without a document version.`);
    }
    await sleep(100);
    const edit = editAt(text, editLine);
    const changed = await client.timeUntilDiagnostics(
      uri,
      (p) => forVersion(p, 2) && hasDiagnosticOnLine(p, editLine),
      () => client.didChange(uri, 2, edit.range, edit.replacement, edit.after),
      timeout,
      `the one-character edit on ${services} services`,
    );
    await sleep(100);
    const publishes = (client.publishes.get(uri) ?? []).map((p) => String(p.params.version ?? '-'));
    if (!keepOpen) {
      await client.didClose(uri);
      client.publishes.delete(uri);
    }
    return {
      sample: { openMs: open.ms, editMs: changed.ms, openDiagnostics: openDiags.length, publishes },
      uri,
    };
  }

  async size(services: number, repeat: number): Promise<SizeResult> {
    const text = generateCompose(services);
    const lines = text.split('\n').length - 1;
    const editLine = restartLineOf(text, serviceName(Math.floor(services / 2)));
    const result: SizeResult = { services, lines, bytes: Buffer.byteLength(text), repeat };
    console.log(`\n${services} services (${lines} lines, ${(result.bytes / 1024).toFixed(0)} KiB), ${repeat} repetitions`);

    const sides = (['dockside', 'peer'] as const).filter((s) => this.specs[s]);
    const clients = new Map<Side, LspClient>();
    try {
      // A fresh pair of server processes per size, so each size's RSS is its own.
      for (const side of sides) {
        const client = await this.start(side);
        clients.set(side, client);
        await this.checkValidates(side, client, !this.probes.has(side));
      }
      const samples = new Map<Side, Sample[]>(sides.map((s) => [s, []]));
      const lastUris = new Map<Side, string>();
      for (let r = 0; r < repeat; r++) {
        // Interleaved, and the order flips every repetition (A B, B A, A B, ...).
        const order = r % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) {
          const client = clients.get(side) as LspClient;
          const { sample, uri } = await this.rep(side, client, services, text, editLine, r === repeat - 1);
          (samples.get(side) as Sample[]).push(sample);
          lastUris.set(side, uri);
          console.log(
            `  rep ${r + 1} ${client.spec.name.padEnd(20)} open ${sample.openMs.toFixed(1).padStart(8)} ms   edit ${sample.editMs
              .toFixed(1)
              .padStart(8)} ms   publishes [${sample.publishes.join(',')}]`,
          );
          if (sample.publishes.length > 2) {
            this.note(
              `${side}-extra-publishes`,
              `${client.spec.name} published ${sample.publishes.length} times for one open + one edit (versions ${sample.publishes.join(',')}).`,
            );
          }
        }
      }
      // Memory after the measurements for this size, with the last repetition's document still open.
      await sleep(200);
      for (const side of sides) {
        const client = clients.get(side) as LspClient;
        const mem = client.memoryKb();
        result[side] = { samples: samples.get(side) as Sample[], ...mem };
        console.log(`  ${client.spec.name} RSS ${(mem.rssKb / 1024).toFixed(0)} MB (peak ${(mem.hwmKb / 1024).toFixed(0)} MB)`);
        const uri = lastUris.get(side);
        if (uri) await client.didClose(uri);
      }
    } finally {
      await Promise.all([...clients.values()].map((c) => c.shutdown()));
    }
    return result;
  }
}

// ---------------------------------------------------------------------------------------------------
// Report

function fmtMs(v: number | undefined): string {
  if (v === undefined) return '—';
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

function fmtRatio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || b === 0) return '—';
  const r = a / b;
  return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

function fmtMb(kb: number | undefined): string {
  return kb === undefined ? '—' : (kb / 1024).toFixed(0);
}

function table(results: SizeResult[]): string {
  const rows = [
    '| services | lines | Dockside first ms | peer first ms | ratio | Dockside edit ms | peer edit ms | ratio | Dockside RSS MB | peer RSS MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const dOpen = r.dockside && median(r.dockside.samples.map((s) => s.openMs));
    const pOpen = r.peer && median(r.peer.samples.map((s) => s.openMs));
    const dEdit = r.dockside && median(r.dockside.samples.map((s) => s.editMs));
    const pEdit = r.peer && median(r.peer.samples.map((s) => s.editMs));
    rows.push(
      `| ${r.services.toLocaleString('en-US')} | ${r.lines.toLocaleString('en-US')} | ${fmtMs(dOpen)} | ${fmtMs(pOpen)} | ${fmtRatio(
        dOpen,
        pOpen,
      )} | ${fmtMs(dEdit)} | ${fmtMs(pEdit)} | ${fmtRatio(dEdit, pEdit)} | ${fmtMb(r.dockside?.rssKb)} | ${fmtMb(r.peer?.rssKb)} |`,
    );
  }
  return rows.join('\n');
}

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

function delaysNote(probes: Map<Side, ProbeResult>, specs: Partial<Record<Side, ServerSpec>>): string[] {
  const out: string[] = [];
  out.push(
    `- Built-in delays: yaml-language-server waits a fixed ${PEER_DELAY_MS} ms (\`validationDelayMs\`, not a setting) after every open and every change before it validates (a new change restarts the wait), so none of its times can be below ${PEER_DELAY_MS} ms; that wait is part of its numbers.`,
  );
  const dockside = specs.dockside;
  if (dockside) {
    const delay = (dockside.settings as { dockside?: { diagnostics?: { delay?: unknown } } }).dockside?.diagnostics?.delay;
    out.push(
      `- Dockside validates at once on open (no delay) and debounces changes: it waits \`dockside.diagnostics.delay\` = ${
        typeof delay === 'number' ? `${delay} ms (the extension's default, sent here)` : "the server's default"
      } after the last change, so its edit times include that wait.`,
    );
  }
  for (const side of ['dockside', 'peer'] as const) {
    const p = probes.get(side);
    const spec = specs[side];
    if (!p || !spec) continue;
    out.push(
      `- Probe, ${spec.name}, on a 3-service file: an edit's diagnostics arrive after ${p.smallEditMs.toFixed(1)} ms (median of 3); ` +
        `of two edits sent back to back ${p.coalesced ? 'only the second was validated (coalesced)' : 'each was validated (not coalesced)'}.`,
    );
  }
  return out;
}

function samplesDetail(results: SizeResult[], specs: Partial<Record<Side, ServerSpec>>): string {
  const out: string[] = [];
  for (const r of results) {
    for (const side of ['dockside', 'peer'] as const) {
      const sr = r[side];
      const spec = specs[side];
      if (!sr || !spec) continue;
      out.push(
        `- ${r.services} services, ${spec.name}: first ${sr.samples.map((s) => s.openMs.toFixed(0)).join(', ')} ms; edit ${sr.samples
          .map((s) => s.editMs.toFixed(0))
          .join(', ')} ms; RSS ${fmtMb(sr.rssKb)} MB (peak ${fmtMb(sr.hwmKb)} MB)`,
      );
    }
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const sizes = parseList('BENCH_SIZES', [10, 100, 1000, 5000]);
  const repeatList = parseList('BENCH_REPEAT', []);
  if (repeatList.length > 1 && repeatList.length !== sizes.length) {
    fail(`BENCH_REPEAT has ${repeatList.length} entries but BENCH_SIZES has ${sizes.length}`);
  }
  const repeatFor = (i: number, n: number): number =>
    repeatList.length === 0 ? (n <= 1000 ? 5 : 3) : ((repeatList.length === 1 ? repeatList[0] : repeatList[i]) as number);

  const which = (process.env.BENCH_SERVERS ?? 'both').trim();
  if (!['both', 'dockside', 'peer'].includes(which)) fail(`BENCH_SERVERS must be both, dockside or peer, got "${which}"`);

  const defaultSchema = join(ROOT, 'schemas', 'compose.schema.json');
  const schemaPath = resolve(process.env.BENCH_SCHEMA ?? defaultSchema);
  const schemaOverridden = schemaPath !== defaultSchema;
  const specs: Partial<Record<Side, ServerSpec>> = {};

  if (which !== 'peer') {
    const server = join(ROOT, 'dist', 'server.js');
    if (!existsSync(server)) fail(`Dockside's server ${server} does not exist: run \`npm run build\` first (npm run bench does).`);
    specs.dockside = {
      name: 'Dockside',
      command: process.execPath,
      args: [server, '--stdio'],
      cwd: ROOT,
      settings: docksideSettingsFromManifest(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))),
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

  const peerVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8')) as { version: string })
    .version;
  const docksideVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Dockside ${docksideVersion} vs yaml-language-server ${peerVersion}; node ${process.version}; ${cpus().length} × ${cpu}`);
  if (schemaOverridden) console.log(`!! BENCH_SCHEMA: the peer uses ${schemaPath}, not schemas/compose.schema.json — development only`);

  const started = Date.now();
  const bench = new Bench(specs, schemaUri);
  const results: SizeResult[] = [];
  try {
    for (const [i, n] of sizes.entries()) results.push(await bench.size(n, repeatFor(i, n)));
  } finally {
    bench.cleanup();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);

  const tableText = table(results);
  const delays = delaysNote(bench.probes, specs);
  console.log(`\n${tableText}\n`);
  console.log(delays.join('\n'));
  if (bench.notes.length) console.log(`\nNotes:\n${bench.notes.map((n) => `- ${n}`).join('\n')}`);
  console.log(`\n(${seconds} s; written to bench/results.md)`);

  const repeats = results.map((r) => `${r.services}: ${r.repeat}`).join(', ');
  const md = [
    '# Dockside language-server benchmark',
    '',
    `Generated by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString()}, node ${process.version}, ${cpus().length} × ${cpu}.`,
    `Dockside ${docksideVersion} (\`dist/server.js --stdio\`) against yaml-language-server ${peerVersion} configured with ${
      schemaOverridden ? `**${schemaPath} (development override, not Dockside's schema)**` : "Dockside's `schemas/compose.schema.json`"
    }.`,
    `Medians over repetitions (${repeats}); runs of the two servers interleaved; ratio = Dockside / yaml-language-server (below 1 means Dockside is faster or smaller).`,
    '"first" = didOpen → first diagnostics; "edit" = one-character didChange (a service key made unknown) → diagnostics that report it; RSS = VmRSS of the server process after that size\'s runs. Details in bench/README.md.',
    '',
    tableText,
    '',
    ...delays,
    ...(bench.notes.length ? ['', 'Notes from this run:', ...bench.notes.map((n) => `- ${n}`)] : []),
    '',
    'All samples (ms):',
    '',
    samplesDetail(results, specs),
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'bench', 'results.md'), md);
}

main().catch((err: unknown) => {
  killAllServers();
  if (err instanceof BenchError) console.error(`\nbench: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
