import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateCompose, type Finding } from '../../../core/src';
import { applyEdits } from '../../helpers/applyEdits';
import { dedent } from '../../helpers/marked';

/** Applies the named fix of the first finding with `code` and returns the new text. */
function fix(text: string, code: string, title: RegExp): string {
  const finding = validateCompose(text).find((f) => f.code === code);
  assert.ok(finding, `no ${code} in:\n${text}`);
  const chosen = finding.fixes?.find((f) => title.test(f.title));
  assert.ok(chosen, `no fix matching ${title}: ${JSON.stringify(finding.fixes?.map((f) => f.title))}`);
  return applyEdits(text, chosen.edits);
}

function codes(text: string): string[] {
  return validateCompose(text).map((f: Finding) => f.code);
}

test('rename a mistyped key to the suggested one', () => {
  const fixed = fix('services:\n  web:\n    imgae: nginx\n', 'compose/schema', /^Change to "image"$/);
  assert.equal(fixed, 'services:\n  web:\n    image: nginx\n');
  assert.deepEqual(codes(fixed), []);
});

test('rename keeps JSON quotes', () => {
  const fixed = fix('{"services": {"web": {"imgae": "nginx"}}}', 'compose/schema', /image/);
  assert.equal(fixed, '{"services": {"web": {"image": "nginx"}}}');
});

test('replace a mistyped enum value', () => {
  const fixed = fix('services:\n  web:\n    image: x\n    pull_policy: alwayss\n', 'compose/schema', /^Change to "always"$/);
  assert.deepEqual(codes(fixed), []);
});

test('declare a missing network in the existing top-level section, indented like its siblings', () => {
  const text = dedent(`
    services:
      web:
        image: nginx
        networks: [front, back]
    networks:
        front:
          driver: bridge
  `);
  const fixed = fix(text, 'compose/undefined-network', /^Declare network "back"$/);
  assert.match(fixed, /networks:\n {4}front:\n {6}driver: bridge\n {4}back:\n/);
  assert.deepEqual(codes(fixed), []);
});

test('declare a missing volume, creating the top-level section', () => {
  const fixed = fix(
    'services:\n  db:\n    image: postgres\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n',
    'compose/undefined-volume',
    /^Declare volume "pgdata"$/,
  );
  assert.equal(fixed.endsWith('\nvolumes:\n  pgdata:\n'), true, fixed);
  assert.deepEqual(codes(fixed), []);
});

test('declare a missing secret under an empty section key, with a file placeholder', () => {
  const fixed = fix(
    'services:\n  web:\n    image: x\n    secrets: [token]\nsecrets:\n',
    'compose/undefined-secret',
    /^Declare secret "token"$/,
  );
  assert.equal(fixed, 'services:\n  web:\n    image: x\n    secrets: [token]\nsecrets:\n  token:\n    file: ./token.txt\n');
  assert.deepEqual(codes(fixed), []);
});

test('a near-miss reference offers the rename first', () => {
  const text = 'services:\n  web:\n    image: x\n    networks: [bakc]\nnetworks:\n  back:\n';
  const finding = validateCompose(text).find((f) => f.code === 'compose/undefined-network')!;
  assert.deepEqual(
    finding.fixes?.map((f) => [f.title, f.preferred]),
    [
      ['Change to "back"', true],
      ['Declare network "bakc"', false],
    ],
  );
  assert.deepEqual(codes(applyEdits(text, finding.fixes![0]!.edits)), []);
});

test('add a healthcheck skeleton to the service another waits on', () => {
  const text = dedent(`
    services:
      db:
        image: postgres
        environment:
          A: 1
      web:
        image: nginx
        depends_on:
          db:
            condition: service_healthy
  `);
  const fixed = fix(text, 'compose/healthcheck-missing', /^Add a healthcheck to "db"$/);
  assert.match(fixed, /\n {2}db:\n {4}image: postgres\n {4}environment:\n {6}A: 1\n {4}healthcheck:\n {6}test: \["CMD", "true"\]/);
  assert.deepEqual(codes(fixed), []);
});

test('quote a port mapping YAML 1.1 reads as a base-60 number', () => {
  const text = 'services:\n  ssh:\n    image: x\n    ports:\n      - 22:22\n      - 8080:80\n';
  const finding = validateCompose(text).find((f) => f.code === 'compose/port-base60')!;
  assert.match(finding.message, /number 1342/);
  const fixed = applyEdits(text, finding.fixes![0]!.edits);
  assert.equal(fixed, 'services:\n  ssh:\n    image: x\n    ports:\n      - "22:22"\n      - 8080:80\n');
  assert.deepEqual(codes(fixed), []);
});

test('CRLF files get CRLF in inserted lines', () => {
  const text = 'services:\r\n  db:\r\n    image: x\r\n    volumes: [data:/d]\r\nvolumes:\r\n  other:\r\n';
  const fixed = fix(text, 'compose/undefined-volume', /Declare/);
  assert.ok(!/[^\r]\n/.test(fixed), JSON.stringify(fixed));
  assert.deepEqual(
    codes(fixed).filter((c) => c !== 'compose/unused-volume'),
    [],
  );
});
