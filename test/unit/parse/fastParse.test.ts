// The fast Compose-subset parser must build exactly the tree yaml's parseDocument builds, or bail.
// Every check here compares against yaml itself: node classes, ranges, scalar values/types/sources,
// plain data, errors. Comments on nodes are not compared (the fast parser does not attach them).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Document, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type CollectionTag, type Scalar, type ScalarTag } from 'yaml';
import { generateCompose } from '../../../bench/generateCompose';
import { FastPathBail } from '../../../core/src/parse/fast/bail';
import { fastParseDocument, parseSubset } from '../../../core/src/parse/fast/fastParse';

const REFERENCE_OPTIONS = { prettyErrors: false, merge: true, uniqueKeys: false, strict: true } as const;
const ROOT = join(import.meta.dirname, '../../..');

// ---- The comparison ----------------------------------------------------------------------------

/** The fast Document, or undefined when it bails; unexpected exceptions fail the test. */
function fastOrBail(text: string): Document.Parsed | undefined {
  try {
    return parseSubset(text);
  } catch (error) {
    if (error instanceof FastPathBail) return undefined;
    throw error;
  }
}

function kindOf(node: unknown): string {
  if (node === null || node === undefined) return String(node);
  if (isMap(node)) return 'YAMLMap';
  if (isSeq(node)) return 'YAMLSeq';
  if (isPair(node)) return 'Pair';
  if (isScalar(node)) return 'Scalar';
  if (isAlias(node)) return 'Alias';
  return typeof node;
}

/** Walks both trees in parallel; the message names the first difference and where it is. */
function assertSameNode(fast: unknown, ref: unknown, path: string, text: string): void {
  const where = `${path} in ${JSON.stringify(text.length > 400 ? text.slice(0, 400) + '…' : text)}`;
  assert.equal(kindOf(fast), kindOf(ref), `node class at ${where}`);
  if (isPair(fast) && isPair(ref)) {
    assertSameNode(fast.key, ref.key, `${path}.key`, text);
    assertSameNode(fast.value, ref.value, `${path}.value`, text);
    return;
  }
  if (isScalar(fast) && isScalar(ref)) {
    assertSameScalar(fast, ref, where);
    return;
  }
  if ((isMap(fast) && isMap(ref)) || (isSeq(fast) && isSeq(ref))) {
    assert.deepEqual(fast.range, ref.range, `range at ${where}`);
    assert.equal(Boolean(fast.flow), Boolean(ref.flow), `flow at ${where}`);
    assert.equal(fast.tag, ref.tag, `tag at ${where}`);
    assert.equal(fast.items.length, ref.items.length, `item count at ${where}`);
    for (let i = 0; i < ref.items.length; i++) assertSameNode(fast.items[i], ref.items[i], `${path}[${i}]`, text);
  }
}

function assertSameScalar(fast: Scalar, ref: Scalar, where: string): void {
  assert.ok(Object.is(fast.value, ref.value), `value ${String(fast.value)} vs ${String(ref.value)} at ${where}`);
  assert.equal(typeof fast.value, typeof ref.value, `value type at ${where}`);
  assert.equal(fast.type, ref.type, `scalar type at ${where}`);
  assert.equal(fast.source, ref.source, `source at ${where}`);
  assert.equal(fast.format, ref.format, `format at ${where}`);
  assert.equal(fast.tag, ref.tag, `tag at ${where}`);
  assert.equal(
    (fast as { minFractionDigits?: number }).minFractionDigits,
    (ref as { minFractionDigits?: number }).minFractionDigits,
    `minFractionDigits at ${where}`,
  );
  assert.deepEqual(fast.range, ref.range, `range at ${where}`);
}

/**
 * When the fast parser returns a Document, it must equal yaml's on every compared point.
 * Returns whether the fast path handled the text.
 */
function assertSameAsYaml(text: string): boolean {
  const fast = fastOrBail(text);
  if (!fast) return false;
  const ref = parseDocument(text, REFERENCE_OPTIONS);
  const shown = JSON.stringify(text.length > 400 ? text.slice(0, 400) + '…' : text);
  assert.deepEqual(ref.errors, [], `fast path accepted a document yaml rejects: ${shown}: ${ref.errors.map((e) => e.code).join(', ')}`);
  assert.deepEqual(ref.warnings, [], `fast path accepted a document yaml warns about: ${shown}`);
  assert.deepEqual(fast.errors, []);
  assert.deepEqual(fast.warnings, []);
  assert.deepEqual(fast.range, ref.range, `document range of ${shown}`);
  assert.equal(fast.contents === null, ref.contents === null, `empty contents of ${shown}`);
  assertSameNode(fast.contents, ref.contents, '$', text);
  assert.deepEqual(fast.toJS({ maxAliasCount: 10_000 }), ref.toJS({ maxAliasCount: 10_000 }), `toJS of ${shown}`);
  return true;
}

