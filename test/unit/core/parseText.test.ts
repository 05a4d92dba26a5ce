import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseText } from '../../../core/src';
import { marked } from '../../helpers/marked';

test('a duplicate key is marked on the second key and points back to the first', () => {
  const { text, spans } = marked('services:\n  web:\n    image: a\n    [[image]]: b\n');
  const [finding] = parseText(text).findings;
  assert.equal(finding?.code, 'yaml/duplicate-key');
  assert.deepEqual(finding?.span, spans[0]);
  assert.equal(finding?.message, 'Duplicate key "image": this mapping already has it, and only one value can win.');
  assert.deepEqual(finding?.related?.[0]?.span, [text.indexOf('image'), text.indexOf('image') + 5]);
});

test('merge keys and anchors resolve as Compose resolves them', () => {
  const text = 'x-base: &base\n  image: busybox\n  restart: always\nservices:\n  web:\n    <<: *base\n    restart: "no"\n';
  const parsed = parseText(text);
  assert.deepEqual(parsed.findings, []);
  assert.deepEqual((parsed.value as { services: unknown }).services, { web: { image: 'busybox', restart: 'no' } });
});

test('the !reset and !override merge tags are known, so nothing is flagged', () => {
  const parsed = parseText('services:\n  web:\n    ports: !reset []\n    build: !reset null\n    environment: !override\n      A: 1\n');
  assert.deepEqual(parsed.findings, []);
  const web = (parsed.value as { services: { web: Record<string, unknown> } }).services.web;
  assert.deepEqual(web['ports'], []);
  assert.equal(web['build'], undefined);
  assert.deepEqual(web['environment'], { A: 1 });
});

test('tabs used as indentation get a plain explanation', () => {
  const [finding] = parseText('services:\n\tweb: {}\n').findings;
  assert.equal(finding?.code, 'yaml/syntax');
  assert.match(finding!.message, /^Tabs cannot indent YAML; indent with spaces\./);
});

test('a second YAML document is reported where it starts', () => {
  const text = 'services: {}\n---\nfoo: 1\n';
  const [finding] = parseText(text).findings;
  assert.match(finding!.message, /Dockside reads one document per file/);
  assert.doesNotMatch(finding!.message, /parseAllDocuments/);
  assert.equal(finding!.span[0], text.indexOf('---'));
});

test('an alias bomb ("billion laughs") stops with one finding instead of eating memory', () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const name = String.fromCharCode(97 + i);
    const prev = String.fromCharCode(96 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const parsed = parseText(lines.join('\n'));
  assert.equal(parsed.value, undefined);
  assert.deepEqual(
    parsed.findings.map((f) => f.code),
    ['yaml/resource-limit'],
  );
  assert.match(parsed.findings[0]!.message, /more than 10,000 copies/);
});

test('an alias inside its own anchor is reported, not followed forever', () => {
  const { text, spans } = marked('a: &a [ [[*a]] ]\n');
  const parsed = parseText(text);
  assert.deepEqual(
    parsed.findings.map((f) => [f.code, f.span]),
    [['yaml/resource-limit', spans[0]]],
  );
});

test('5,000 levels of nesting give one finding and no crash', () => {
  const flow = parseText(`a: ${'['.repeat(5000)}${']'.repeat(5000)}`);
  const block = parseText(Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'));
  for (const parsed of [flow, block]) {
    assert.equal(parsed.findings.length, 1);
    assert.equal(parsed.findings[0]!.code, 'yaml/too-deep');
  }
});

test('binary data is recognised as such', () => {
  const parsed = parseText('\u0000\u0001\u0002ELF\u0000\u0000');
  assert.equal(parsed.unreadable, true);
  assert.deepEqual(
    parsed.findings.map((f) => f.code),
    ['yaml/binary'],
  );
});

test('an unknown tag is a warning that names the tag', () => {
  const [finding] = parseText('services:\n  web:\n    image: !Ref Image\n').findings;
  assert.equal(finding?.severity, 'warning');
  assert.equal(finding?.code, 'yaml/unknown-tag');
  assert.match(finding!.message, /!Ref/);
});

test('nesting is measured before parsing: brackets in strings and comments do not count', async () => {
  const { exceedsNesting } = await import('../../../core/src/parse/nesting');
  assert.equal(exceedsNesting(`a: ${'['.repeat(300)}${']'.repeat(300)}`, 256), true);
  assert.equal(exceedsNesting(`a: ${'['.repeat(200)}${']'.repeat(200)}`, 256), false);
  assert.equal(exceedsNesting(`a: "${'['.repeat(300)}" # ${'{'.repeat(300)}`, 256), false);
  assert.equal(exceedsNesting(`${'- '.repeat(300)}x`, 256), true);
  assert.equal(exceedsNesting(Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'), 256), true);
  assert.equal(exceedsNesting('services:\n  web:\n    image: x\n  db:\n    image: y\n', 4), false);
});

test('a mapping or a list used as a key is an error on the key, and yaml prints nothing', () => {
  const { text, spans } = marked('services:\n  web:\n    environment:\n      [[{a: 1}]]: x\n      ? [[- b]]\n      : y\n');
  const warnings: unknown[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args);
  try {
    const findings = parseText(text).findings;
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, f.span, f.message]),
      [
        [
          'yaml/collection-key',
          'error',
          spans[0],
          'This key is a mapping, not a name: Compose accepts only text as a key. Write the key as plain text.',
        ],
        [
          'yaml/collection-key',
          'error',
          spans[1],
          'This key is a list, not a name: Compose accepts only text as a key. Write the key as plain text.',
        ],
      ],
    );
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(warnings, []);
});

test('an alias to a mapping used as a key is an error too', () => {
  const { text, spans } = marked('x-key: &k {a: 1}\nservices:\n  web:\n    labels:\n      [[*k]] : x\n');
  assert.deepEqual(
    parseText(text)
      .findings.filter((f) => f.code === 'yaml/collection-key')
      .map((f) => f.span),
    spans,
  );
});
