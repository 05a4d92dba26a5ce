import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCompose, serviceName } from './generateCompose';
import { parseText } from '../server/src/core';
import { buildSymbolsIndex, highlightsAt, referencesOf, renameAt, symbolAt } from '../server/src/core/navigate';

/** p50 and p95 of `runs` timed calls, after a few untimed ones to warm the JIT. */
function measure(run: (i: number) => void, runs = 50, warmups = 5): string {
  for (let i = 0; i < warmups; i++) run(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number): string => times[Math.min(times.length - 1, Math.floor(times.length * q))]!.toFixed(2);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`;
}

// Printed, not asserted: timings depend on the machine.
test('speed: navigation on a 1,000-service Compose file', (t) => {
  const text = generateCompose(1000);
  const parsed = parseText(text);
  const index = buildSymbolsIndex(parsed, 'compose');
  // A service half-way down that others depend on, and a network nearly every service joins.
  const service = serviceName(500);
  const serviceOffset = text.indexOf(`  ${service}:`) + 2;
  const networkOffset = text.indexOf('networks:\n      - ') + 'networks:\n      - '.length;
  const network = symbolAt(index, networkOffset);
  assert.equal(symbolAt(index, serviceOffset)?.name, service);
  assert.ok(network && network.kind === 'network');

  t.diagnostic(`${index.entries.length} entries; "${network.name}" has ${referencesOf(index, network, true).length} sites`);
  t.diagnostic(`parse (for scale):          ${measure(() => parseText(text), 5, 1)}`);
  t.diagnostic(`build the index:            ${measure(() => buildSymbolsIndex(parsed, 'compose'), 20)}`);
  t.diagnostic(`references of a service:    ${measure(() => referencesOf(index, symbolAt(index, serviceOffset)!, true))}`);
  t.diagnostic(`references of a network:    ${measure(() => referencesOf(index, symbolAt(index, networkOffset)!, true))}`);
  t.diagnostic(`highlights at a network:    ${measure(() => highlightsAt(index, networkOffset))}`);
  t.diagnostic(`rename a network:           ${measure(() => renameAt(text, index, networkOffset, 'core-net'))}`);
});