// ---- Hand-written cases ------------------------------------------------------------------------

/** [text, handled?]: handled means the fast path must return a Document (identical to yaml's). */
const CASES: Array<[string, boolean]> = [
  // empty and comment-only documents
  ['', true],
  ['\n\n', true],
  ['# only a comment\n', true],
  ['  # indented comment\n\n', true],
  // plain scalars and their core-schema types
  ['a: 1\nb: -2\nc: +3\nd: 0o17\ne: 0x1F\nf: 1.5\ng: 1.50\nh: .5\ni: 1e3\nj: -.inf\nk: .NaN\n', true],
  ['a: null\nb: Null\nc: NULL\nd: ~\ne:\nf: nULL\n', true],
  ['a: true\nb: True\nc: TRUE\nd: false\ne: yes\nf: on\ng: tRUE\n', true],
  ['a: 0x\nb: 0o8\nc: 1_000\nd: 1.2.3\ne: 12:30\nf: 08\n', true],
  ['1: a\ntrue: b\nnull: c\n1.5: d\n', true],
  ['image: nginx:1.27\nports: 8080:80\nurl: http://x/y?a=b#frag\n', true],
  ['a: b#c\nd: e # comment\nf: g  #  spaced\n', true],
  ['a: -x\nb: ?y\nc: :z\nd: --\n', true],
  ['key with spaces: value with spaces\n', true],
  ['a  : b\n', true],
  ['a: b   \nc: d\n', true],
  ['a: ${VAR:-default}\nb: $$HOME\n', true],
  ['a: ünïcödé ✓\n', true],
  // quoted scalars
  ['a: "x"\nb: \'y\'\nc: ""\nd: \'\'\n', true],
  ['a: "q \\" \\\\ \\/ \\t \\n \\x41 \\u00e9 \\U0001F600 \\0 \\a \\b \\e \\f \\r \\v \\N \\_ \\L \\P \\ "\n', true],
  ["a: 'it''s'\n", true],
  ['"quoted key": 1\n\'single key\': 2\n"k" : 3\n', true],
  ['a: "tab\there"\n', true],
  ['a: "bad \\q escape"\n', false],
  ['a: "\\xZZ"\n', false],
  ['a: "multi\n  line"\n', false],
  ["a: 'multi\n  line'\n", false],
  ['a: "x"y\n', false],
  ['a: "x"#c\n', false],
  // block mappings and sequences
  ['a:\n  b:\n    c: 1\n  d: 2\ne: 3\n', true],
  ['a:\n- 1\n- 2\nb: 3\n', true],
  ['a:\n  - 1\n  -\n  - \n  - # c\n', true],
  ['- a: 1\n  b: 2\n- c: 3\n', true],
  ['- - a\n  - b\n- - c\n', true],
  ['- a:\n  - x\n  b: 1\n', true],
  ['-\n  a: 1\n-\n  - b\n', true],
  ['  a: 1\n  b: 2\n', true],
  ['a:\n    b: 1\n    c: 2\n', true],
  ['a:\n   - x\n   - y\n', true],
  ['a: 1\na: 2\n', true],
  ['a:\n  b: 1\n c: 2\n', false],
  ['a:\n  b: 1\n    c: 2\n', false],
  ['a: 1\n- b\n', false],
  ['- a\nb: 1\n', false],
  ['a: b\n  c\n', false],
  ['a: b: c\n', false],
  ['a: - b\n', false],
  ['plain scalar document\n', false],
  ['a:\n  plain value on its own line\n', false],
  // flow collections
  ['a: []\nb: {}\nc: [ ]\nd: { }\n', true],
  ['a: [a, "b", \'c\', 3, true, null]\n', true],
  ['a: [ a , b ]\nb: {x: 1, y: , z: "q" }\n', true],
  ['a: [a, b,]\nb: {x: 1,}\n', true],
  ['a: {"k":1}\n', true],
  ['test: ["CMD", "curl", "-f", "http://localhost"]\n', true],
  ['a: [a, [b]]\n', false],
  ['a: [a: 1]\n', false],
  ['a: {x}\n', false],
  ['a: [a,\n  b]\n', false],
  ['a: [a] b\n', false],
  ['[a]: b\n', false],
  // block scalars
  ['a: |\n  line 1\n  line 2\nb: 1\n', true],
  ['a: >\n  folded\n  text\n\n  para\n    more\nb: 1\n', true],
  ['a: |-\n  x\n\n\nb: |+\n  y\n\n\nc: 1\n', true],
  ['a: |2\n    indented\n  base\n', true],
  ['a: |\n\n  after blank\n', true],
  ['a: | # header comment\n  x\n', true],
  ['a: |\n  x\n  # not a comment\n# a comment\nb: 1\n', true],
  ['- |\n  item\n- >-\n  folded item\n', true],
  ['a: |\nb: 1\n', true],
  ['a: |', true],
  ['a: |\r\n  crlf\r\n  text\r\n\r\nb: 1\r\n', true],
  ['a: |0\n  x\n', false],
  ['a: |-+\n  x\n', false],
  ['a: |x\n', false],
  ['a: |#c\n  x\n', false],
  ['a: |\n    x\n  y\n', false],
  // comments and blank lines, whose placement decides range[2]
  ['a:\n  b: 1\n    # deeper\n\n    # deeper again\n  # same\nc: 2\n', true],
  ['a:\n  b: 1\n  # same column\n\nc: 2\n', true],
  ['a:\n  b: 1\n # between\n\nc: 2\n', true],
  ['a:\n  # c\nb: 1\n', true],
  ['a:\n# c\nb: 1\n', true],
  ['a:\n\n# c\n\nb: 1\n', true],
  ['a:\n  # c\n\n', true],
  ['x:\n  a:\n    # c\n  b: 1\n', true],
  ['x:\n  a:\n  # c\n\n  b: 1\n', true],
  ['- \n  # c\n- b\n', true],
  ['a:\n- b\n# c\n- d\n', true],
  // a comment line before an empty item belongs to that item's start tokens, so it widens its range
  ['- v\n# c\n-\n', true],
  ['- v\n# c\n- \n- w\n', true],
  ['a:\n  - b: 1\n  # c\n  -\n', true],
  ['- a:\n    b: 1\n  # c\n-\n', true],
  ['a: # c\n  b: 1\n', true],
  ['a: # c', true],
  ['# head\n\na: 1\n\n# tail\n\n', true],
  ['  a: 1\n  # c\n', true],
  ['a: [b]\n    # c\nd: 2\n', true],
  ['a: 1 # no newline at end', true],
  // line endings
  ['a: 1\r\nb:\r\n  c: 2\r\n', true],
  ['a: 1\r\nb:\r\n  # c\r\n\r\n  - x\r\n', true],
  ['a: 1\rb: 2\n', false],
  // refused constructs
  ['a: &x 1\nb: *x\n', false],
  ['a: !!str 1\n', false],
  ['a: !reset\n', false],
  ['<<: {a: 1}\n', false],
  ['---\na: 1\n', false],
  ['a: 1\n...\n', false],
  ['%YAML 1.2\n---\na: 1\n', false],
  ['? a\n: b\n', false],
  ['a:\n\tb: 1\n', false],
  ['a: b\tc\n', false],
  ['\uFEFFa: 1\n', false],
  ['a: @x\n', false],
  ['a: `x`\n', false],
  ['a: %x\n', false],
  ['a: ,x\n', false],
  [`${'k'.repeat(1100)}: v\n`, false],
];

