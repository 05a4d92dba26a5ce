import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  buildSymbolsIndex,
  completeAt,
  composeSymbols,
  hoverAt,
  parseText,
  taskDefinitionSymbols,
  validateCompose,
  validateTaskDefinition,
  type Finding,
  type Span,
} from '../../core/src';
import { projectRoot } from '../helpers/paths';

/**
 * Throws generated and mutated documents at every core entry point the server calls per keystroke.
 * None may throw, and every range must stay inside the document. The seed is fixed so a failure
 * reproduces; `FUZZ_RUNS` and `FUZZ_SEED` run it longer or elsewhere (npm run fuzz).
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 10_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261127);

function seeds(): string[] {
  const folders = [
    join(projectRoot, 'examples', 'shop'),
    join(projectRoot, 'examples', 'mistakes'),
    join(projectRoot, 'test', 'fixtures', 'compose', 'broken'),
  ];
  const texts = folders.flatMap((folder) =>
    readdirSync(folder)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .map((f) => readFileSync(join(folder, f), 'utf8')),
  );
  texts.push(
    JSON.stringify(
      {
        family: 'web',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        containerDefinitions: [
          { name: 'web', image: 'nginx', portMappings: [{ containerPort: 80 }], dependsOn: [{ containerName: 'web', condition: 'START' }] },
        ],
      },
      null,
      2,
    ),
    'x-base: &base\n  image: busybox\nservices:\n  a:\n    <<: *base\n    ports: !reset []\n  b: !override\n    image: x\n',
  );
  return texts;
}

const MUTATION_CHARS = ':-#\'"[]{},&*!|>?%@` \t\n\r\\$\u00a0\u2028\ufeff🐳é\u0000';

/** A mutation of a real document: delete, insert, duplicate or re-indent at a random place. */
const mutated = fc
  .tuple(
    fc.constantFrom(...seeds()),
    fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.string({ unit: fc.constantFrom(...MUTATION_CHARS), maxLength: 4 })), { maxLength: 6 }),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [position, kind, insert] of edits) {
      const at = out.length === 0 ? 0 : position % out.length;
      if (kind === 0) out = out.slice(0, at) + out.slice(at + 1 + (position % 5));
      else if (kind === 1) out = out.slice(0, at) + insert + out.slice(at);
      else if (kind === 2) {
        const lineStart = out.lastIndexOf('\n', at) + 1;
        const lineEnd = out.indexOf('\n', at);
        out =
          out.slice(0, lineEnd < 0 ? out.length : lineEnd) +
          '\n' +
          out.slice(lineStart, lineEnd < 0 ? out.length : lineEnd) +
          out.slice(lineEnd < 0 ? out.length : lineEnd);
      } else out = out.slice(0, at) + ' '.repeat(position % 7) + out.slice(at);
    }
    return out;
  });

/** A truncation at any byte, CRLF, a BOM, or random unicode. */
const reshaped = fc.oneof(
  fc.tuple(fc.constantFrom(...seeds()), fc.nat()).map(([text, cut]) => text.slice(0, text.length === 0 ? 0 : cut % text.length)),
  fc.constantFrom(...seeds()).map((text) => text.replace(/\n/g, '\r\n')),
  fc.constantFrom(...seeds()).map((text) => `\ufeff${text}`),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...MUTATION_CHARS, 'a', 'services', 'image'), maxLength: 120 }),
);

function assertInside(spans: readonly Span[], length: number, what: string): void {
  for (const [start, end] of spans) {
    assert.ok(
      Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end && end <= length,
      `${what} span [${start}, ${end}] outside 0..${length}`,
    );
  }
}

function findingSpans(findings: Finding[]): Span[] {
  return findings.flatMap((f) => [
    f.span,
    ...(f.related ?? []).map((r) => r.span),
    ...(f.fixes ?? []).flatMap((x) => x.edits.map((e) => e.span)),
  ]);
}

function exercise(text: string, offset: number): void {
  const parsed = parseText(text);
  assertInside(findingSpans(validateCompose(text, {}, parsed)), text.length, 'compose finding');
  assertInside(findingSpans(validateTaskDefinition(text, {}, parsed)), text.length, 'task-definition finding');
  assertInside(
    composeSymbols(parsed.doc, text).flatMap((s) => [s.span, s.selectionSpan]),
    text.length,
    'symbol',
  );
  assertInside(
    taskDefinitionSymbols(parsed.doc, text).flatMap((s) => [s.span, s.selectionSpan]),
    text.length,
    'symbol',
  );
  for (const language of ['compose', 'taskdef'] as const) {
    const at = text.length === 0 ? 0 : offset % (text.length + 1);
    assertInside([completeAt({ text, offset: at, language, parsed }).replaceSpan], text.length, 'completion');
    const hover = hoverAt({ text, offset: at, language, parsed });
    if (hover) assertInside([hover.span], text.length, 'hover');
    assertInside(
      buildSymbolsIndex(parsed, language).entries.map((e) => e.span),
      text.length,
      'navigation',
    );
  }
}

test(`fuzz: ${RUNS} generated and mutated documents through every per-keystroke entry point`, { timeout: 600_000 }, () => {
  let slowest = 0;
  fc.assert(
    fc.property(fc.oneof(mutated, reshaped), fc.nat(), (text, offset) => {
      const started = performance.now();
      exercise(text, offset);
      slowest = Math.max(slowest, performance.now() - started);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  console.log(`fuzz: ${RUNS} cases, seed ${SEED}, slowest case ${slowest.toFixed(1)} ms`);
});

test('fuzz: hostile shapes (deep nesting, alias bombs, huge scalars, duplicate keys) at every entry point', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++)
    bomb.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]`,
    );
  const cases = [
    bomb.join('\n'),
    `services: ${'{a: '.repeat(400)}1${'}'.repeat(400)}`,
    `${'- '.repeat(400)}x`,
    `services:\n  web:\n    image: "${'x'.repeat(1_000_000)}"\n`,
    'services:\n  web:\n    image: a\n    image: b\n  web:\n    image: c\n',
    '{"containerDefinitions": [' +
      Array.from(
        { length: 300 },
        (_, i) => `{"name": "c${i}", "image": "x", "dependsOn": [{"containerName": "c${(i + 1) % 300}", "condition": "START"}]}`,
      ).join(',') +
      ']}',
  ];
  for (const text of cases) exercise(text, text.length >> 1);
});
