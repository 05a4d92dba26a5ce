// Part 2 of `npm run bench`: completion and hover latency in Compose files, Dockside against
// yaml-language-server (configured with Dockside's Compose schema), requests interleaved between the two.
// See bench/README.md ("Completion and hover latency") for what is measured and how.
import {
  completionLabels,
  fail,
  fmtInt,
  fmtMs,
  fmtP50P95,
  forVersion,
  hasDiagnosticOnLine,
  hoverText,
  median,
  sidesOf,
  startServer,
  waitIdle,
  type BenchContext,
  type Section,
  type Side,
} from './common';
import { checkValidates } from './diagnostics';
import { generateCompose, serviceName } from './generateCompose';
import type { LspClient, Position } from './lspClient';

/** Warm-up rounds (every point on every server) before the measured ones; fewer above 1,000 services. */
const WARMUP_ROUNDS = 3;
const WARMUP_ROUNDS_LARGE = 1;
/** Above 1,000 services the number of measured rounds is cut to fit this budget (at least MIN_ROUNDS_LARGE). */
const LARGE_BUDGET_MS = 60_000;
const MIN_ROUNDS_LARGE = 5;
/** "After a keystroke" samples of key completion: each costs a whole validation, so only a few. */
const KEYSTROKES = 5;
const KEYSTROKES_LARGE = 2;

type Point = 'key' | 'value' | 'hover';
const POINTS: readonly Point[] = ['key', 'value', 'hover'];

/** Completion items each server must offer, so that both are known to really complete there. */
const EXPECTED: Record<Exclude<Point, 'hover'>, string> = { key: 'healthcheck', value: 'unless-stopped' };

export interface SideSamples {
  key: number[];
  value: number[];
  hover: number[];
  /** Key completion requested right after a one-character didChange (a new version each time). */
  afterKeystroke: number[];
}

export interface LatencySize {
  services: number;
  lines: number;
  service: string;
  rounds: number;
  roundMs: number;
  dockside?: SideSamples;
  peer?: SideSamples;
}

/** Where the requests go: a service without a healthcheck, from the middle of the file on. */
interface Target {
  service: string;
  /** First line after the service's block: the blank key line is inserted here. */
  end: number;
  restartLine: number;
  imageLine: number;
}

function targetIn(text: string, services: number): Target {
  const lines = text.split('\n');
  for (let i = Math.floor(services / 2); i < services; i++) {
    const service = serviceName(i);
    const start = lines.indexOf(`  ${service}:`);
    if (start < 0) return fail(`generated file has no service ${service}`);
    let end = start + 1;
    while (end < lines.length && (lines[end] as string).startsWith('    ')) end++;
    const block = lines.slice(start + 1, end);
    // `healthcheck` must be missing, as the key completion is checked for it.
    if (block.some((l) => l.startsWith('    healthcheck:'))) continue;
    const restart = block.findIndex((l) => l.startsWith('    restart: '));
    const image = block.findIndex((l) => l.startsWith('    image: '));
    if (restart < 0 || image < 0) return fail(`service ${service} has no restart: or image: line`);
    return { service, end, restartLine: start + 1 + restart, imageLine: start + 1 + image };
  }
  return fail(`no service without a healthcheck from the middle of the ${services}-service file on`);
}

interface Doc {
  uri: string;
  version: number;
  lines: string[];
}

function requestFor(point: Point): string {
  return point === 'hover' ? 'textDocument/hover' : 'textDocument/completion';
}

function paramsFor(uri: string, point: Point, position: Position): unknown {
  return point === 'hover' ? { textDocument: { uri }, position } : { textDocument: { uri }, position, context: { triggerKind: 1 } };
}

