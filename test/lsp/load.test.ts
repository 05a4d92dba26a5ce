// A protocol load test against the bundled server (dist/server.js --stdio): 200 documents opened at once,
// edited concurrently with interleaved full-text changes, requests (some cancelled) sent while it works,
// then every document closed. Checks that every publication matches the text of the version it names,
// that no document's published versions ever go backwards, that requests never hang, that closing
// clears every document, and that the server's memory comes back down after the documents are closed.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { generateCompose } from '../../bench/generateCompose';
import { generateTaskDefinition } from '../../bench/generateTaskDefinition';
import { LspServer } from '../helpers/lspServer';
import { until } from '../helpers/until';

const DOCUMENTS = 200;
/** Every TASKDEF_EVERY-th document is an ECS task definition (JSON), the rest Compose files. */
const TASKDEF_EVERY = 25;
const LAST_VERSION = 6;
/** Requests sent during the burst wait behind its validations (about 10 s here), so: generous. */
const REQUEST_TIMEOUT_MS = 30_000;
const MB = 1024 * 1024;
/** RequestCancelled, as LSP defines it. */
const REQUEST_CANCELLED = -32800;

/** A misspelt key that neither schema knows: the deliberate error. */
const COMPOSE_BAD_KEY = 'restartt';
const TASKDEF_BAD_KEY = 'essentail';

interface Doc {
  uri: string;
  languageId: 'dockercompose' | 'json';
  /** texts[v] is the text of version v (index 0 unused). */
  texts: string[];
  /** broken[v]: whether version v carries the deliberate error. */
  broken: boolean[];
}

/** Replaces the `nth` (0-based) occurrence of `needle`; the occurrence must exist. */
function replaceNth(text: string, needle: string, replacement: string, nth: number): string {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `occurrence ${nth} of ${JSON.stringify(needle)} missing`);
  }
  return text.slice(0, at) + replacement + text.slice(at + needle.length);
}

function makeDoc(i: number): Doc {
  const isTaskDef = i % TASKDEF_EVERY === 0;
  const texts: string[] = [''];
  const broken: boolean[] = [false];
  for (let v = 1; v <= LAST_VERSION; v++) {
    // Version 1 (the open) is always clean; later versions alternate, the last one is broken for every third document.
    const isBroken = v > 1 && (i + v) % 3 === 0;
    let text: string;
    if (isTaskDef) {
      const containers = 1 + ((i + v) % 10); // ≤ 10 containers: a generated task definition is then valid.
      text = generateTaskDefinition(containers);
      if (isBroken) text = replaceNth(text, '"essential":', `"${TASKDEF_BAD_KEY}":`, (i + v) % containers);
    } else {
      const services = 20 + ((i * 7 + v) % 21); // 20..40 services, different per document and per version.
      text = generateCompose(services);
      if (isBroken) text = replaceNth(text, '    restart:', `    ${COMPOSE_BAD_KEY}:`, (i * 3 + v) % services);
    }
    texts.push(text);
    broken.push(isBroken);
  }
  const pad = String(i).padStart(3, '0');
  const uri = isTaskDef
    ? `file:///dockside-load/svc-${pad}/svc-${pad}-task-definition.json`
    : `file:///dockside-load/doc-${pad}/compose.yaml`;
  return { uri, languageId: isTaskDef ? 'json' : 'dockercompose', texts, broken };
}

/** Line and character of a UTF-16 offset (the generated texts are ASCII). */
function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/**
 * Checks a publication against the text of the version it names: no diagnostics for a clean version; for a broken
 * one exactly one error, on exactly the misspelt key. Returns a description of the mismatch, or undefined.
 */
