import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interpolateString, interpolateValue, lookupIn, type VariableLookup } from '../../../core/src/compose/project';

const env = lookupIn({ SET: 'value', EMPTY: '', FOO: 'foo', PORT: '8080', CPUS: '0.5', YES: 'yes' });

function resolve(text: string, lookup: VariableLookup = env): string {
  return interpolateString(text, lookup).value;
}

test('$VAR and ${VAR}', () => {
  assert.equal(resolve('$SET'), 'value');
  assert.equal(resolve('${SET}'), 'value');
  assert.equal(resolve('a-$SET-b'), 'a-value-b');
  assert.equal(resolve('${SET}${FOO}'), 'valuefoo');
  // "$SET_x" names the variable SET_x, which is unset.
  assert.equal(resolve('$SET_x'), '');
});

test('${VAR:-default}: default when unset or empty', () => {
  assert.equal(resolve('${SET:-d}'), 'value');
  assert.equal(resolve('${EMPTY:-d}'), 'd');
  assert.equal(resolve('${MISSING:-d}'), 'd');
  assert.equal(resolve('${MISSING:-}'), '');
});

test('${VAR-default}: default only when unset', () => {
  assert.equal(resolve('${SET-d}'), 'value');
  assert.equal(resolve('${EMPTY-d}'), '');
  assert.equal(resolve('${MISSING-d}'), 'd');
});

test('${VAR:?err}: an error when unset or empty, with the message', () => {
  assert.equal(resolve('${SET:?needed}'), 'value');
  for (const text of ['${EMPTY:?needed}', '${MISSING:?needed}']) {
    const result = interpolateString(text, env);
    assert.equal(result.value, '');
    assert.deepEqual(
      result.problems.map((p) => [p.severity, p.kind, p.message, p.span]),
      [['error', 'required', `required variable ${text.slice(2, text.indexOf(':'))} is missing a value: needed`, [0, text.length]]],
    );
  }
});

test('${VAR?err}: an error only when unset', () => {
  assert.equal(interpolateString('${EMPTY?needed}', env).problems.length, 0);
  assert.deepEqual(
    interpolateString('${MISSING?}', env).problems.map((p) => p.message),
    ['required variable MISSING is missing a value'],
  );
});

test('${VAR:+alt} and ${VAR+alt}: the alternative when set (and, for ":+", not empty)', () => {
  assert.equal(resolve('${SET:+alt}'), 'alt');
  assert.equal(resolve('${EMPTY:+alt}'), '');
  assert.equal(resolve('${MISSING:+alt}'), '');
  assert.equal(resolve('${SET+alt}'), 'alt');
  assert.equal(resolve('${EMPTY+alt}'), 'alt');
  assert.equal(resolve('${MISSING+alt}'), '');
  // None of these warns: the unset case is what the syntax asks about.
  assert.equal(interpolateString('${MISSING:+alt}${MISSING+alt}', env).problems.length, 0);
});

test('nesting, as 12-interpolation.md shows it', () => {
  assert.equal(resolve('${MISSING:-${FOO}}'), 'foo');
  assert.equal(resolve('${MISSING:-${ALSO_MISSING:-default}}'), 'default');
  assert.equal(resolve('${SET:-${ALSO_MISSING:-default}}'), 'value');
  const required = interpolateString('${MISSING?$FOO}', env);
  assert.deepEqual(
    required.problems.map((p) => p.message),
    ['required variable MISSING is missing a value: foo'],
  );
  // A default that is not used is not evaluated: no warning for its unset variable.
  assert.equal(interpolateString('${SET:-$NOT_SET}', env).problems.length, 0);
});

test('$$ is a literal dollar and stops interpolation; other lone $ are kept', () => {
  assert.equal(resolve('$$VAR_NOT_INTERPOLATED_BY_COMPOSE'), '$VAR_NOT_INTERPOLATED_BY_COMPOSE');
  assert.equal(resolve('$${SET}'), '${SET}');
  assert.equal(resolve('cost: 5$ and $$$SET'), 'cost: 5$ and $value');
  assert.equal(resolve('$1 and $-'), '$1 and $-');
  assert.equal(interpolateString('$$VAR', env).variables.length, 0);
});

