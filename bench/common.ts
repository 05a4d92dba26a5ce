// Shared pieces of the benchmark (bench/run.ts and its parts): errors, statistics, formatting, the
// temporary workspace the documents live in, and the run's notes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type PublishDiagnosticsParams, type ServerSpec } from './lspClient';

export type Side = 'dockside' | 'peer';
export const SIDES: readonly Side[] = ['dockside', 'peer'];

/** yaml-language-server 1.x: `validationDelayMs = 200` in out/server/src/yamlSettings.js, not a setting. */
export const PEER_DELAY_MS = 200;

/** An expected failure of the bench (misconfiguration, a server not doing its job): printed without a stack. */
export class BenchError extends Error {}

export function fail(message: string): never {
  throw new BenchError(message);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The p-th percentile by the nearest-rank method: the smallest sample that at least p % of the samples
 * are less than or equal to, i.e. sorted[ceil(p/100 · n) − 1]. Always a real sample, never interpolated:
 * of 30 samples p95 is the 29th smallest (the second largest); of 20 or fewer it is the largest.
 */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function parseList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) {
    fail(`${name} must be a comma-separated list of positive integers, got "${raw}"`);
  }
  return list;
}

export function fmtMs(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '—';
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

export function fmtRatio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || b === 0) return '—';
  const r = a / b;
  return `${r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

export function fmtMb(kb: number | undefined): string {
  return kb === undefined ? '—' : (kb / 1024).toFixed(0);
}

export function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

/** `p50 / p95` of a list of samples, or `—` when there are none. */
export function fmtP50P95(samples: number[] | undefined): string {
  if (!samples || samples.length === 0) return '—';
  return `${fmtMs(percentile(samples, 50))} / ${fmtMs(percentile(samples, 95))}`;
}

/** A publish for `version` (or an unversioned one: yaml-language-server never sends versions). */
export function forVersion(p: PublishDiagnosticsParams, version: number): boolean {
  return p.version === undefined || p.version === null || p.version === version;
}

export function hasDiagnosticOnLine(p: PublishDiagnosticsParams, line: number): boolean {
  return p.diagnostics.some((d) => d.range.start.line === line);
}

/** The labels of a completion response (a CompletionList, an item array, or null). */
export function completionLabels(result: unknown): string[] {
  const items = Array.isArray(result) ? result : (result as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return [];
  return items.map((i) => String((i as { label?: unknown }).label ?? ''));
}

/** The text of a hover response (MarkupContent, MarkedString or an array of them), '' when there is none. */
export function hoverText(result: unknown): string {
  const contents = (result as { contents?: unknown } | null)?.contents;
  const text = (c: unknown): string =>
    typeof c === 'string' ? c : typeof (c as { value?: unknown })?.value === 'string' ? (c as { value: string }).value : '';
  return (Array.isArray(contents) ? contents.map(text).join('\n') : text(contents)).trim();
}

/**
 * Waits until none of the servers uses CPU any more: no clock tick (10 ms) of CPU time over `quietMs`,
 * or `maxMs` at most. After an answer a server may still be busy (V8 finishing a garbage collection on
 * its helper threads, say); on a 2-core machine a request to the other server would share the CPU with
 * that and be slowed by work that is not its own.
 */
export async function waitIdle(clients: Iterable<LspClient>, quietMs = 30, maxMs = 1000): Promise<number> {
  const list = [...clients];
  const t0 = performance.now();
  let last = list.map((c) => c.cpuTicks());
  let quietSince = performance.now();
  while (performance.now() - t0 < maxMs) {
    await sleep(10);
    const now = list.map((c) => c.cpuTicks());
    if (now.some((v, i) => v !== last[i])) quietSince = performance.now();
    last = now;
    if (performance.now() - quietSince >= quietMs) break;
  }
  return performance.now() - t0;
}

/** Collects the run's remarks (once per key), printing each as it comes. */
export class Notes {
  readonly list: string[] = [];
  private readonly seen = new Set<string>();

  add(key: string, text: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(text);
    console.log(`  note: ${text}`);
  }
}

/** A temporary folder for the documents (each also written to disk, as an editor would have it). */
export class Workspace {
  readonly dir: string;
  private counter = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'dockside-bench-'));
    // Also on Ctrl-C, where the finally blocks do not run.
    process.once('exit', () => this.cleanup());
  }

  /** A fresh file URI `<tmp>/<label>-<n>/<fileName>`, with the text written there too. */
  freshDoc(label: string, text: string, fileName = 'compose.yaml'): string {
    const dir = join(this.dir, `${label}-${++this.counter}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, fileName);
    writeFileSync(file, text);
    return pathToFileURL(file).href;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What every part of the bench gets: the server specs, the peer's schema, the workspace and the notes. */
export interface BenchContext {
  specs: Partial<Record<Side, ServerSpec>>;
  /** file URI of the Compose schema given to yaml-language-server ('' when the peer is not run). */
  schemaUri: string;
  ws: Workspace;
  notes: Notes;
}

export function sidesOf(ctx: BenchContext): Side[] {
  return SIDES.filter((s) => ctx.specs[s]);
}

/** Starts a server and waits until it has pulled its configuration (yaml-language-server needs that for its schema). */
export async function startServer(ctx: BenchContext, side: Side): Promise<LspClient> {
  const spec = ctx.specs[side];
  if (!spec) return fail(`internal: no spec for ${side}`);
  const client = await LspClient.start(spec, ctx.ws.dir);
  // yaml-language-server reads its settings by pulling workspace/configuration after
  // didChangeConfiguration; wait for that so the first document is not validated without a schema.
  await client.waitForConfigurationPull(side === 'peer' ? 10_000 : 1_000);
  return client;
}

/** A part's contribution to the printed output and to results.md. */
export interface Section {
  /** `## …` heading in results.md. */
  title: string;
  /** Sentences before the table (results.md only). */
  intro: string[];
  table: string;
  /** Bullet lines after the table (printed and written). */
  after: string[];
  /** Per-sample detail for the end of results.md. */
  details: string[];
}
