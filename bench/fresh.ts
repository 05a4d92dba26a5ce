// Part "fresh" of `npm run bench`: what a user waits for when VS Code starts and they open a Compose file.
// Every repetition starts a new process of each server (interleaved, the order flipping), times process
// start → initialize → didOpen → first diagnostics, then a one-character edit → the diagnostics that
// report it, reads the process's RSS, and counts which of the file's injected mistakes (bench/mistakes.ts)
// the first diagnostics found. See bench/README.md ("Fresh server") for what is measured and how.
import {
  fail,
  fmtInt,
  fmtMb,
  fmtMs,
  fmtRatio,
  forVersion,
  hasDiagnosticOnLine,
  median,
  sidesOf,
  sleep,
  type BenchContext,
  type Section,
  type Side,
} from './common';
import { restartLineOf } from './diagnostics';
import { generateCompose, serviceName } from './generateCompose';
import { LspClient, type Diagnostic, type PublishDiagnosticsParams } from './lspClient';
import { MISTAKE_KINDS, withMistakes, type Mistake } from './mistakes';
import { join } from 'node:path';

interface Sample {
  /** spawn → the answer to initialize */
  initMs: number;
  /** spawn → first diagnostics for the opened document */
  firstMs: number;
  /** one-character didChange → the diagnostics that report it */
  editMs: number;
  rssKb: number;
  /** Ids of the mistakes (index into the file's list) the first diagnostics put a diagnostic on. */
  found: Set<number>;
  /** Diagnostics on lines without an injected mistake. */
  others: Diagnostic[];
}

export interface FreshSize {
  services: number;
  lines: number;
  mistakes: Mistake[];
  repeat: number;
  samples: Partial<Record<Side, Sample[]>>;
  /** Dockside started with an empty code cache, as the first start after installing or updating it. */
  cold: Sample[];
}

/** Medians of one server at one size (undefined when that server did not run). */
export function freshMedians(r: FreshSize, side: Side): { initMs: number; firstMs: number; editMs: number; rssKb: number } | undefined {
  const s = r.samples[side];
  if (!s || s.length === 0) return undefined;
  return {
    initMs: median(s.map((x) => x.initMs)),
    firstMs: median(s.map((x) => x.firstMs)),
    editMs: median(s.map((x) => x.editMs)),
    rssKb: median(s.map((x) => x.rssKb)),
  };
}

/** Median first diagnostics of the starts without a code cache (undefined when there were none). */
export function coldFirst(r: FreshSize): number | undefined {
  return r.cold.length ? median(r.cold.map((x) => x.firstMs)) : undefined;
}

/** Mistakes found in the first repetition (every repetition opens the same text, so they agree; checked). */
export function foundCount(r: FreshSize, side: Side): number | undefined {
  return r.samples[side]?.[0]?.found.size;
}

/** The edit: `restart:` → `xestart:` in the first service from the middle on that carries no mistake. */
function editLineOf(text: string, services: number, mistakes: Mistake[]): number {
  const taken = new Set(mistakes.map((m) => m.service));
  for (let i = Math.floor(services / 2); i < services; i++) {
    if (!taken.has(serviceName(i))) return restartLineOf(text, serviceName(i));
  }
  return fail(`no service without a mistake from the middle of the ${services}-service file on`);
}

let coldStarts = 0;

async function rep(
  ctx: BenchContext,
  side: Side,
  services: number,
  text: string,
  mistakes: Mistake[],
  editLine: number,
  cold = false,
): Promise<Sample> {
  const base = ctx.specs[side];
  if (!base) return fail(`internal: no spec for ${side}`);
  // Without its code cache: an empty cache folder of its own (the server writes one when it exits).
  const spec = cold ? { ...base, env: { DOCKSIDE_CACHE_DIR: join(ctx.ws.dir, `cold-cache-${++coldStarts}`) } } : base;
  const uri = ctx.ws.freshDoc(`fresh${services}-${side}`, text);
  const timeout = 60_000 + services * 20;
  // The clock starts just before the process is spawned (LspClient.spawnedAt).
  const client = await LspClient.start(spec, ctx.ws.dir, timeout);
  try {
    // yaml-language-server reads the schema association from the configuration it pulls after
    // didChangeConfiguration; VS Code answers at once, and so does the client here: the wait is its own.
    if (side === 'peer') await client.waitForConfigurationPull(10_000);
    const open = await client.timeUntilDiagnostics(
      uri,
      (p) => forVersion(p, 1),
      () => client.didOpen(uri, text, 1),
      timeout,
      `didOpen of ${services} services on a fresh server`,
    );
    const { found, others } = score(open.publish.params, mistakes);
    await sleep(100);
    const lines = text.split('\n');
    const old = lines[editLine] as string;
    lines[editLine] = `${old.slice(0, 4)}x${old.slice(5)}`;
    const edit = await client.timeUntilDiagnostics(
      uri,
      (p) => forVersion(p, 2) && hasDiagnosticOnLine(p, editLine),
      () =>
        client.didChange(uri, 2, { start: { line: editLine, character: 4 }, end: { line: editLine, character: 5 } }, 'x', lines.join('\n')),
      timeout,
      `the one-character edit on ${services} services, fresh server`,
    );
    await sleep(200);
    const { rssKb } = client.memoryKb();
    return {
      initMs: client.initializedAt - client.spawnedAt,
      firstMs: open.publish.at - client.spawnedAt,
      editMs: edit.ms,
      rssKb,
      found,
      others,
    };
  } finally {
    await client.shutdown();
  }
}

