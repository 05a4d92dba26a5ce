import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProject, validateCompose } from '../../../core/src';
import { dedent, marked } from '../../helpers/marked';

const BASE = dedent(`
  services:
    web:
      image: nginx
      ports: ["8080:80"]
      networks: [front]
    db:
      image: postgres
  networks:
    front:
`);

/** Validates `override` as the second file of a project whose base is BASE, the way the server does. */
function checkOverride(override: string) {
  const files: Record<string, string> = { '/p/compose.yaml': BASE, '/p/compose.override.yaml': override };
  const host = { readFile: (path: string) => files[path], fileExists: (path: string) => path in files };
  const project = loadProject({ files: Object.keys(files), host, env: {} });
  return validateCompose(override, { documentPath: '/p/compose.override.yaml', project: project.model, host });
}

test('an override file may use what the base file declares', () => {
  const findings = checkOverride(
    dedent(`
    services:
      web:
        environment: { A: "1" }
        depends_on: [db]
      api:
        image: example/api
        networks: [front]
  `),
  );
  assert.deepEqual(findings, []);
});

test('names unknown to the whole project are still errors in an override file', () => {
  const { text, spans } = marked(
    dedent(`
    services:
      api:
        image: example/api
        networks: [ [[back]] ]
        depends_on: [ [[cache]] ]
  `),
  );
  const findings = checkOverride(text);
  assert.deepEqual(
    findings.map((f) => [f.code, f.span]),
    [
      ['compose/undefined-network', spans[0]],
      ['compose/undefined-service', spans[1]],
    ],
  );
});

test('a host port published twice across the merged files is an error in the file that adds it', () => {
  const { text, spans } = marked('services:\n  api:\n    image: example/api\n    ports: [ [["8080:3000"]] ]\n');
  const findings = checkOverride(text);
  assert.deepEqual(
    findings.map((f) => [f.code, f.span]),
    [['compose/duplicate-host-port', spans[0]]],
  );
  assert.match(findings[0]!.message, /also published by service "web" in another file of this project/);
});

test("repeating the base file's own port mapping for the same service is no conflict", () => {
  assert.deepEqual(checkOverride('services:\n  web:\n    ports: ["8080:80"]\n'), []);
});

test('unset variables: a warning without a default, an error when required, nothing with a default', () => {
  const { text, spans } = marked(
    dedent(`
    services:
      web:
        image: "nginx:[[\${TAG}]]"
        environment:
          A: [[\${API_KEY:?set API_KEY in .env}]]
          B: \${MODE:-dev}
          C: \${SET}
          D: $$NOT_A_VARIABLE
  `),
  );
  const known = new Map([['SET', { value: '1', source: 'environment' as const }]]);
  const findings = validateCompose(text, { variables: (name) => known.get(name) });
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity, f.span]),
    [
      ['compose/unset-variable', 'warning', spans[0]],
      ['compose/required-variable', 'error', spans[1]],
    ],
  );
  assert.match(findings[1]!.message, /"set API_KEY in \.env"/);
});

test('in a one-file project, a host port published twice is one error, not also "in another file"', () => {
  const { text, spans } = marked('services:\n  web:\n    image: nginx\n    ports: ["8080:80", [["8080:8080"]] ]\n');
  const files: Record<string, string> = { '/p/compose.yaml': text };
  const host = { readFile: (path: string) => files[path], fileExists: (path: string) => path in files };
  const project = loadProject({ files: ['/p/compose.yaml'], host, env: {} });
  const findings = validateCompose(text, { documentPath: '/p/compose.yaml', project: project.model, host });
  assert.deepEqual(
    findings.map((f) => [f.code, f.span, f.message]),
    [
      [
        'compose/duplicate-host-port',
        spans[0],
        'Host port 8080/tcp is already published by this service; the second container would fail with "port is already allocated".',
      ],
    ],
  );
});
