// The scalar rules the readers beside yaml share (core/src/parse/scalarText.ts), checked against yaml
// itself, and the three readers (yaml's parser, the fast reader, the tolerant reader completion and
// hover use) reading the same values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isScalar, parse, parseDocument } from 'yaml';
import { analyze } from '../../../core/src/complete/analyze/analyze';
import { parseSubset } from '../../../core/src/parse/fast/fastParse';
import { plainScalarValue, unescapeDoubleQuoted, unescapeSingleQuoted } from '../../../core/src/parse/scalarText';

/** What yaml makes of one scalar written as the whole document. */
function yamlValue(source: string): unknown {
  const contents = parseDocument(source).contents;
  return isScalar(contents) ? contents.value : contents;
}

const DOUBLE_QUOTED = [
  '\\x41',
  '\\x4a\\x4A',
  '\\u00e9t\\u00E9',
  '\\U0001F600',
  '\\uD83D\\uDE00',
  '\\0\\a\\b\\e\\f\\n\\r\\t\\v',
  '\\N\\_\\L\\P',
  '\\ \\"\\/\\\\',
  'tab\\\there',
  'C:\\\\Program Files\\\\',
  'no escapes at all',
];
const INVALID_ESCAPES = ['\\q', '\\x4 z', '\\x4g', '\\u12 end', '\\UFFFFFFFF', '\\(\\)'];

test('double-quoted escapes read as yaml reads them', () => {
  for (const body of [...DOUBLE_QUOTED, ...INVALID_ESCAPES]) {
    assert.equal(unescapeDoubleQuoted(body).value, yamlValue(`"${body}"`), body);
  }
  assert.equal(unescapeDoubleQuoted('\\x41').value, 'A');
});

test('an escape yaml reports as invalid is kept as written and marked invalid', () => {
  for (const body of DOUBLE_QUOTED) assert.equal(unescapeDoubleQuoted(body).valid, true, body);
  for (const body of INVALID_ESCAPES) {
    assert.equal(unescapeDoubleQuoted(body).valid, false, body);
    assert.ok(parseDocument(`"${body}"`).errors.length > 0, `yaml reports ${body}`);
  }
});

test("single-quoted: '' is the only escape", () => {
  for (const body of ["it''s", "''''", 'back\\slash \\x41', '']) assert.equal(unescapeSingleQuoted(body), yamlValue(`'${body}'`), body);
});

const PLAIN = [
  // null, booleans
  ...['', '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'false', 'False', 'tRUE'],
  // numbers: bases, signs, floats, infinities and not-a-number
  ...['0', '-0', '+12', '0o17', '0o8', '0x1F', '0X1F', '1.5', '.5', '5.', '0.10', '1e3', '-1.5E-3', '1e', '.', '+'],
  ...['.inf', '.Inf', '.INF', '+.inf', '-.inf', '-.Inf', '.iNf', '.nan', '.NaN', '.NAN', '-.nan', 'inf', 'nan', 'NaN', 'Infinity'],
  // YAML 1.1 forms: strings or decimal numbers under the 1.2 core schema, as Compose reads them too
  ...['yes', 'no', 'Yes', 'NO', 'on', 'off', 'On', 'OFF', 'y', 'n', 'Y', 'N', '0777', '0b101', '1_000', '12:30', '190:20:30'],
  ...['2001-12-14', '2001-12-14t21:59:43.10-05:00', '=', '<<', '0x', '0o', '1.2.3', '3.10'],
];

test('plain scalars: the YAML 1.2 core schema, as yaml reads them', () => {
  for (const source of PLAIN)
    assert.ok(Object.is(plainScalarValue(source), yamlValue(source)), `${JSON.stringify(source)}: ${String(plainScalarValue(source))}`);
  assert.equal(plainScalarValue('.inf'), Infinity);
  assert.equal(plainScalarValue('-.inf'), -Infinity);
  assert.ok(Number.isNaN(plainScalarValue('.nan')));
  assert.equal(plainScalarValue('yes'), 'yes');
  assert.equal(plainScalarValue('0777'), 777);
  assert.equal(plainScalarValue('0o17'), 15);
});

test('the three readers read a scalar value the same', () => {
  const values = [
    ...PLAIN.filter((source) => source !== '' && source !== '<<' && source !== '='),
    ...DOUBLE_QUOTED.map((body) => `"${body}"`),
    ...["'it''s'", "'\\x41'"],
  ];
  for (const value of values) {
    const text = `services:\n  web:\n    image: ${value}\n`;
    const expected = parse(text) as unknown;
    assert.deepEqual(parseSubset(text).toJS(), expected, `fast reader: ${value}`);
    assert.deepEqual(analyze(text).value, expected, `completion reader: ${value}`);
  }
  // The case that started it: the completion reader read "\x41" as "x41".
  assert.deepEqual(analyze('image: "\\x41"\n').value, { image: 'A' });
});