test('hand-written cases: handled ones equal yaml, the rest bail', () => {
  for (const [text, handled] of CASES) {
    const result = assertSameAsYaml(text);
    assert.equal(result, handled, `${JSON.stringify(text)} should ${handled ? 'be handled' : 'bail'}`);
  }
});

test('fastParseDocument returns a usable yaml Document', () => {
  const doc = fastParseDocument('services:\n  web:\n    image: nginx\n');
  assert.ok(doc instanceof Document);
  assert.deepEqual(doc.toJS({ maxAliasCount: 10_000 }), { services: { web: { image: 'nginx' } } });
  assert.deepEqual(doc.errors, []);
  assert.equal(doc.getIn(['services', 'web', 'image']), 'nginx');
  assert.equal(fastParseDocument('a: &x 1\n'), undefined);
});

/** The custom tags parseText.ts registers (Compose's `!reset` and `!override`), rebuilt the same way. */
function composeMergeTags(): Array<ScalarTag | CollectionTag> {
  const tags: Array<ScalarTag | CollectionTag> = [];
  for (const tag of ['!reset', '!override']) {
    tags.push({ tag, identify: () => false, resolve: (source: string) => source } as ScalarTag);
    tags.push({ tag, collection: 'map', identify: () => false, resolve: (node: unknown) => node } as unknown as CollectionTag);
    tags.push({ tag, collection: 'seq', identify: () => false, resolve: (node: unknown) => node } as unknown as CollectionTag);
  }
  return tags;
}

