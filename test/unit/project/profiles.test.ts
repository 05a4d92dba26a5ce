import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectServices, serviceHasProfile } from '../../../core/src/compose/project';
import { plain } from './helpers';

// The illustrative example of 15-profiles.md.
const model = plain(`
  services:
    foo:
      image: foo
    bar:
      image: bar
      profiles:
        - test
    baz:
      image: baz
      depends_on:
        - bar
      profiles:
        - test
    zot:
      image: zot
      depends_on:
        - bar
      profiles:
        - debug
`);

function select(profiles: string[], services?: string[]) {
  const selection = selectServices(model, { profiles, ...(services ? { services } : {}) });
  return {
    active: selection.active,
    profiles: selection.profiles,
    problems: selection.problems.map((p) => `${p.kind}: ${p.service} → ${p.dependency ?? ''}`),
  };
}

test('no profile enabled: only foo', () => {
  assert.deepEqual(select([]), { active: ['foo'], profiles: [], problems: [] });
});

test('profile test: foo, bar and baz', () => {
  assert.deepEqual(select(['test']).active, ['foo', 'bar', 'baz']);
});

test('profile debug: foo and zot, and zot depends on the disabled bar', () => {
  assert.deepEqual(select(['debug']), { active: ['foo', 'zot'], profiles: ['debug'], problems: ['disabled-dependency: zot → bar'] });
});

test('profiles debug and test: every service', () => {
  assert.deepEqual(select(['debug', 'test']), { active: ['foo', 'bar', 'baz', 'zot'], profiles: ['debug', 'test'], problems: [] });
});

test('explicit bar: bar runs and its profile test is active', () => {
  assert.deepEqual(select([], ['bar']), { active: ['bar'], profiles: ['test'], problems: [] });
});

test('explicit baz: profile test is active and bar comes in through depends_on', () => {
  assert.deepEqual(select([], ['baz']), { active: ['bar', 'baz'], profiles: ['test'], problems: [] });
});

test('explicit zot: invalid, since zot and bar share no profile', () => {
  assert.deepEqual(select([], ['zot']), { active: ['zot'], profiles: ['debug'], problems: ['disabled-dependency: zot → bar'] });
});

test('explicit zot with profile test: debug turns on too, and bar is pulled in', () => {
  assert.deepEqual(select(['test'], ['zot']), { active: ['bar', 'zot'], profiles: ['test', 'debug'], problems: [] });
});

test('"*" enables every profile', () => {
  assert.deepEqual(select(['*']).active, ['foo', 'bar', 'baz', 'zot']);
});

test('an unknown explicit service, and dependencies nobody defines, are problems', () => {
  const selection = selectServices(plain('services: { web: { depends_on: { db: {}, opt: { required: false } }, links: ["cache:c"] } }'), {
    profiles: [],
    services: ['nope'],
  });
  assert.deepEqual(
    selection.problems.map((p) => p.kind),
    ['unknown-service'],
  );
  const all = selectServices(plain('services: { web: { depends_on: { db: {}, opt: { required: false } }, links: ["cache:c"] } }'), {
    profiles: [],
  });
  assert.deepEqual(
    all.problems.map((p) => [p.kind, p.dependency, p.path.join('.')]),
    [
      ['undefined-dependency', 'db', 'services.web.depends_on.db'],
      ['undefined-dependency', 'cache', 'services.web.links.0'],
    ],
  );
});

test('serviceHasProfile', () => {
  assert.equal(serviceHasProfile({}, []), true);
  assert.equal(serviceHasProfile({ profiles: [] }, []), true);
  assert.equal(serviceHasProfile({ profiles: ['a'] }, ['b']), false);
  assert.equal(serviceHasProfile({ profiles: ['a', 'b'] }, ['b']), true);
});
