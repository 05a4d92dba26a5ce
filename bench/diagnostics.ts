// Part 1 of `npm run bench`: diagnostics latency (didOpen → first diagnostics; a one-character edit →
// the diagnostics that report it) and memory of Dockside's Compose language server against
// yaml-language-server configured with the same Compose schema, on generated files of growing size.
// See bench/README.md for what is measured and how.
import {
  fail,
  fmtInt,
  fmtMb,
  fmtMs,
  fmtRatio,
  forVersion,
  hasDiagnosticOnLine,
  median,
  PEER_DELAY_MS,
  sidesOf,
  sleep,
  startServer,
  type BenchContext,
  type Section,
  type Side,
} from './common';
import { generateCompose, serviceName } from './generateCompose';
import type { LspClient, PublishDiagnosticsParams, Range, ServerSpec } from './lspClient';

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

export interface ProbeResult {
  /** Median latency of didChange → publish on a 3-service document (close to the fixed delay, if any). */
  smallEditMs: number;
  /** Whether two didChange sent back to back produced one validation (the first one skipped). */
  coalesced: boolean;
}

/** The 0-based line of `restart:` in the given service, where the benchmark's edit happens. */
export function restartLineOf(text: string, service: string): number {
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

/**
 * Proves the server validates Compose files against the schema: a 3-service file whose second service
 * has the unknown key `xestart:` must get a diagnostic on that line, else the bench stops with what was
 * sent and what came back. Also warms the server up (schema compiled, code paths JIT-ed) so measured
 * runs do not include one-off start-up work. With `probe`, also measures the plain edit latency on
 * that tiny file and whether two edits sent back to back are coalesced.
 */
export async function checkValidates(
  ctx: BenchContext,
  side: Side,
  client: LspClient,
  options: { announce: boolean; probe: boolean },
): Promise<ProbeResult | undefined> {
  const name = client.spec.name;
  const good = generateCompose(3);
  const line = restartLineOf(good, serviceName(1));
  const bad = editAt(good, line).after;
  const uri = ctx.ws.freshDoc(`check-${side}`, bad);
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
        (side === 'peer' ? `Schema mapping sent: ${ctx.schemaUri} → ["*.compose.yaml", "compose*.yaml"]; document: ${uri}\n` : '') +
        `publishDiagnostics seen for it: ${seen.length ? seen.join('\n  ') : 'none'}\n` +
        `(${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const diag = got.diagnostics.find((d) => d.range.start.line === line);
  if (side === 'peer') {
    const data = (diag as { data?: { schemaUri?: unknown } } | undefined)?.data;
    const uris = Array.isArray(data?.schemaUri) ? (data.schemaUri as unknown[]) : [];
    if (uris.length > 0 && !uris.includes(ctx.schemaUri)) {
      fail(`yaml-language-server validated against ${uris.join(', ')} instead of ${ctx.schemaUri}`);
    }
  }
  if (options.announce) console.log(`  ${name} validates: line ${line + 1} → "${diag?.message ?? '?'}"`);
  if (!options.probe) {
    await client.didClose(uri);
    await sleep(50);
    return undefined;
  }

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
  const v1 = version + 1;
  const v2 = version + 2;
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
  await client.didClose(uri);
  await sleep(50);
  return { smallEditMs: median(small), coalesced };
}

class DiagnosticsBench {
  readonly probes = new Map<Side, ProbeResult>();

  constructor(private readonly ctx: BenchContext) {}

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
    const uri = this.ctx.ws.freshDoc(`s${services}-${side}`, text);
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
      this.ctx.notes.add(
        `${side}-open-diags-${services}`,
        `${name} reported ${openDiags.length} diagnostic(s) on the valid ${services}-service file (expected none): ${first}`,
      );
    }
    if (side === 'dockside' && open.publish.params.version === undefined) {
      this.ctx.notes.add('dockside-no-version', `${name} published diagnostics without a document version.`);
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

    const sides = sidesOf(this.ctx);
    const clients = new Map<Side, LspClient>();
    try {
      // A fresh pair of server processes per size, so each size's RSS is its own.
      for (const side of sides) {
        const client = await startServer(this.ctx, side);
        clients.set(side, client);
        const firstTime = !this.probes.has(side);
        const probe = await checkValidates(this.ctx, side, client, { announce: firstTime, probe: firstTime });
        if (probe) this.probes.set(side, probe);
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
            this.ctx.notes.add(
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
      `| ${fmtInt(r.services)} | ${fmtInt(r.lines)} | ${fmtMs(dOpen)} | ${fmtMs(pOpen)} | ${fmtRatio(dOpen, pOpen)} | ${fmtMs(dEdit)} | ${fmtMs(
        pEdit,
      )} | ${fmtRatio(dEdit, pEdit)} | ${fmtMb(r.dockside?.rssKb)} | ${fmtMb(r.peer?.rssKb)} |`,
    );
  }
  return rows.join('\n');
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

function samplesDetail(results: SizeResult[], specs: Partial<Record<Side, ServerSpec>>): string[] {
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
  return out;
}

/** Runs part 1 for every size and returns its section of the report. */
export async function runDiagnostics(
  ctx: BenchContext,
  sizes: number[],
  repeatFor: (index: number, services: number) => number,
): Promise<Section> {
  console.log('\n=== Diagnostics and memory (Compose) ===');
  const bench = new DiagnosticsBench(ctx);
  const results: SizeResult[] = [];
  for (const [i, n] of sizes.entries()) results.push(await bench.size(n, repeatFor(i, n)));
  const repeats = results.map((r) => `${r.services}: ${r.repeat}`).join(', ');
  return {
    title: 'Diagnostics and memory (Compose)',
    intro: [
      `Medians over repetitions (${repeats}); runs of the two servers interleaved; ratio = Dockside / yaml-language-server (below 1 means Dockside is faster or smaller).`,
      '"first" = didOpen → first diagnostics; "edit" = one-character didChange (a service key made unknown) → diagnostics that report it; RSS = VmRSS of the server process after that size\'s runs.',
    ],
    table: table(results),
    after: delaysNote(bench.probes, ctx.specs),
    details: samplesDetail(results, ctx.specs),
  };
}