test('with the language server options (custom tags included) the Document equals yaml too', () => {
  const options = { ...REFERENCE_OPTIONS, customTags: composeMergeTags() };
  for (const text of [generateCompose(5), 'a: 1\nb: [x, "y"]\nc: |\n  z\nd:\n', '']) {
    const fast = fastParseDocument(text, options);
    assert.ok(fast, `bailed on ${JSON.stringify(text)}`);
    const ref = parseDocument(text, options);
    assert.deepEqual(ref.errors, []);
    assertSameNode(fast.contents, ref.contents, '$', text);
    assert.deepEqual(fast.range, ref.range);
    assert.deepEqual(
      fast.schema.tags.map((t) => t.tag),
      ref.schema.tags.map((t) => t.tag),
    );
  }
  // Tags in the text still go to yaml, custom or not.
  assert.equal(fastParseDocument('a: !reset\n', options), undefined);
});

test('options the fast path does not mirror send every document to yaml', () => {
  const text = 'a: 1\n';
  assert.ok(fastParseDocument(text));
  assert.equal(fastParseDocument(text, { ...REFERENCE_OPTIONS, uniqueKeys: true }), undefined);
  assert.equal(fastParseDocument(text, { ...REFERENCE_OPTIONS, keepSourceTokens: true }), undefined);
  assert.equal(fastParseDocument(text, { ...REFERENCE_OPTIONS, stringKeys: true }), undefined);
  assert.equal(fastParseDocument(text, { ...REFERENCE_OPTIONS, version: '1.1' }), undefined);
  // intAsBigInt is mirrored: the schema's own resolvers get the options.
  const big = fastParseDocument('a: 12\n', { ...REFERENCE_OPTIONS, intAsBigInt: true });
  assert.deepEqual(big?.toJS(), parseDocument('a: 12\n', { ...REFERENCE_OPTIONS, intAsBigInt: true }).toJS());
});

test('deep nesting bails instead of overflowing the stack', () => {
  let text = '';
  for (let depth = 0; depth < 5000; depth++) text += `${' '.repeat(depth)}k:\n`;
  assert.equal(fastOrBail(text), undefined);
  let seq = '';
  for (let depth = 0; depth < 5000; depth++) seq += `${'  '.repeat(depth)}-\n`;
  assert.equal(fastOrBail(seq), undefined);
  assert.ok(fastOrBail('a:\n  b:\n    c:\n      d:\n        e:\n          f:\n            g: 1\n'));
});

test('a long line of quoted flow items is parsed in linear time', () => {
  const items = Array.from({ length: 50_000 }, (_, i) => `"item-${i}"`).join(', ');
  const text = `a: [${items}]\n`;
  const start = performance.now();
  const doc = fastOrBail(text);
  const ms = performance.now() - start;
  assert.ok(doc);
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
  assertSameAsYaml(text);
});

test('a plain scalar starting outside ~NnTtFf+-.<0-9 is always a string in the schema', () => {
  // scalars.ts skips the tag tests for such scalars; this pins that shortcut to yaml's own schema.
  const tags = new Document(undefined, REFERENCE_OPTIONS).schema.tags.filter(
    (tag): tag is typeof tag & { test: RegExp } => Boolean(tag.default) && 'test' in tag && tag.test instanceof RegExp,
  );
  assert.ok(tags.length >= 9);
  const otherFirst = fc.string({ minLength: 1 }).filter((s) => !'~NnTtFf+-.<0123456789'.includes(s[0] ?? ''));
  fc.assert(
    fc.property(otherFirst, (s) => tags.every((tag) => !tag.test.test(s))),
    { seed: 7, numRuns: 5000 },
  );
});