function mismatch(doc: Doc, p: PublishDiagnosticsParams): string | undefined {
  const v = p.version;
  if (typeof v !== 'number' || v < 1 || v > LAST_VERSION) return `publication with unexpected version ${String(v)}`;
  const text = doc.texts[v]!;
  const summary = (ds: Diagnostic[]): string => JSON.stringify(ds.map((d) => [d.code, d.range.start, d.message]));
  if (!doc.broken[v]) return p.diagnostics.length === 0 ? undefined : `version ${v} is clean but got ${summary(p.diagnostics)}`;
  const key = doc.languageId === 'json' ? `"${TASKDEF_BAD_KEY}"` : COMPOSE_BAD_KEY;
  const offset = text.indexOf(key);
  const range = { start: positionAt(text, offset), end: positionAt(text, offset + key.length) };
  if (p.diagnostics.length !== 1) return `version ${v} has the error at ${JSON.stringify(range.start)} but got ${summary(p.diagnostics)}`;
  const [d] = p.diagnostics as [Diagnostic];
  const expected =
    doc.languageId === 'json'
      ? ['ecs/schema', `Unknown key "${TASKDEF_BAD_KEY}" in container "`]
      : ['compose/schema', `Unknown key "${COMPOSE_BAD_KEY}" in service "`];
  const ok =
    d.severity === 1 &&
    d.code === expected[0] &&
    d.message.startsWith(expected[1]!) &&
    JSON.stringify(d.range) === JSON.stringify(range) &&
    // The quick fix carried by the diagnostic is pinned to the version it was computed for.
    (d.data as { version?: number } | undefined)?.version === v;
  return ok
    ? undefined
    : `version ${v}: expected one ${expected[0]} error on ${key} at ${JSON.stringify(range)}, got ${summary(p.diagnostics)} (data.version ${String((d.data as { version?: number } | undefined)?.version)})`;
}

function rssOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

/** Settles a request within the timeout, or fails naming it: nothing may hang. */
async function settle<T>(label: string, request: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} did not settle within ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS);
  });
  try {
    return { ok: true, value: await Promise.race([request, timeout]) };
  } catch (error) {
    if (error instanceof Error && error.message.includes('did not settle')) throw error;
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}

interface Probe {
  label: string;
  cancelled: boolean;
  sentAt: number;
  promise: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
  /** When the answer came, and how many publications had arrived by then. */
  answeredAt?: number;
  publishedBefore?: number;
  /** Checks a normal (not error) answer. */
  check: (value: unknown) => void;
}

