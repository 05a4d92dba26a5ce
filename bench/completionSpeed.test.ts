import { test } from 'node:test';
import { generateCompose, serviceName } from './generateCompose';
import { measure } from './measure';
import { completeAt } from '../core/src/complete/completeAt';
import { hoverAt } from '../core/src/hover/hoverAt';
import { parseText } from '../core/src/parse/parseText';

// Printed, not asserted: timings depend on the machine. The goal is p95 < 20 ms at 1,000 services.
test('speed: completion and hover on a 1,000-service Compose file', (t) => {
  const base = generateCompose(1000);
  // A key being typed in a service half-way down the file, which makes the text not parse cleanly.
  const anchor = base.indexOf(`  ${serviceName(500)}:\n`);
  const lineAfterImage = base.indexOf('\n', base.indexOf('    image:', anchor)) + 1;
  const typing = `${base.slice(0, lineAfterImage)}    hea\n${base.slice(lineAfterImage)}`;
  const keyOffset = lineAfterImage + '    hea'.length;
  const restarts: number[] = [];
  for (let i = base.indexOf('restart: '); i >= 0 && restarts.length < 200; i = base.indexOf('restart: ', i + 1))
    restarts.push(i + 'restart: '.length);
  const dependencies: number[] = [];
  for (let i = base.indexOf('depends_on:\n'); i >= 0 && dependencies.length < 200; i = base.indexOf('depends_on:\n', i + 1))
    dependencies.push(base.indexOf('\n', i) + 8);
  const pick = (list: number[], i: number): number => list[(i * 37) % list.length]!;
  const parsed = parseText(base);

  t.diagnostic(`completion, key being typed: ${measure(() => completeAt({ text: typing, offset: keyOffset, language: 'compose' }))}`);
  t.diagnostic(
    `completion, restart value:   ${measure((i) => completeAt({ text: base, offset: pick(restarts, i), language: 'compose' }))}`,
  );
  t.diagnostic(
    `completion, with a clean parse given: ${measure((i) => completeAt({ text: base, offset: pick(restarts, i), language: 'compose', parsed }))}`,
  );
  t.diagnostic(
    `hover, depends_on reference: ${measure((i) => hoverAt({ text: base, offset: pick(dependencies, i), language: 'compose' }))}`,
  );
  t.diagnostic(
    `hover, restart value:        ${measure((i) => hoverAt({ text: base, offset: pick(restarts, i) + 2, language: 'compose' }))}`,
  );
});
