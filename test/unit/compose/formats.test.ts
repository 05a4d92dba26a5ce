import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanInterpolations } from '../../../core/src';
import { parseShortPort } from '../../../core/src/compose/ports';
import { isByteSize, isDuration } from '../../../core/src/compose/units';
import { matchesAnyGlob } from '../../../core/src/text/glob';
import { splitShortVolume } from '../../../core/src/compose/model';

test('short port syntax: every documented form parses', () => {
  const cases: Array<[string, object]> = [
    ['80', { target: { start: 80, end: 80 }, protocol: 'tcp' }],
    ['8080:80', { published: { start: 8080, end: 8080 }, target: { start: 80, end: 80 } }],
    ['127.0.0.1:8080:80/udp', { hostIp: '127.0.0.1', protocol: 'udp' }],
    ['[::1]:6001:6001', { hostIp: '::1' }],
    ['9090-9091:8080', { published: { start: 9090, end: 9091 }, target: { start: 8080, end: 8080 } }],
    ['3000-3005', { target: { start: 3000, end: 3005 } }],
    ['127.0.0.1::5000', { hostIp: '127.0.0.1', published: undefined }],
  ];
  for (const [spec, expected] of cases) {
    const parsed = parseShortPort(spec);
    assert.ok(parsed.ok, spec);
    for (const [key, value] of Object.entries(expected))
      assert.deepEqual((parsed.mapping as unknown as Record<string, unknown>)[key], value, `${spec} ${key}`);
  }
});

test('short port syntax: mistakes are explained', () => {
  const cases: Array<[string, RegExp]> = [
    ['0:80', /host port 0 is outside 1-65535/],
    ['8080:80:90:100', /too many ":" parts/],
    ['80/http', /protocol "http"/],
    ['abc', /not a container port/],
    ['90-80', /runs backwards/],
    ['localhost:80:80', /"localhost" is not an IP address/],
  ];
  for (const [spec, problem] of cases) {
    const parsed = parseShortPort(spec);
    assert.ok(!parsed.ok, spec);
    assert.match(parsed.problem, problem);
  }
});

test('durations follow Go time.ParseDuration; byte sizes follow Docker', () => {
  for (const ok of ['10s', '1m30s', '1.5h', '500ms', '2us', '0']) assert.ok(isDuration(ok), ok);
  for (const bad of ['10', '10 s', 's', '1d', '']) assert.ok(!isDuration(bad), bad);
  for (const ok of ['1024', '512m', '1g', '1.5GB', '64k', '2gib', '-1']) assert.ok(isByteSize(ok), ok);
  for (const bad of ['lots', '1.5 gigs', 'm', '']) assert.ok(!isByteSize(bad), bad);
});

test('interpolation: forms, nesting, escapes and mistakes', () => {
  const text = 'a $A ${B} ${C:-x} ${D?must} ${E:+${F:-y}} $$G $${H}';
  assert.deepEqual(
    scanInterpolations(text).interpolations.map((i) => [i.name, i.operator ?? '', text.slice(i.start, i.end)]),
    [
      ['A', '', '$A'],
      ['B', '', '${B}'],
      ['C', ':-', '${C:-x}'],
      ['D', '?', '${D?must}'],
      ['E', ':+', '${E:+${F:-y}}'],
      ['F', ':-', '${F:-y}'],
    ],
  );
  assert.deepEqual(scanInterpolations(text).problems, []);
  assert.deepEqual(
    scanInterpolations('x ${').problems.map((p) => [p.start, p.end]),
    [[2, 4]],
  );
  assert.match(scanInterpolations('${}').problems[0]!.message, /names no variable/);
  assert.match(scanInterpolations('${A B}').problems[0]!.message, /has " " after the name/);
});

test('file globs match names, or path ends when they have a slash', () => {
  const globs = ['compose.*.yaml', 'docker-compose.yml', 'deploy/**/*.stack.yml', '{a,b}.yaml'];
  for (const yes of [
    '/w/compose.prod.yaml',
    'C:\\w\\docker-compose.yml',
    '/w/deploy/x/y/app.stack.yml',
    '/w/deploy/app.stack.yml',
    '/w/b.yaml',
  ]) {
    assert.ok(matchesAnyGlob(yes, globs), yes);
  }
  for (const no of ['/w/compose.yaml.bak', '/w/my-docker-compose.yml', '/w/other/app.stack.yml', '/w/c.yaml'])
    assert.ok(!matchesAnyGlob(no, globs), no);
});

test('short volume syntax keeps Windows drive letters in the source', () => {
  assert.deepEqual(splitShortVolume('data:/var/lib:ro'), { source: 'data', target: '/var/lib', mode: 'ro' });
  assert.deepEqual(splitShortVolume('C:\\data:/data'), { source: 'C:\\data', target: '/data', mode: undefined });
  assert.deepEqual(splitShortVolume('/var/lib/anonymous'), { target: '/var/lib/anonymous' });
});