test('an unset variable without default: blank, with a warning', () => {
  const result = interpolateString('image: ${TAG}', env);
  assert.equal(result.value, 'image: ');
  assert.deepEqual(
    result.problems.map((p) => [p.severity, p.kind, p.message, p.span]),
    [['warning', 'unset', 'The "TAG" variable is not set. Defaulting to a blank string.', [7, 13]]],
  );
});

test('an invalid reference is an error and leaves the value as written', () => {
  const result = interpolateString('${FOO/a/b} and ${', env);
  assert.equal(result.value, '${FOO/a/b} and ${');
  assert.deepEqual(
    result.problems.map((p) => p.kind),
    ['syntax', 'syntax'],
  );
});

test('each use records its name, value, source and span', () => {
  const lookup: VariableLookup = (name) =>
    name === 'A'
      ? { value: 'a', source: 'environment' }
      : name === 'B'
        ? { value: 'b', source: '.env', file: '/p/.env', line: 3 }
        : undefined;
  const result = interpolateString('$A-${B}-${C:-c}-${D}-${B:+x}', lookup);
  assert.equal(result.value, 'a-b-c--x');
  assert.deepEqual(
    result.variables.map((u) => ({ name: u.name, value: u.value, source: u.source, span: u.span, origin: u.origin })),
    [
      { name: 'A', value: 'a', source: 'environment', span: [0, 2], origin: undefined },
      { name: 'B', value: 'b', source: '.env', span: [3, 7], origin: { file: '/p/.env', line: 3 } },
      { name: 'C', value: 'c', source: 'default', span: [8, 15], origin: undefined },
      { name: 'D', value: '', source: 'unset', span: [16, 20], origin: undefined },
      { name: 'B', value: 'x', source: '.env', span: [21, 28], origin: { file: '/p/.env', line: 3 } },
    ],
  );
});

test('nested uses carry spans within the whole string', () => {
  const result = interpolateString('x${MISSING:-${FOO}}', env);
  assert.deepEqual(
    result.variables.map((u) => [u.name, u.source, u.span]),
    [
      ['MISSING', 'default', [1, 19]],
      ['FOO', 'environment', [12, 18]],
    ],
  );
});

test('interpolateValue: every string value with its path, never a key', () => {
  const result = interpolateValue(
    {
      services: {
        web: {
          image: 'nginx:${TAG:-latest}',
          labels: { $FOO: '$FOO', list: ['$SET=1'] },
          ports: ['${PORT}:80', { target: '${PORT}', published: 80 }],
          cpus: '${CPUS}',
          tty: '${YES}',
          replicas: 3,
          x: null,
        },
      },
    },
    env,
  );
  assert.deepEqual(result.value, {
    services: {
      web: {
        image: 'nginx:latest',
        labels: { $FOO: 'foo', list: ['value=1'] },
        // Typed attributes are cast after substitution, as Compose does.
        ports: ['8080:80', { target: 8080, published: 80 }],
        cpus: 0.5,
        tty: true,
        replicas: 3,
        x: null,
      },
    },
  });
  assert.deepEqual(
    result.variables.map((u) => [u.name, u.path.join('.')]),
    [
      ['TAG', 'services.web.image'],
      ['FOO', 'services.web.labels.$FOO'],
      ['SET', 'services.web.labels.list.0'],
      ['PORT', 'services.web.ports.0'],
      ['PORT', 'services.web.ports.1.target'],
      ['CPUS', 'services.web.cpus'],
      ['YES', 'services.web.tty'],
    ],
  );
});

test('interpolateValue: a typed attribute that does not convert is an error', () => {
  const result = interpolateValue({ services: { web: { cpus: '${FOO}' } } }, env);
  assert.deepEqual(result.value, { services: { web: { cpus: 'foo' } } });
  assert.deepEqual(
    result.problems.map((p) => [p.kind, p.path.join('.')]),
    [['type', 'services.web.cpus']],
  );
});

test('interpolateValue: skipped subtrees are left alone', () => {
  const result = interpolateValue({ a: '${X}', b: '${Y}' }, env, { skip: (path) => path[0] === 'b' });
  assert.deepEqual(result.value, { a: '', b: '${Y}' });
  assert.equal(result.problems.length, 1);
});