/** Stops the bench unless the answer shows the server really completed or hovered there. */
function check(client: LspClient, services: number, point: Point, what: string, result: unknown): void {
  if (point === 'hover') {
    if (hoverText(result) === '') {
      fail(`${client.spec.name} returned no hover on "image" (${what}, ${services} services): ${JSON.stringify(result)}`);
    }
    return;
  }
  const labels = completionLabels(result);
  const expected = EXPECTED[point];
  if (!labels.includes(expected)) {
    fail(
      `${client.spec.name}'s completion at the ${point} position (${what}, ${services} services) does not offer "${expected}", ` +
        `so it is not completing there as it should; it offered ${labels.length} item(s): ${labels.slice(0, 20).join(', ') || '(none)'}`,
    );
  }
}

class LatencyBench {
  constructor(
    private readonly ctx: BenchContext,
    private readonly clients: Map<Side, LspClient>,
    private readonly requests: number,
  ) {}

  /** Opens the file, then one didChange (v2): a blank `restart:` value and a new indented blank line in the target service. */
  private async prepare(side: Side, client: LspClient, text: string, services: number, target: Target): Promise<Doc> {
    const uri = this.ctx.ws.freshDoc(`lat${services}-${side}`, text);
    const timeout = 60_000 + services * 20;
    await client.timeUntilDiagnostics(
      uri,
      (p) => forVersion(p, 1),
      () => client.didOpen(uri, text, 1),
      timeout,
      `didOpen of ${services} services`,
    );
    const lines = text.split('\n');
    const restart = lines[target.restartLine] as string;
    lines[target.restartLine] = '    restart: ';
    lines.splice(target.end, 0, '    ');
    const changes = [
      {
        range: { start: { line: target.restartLine, character: 13 }, end: { line: target.restartLine, character: restart.length } },
        text: '',
      },
      { range: { start: { line: target.end, character: 0 }, end: { line: target.end, character: 0 } }, text: '    \n' },
    ];
    // Wait for the validation of v2 (it reports the empty restart value), so the requests meet an idle server.
    await client.timeUntilDiagnostics(
      uri,
      (p) => forVersion(p, 2) && hasDiagnosticOnLine(p, target.restartLine),
      () => client.didChangeMany(uri, 2, changes, lines.join('\n')),
      timeout,
      `the validation after preparing the ${services}-service document`,
    );
    return { uri, version: 2, lines };
  }

  private async one(
    side: Side,
    doc: Doc,
    services: number,
    point: Point,
    positions: Record<Point, Position>,
    what: string,
  ): Promise<number> {
    const client = this.clients.get(side) as LspClient;
    const r = await client.timeRequest<unknown>(requestFor(point), paramsFor(doc.uri, point, positions[point]), 60_000 + services * 20);
    check(client, services, point, what, r.result);
    return r.ms;
  }

  /**
   * One keystroke on the blank key line (type `h`, or delete it again), then key completion at once,
   * as an editor asks while the user types: the server has a new version it has not parsed or validated
   * yet, and its validation timer is running. The sample ends with that validation's publish, so the
   * next one starts from an idle server.
   */
  private async keystroke(side: Side, doc: Doc, services: number, keyLine: number): Promise<number> {
    const client = this.clients.get(side) as LspClient;
    const typed = (doc.lines[keyLine] as string) === '    ';
    const version = ++doc.version;
    doc.lines[keyLine] = typed ? '    h' : '    ';
    const range = typed
      ? { start: { line: keyLine, character: 4 }, end: { line: keyLine, character: 4 } }
      : { start: { line: keyLine, character: 4 }, end: { line: keyLine, character: 5 } };
    const position = { line: keyLine, character: typed ? 5 : 4 };
    let ms = NaN;
    await client.timeUntilDiagnostics(
      doc.uri,
      (p) => forVersion(p, version),
      async () => {
        await client.didChange(doc.uri, version, range, typed ? 'h' : '', doc.lines.join('\n'));
        const r = await client.timeRequest<unknown>('textDocument/completion', paramsFor(doc.uri, 'key', position), 60_000 + services * 20);
        check(client, services, 'key', `right after a keystroke, line "${doc.lines[keyLine]}"`, r.result);
        ms = r.ms;
      },
      60_000 + services * 20,
      `the validation after a keystroke (${services} services)`,
    );
    return ms;
  }

