import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildEnvironment, environmentFrom, lookupIn, parseEnvFile } from '../../../core/src/compose/project';

function values(text: string, environment: Record<string, string> = {}): Record<string, string> {
  const parsed = parseEnvFile(text, { lookup: lookupIn(environment) });
  assert.deepEqual(parsed.problems, [], 'no problems expected');
  return Object.fromEntries([...parsed.entries].map(([name, entry]) => [name, entry.value]));
}

test('KEY=VALUE, blank lines and # comment lines', () => {
  assert.deepEqual(values('# a comment\n\nA=1\n  # indented comment\nB=two words\n'), { A: '1', B: 'two words' });
});

test('export prefix, spaces around =, and the KEY: VALUE form', () => {
  assert.deepEqual(values('export A=2\nB = 3\nC: 4\nexport D="x"'), { A: '2', B: '3', C: '4', D: 'x' });
});

test('empty values', () => {
  assert.deepEqual(values('A=\nB=""\nC=\'\'\nD=""  # comment'), { A: '', B: '', C: '', D: '' });
  // Compose's parser skips the spaces after "=" before it looks for " #", so this is a value, not a comment.
  assert.deepEqual(values('E= # not a comment'), { E: '# not a comment' });
});

test('inline comments: only after an unquoted value and a space', () => {
  assert.deepEqual(values('A=value # comment\nB=value#not-a-comment\nC="quoted # kept" # comment\nD=\'x\' # c'), {
    A: 'value',
    B: 'value#not-a-comment',
    C: 'quoted # kept',
    D: 'x',
  });
});

test('unquoted values lose trailing spaces, keep inner ones and quotes inside', () => {
  assert.deepEqual(values('A=  spaced out   \nB=it\'s "fine"\r\n'), { A: 'spaced out', B: 'it\'s "fine"' });
});

test('single quotes are literal', () => {
  assert.deepEqual(values("A='$FOO \\n ${BAR}'\nB='Let\\'s go!'"), { A: '$FOO \\n ${BAR}', B: "Let's go!" });
});

test('double quotes expand escapes', () => {
  assert.deepEqual(values('A="line1\\nline2\\ttab"\nB="say \\"hi\\""\nC="back\\\\slash"\nD="\\$FOO"\nE="\\0101"\nF="\\q"'), {
    A: 'line1\nline2\ttab',
    B: 'say "hi"',
    C: 'back\\slash',
    D: '$FOO',
    E: 'A',
    F: '\\q',
  });
});

test('quoted values may span lines', () => {
  assert.deepEqual(values('A=\'first\nsecond\'\nB="x\ny"\nC=3'), { A: 'first\nsecond', B: 'x\ny', C: '3' });
});

test('values interpolate earlier variables (unquoted and double-quoted), the environment winning', () => {
  assert.deepEqual(
    values('A=1\nB=${A}\nC=$B-"x"\nD="${A}_${B}"\nE=${NOT_DEFINED:-dflt}\nF=${FROM_ENV}\nG=\'${A}\'', { FROM_ENV: 'env', A: 'env-a' }),
    { A: '1', B: 'env-a', C: 'env-a-"x"', D: 'env-a_env-a', E: 'dflt', F: 'env', G: '${A}' },
  );
});

test('$$ stays a literal dollar in .env values', () => {
  assert.deepEqual(values('A=pa$$word\nB="x$$y"'), { A: 'pa$word', B: 'x$y' });
});

test('a bare KEY copies the variable from the environment, or is left out', () => {
  assert.deepEqual(values('FROM_ENV\nNOT_IN_ENV\nA=1', { FROM_ENV: 'e' }), { FROM_ENV: 'e', A: '1' });
});

test('names may hold dots, dashes and brackets; a later line wins', () => {
  assert.deepEqual(values('VAR.WITH.DOTS=1\nVAR-WITH-DASHES=2\nA[0]=3\nA=first\nA=second'), {
    'VAR.WITH.DOTS': '1',
    'VAR-WITH-DASHES': '2',
    'A[0]': '3',
    A: 'second',
  });
});

test('a byte order mark is skipped', () => {
  assert.deepEqual(values('\uFEFFA=1'), { A: '1' });
});

test('entries carry their line and spans', () => {
  const text = '# header\nA=1\n\nexport B="two"\n';
  const { entries } = parseEnvFile(text, { file: '/p/.env' });
  const b = entries.get('B')!;
  assert.equal(b.line, 4);
  assert.equal(text.slice(...b.keySpan), 'B');
  assert.equal(text.slice(...b.span), 'B="two"');
  assert.equal(b.file, '/p/.env');
  assert.equal(entries.get('A')!.line, 2);
});

test('malformed lines are reported and end the reading, as in Compose', () => {
  const bad = parseEnvFile('A=1\nB C=2\nD=4');
  assert.deepEqual([...bad.entries.keys()], ['A']);
  assert.match(bad.problems[0]!.message, /contains a space/);
  const badChar = parseEnvFile('A=1\nB$=2');
  assert.match(badChar.problems[0]!.message, /Unexpected character "\$"/);
  const unclosed = parseEnvFile('A="never closed\nB=2');
  assert.match(unclosed.problems[0]!.message, /never closed/);
});

test('an unset variable in a value warns; a required one is an error', () => {
  const parsed = parseEnvFile('A=${NOPE}\nB=${NEED:?set it}');
  assert.deepEqual(
    parsed.problems.map((p) => [p.severity, p.message]),
    [
      ['warning', 'The "NOPE" variable is not set. Defaulting to a blank string.'],
      ['error', 'required variable NEED is missing a value: set it'],
    ],
  );
  assert.deepEqual(parsed.problems[0]!.span, [2, 9]);
});

test('buildEnvironment: files in order, later files see earlier ones, the environment wins over all', () => {
  const built = buildEnvironment(environmentFrom({ SHELL_WINS: 'shell' }), [
    { path: '/p/.env', text: 'A=1\nSHELL_WINS=file\nB=${SHELL_WINS}' },
    { path: '/p/dev.env', text: 'A=2\nC=${A}' },
  ]);
  const summary = Object.fromEntries([...built.variables].map(([name, v]) => [name, [v.value, v.source, v.file, v.line]]));
  assert.deepEqual(summary, {
    A: ['2', '.env', '/p/dev.env', 1],
    SHELL_WINS: ['shell', 'environment', undefined, undefined],
    B: ['shell', '.env', '/p/.env', 3],
    C: ['1', '.env', '/p/dev.env', 2],
  });
});
