// The bench's generated Compose file (bench/generateCompose.ts), with 40 mistakes injected per 1,000
// services, 5 of each kind; issue 17 measured 35 of 40 found, the missing 5 being `retries: three`.
// Every injected mistake must be an error on its own line, and the file without them clean.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCompose } from '../../../bench/generateCompose';
import { LineIndex, validateCompose } from '../../../core/src';

interface Mistake {
  kind: string;
  /** Rewrites one line of a service; undefined when the line does not fit this kind. */
  apply(line: string): string | undefined;
}

const MISTAKES: Mistake[] = [
  { kind: 'misspelt key', apply: (line) => (/^ {4}image: /.test(line) ? line.replace('image:', 'imgae:') : undefined) },
  { kind: 'restart value', apply: (line) => (/^ {4}restart: /.test(line) ? '    restart: sometimes' : undefined) },
  { kind: 'duration without unit', apply: (line) => (/^ {6}interval: /.test(line) ? '      interval: 30' : undefined) },
  { kind: 'retries as text', apply: (line) => (/^ {6}retries: /.test(line) ? '      retries: three' : undefined) },
  { kind: 'undefined network', apply: (line) => (/^ {6}- (frontend|backend|data)$/.test(line) ? '      - nowhere' : undefined) },
  {
    kind: 'undefined dependency',
    apply: (line) => (/^ {6}[a-z]+-\d+:$/.test(line) ? '      ghost:' : undefined),
  },
  { kind: 'host port taken', apply: (line) => (/^ {6}- "2\d{4}:\d+"$/.test(line) ? line.replace(/"2\d{4}:/, '"20000:') : undefined) },
  { kind: 'bad interpolation', apply: (line) => (/^ {6}[A-Z_]+: /.test(line) ? line.replace(/: .*/, ': ${BROKEN') : undefined) },
];

/** Injects each kind 5 times, on services spread over the file; returns the text and the 1-based lines. */
function inject(text: string): { text: string; injected: Array<{ kind: string; line: number }> } {
  const lines = text.split('\n');
  const injected: Array<{ kind: string; line: number }> = [];
  const services = lines.flatMap((line, index) => (/^ {2}[a-z]+-\d+:$/.test(line) ? [index] : []));
  const used = new Set<number>();
  MISTAKES.forEach((mistake, m) => {
    let placed = 0;
    // Spread over the file, one mistake per service: the next service that fits, about every 190.
    for (let s = 7 + m * 23; placed < 5 && s < services.length; s++) {
      if (used.has(s)) continue;
      const end = services[s + 1] ?? lines.length;
      const index = lines.findIndex((line, i) => i > services[s]! && i < end && mistake.apply(line) !== undefined);
      if (index < 0) continue;
      lines[index] = mistake.apply(lines[index]!)!;
      injected.push({ kind: mistake.kind, line: index + 1 });
      used.add(s);
      placed++;
      s += 190;
    }
    assert.equal(placed, 5, `5 places for "${mistake.kind}"`);
  });
  return { text: lines.join('\n'), injected };
}

test('the generated file is clean', () => {
  const errors = validateCompose(generateCompose(1000)).filter((f) => f.severity === 'error');
  assert.deepEqual(errors, []);
});

test('all 40 mistakes injected into 1,000 generated services are found, each on its line', () => {
  const { text, injected } = inject(generateCompose(1000));
  assert.equal(injected.length, 40);
  const lines = new LineIndex(text);
  const errorLines = new Set(
    validateCompose(text, { variables: () => ({ value: 'set', source: 'environment' }) })
      .filter((f) => f.severity === 'error')
      .map((f) => lines.positionAt(f.span[0]).line + 1),
  );
  const missed = injected.filter((mistake) => !errorLines.has(mistake.line));
  assert.deepEqual(missed, []);
});