  async size(services: number): Promise<LatencySize> {
    const text = generateCompose(services);
    const lines = text.split('\n').length - 1;
    const target = targetIn(text, services);
    const sides = [...this.clients.keys()];
    const large = services > 1000;
    console.log(`\n${services} services (${lines} lines): requests in service ${target.service}`);

    const docs = new Map<Side, Doc>();
    for (const side of sides) docs.set(side, await this.prepare(side, this.clients.get(side) as LspClient, text, services, target));
    const positions: Record<Point, Position> = {
      key: { line: target.end, character: 4 },
      value: { line: target.restartLine, character: 13 },
      hover: { line: target.imageLine, character: 6 },
    };
    const samples = new Map<Side, SideSamples>(sides.map((s) => [s, { key: [], value: [], hover: [], afterKeystroke: [] }]));

    // Rounds: every point on every server, the servers' order flipping every round.
    const round = async (r: number, record: boolean): Promise<void> => {
      const order = r % 2 === 0 ? sides : [...sides].reverse();
      for (const point of POINTS) {
        for (const side of order) {
          // Each request starts with both servers idle: without this, a request to one server ran while the
          // other was still busy after its own answer (V8 finishing a GC on its helper threads), which on
          // this 2-core machine put spikes into the faster server's numbers that it has not when run alone.
          await waitIdle(this.clients.values());
          const ms = await this.one(side, docs.get(side) as Doc, services, point, positions, record ? 'measured' : 'warm-up');
          if (record) (samples.get(side) as SideSamples)[point].push(ms);
        }
      }
    };
    const warmup = large ? WARMUP_ROUNDS_LARGE : WARMUP_ROUNDS;
    let roundMs = 0;
    for (let r = 0; r < warmup; r++) {
      const t0 = performance.now();
      await round(r, false);
      roundMs = performance.now() - t0;
    }
    const rounds = large ? Math.min(this.requests, Math.max(MIN_ROUNDS_LARGE, Math.floor(LARGE_BUDGET_MS / roundMs))) : this.requests;
    if (rounds < this.requests) {
      this.ctx.notes.add(
        `latency-rounds-${services}`,
        `Completion/hover at ${fmtInt(services)} services: ${rounds} requests per point instead of ${this.requests} (a round of the ${
          POINTS.length * sides.length
        } requests took ${(roundMs / 1000).toFixed(1)} s; the rounds above 1,000 services are cut to about ${LARGE_BUDGET_MS / 1000} s). With 20 or fewer samples p95 is the largest.`,
      );
    }
    for (let r = 0; r < rounds; r++) await round(r, true);

    const keystrokes = large ? KEYSTROKES_LARGE : KEYSTROKES;
    for (let k = 0; k < keystrokes; k++) {
      const order = k % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        (samples.get(side) as SideSamples).afterKeystroke.push(await this.keystroke(side, docs.get(side) as Doc, services, target.end));
      }
    }

    for (const side of sides) {
      const s = samples.get(side) as SideSamples;
      const name = (this.clients.get(side) as LspClient).spec.name;
      console.log(
        `  ${name.padEnd(20)} p50/p95 ms: key ${fmtP50P95(s.key).padEnd(13)} value ${fmtP50P95(s.value).padEnd(13)} hover ${fmtP50P95(
          s.hover,
        ).padEnd(13)} after a keystroke: ${s.afterKeystroke.map((v) => fmtMs(v)).join(', ')}`,
      );
      await (this.clients.get(side) as LspClient).didClose((docs.get(side) as Doc).uri);
    }
    const result: LatencySize = { services, lines, service: target.service, rounds, roundMs };
    for (const side of sides) result[side] = samples.get(side);
    return result;
  }
}

