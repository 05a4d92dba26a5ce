// The one project check behind the editor, `dockside validate`, Up and convert: a project loaded as
// Compose loads it, each finding in the file that holds it, each problem said once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkComposeProject, type CheckProjectInput } from '../../../core/src/compose/checkProject';
import { defaultProjectFiles, documentProject } from '../../../core/src/compose/projectFiles';
import type { ProjectHost } from '../../../core/src/compose/project';
import { parseText, type ParsedText } from '../../../core/src/parse/parseText';
import { reparse } from '../../../core/src/parse/reparse';
import { marked } from '../../helpers/marked';
import { memoryHost } from './helpers';

/** Files whose text marks the expected findings with [[…]]; the host reads them without the marks. */
function markedProject(files: Record<string, string>): { host: ProjectHost; spans: Map<string, Array<[number, number]>> } {
  const texts: Record<string, string> = {};
  const spans = new Map<string, Array<[number, number]>>();
  for (const [path, source] of Object.entries(files)) {
    const { text, spans: marks } = marked(source);
    texts[path] = text;
    spans.set(path, marks);
  }
  return { host: memoryHost(texts), spans };
}

/** file → [code, span] of every finding, in order. */
function found(input: CheckProjectInput): Record<string, Array<[string, readonly [number, number]]>> {
  const result: Record<string, Array<[string, readonly [number, number]]>> = {};
  for (const [file, findings] of checkComposeProject(input).findings) result[file] = findings.map((f) => [f.code, f.span]);
  return result;
}