// ---- Real files --------------------------------------------------------------------------------

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFilesUnder(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

// test/fixtures holds the corpus of real Compose files (test/fixtures/corpus) besides Dockside's own.
const CORPUS_DIRS = [join(ROOT, 'test/fixtures'), join(ROOT, 'examples')];
const CORPUS = CORPUS_DIRS.flatMap(yamlFilesUnder).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

test('real Compose files: handled ones equal yaml', (t) => {
  let handled = 0;
  const bailed: string[] = [];
  for (const { path, text } of CORPUS) {
    if (assertSameAsYaml(text)) handled++;
    else bailed.push(path.replace(ROOT + '/', ''));
    // The same file with CRLF line endings must behave the same way.
    assertSameAsYaml(text.replace(/\r?\n/g, '\r\n'));
  }
  t.diagnostic(`fast path handled ${handled} of ${CORPUS.length} files (${CORPUS_DIRS.join(', ')})`);
  if (bailed.length) t.diagnostic(`bailed: ${bailed.join(', ')}`);
  const real = CORPUS.filter((f) => f.path.startsWith(join(ROOT, 'test/fixtures/corpus/compose/')));
  assert.equal(real.length, 40, 'the 40 real Compose files of test/fixtures/corpus are among them');
});

test('generated Compose files are handled and equal yaml', () => {
  for (const n of [1, 2, 3, 7, 50, 300, 1000]) {
    const text = generateCompose(n);
    assert.ok(assertSameAsYaml(text), `generateCompose(${n}) bailed`);
    assert.ok(assertSameAsYaml(text.replace(/\n/g, '\r\n')), `generateCompose(${n}) with CRLF bailed`);
  }
});

// ---- Property tests ----------------------------------------------------------------------------

/** A YAML tree to render: scalars carry how to write them, collections how to lay themselves out. */
type Tree =
  | { kind: 'scalar'; text: string; style: ScalarStyle; header: BlockHeader }
  | { kind: 'map'; entries: Array<{ key: string; keyStyle: KeyStyle; value: Tree; spaceBeforeColon: boolean }>; step: number }
  | { kind: 'seq'; items: Tree[]; step: number; underKeyAtSameColumn: boolean }
  | { kind: 'flow'; seq: boolean; items: Array<{ key: string; value: string; style: KeyStyle }>; spaced: boolean };

type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';
type KeyStyle = 'plain' | 'single' | 'double';

/** How a block scalar's header and body are written: chomping, indentation indicator, body indent. */
interface BlockHeader {
  chomp: '' | '-' | '+';
  /** Write the indentation indicator (the right one, or one off when `indicatorOff`). */
  indicator: boolean;
  indicatorOff: boolean;
  /** Body indentation beyond the collection's column. */
  bodyIndent: number;
  comment: boolean;
}

const BLOCK_HEADER = fc.record({
  chomp: fc.constantFrom<BlockHeader['chomp']>('', '', '-', '+'),
  indicator: fc.boolean(),
  indicatorOff: fc.boolean(),
  bodyIndent: fc.integer({ min: 1, max: 4 }),
  comment: fc.boolean(),
});

/** Text that reads like a Compose value: mostly valid plain scalars, some typed-looking ones, a few odd ones. */
const COMPOSE_LIKE = fc.stringMatching(/^[a-z0-9$][a-z0-9 ._/:$@{}=+-]{0,20}[a-z0-9]$/);
const FLOW_SAFE = fc.stringMatching(/^[a-zA-Z0-9$][a-zA-Z0-9 ._/$@=+-]{0,12}$/);

const TYPED_LOOKING = fc.constantFrom(
  'true',
  'False',
  'null',
  'Null',
  '~',
  '',
  'yes',
  'off',
  '0',
  '-1',
  '+3',
  '0o17',
  '0x1F',
  '0xg',
  '1.5',
  '1.50',
  '.5',
  '-.inf',
  '.NaN',
  '1e3',
  '1E-2',
  '12:30',
  '8080:80',
);

const ODD_TEXTS = fc.oneof(
  fc.constantFrom(
    "it's",
    'a b',
    'a: b',
    'a #b',
    'a#b',
    '#x',
    '- x',
    '-x',
    '? x',
    ':x',
    'x:',
    '${VAR:-default}',
    '$$HOME',
    'C:\\path',
    'tab\there',
    'ünïcödé',
    '[x]',
    '{y}',
    '*a',
    '&b',
    '!tag',
    '%p',
    '@x',
    '`x`',
    '|',
    '>',
    '<<',
    'multi\nline',
    'three\n\nlines',
    'trailing ',
    ' leading',
    'back\\slash',
    'quote"inside',
    '---',
    '...',
    'line\n  indented\nback',
    'ends with newline\n',
    '\n\nleading blank lines',
    'script\n\n  more\n\n',
    'emoji 😀',
    'nul\u0000byte',
    'ctl\u0002\u001f\u007f',
    'nel\u0085ls\u2028',
    'nbsp\u00a0x',
    'é',
    'a\u00a0b e/é',
  ),
  fc.string({ unit: fc.constantFrom(...'abcxyz019 :-#\'"[]{},&*!|>\\._$/@%`~\t\n'.split('')), maxLength: 12 }),
);

const SCALAR_TEXTS = fc.oneof(
  { weight: 6, arbitrary: COMPOSE_LIKE },
  { weight: 2, arbitrary: TYPED_LOOKING },
  { weight: 2, arbitrary: ODD_TEXTS },
);

const FLOW_TEXTS = fc.oneof(
  { weight: 6, arbitrary: FLOW_SAFE },
  { weight: 2, arbitrary: TYPED_LOOKING },
  { weight: 1, arbitrary: ODD_TEXTS },
);

const KEY_TEXTS = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_.-]{0,10}$/) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom('a b', '1', 'true', 'null', '~', '<<', 'x:y', 'k#', '-k', 'é'),
      fc.string({ unit: fc.constantFrom(...'abk01 :-#\'"_.'.split('')), minLength: 1, maxLength: 6 }),
    ),
  },
);