function score(publish: PublishDiagnosticsParams, mistakes: Mistake[]): { found: Set<number>; others: Diagnostic[] } {
  const lines = new Set(publish.diagnostics.map((d) => d.range.start.line));
  const found = new Set<number>();
  mistakes.forEach((m, i) => {
    if (lines.has(m.line)) found.add(i);
  });
  const mistakeLines = new Set(mistakes.map((m) => m.line));
  return { found, others: publish.diagnostics.filter((d) => !mistakeLines.has(d.range.start.line)) };
}

async function size(ctx: BenchContext, services: number, repeat: number): Promise<FreshSize> {
  const { text, mistakes } = withMistakes(generateCompose(services), services);
  const lines = text.split('\n').length - 1;
  const editLine = editLineOf(text, services, mistakes);
  console.log(`\n${services} services (${lines} lines, ${mistakes.length} mistakes), ${repeat} fresh starts of each server`);
  const sides = sidesOf(ctx);
  const result: FreshSize = { services, lines, mistakes, repeat, samples: {}, cold: [] };
  const withCold = sides.includes('dockside');
  // One start that is not recorded leaves Dockside's code cache written, as any start after the first does.
  if (withCold) await rep(ctx, 'dockside', services, text, mistakes, editLine);
  for (let r = 0; r < repeat; r++) {
    const order: Array<Side | 'cold'> = [...(r % 2 === 0 ? sides : [...sides].reverse()), ...(withCold ? ['cold' as const] : [])];
    for (const entry of order) {
      if (entry === 'cold') {
        const sample = await rep(ctx, 'dockside', services, text, mistakes, editLine, true);
        result.cold.push(sample);
        console.log(
          `  rep ${r + 1} ${'Dockside, no cache'.padEnd(20)} initialize ${fmtMs(sample.initMs).padStart(6)} ms   first ${fmtMs(sample.firstMs).padStart(6)} ms`,
        );
        continue;
      }
      const side = entry;
      const sample = await rep(ctx, side, services, text, mistakes, editLine);
      (result.samples[side] ??= []).push(sample);
      const first = result.samples[side][0] as Sample;
      if (sample.found.size !== first.found.size) {
        ctx.notes.add(
          `fresh-found-${side}-${services}`,
          `${ctx.specs[side]?.name} found ${first.found.size} then ${sample.found.size} mistakes in the same ${services}-service file.`,
        );
      }
      const name = (ctx.specs[side]?.name ?? side).padEnd(20);
      const times = `initialize ${fmtMs(sample.initMs).padStart(6)} ms   first ${fmtMs(sample.firstMs).padStart(6)} ms   edit ${fmtMs(sample.editMs).padStart(6)} ms`;
      console.log(
        `  rep ${r + 1} ${name} ${times}   RSS ${fmtMb(sample.rssKb)} MB   mistakes found ${sample.found.size}/${mistakes.length}`,
      );
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Report

function table(results: FreshSize[]): string {
  const rows = [
    '| services | lines | mistakes | Dockside initialize ms | peer initialize ms | Dockside first ms | peer first ms | ratio | Dockside first, no code cache | Dockside edit ms | peer edit ms | ratio | Dockside RSS MB | peer RSS MB | ratio | Dockside found | peer found |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const d = freshMedians(r, 'dockside');
    const p = freshMedians(r, 'peer');
    const found = (side: Side): string => {
      const n = foundCount(r, side);
      return n === undefined ? '—' : `${n}/${r.mistakes.length}`;
    };
    rows.push(
      `| ${fmtInt(r.services)} | ${fmtInt(r.lines)} | ${r.mistakes.length} | ${fmtMs(d?.initMs)} | ${fmtMs(p?.initMs)} | ${fmtMs(d?.firstMs)} | ${fmtMs(
        p?.firstMs,
      )} | ${fmtRatio(d?.firstMs, p?.firstMs)} | ${fmtMs(coldFirst(r))} | ${fmtMs(d?.editMs)} | ${fmtMs(p?.editMs)} | ${fmtRatio(d?.editMs, p?.editMs)} | ${fmtMb(
        d?.rssKb,
      )} | ${fmtMb(p?.rssKb)} | ${fmtRatio(d?.rssKb, p?.rssKb)} | ${found('dockside')} | ${found('peer')} |`,
    );
  }
  return rows.join('\n');
}

/** Which kinds each server found, at the largest size (most mistakes of each kind). */
function kindsFound(results: FreshSize[], ctx: BenchContext): string[] {
  const r = results[results.length - 1];
  if (!r) return [];
  const out: string[] = [];
  for (const side of sidesOf(ctx)) {
    const first = r.samples[side]?.[0];
    if (!first) continue;
    const parts = MISTAKE_KINDS.map((kind) => {
      const of = r.mistakes.map((m, i) => ({ m, i })).filter(({ m }) => m.kind.id === kind.id);
      return `${kind.id} ${of.filter(({ i }) => first.found.has(i)).length}/${of.length}`;
    });
    out.push(`- ${ctx.specs[side]?.name} at ${fmtInt(r.services)} services, by kind: ${parts.join(', ')}.`);
    if (first.others.length > 0) {
      const sample = first.others
        .slice(0, 3)
        .map((d) => `line ${d.range.start.line + 1}: ${d.message}`)
        .join('; ');
      out.push(`  ${first.others.length} diagnostic(s) on lines without an injected mistake, e.g. ${sample}`);
    }
  }
  return out;
}

function details(results: FreshSize[], ctx: BenchContext): string[] {
  const out: string[] = [];
  for (const r of results) {
    if (r.cold.length)
      out.push(`- ${r.services} services, Dockside without a code cache: first ${r.cold.map((x) => x.firstMs.toFixed(0)).join(', ')} ms`);
    for (const side of sidesOf(ctx)) {
      const s = r.samples[side];
      if (!s) continue;
      const list = (f: (x: Sample) => number): string => s.map((x) => f(x).toFixed(0)).join(', ');
      out.push(
        `- ${r.services} services, ${ctx.specs[side]?.name}: initialize ${list((x) => x.initMs)} ms; first ${list((x) => x.firstMs)} ms; edit ${list(
          (x) => x.editMs,
        )} ms; RSS ${s.map((x) => fmtMb(x.rssKb)).join(', ')} MB`,
      );
    }
  }
  return out;
}

/** Runs the fresh-server part for every size and returns its section of the report and the raw results. */
export async function runFresh(
  ctx: BenchContext,
  sizes: number[],
  repeatFor: (services: number) => number,
): Promise<{ section: Section; results: FreshSize[] }> {
  console.log('\n=== Fresh server: start, first diagnostics, first edit, memory, mistakes found (Compose) ===');
  const results: FreshSize[] = [];
  for (const n of sizes) results.push(await size(ctx, n, repeatFor(n)));
  const kinds = MISTAKE_KINDS.map((k) => `${k.what}${k.schema ? '' : ' (beyond a schema)'}`).join('; ');
  return {
    results,
    section: {
      title: 'Fresh server (Compose): start-up, first diagnostics, first edit, memory, mistakes found',
      intro: [
        `Each repetition starts a new process of each server, as VS Code does when it starts and a Compose file is opened; runs interleaved, the order flipping; medians over ${results
          .map((r) => `${fmtInt(r.services)}: ${r.repeat}`)
          .join(', ')} repetitions; ratio = Dockside / yaml-language-server.`,
        '"initialize" = process spawned → answer to `initialize`; "first" = process spawned → the first `publishDiagnostics` for the opened document (so it includes the start-up, `initialize`, the peer\'s configuration pull and the validation); "edit" = 100 ms later, a one-character didChange (`restart:` → `xestart:` in a service from the middle on without a mistake) → the first publish with a diagnostic on that line (the configured delay included: 50 ms for Dockside, a fixed 200 ms for the peer); RSS 200 ms after that, with that one document open.',
        'Dockside keeps V8\'s code cache of its bundle between starts (core/node/codeCache.ts; the extension keeps it in its own storage): its starts here find the cache one unrecorded start wrote, as every start but the first after installing or updating does. "first, no code cache" is a further Dockside start in each repetition with an empty cache folder: that first start. yaml-language-server keeps no such cache.',
        `The files are bench/generateCompose.ts's with 40 injected mistakes per 1,000 services (bench/mistakes.ts; at least one), eight kinds in turn: ${kinds}. A mistake is found when the first diagnostics put one on its line.`,
      ],
      table: table(results),
      after: kindsFound(results, ctx),
      details: details(results, ctx),
    },
  };
}