describe('checkComposeProject', () => {
  test('a service from an included file is defined; the included file is checked and its findings are its own', () => {
    const { host, spans } = markedProject({
      '/p/compose.yaml':
        'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: nginx\n    depends_on:\n      - db\n      - [[ghost]]\n',
      '/p/db/compose.yaml': 'services:\n  db:\n    image: postgres\n    [[imgae]]: x\n',
    });
    assert.deepEqual(found({ files: ['/p/compose.yaml'], host, env: {} }), {
      '/p/compose.yaml': [['compose/undefined-service', spans.get('/p/compose.yaml')![0]!]],
      '/p/db/compose.yaml': [['compose/schema', spans.get('/p/db/compose.yaml')![0]!]],
    });
  });

  test('an override file is merged: a host port published again and an unknown dependency are errors in the override, once each', () => {
    const { host, spans } = markedProject({
      '/p/compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n',
      '/p/compose.override.yaml': 'services:\n  api:\n    image: nginx\n    ports: [[["8080:80"]]]\n    depends_on: [[[ghost]]]\n',
    });
    const [port, ghost] = spans.get('/p/compose.override.yaml')!;
    const checked = checkComposeProject({ files: ['/p/compose.yaml', '/p/compose.override.yaml'], host, env: {} });
    assert.deepEqual(checked.findings.get('/p/compose.yaml'), [], 'the first binding is not the mistake');
    assert.deepEqual(
      checked.findings.get('/p/compose.override.yaml')!.map((f) => [f.code, f.severity, f.span, f.message]),
      [
        [
          'compose/duplicate-host-port',
          'error',
          [port![0] + 1, port![1] - 1],
          'Host port 8080/tcp is also published by service "web" in another file of this project; with both files, the second container would fail with "port is already allocated".',
        ],
        [
          'compose/undefined-service',
          'error',
          [ghost![0] + 1, ghost![1] - 1],
          'Undefined service "ghost". No service by that name is defined in this project.',
        ],
      ],
    );
  });

  test('a host port published twice by one service of a one-file project is one finding, not also "in another file"', () => {
    const { host, spans } = markedProject({
      '/p/compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n      - [["8080:8080"]]\n',
    });
    assert.deepEqual(found({ files: ['/p/compose.yaml'], host, env: {} }), {
      '/p/compose.yaml': [['compose/duplicate-host-port', spans.get('/p/compose.yaml')![0]!]],
    });
  });

  test('variables are looked up in the environment over .env: a required one unset is an error, an unset one a warning, each said once', () => {
    const files = {
      '/p/compose.yaml':
        'services:\n  web:\n    image: [[${IMAGE:?IMAGE must be set}]]\n    environment:\n      A: [[${UNSET}]]\n      B: ${FROM_DOTENV}\n      C: ${FROM_SHELL}\n',
      '/p/.env': 'FROM_DOTENV=1\nFROM_SHELL=from-dotenv\n',
    };
    const { host, spans } = markedProject(files);
    const checked = checkComposeProject({ files: ['/p/compose.yaml'], host, env: { FROM_SHELL: 'shell' } });
    assert.deepEqual(
      checked.findings.get('/p/compose.yaml')!.map((f) => [f.code, f.severity, f.span]),
      [
        ['compose/required-variable', 'error', spans.get('/p/compose.yaml')![0]],
        ['compose/unset-variable', 'warning', spans.get('/p/compose.yaml')![1]],
      ],
    );
    const web = (checked.project.model['services'] as Record<string, Record<string, unknown>>)['web']!;
    assert.deepEqual(web['environment'], { A: '', B: '1', C: 'shell' });
    assert.deepEqual([...checked.findings.keys()], ['/p/compose.yaml']);
  });

  test("an active service's env_file with a line Compose cannot read is a finding in that env file, not in a profile's service", () => {
    const { host, spans } = markedProject({
      '/p/compose.yaml':
        'services:\n  web:\n    image: nginx\n    env_file: app.env\n  tools:\n    image: busybox\n    profiles: [debug]\n    env_file: tools.env\n',
      '/p/app.env': 'MODE=production\n[[LOG LEVEL]]\n',
      '/p/tools.env': 'BAD KEY\n',
    });
    assert.deepEqual(found({ files: ['/p/compose.yaml'], host, env: {} }), {
      '/p/compose.yaml': [],
      '/p/app.env': [['compose/env-file-syntax', spans.get('/p/app.env')![0]!]],
    });
  });

  test('--env-file replaces .env, and a bad line in it is a finding in that file', () => {
    const host = memoryHost({
      '/p/compose.yaml': 'services:\n  web:\n    image: nginx:${TAG}\n',
      '/p/.env': 'TAG=from-dotenv\n',
      '/p/prod.env': 'TAG=1.27\nnot a variable line\n',
    });
    const checked = checkComposeProject({ files: ['/p/compose.yaml'], host, env: {}, envFiles: ['/p/prod.env'] });
    const web = (checked.project.model['services'] as Record<string, Record<string, unknown>>)['web']!;
    assert.equal(web['image'], 'nginx:1.27');
    assert.deepEqual(checked.findings.get('/p/compose.yaml'), []);
    assert.deepEqual(
      checked.findings.get('/p/prod.env')!.map((f) => f.code),
      ['compose/env-file-syntax'],
    );
  });

  test('profiles: a dependency on a service of a profile that is off is an error, and not with --profile', () => {
    const host = memoryHost({
      '/p/compose.yaml': 'services:\n  web:\n    image: nginx\n    depends_on: [db]\n  db:\n    image: postgres\n    profiles: [data]\n',
    });
    const off = checkComposeProject({ files: ['/p/compose.yaml'], host, env: {} });
    assert.deepEqual(
      off.findings.get('/p/compose.yaml')!.map((f) => [f.code, f.message]),
      [['compose/undefined-service', 'Service "web" depends on "db", which is not active: it needs the profile "data".']],
    );
    assert.deepEqual(
      checkComposeProject({ files: ['/p/compose.yaml'], host, env: {}, profiles: ['data'] }).findings.get('/p/compose.yaml'),
      [],
    );
    assert.deepEqual(
      checkComposeProject({ files: ['/p/compose.yaml'], host, env: { COMPOSE_PROFILES: 'data' } }).findings.get('/p/compose.yaml'),
      [],
    );
  });

  test('in an untrusted workspace nothing is claimed about variables, since .env is not read', () => {
    const host = {
      ...memoryHost({ '/p/compose.yaml': 'services:\n  web:\n    image: ${IMAGE:?set it}\n', '/p/.env': 'IMAGE=nginx\n' }),
      readsEnvFiles: false,
    };
    assert.deepEqual(checkComposeProject({ files: ['/p/compose.yaml'], host, env: {} }).findings.get('/p/compose.yaml'), []);
  });

  test('only: just the files asked for are checked', () => {
    const host = memoryHost({
      '/p/compose.yaml': 'services:\n  web:\n    imgae: nginx\n    image: nginx\n',
      '/p/compose.override.yaml': 'services:\n  web:\n    depends_on: [ghost]\n',
    });
    const checked = checkComposeProject({
      files: ['/p/compose.yaml', '/p/compose.override.yaml'],
      host,
      env: {},
      only: ['/p/compose.override.yaml'],
    });
    assert.deepEqual([...checked.findings.keys()], ['/p/compose.override.yaml']);
    assert.deepEqual(
      checked.findings.get('/p/compose.override.yaml')!.map((f) => f.code),
      ['compose/undefined-service'],
    );
  });
});