const SCALAR_STYLES = fc.constantFrom<ScalarStyle>('plain', 'plain', 'plain', 'single', 'double', 'literal', 'folded');
const KEY_STYLES = fc.constantFrom<KeyStyle>('plain', 'plain', 'plain', 'single', 'double');

const TREE = fc.letrec<{ tree: Tree; scalar: Tree; map: Tree; seq: Tree; flow: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'medium', withCrossShrink: true },
    { weight: 3, arbitrary: tie('scalar') },
    { weight: 2, arbitrary: tie('map') },
    { weight: 1, arbitrary: tie('seq') },
    { weight: 1, arbitrary: tie('flow') },
  ),
  scalar: fc.record({ kind: fc.constant('scalar' as const), text: SCALAR_TEXTS, style: SCALAR_STYLES, header: BLOCK_HEADER }),
  map: fc.record({
    kind: fc.constant('map' as const),
    entries: fc.array(fc.record({ key: KEY_TEXTS, keyStyle: KEY_STYLES, value: tie('tree'), spaceBeforeColon: fc.boolean() }), {
      minLength: 1,
      maxLength: 5,
    }),
    step: fc.integer({ min: 1, max: 4 }),
  }),
  seq: fc.record({
    kind: fc.constant('seq' as const),
    items: fc.array(tie('tree'), { minLength: 1, maxLength: 5 }),
    step: fc.integer({ min: 1, max: 4 }),
    underKeyAtSameColumn: fc.boolean(),
  }),
  flow: fc.record({
    kind: fc.constant('flow' as const),
    seq: fc.boolean(),
    items: fc.array(fc.record({ key: KEY_TEXTS, value: FLOW_TEXTS, style: KEY_STYLES }), { maxLength: 4 }),
    spaced: fc.boolean(),
  }),
}));

/** YAML-only escapes, swapped in for some characters so double quotes exercise more than JSON's set. */
const YAML_ESCAPES: Record<string, string> = { a: '\\x61', e: '\\u0065', '/': '\\/', ' ': '\\ ', '\u00e9': '\\U000000e9', '\u00a0': '\\_' };

function renderKey(text: string, style: KeyStyle): string {
  if (style === 'single') return `'${text.replace(/'/g, "''")}'`;
  if (style === 'double') return JSON.stringify(text).replace(/[ae/ \u00e9\u00a0]/g, (c) => YAML_ESCAPES[c] ?? c);
  return text;
}

function renderFlow(tree: Extract<Tree, { kind: 'flow' }>): string {
  const sp = tree.spaced ? ' ' : '';
  const parts = tree.items.map((it) =>
    tree.seq ? renderKey(it.value, it.style) : `${renderKey(it.key, 'plain')}: ${renderKey(it.value, it.style)}`,
  );
  return tree.seq ? `[${sp}${parts.join(', ')}${sp}]` : `{${sp}${parts.join(', ')}${sp}}`;
}

/** Lines of a block scalar body, indented to `indent`. */
function blockBody(text: string, indent: number): string[] {
  return text.split('\n').map((line) => (line ? ' '.repeat(indent) + line : ''));
}

