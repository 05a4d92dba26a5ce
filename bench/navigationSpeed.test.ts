import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCompose, serviceName } from './generateCompose';
import { measure } from './measure';
import { parseText } from '../core/src';
import { buildSymbolsIndex, highlightsAt, referencesOf, renameAt, symbolAt } from '../core/src/navigate';

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