describe('documentProject: the project a single Compose file is checked in', () => {
  const host = memoryHost({
    '/a/compose.yaml': '',
    '/a/compose.override.yaml': '',
    '/a/compose.stage.yaml': '',
    '/b/docker-compose.prod.yml': '',
    '/c/compose.override.yaml': '',
  });

  test('a base or override file with its partner; another partial file onto the base', () => {
    assert.deepEqual(documentProject('/a/compose.yaml', host), {
      files: ['/a/compose.yaml', '/a/compose.override.yaml'],
      wholeProject: true,
    });
    assert.deepEqual(documentProject('/a/compose.override.yaml', host), {
      files: ['/a/compose.yaml', '/a/compose.override.yaml'],
      wholeProject: true,
    });
    assert.deepEqual(documentProject('/a/compose.stage.yaml', host), {
      files: ['/a/compose.yaml', '/a/compose.stage.yaml'],
      wholeProject: true,
    });
  });

  test('docker-compose.prod.yml with no base beside it is a whole project; a lone override file is not', () => {
    assert.deepEqual(documentProject('/b/docker-compose.prod.yml', host), { files: ['/b/docker-compose.prod.yml'], wholeProject: true });
    assert.deepEqual(documentProject('/c/compose.override.yaml', host), { files: ['/c/compose.override.yaml'], wholeProject: false });
  });

  test('a lone docker-compose.prod.yml gets the whole-project rules; a lone override file does not', () => {
    const files = memoryHost({
      '/b/docker-compose.prod.yml': 'services:\n  web:\n    image: nginx\n    depends_on: [ghost]\n    networks: [nope]\n',
      '/c/compose.override.yaml': 'services:\n  web:\n    depends_on: [db]\n',
    });
    const codes = (path: string): string[] =>
      checkComposeProject({ ...documentProject(path, files), host: files, env: {} })
        .findings.get(path)!
        .map((f) => f.code);
    assert.deepEqual(codes('/b/docker-compose.prod.yml'), ['compose/undefined-service', 'compose/undefined-network']);
    assert.deepEqual(codes('/c/compose.override.yaml'), []);
  });
});