/**
 * Renders `tree` as the value after `prefix` (a key's `key:` or a `- `, already at its column) and
 * returns the lines. `col` is the column of the collection holding the value.
 */
function renderValue(tree: Tree, prefix: string, col: number): string[] {
  switch (tree.kind) {
    case 'scalar': {
      if (tree.style === 'literal' || tree.style === 'folded') {
        const h = tree.header;
        const indent = col + h.bodyIndent;
        // The indicator counts from the collection's column (yaml: parent indent + digit).
        const digit = h.indicator ? String(Math.max(1, h.bodyIndent + (h.indicatorOff ? 1 : 0))) : '';
        const header = `${tree.style === 'literal' ? '|' : '>'}${h.chomp}${digit}${h.comment ? ' # header' : ''}`;
        return [`${prefix} ${header}`, ...blockBody(tree.text, indent)];
      }
      const text = tree.style === 'plain' ? tree.text : renderKey(tree.text, tree.style);
      return [`${prefix} ${text}`.trimEnd() === prefix ? prefix : `${prefix} ${text}`];
    }
    case 'flow':
      return [`${prefix} ${renderFlow(tree)}`];
    case 'map': {
      const inner = col + tree.step;
      return [prefix, ...renderMap(tree, inner)];
    }
    case 'seq': {
      const inner = tree.underKeyAtSameColumn && prefix.trimStart() !== '-' ? col : col + tree.step;
      return [prefix, ...renderSeq(tree, inner)];
    }
  }
}

function renderMap(tree: Extract<Tree, { kind: 'map' }>, col: number): string[] {
  const pad = ' '.repeat(col);
  return tree.entries.flatMap((e) => renderValue(e.value, `${pad}${renderKey(e.key, e.keyStyle)}${e.spaceBeforeColon ? ' ' : ''}:`, col));
}

function renderSeq(tree: Extract<Tree, { kind: 'seq' }>, col: number): string[] {
  const pad = ' '.repeat(col);
  return tree.items.flatMap((item) => {
    // Compact form for mappings: `- key: value` with the rest of the mapping at the key's column.
    if (item.kind === 'map' && item.step === 2) {
      const lines = renderMap(item, col + 2);
      return [`${pad}- ${(lines[0] ?? '').slice(col + 2)}`, ...lines.slice(1)];
    }
    return renderValue(item, `${pad}-`, col);
  });
}

function renderRoot(tree: Tree): string[] {
  if (tree.kind === 'map') return renderMap(tree, 0);
  if (tree.kind === 'seq') return renderSeq(tree, 0);
  return renderValue(tree, 'root:', 0);
}

/** Filler and trailing comments sprinkled over rendered lines, and the line ending. */
type Decoration = typeof DECORATION extends fc.Arbitrary<infer T> ? T : never;
const DECORATION = fc.record({
  fillers: fc.array(
    fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('blank', 'comment', 'comment'),
      indent: fc.integer({ min: 0, max: 10 }),
      text: fc.constantFrom('', ' note', ' - "80:80"', '#', ' key: value'),
    }),
    { maxLength: 8 },
  ),
  trailing: fc.array(fc.record({ at: fc.nat(), text: fc.constantFrom(' # c', '  #c', ' #', '#glued') }), { maxLength: 4 }),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
  rootIndent: fc.constantFrom(0, 0, 0, 1, 2),
});

function decorate(lines: string[], d: Decoration): string {
  const out = lines.map((line) => (line ? ' '.repeat(d.rootIndent) + line : line));
  for (const tr of d.trailing) {
    const i = tr.at % out.length;
    out[i] = `${out[i]}${tr.text}`;
  }
  for (const f of d.fillers) {
    const line = f.kind === 'blank' ? ' '.repeat(f.indent % 3) : `${' '.repeat(f.indent)}#${f.text}`;
    out.splice(f.at % (out.length + 1), 0, line);
  }
  const nl = d.crlf ? '\r\n' : '\n';
  return out.join(nl) + (d.finalNewline ? nl : '');
}

test('property: random Compose-like documents are bailed on or parsed exactly like yaml', (t) => {
  let handled = 0;
  let runs = 0;
  fc.assert(
    fc.property(TREE.tree, DECORATION, (tree, decoration) => {
      runs++;
      if (assertSameAsYaml(decorate(renderRoot(tree), decoration))) handled++;
    }),
    { seed: 20240611, numRuns: 4000 },
  );
  t.diagnostic(`random documents: ${runs} runs, fast path handled ${handled}`);
  // Most generated documents are valid block YAML; the fast path must take a good share of them.
  assert.ok(handled > runs / 4, `only ${handled} of ${runs} handled`);
});