// ---------------------------------------------------------------------------------------------------
// Report

function table(results: LatencySize[]): string {
  const rows = [
    '| services | requests per point | Dockside key | peer key | Dockside value | peer value | Dockside hover | peer hover | Dockside key after a keystroke | peer key after a keystroke |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const keystrokes = (s: SideSamples | undefined): string =>
    s && s.afterKeystroke.length > 0 ? `${fmtMs(median(s.afterKeystroke))} (max ${fmtMs(Math.max(...s.afterKeystroke))})` : '—';
  for (const r of results) {
    rows.push(
      `| ${fmtInt(r.services)} | ${r.rounds} | ${fmtP50P95(r.dockside?.key)} | ${fmtP50P95(r.peer?.key)} | ${fmtP50P95(r.dockside?.value)} | ${fmtP50P95(
        r.peer?.value,
      )} | ${fmtP50P95(r.dockside?.hover)} | ${fmtP50P95(r.peer?.hover)} | ${keystrokes(r.dockside)} | ${keystrokes(r.peer)} |`,
    );
  }
  return rows.join('\n');
}

function details(results: LatencySize[], ctx: BenchContext): string[] {
  const out: string[] = [];
  for (const r of results) {
    for (const side of ['dockside', 'peer'] as const) {
      const s = r[side];
      const spec = ctx.specs[side];
      if (!s || !spec) continue;
      const list = (v: number[]): string => v.map((x) => x.toFixed(1)).join(', ');
      out.push(
        `- ${r.services} services, ${spec.name} (service ${r.service}): key ${list(s.key)}; value ${list(s.value)}; hover ${list(s.hover)}; key after a keystroke ${list(
          s.afterKeystroke,
        )} ms`,
      );
    }
  }
  return out;
}

/** Runs part 2 (one process of each server for all sizes) and returns its section of the report. */
export async function runLatency(
  ctx: BenchContext,
  sizes: number[],
  requests: number,
): Promise<{ section: Section; results: LatencySize[] }> {
  console.log('\n=== Completion and hover latency (Compose) ===');
  const sides = sidesOf(ctx);
  const clients = new Map<Side, LspClient>();
  const results: LatencySize[] = [];
  try {
    for (const side of sides) {
      const client = await startServer(ctx, side);
      clients.set(side, client);
      // Proves the peer validates with our schema (and warms both up) before anything is timed.
      await checkValidates(ctx, side, client, { announce: false, probe: false });
    }
    const bench = new LatencyBench(ctx, clients, requests);
    for (const n of sizes) results.push(await bench.size(n));
  } finally {
    await Promise.all([...clients.values()].map((c) => c.shutdown()));
  }
  const section: Section = {
    title: 'Completion and hover latency (Compose)',
    intro: [
      'Milliseconds from sending the request to its response, **p50 / p95** (nearest rank) over the requests per point; one process of each server for all sizes, a fresh document per size, requests interleaved between the servers after a few warm-up rounds.',
      '"key" = `textDocument/completion` on a new blank line indented under a service (4 spaces, after its last line); "value" = completion after `restart: ` (value emptied); "hover" = `textDocument/hover` on the `image` key. Both servers must offer `healthcheck` at the key position and `unless-stopped` at the value position, and hover must be non-empty, or the bench stops.',
      'These are measured on an idle server (the document\'s latest version already validated). "key after a keystroke" = key completion requested right after a one-character didChange on that line (a new version, validation timer running), as an editor asks while typing: median (and max) of a few samples, each waiting for the validation to finish before the next.',
    ],
    table: table(results),
    after: [
      '- Built-in delays: neither server delays completion or hover on purpose. yaml-language-server validates 200 ms after a change, Dockside 50 ms after (`dockside.diagnostics.delay`); a request still being answered when that timer fires may have its response wait for the validation (see "after a keystroke").',
    ],
    details: details(results, ctx),
  };
  return { section, results };
}