describe('defaultProjectFiles: the files docker compose uses when none is named', () => {
  test('COMPOSE_FILE, split on COMPOSE_PATH_SEPARATOR (default ":"), relative to the working folder', () => {
    const host = memoryHost({ '/w/a.yaml': '', '/w/b.yaml': '', '/w/compose.yaml': '' });
    assert.deepEqual(defaultProjectFiles({ workingDir: '/w', env: { COMPOSE_FILE: 'a.yaml:/w/b.yaml' }, host }), {
      files: ['/w/a.yaml', '/w/b.yaml'],
      from: 'COMPOSE_FILE',
    });
    assert.deepEqual(
      defaultProjectFiles({ workingDir: '/w', env: { COMPOSE_FILE: 'a.yaml,b.yaml', COMPOSE_PATH_SEPARATOR: ',' }, host }).files,
      ['/w/a.yaml', '/w/b.yaml'],
    );
  });

  test('COMPOSE_FILE from .env, unless COMPOSE_DISABLE_ENV_FILE; the environment wins over .env', () => {
    const host = memoryHost({ '/w/.env': 'COMPOSE_FILE=a.yaml\n', '/w/a.yaml': '', '/w/compose.yaml': '', '/w/b.yaml': '' });
    assert.deepEqual(defaultProjectFiles({ workingDir: '/w', env: {}, host }).files, ['/w/a.yaml']);
    assert.deepEqual(defaultProjectFiles({ workingDir: '/w', env: { COMPOSE_FILE: 'b.yaml' }, host }).files, ['/w/b.yaml']);
    assert.deepEqual(defaultProjectFiles({ workingDir: '/w', env: { COMPOSE_DISABLE_ENV_FILE: 'true' }, host }), {
      files: ['/w/compose.yaml'],
      from: 'names',
    });
  });

  test("else Compose's names, here or in the nearest folder above", () => {
    const host = memoryHost({ '/w/docker-compose.yml': '', '/w/docker-compose.override.yml': '' });
    assert.deepEqual(defaultProjectFiles({ workingDir: '/w/sub/deeper', env: {}, host }).files, [
      '/w/docker-compose.yml',
      '/w/docker-compose.override.yml',
    ]);
    assert.deepEqual(defaultProjectFiles({ workingDir: '/elsewhere', env: {}, host }).files, []);
  });
});

describe('checkComposeProject in the editor', () => {
  test('checked again after each edit, as the editor does, the findings follow the new text (what the rules read once per file is not reused)', () => {
    // The editor re-reads only the edited service (not the last entry of its mapping, nor of the file)
    // and updates the services' record in place.
    const path = '/p/compose.yaml';
    let parsed = parseText(
      'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n  api:\n    image: nginx\n    ports:\n      - "8080:80"\n  db:\n    image: postgres\n    volumes:\n      - data:/var/lib/db\nvolumes:\n  data:\n',
    );
    const edit = (from: string, to: string): void => {
      const start = parsed.text.lastIndexOf(from);
      const text = parsed.text.slice(0, start) + to + parsed.text.slice(start + from.length);
      const next: ParsedText | undefined = reparse(parsed, text, { start, end: start + from.length, text: to });
      assert.ok(next, 'the edit is one service read again');
      parsed = next;
    };
    const check = (): string[] => {
      const host: ProjectHost = { fileExists: (file) => file === path, readFile: (file) => (file === path ? parsed.text : undefined) };
      const findings = checkComposeProject({ files: [path], host, env: {}, parse: () => parsed }).findings.get(path)!;
      return findings.map((f) => `${f.code} ${parsed.text.slice(...f.span)}: ${f.message}`);
    };
    const duplicate = (port: number, service: string): string =>
      `compose/duplicate-host-port "${port}:80": Host port ${port}/tcp is already published by service "${service}"; the second container would fail with "port is already allocated".`;
    assert.deepEqual(check(), [duplicate(8080, 'web')]);
    edit('"8080:80"', '"8081:80"');
    assert.deepEqual(check(), []);
    edit('"8081:80"', '"80:x"');
    assert.deepEqual(check(), [
      'compose/port-syntax "80:x": Port "80:x" in service "api" is malformed: "x" is not a container port or range.',
    ]);
    edit('"80:x"', '"8082:80"');
    edit('web:\n    image: nginx\n    ports:\n      - "8080:80"', 'web:\n    image: nginx\n    ports:\n      - "8082:80"');
    assert.deepEqual(check(), [duplicate(8082, 'web')]);
    edit('- data:/var/lib/db', '- /srv/db:/var/lib/db');
    assert.deepEqual(check().slice(1), ['compose/unused-volume data: The volume "data" is declared but no service uses it.']);
    edit('- /srv/db:/var/lib/db', '- other:/var/lib/db');
    assert.deepEqual(check().slice(1), [
      'compose/undefined-volume other: Undefined volume "other". Declare it under the top-level "volumes:" key.',
      'compose/unused-volume data: The volume "data" is declared but no service uses it.',
    ]);
    edit('- other:/var/lib/db', '- data:/var/lib/db');
    assert.deepEqual(check(), [duplicate(8082, 'web')]);
  });
});