/**
 * One line of a filler-heavy document: a content line at some depth, or a blank/comment line at any
 * column. Where yaml attaches blank and comment lines decides every `range[2]`, so this generator
 * puts many of them around empty values, nested collections and block scalars.
 */
type SkeletonLine =
  | { kind: 'content'; deltaDepth: number; form: string }
  | { kind: 'filler'; comment: boolean; column: number }
  | { kind: 'body'; extra: number };

const SKELETON_LINE: fc.Arbitrary<SkeletonLine> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('content' as const),
      deltaDepth: fc.constantFrom(-2, -1, 0, 0, 1, 1),
      form: fc.constantFrom('key:', 'key: v', 'key: "q"', 'key: [a]', 'key: |', '- v', '-', '- key:', '- key: v', '- - v'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('filler' as const),
      comment: fc.constantFrom(false, true, true),
      column: fc.integer({ min: 0, max: 9 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('body' as const), extra: fc.integer({ min: 0, max: 3 }) }) },
);

function renderSkeleton(lines: SkeletonLine[], step: number): string {
  let key = 0;
  let depth = 0;
  return lines
    .map((line) => {
      if (line.kind === 'filler') return line.comment ? `${' '.repeat(line.column)}# c${line.column}` : ' '.repeat(line.column % 3);
      if (line.kind === 'body') return `${' '.repeat(step + line.extra)}body text`;
      depth = Math.max(0, depth + line.deltaDepth);
      return ' '.repeat(depth * step) + line.form.replace(/key/g, () => `k${key++}`);
    })
    .join('\n');
}

test('property: comment and blank lines anywhere are bailed on or ranged exactly like yaml', (t) => {
  let handled = 0;
  let runs = 0;
  fc.assert(
    fc.property(
      fc.array(SKELETON_LINE, { minLength: 1, maxLength: 14 }),
      fc.integer({ min: 1, max: 3 }),
      fc.boolean(),
      fc.boolean(),
      (lines, step, crlf, finalNewline) => {
        runs++;
        let text = renderSkeleton(lines, step) + (finalNewline ? '\n' : '');
        if (crlf) text = text.replace(/\n/g, '\r\n');
        if (assertSameAsYaml(text)) handled++;
      },
    ),
    { seed: 8675309, numRuns: 5000 },
  );
  t.diagnostic(`filler-heavy documents: ${runs} runs, fast path handled ${handled}`);
  // Random line sequences are often not valid YAML; a tenth valid still means ~500 exact comparisons.
  assert.ok(handled > runs / 10, `only ${handled} of ${runs} handled`);
});

const MUTATION_CHARS = ':-#\'"[]{},&*!|> \t\n'.split('');

const MUTATION = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), ch: fc.constantFrom(...MUTATION_CHARS) }),
  fc.record({ op: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), delta: fc.integer({ min: -3, max: 3 }) }),
);

type Mutation = typeof MUTATION extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  if (text.length === 0) return text;
  const at = m.at % text.length;
  switch (m.op) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + 1);
    case 'insert':
      return text.slice(0, at) + m.ch + text.slice(at);
    case 'duplicateLine': {
      const lines = text.split('\n');
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 'indent': {
      const lines = text.split('\n');
      const i = m.at % lines.length;
      const line = lines[i] ?? '';
      lines[i] = m.delta >= 0 ? ' '.repeat(m.delta) + line : line.replace(new RegExp(`^ {0,${-m.delta}}`), '');
      return lines.join('\n');
    }
  }
}

test('property: mutated real files are bailed on or parsed exactly like yaml', (t) => {
  const seeds = [...CORPUS.map((f) => f.text), generateCompose(4)];
  let handled = 0;
  let runs = 0;
  fc.assert(
    fc.property(fc.nat(), fc.array(MUTATION, { minLength: 1, maxLength: 3 }), fc.boolean(), (pick, mutations, crlf) => {
      runs++;
      let text = seeds[pick % seeds.length] ?? '';
      for (const m of mutations) text = mutate(text, m);
      if (crlf) text = text.replace(/\r?\n/g, '\r\n');
      if (assertSameAsYaml(text)) handled++;
    }),
    { seed: 424242, numRuns: 4000 },
  );
  t.diagnostic(`mutated files: ${runs} runs, fast path handled ${handled}`);
});