test(
  '200 documents opened and edited concurrently: exact, in-order diagnostics; answered requests; memory released',
  { timeout: 115_000 },
  async (t) => {
    const t0 = Date.now();
    const docs = Array.from({ length: DOCUMENTS }, (_, i) => makeDoc(i));
    // The server may leave garbage uncollected for as long as it stays idle (no allocation, no GC), so RSS alone
    // cannot tell a leak from garbage. A heap snapshot (--heapsnapshot-signal) first runs a full GC: RSS after it
    // is what the server really keeps. The helper spawns the server with this process's environment.
    const snapshotDir = mkdtempSync(join(tmpdir(), 'dockside-load-'));
    const nodeOptions = process.env['NODE_OPTIONS'];
    process.env['NODE_OPTIONS'] = `${nodeOptions ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshotDir}`.trim();
    const starting = LspServer.start({ settings: { diagnostics: { delay: 50 } } }); // spawns synchronously
    if (nodeOptions === undefined) delete process.env['NODE_OPTIONS'];
    else process.env['NODE_OPTIONS'] = nodeOptions;
    let started: LspServer | undefined;
    try {
      const server = await starting;
      started = server;
      // Should the runner give up on this test (its timeout), the server still goes with this process.
      const killOnExit = (): void => void server.process.kill();
      process.once('exit', killOnExit);
      const pid = server.process.pid!;
      const totalPublished = (): number => docs.reduce((sum, d) => sum + server.publicationsFor(d.uri).length, 0);
      // Settle the start (the schemas are compiled right after `initialized`) before the first reading.
      await server.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: 'file:///none/compose.yaml' },
        position: { line: 0, character: 0 },
      });
      const before = rssOf(pid).rss;

      // Sample RSS while the load runs (a timer only samples; nothing waits on it).
      let sampledPeak = before;
      const sampler = setInterval(() => {
        try {
          sampledPeak = Math.max(sampledPeak, rssOf(pid).rss);
        } catch {
          // The process is gone: the assertions below will say why.
        }
      }, 20);

      // 1. Open every document at once, then interleave full-text changes across documents, without awaiting.
      const sends: Array<Promise<unknown>> = [];
      for (const doc of docs) sends.push(server.open(doc.uri, doc.texts[1]!, doc.languageId));
      const probes: Probe[] = [];
      for (let v = 2; v <= LAST_VERSION; v++) {
        for (const doc of docs) {
          sends.push(
            server
              .change(doc.uri, doc.texts[v]!)
              .then((version) => assert.equal(version, v, `${doc.uri}: the helper numbered version ${v} as ${version}`)),
          );
        }
        // Requests while the server is busy: completion and hover on a few documents, some cancelled at once.
        for (const [k, index] of [1, 57, 113, 169].entries()) {
          const doc = docs[index]!;
          const text = doc.texts[v]!;
          // Hover on the first service's `image` key; completion at the start of that line (a service key position).
          const imageAt = text.indexOf('    image:') + 4;
          const position = positionAt(text, imageAt);
          for (const method of ['textDocument/completion', 'textDocument/hover'] as const) {
            const cancelled = (k + v + (method === 'textDocument/hover' ? 1 : 0)) % 2 === 0;
            const source = new CancellationTokenSource();
            const label = `${method} #v${v} on ${doc.uri}${cancelled ? ' (cancelled)' : ''}`;
            const sentAt = Date.now();
            const probe: Probe = { label, cancelled, sentAt, promise: undefined as never, check: () => undefined };
            probe.promise = settle(
              label,
              server.connection.sendRequest(method, { textDocument: { uri: doc.uri }, position }, source.token),
            ).then((outcome) => {
              probe.answeredAt = Date.now();
              probe.publishedBefore = totalPublished();
              return outcome;
            });
            if (cancelled) source.cancel();
            const check =
              method === 'textDocument/completion'
                ? (value: unknown): void => {
                    const items = (value as { items?: Array<{ label: string }> } | null)?.items ?? [];
                    assert.ok(items.length > 0, `${label}: no completion items`);
                  }
                : (value: unknown): void => {
                    const contents = (value as { contents?: { value?: string } } | null)?.contents?.value ?? '';
                    assert.match(contents, /image/i, `${label}: hover does not speak of image: ${JSON.stringify(value)}`);
                  };
            probe.check = check;
            probes.push(probe);
          }
        }
      }
      await Promise.all(sends);
      const sentAll = Date.now();

      // (c) Every request settles: a normal answer, or (cancelled ones only) RequestCancelled.
      const requestTimes: number[] = [];
      let answeredCancelled = 0;
      let rejectedCancelled = 0;
      for (const probe of probes) {
        const outcome = await probe.promise;
        requestTimes.push(probe.answeredAt! - probe.sentAt);
        if (outcome.ok) {
          probe.check(outcome.value);
          if (probe.cancelled) answeredCancelled++;
        } else {
          const code = outcome.error instanceof ResponseError ? outcome.error.code : undefined;
          assert.ok(probe.cancelled && code === REQUEST_CANCELLED, `${probe.label} failed: ${String(outcome.error)}`);
          rejectedCancelled++;
        }
      }
      const requestsDone = Math.max(...probes.map((p) => p.answeredAt!));

      // Wait (on publications) until every document has diagnostics for its last version.
      // One deadline for all of them (the helper's own timeout is per call).
      const finalDeadline = Date.now() + 60_000;
      for (const doc of docs) await server.diagnostics(doc.uri, (p) => p.version === LAST_VERSION, Math.max(1, finalDeadline - Date.now()));
      const allFinal = Date.now();
      clearInterval(sampler);
      const peakReading = rssOf(pid);
      const peak = Math.max(peakReading.rss, sampledPeak);

      // (a) Every publication matches the text of the version it names, the final one included;
      // (b) the versions published for a document never go backwards.
      const problems: string[] = [];
      let publications = 0;
      for (const doc of docs) {
        const published = server.publicationsFor(doc.uri);
        publications += published.length;
        const versions = published.map((p) => p.version ?? -1);
        for (let k = 1; k < versions.length; k++) {
          if (versions[k]! < versions[k - 1]!)
            problems.push(`${doc.uri}: version ${versions[k]} published after ${versions[k - 1]} (${versions.join(', ')})`);
        }
        for (const p of published) {
          const wrong = mismatch(doc, p);
          if (wrong) problems.push(`${doc.uri}: ${wrong}`);
        }
        const last = published.at(-1)!;
        assert.equal(last.version, LAST_VERSION, `${doc.uri}: last publication is for version ${String(last.version)}`);
        assert.equal(
          last.diagnostics.length,
          doc.broken[LAST_VERSION] ? 1 : 0,
          `${doc.uri}: final diagnostics ${JSON.stringify(last.diagnostics)}`,
        );
      }
      assert.deepEqual(problems, [], problems.slice(0, 10).join('\n'));

      // (d) Closing every document ends each one's diagnostics with an empty, unversioned publication.
      const countsBeforeClose = new Map(docs.map((d) => [d.uri, server.publicationsFor(d.uri).length]));
      await Promise.all(docs.map((d) => server.close(d.uri)));
      const closeDeadline = Date.now() + 20_000;
      for (const doc of docs)
        await server.diagnostics(
          doc.uri,
          (p) => p.version === undefined && p.diagnostics.length === 0,
          Math.max(1, closeDeadline - Date.now()),
        );
      const allClosed = Date.now();

      // Idle: poll RSS (with a tiny request each time, so the server runs) until it is stable.
      const settleRss = async (): Promise<{ rss: number; ms: number; samples: number }> => {
        const samples: number[] = [];
        const since = Date.now();
        for (;;) {
          await server.connection.sendRequest('textDocument/hover', {
            textDocument: { uri: docs[0]!.uri },
            position: { line: 0, character: 0 },
          });
          samples.push(rssOf(pid).rss);
          const recent = samples.slice(-5);
          if (recent.length === 5 && Math.max(...recent) - Math.min(...recent) < 1 * MB) break;
          if (Date.now() - since > 15_000) break;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        return { rss: samples.at(-1)!, ms: Date.now() - since, samples: samples.length };
      };
      const idle = await settleRss();
      const afterClose = idle.rss;

      // A full GC, by way of a heap snapshot, then RSS again until stable.
      process.kill(pid, 'SIGUSR2');
      const written = () => readdirSync(snapshotDir).find((n) => n.endsWith('.heapsnapshot'));
      await until('the server to write its heap snapshot', () => written() !== undefined, 20_000);
      const snapshot = written()!;
      // The snapshot is written synchronously on the server's main thread: a request answered now comes after it.
      await server.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: docs[0]!.uri },
        position: { line: 0, character: 0 },
      });
      const liveHeap = readFileSync(join(snapshotDir, snapshot)).length;
      const collected = await settleRss();
      const afterGc = collected.rss;

      // Nothing was published for a closed document after its clearing publication.
      for (const doc of docs) {
        const published = server.publicationsFor(doc.uri);
        const after = published.slice(countsBeforeClose.get(doc.uri)!);
        assert.deepEqual(
          after.map((p) => [p.version, p.diagnostics.length]),
          [[undefined, 0]],
          `${doc.uri}: publications after close: ${JSON.stringify(after.map((p) => ({ version: p.version, diagnostics: p.diagnostics.length })))}`,
        );
      }

      const sorted = [...requestTimes].sort((a, b) => a - b);
      const report = [
        `documents ${DOCUMENTS} (${docs.filter((d) => d.languageId === 'json').length} task definitions), ${DOCUMENTS * LAST_VERSION} versions sent, ${publications} publications before close`,
        `sent everything in ${sentAll - t0} ms (since test start); last request answered ${requestsDone - t0} ms; all final diagnostics ${allFinal - t0} ms; all cleared ${allClosed - t0} ms; idle-stable after ${idle.ms} ms (${idle.samples} samples); stable after the forced GC in ${collected.ms} ms`,
        `requests: ${probes.length} (${probes.filter((p) => p.cancelled).length} cancelled: ${answeredCancelled} answered normally, ${rejectedCancelled} RequestCancelled), latency p50 ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms`,
        `requests answered after ${probes.map((p) => p.publishedBefore).join(', ')} of ${publications} publications`,
        `RSS before ${mb(before)}, peak ${mb(peak)} (sampled; VmHWM ${mb(peakReading.hwm)}), after close (idle) ${mb(afterClose)}, after close and a full GC ${mb(afterGc)} (heap snapshot ${mb(liveHeap)})`,
      ];
      report.push(`total ${Date.now() - t0} ms`);
      for (const line of report) t.diagnostic(line);

      // 2. Memory: no tight numbers (the machine is shared), only a bound that catches a leak of the closed documents.
      // Measured after a full GC: without one, an idle server's RSS stays at its peak (see the report above).
      assert.ok(
        afterGc < before + 150 * MB,
        `RSS after closing and a full GC (${mb(afterGc)}) is not below before + 150 MB (${mb(before)} + 150 MB); peak ${mb(peak)}`,
      );
      assert.ok(afterGc < peak, `RSS after closing and a full GC (${mb(afterGc)}) did not come down from the peak (${mb(peak)})`);
    } finally {
      await started?.stop();
      rmSync(snapshotDir, { recursive: true, force: true });
    }
  },
);
