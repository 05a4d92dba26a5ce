import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseText, validateCompose, type Span } from '../../../core/src';
import {
  buildSymbolsIndex,
  definitionOf,
  projectDefinitions,
  projectPrepareRename,
  projectReferences,
  projectRename,
  type ProjectDocument,
  type ProjectLocation,
} from '../../../core/src/navigate';
import { applyEdits } from '../../helpers/applyEdits';
import { fixture, type NavigationFixture } from './fixture';

const BASE = 'file:///app/compose.yaml';
const OVERRIDE = 'file:///app/compose.override.yaml';

/** The base file and its override, each with the marks of the symbol the test is about. */
function project(base: string, override: string): { documents: ProjectDocument[]; fixtures: Map<string, NavigationFixture> } {
  const fixtures = new Map([
    [BASE, fixture(base)],
    [OVERRIDE, fixture(override)],
  ]);
  const documents = [...fixtures].map(([uri, f]) => ({ uri, text: f.text, parsed: parseText(f.text) }));
  return { documents, fixtures };
}

function cursor(fixtures: Map<string, NavigationFixture>): { uri: string; offset: number } {
  const found = [...fixtures].filter(([, f]) => f.cursor !== undefined);
  assert.equal(found.length, 1, 'exactly one file has the cursor');
  return { uri: found[0]![0], offset: found[0]![1].cursor! };
}

function marked(fixtures: Map<string, NavigationFixture>, role: 'definitions' | 'references'): ProjectLocation[] {
  return [...fixtures].flatMap(([uri, f]) => f[role].map((span: Span) => ({ uri, span })));
}

/** Locations as `file name@offset`, so a failing comparison is readable. */
function show(documents: readonly ProjectDocument[], locations: readonly ProjectLocation[]): string[] {
  return locations.map(({ uri, span }) => {
    const text = documents.find((d) => d.uri === uri)!.text;
    return `${uri.split('/').pop()}:${text.slice(span[0], span[1])}@${span[0]}`;
  });
}

const BASE_FILE = `
  services:
    {{db}}:
      image: postgres
    web:
      image: nginx
      depends_on: [[[db]]]
`;

test('project: a service defined in the base and referred to in the override resolves to the base', () => {
  const { documents, fixtures } = project(
    BASE_FILE,
    `
    services:
      web:
        environment: { DEBUG: "1" }
        depends_on:
          [[d‸b]]:
            condition: service_healthy
  `,
  );
  const { uri, offset } = cursor(fixtures);
  assert.deepEqual(show(documents, projectDefinitions(documents, uri, offset)), show(documents, marked(fixtures, 'definitions')));
  assert.deepEqual(show(documents, projectReferences(documents, uri, offset, false)), show(documents, marked(fixtures, 'references')));
  assert.deepEqual(
    show(documents, projectReferences(documents, uri, offset, true)),
    show(
      documents,
      [...marked(fixtures, 'definitions'), ...marked(fixtures, 'references')].sort((a, b) =>
        a.uri === b.uri ? a.span[0] - b.span[0] : a.uri === BASE ? -1 : 1,
      ),
    ),
  );
});

test('project: a service the override extends goes to its definition in the base, the first file that defines it', () => {
  const { documents, fixtures } = project(
    `
    services:
      db:
        image: postgres
      {{web}}:
        image: nginx
  `,
    `
    services:
      {{w‸eb}}:
        ports: ["8080:80"]
  `,
  );
  const { uri, offset } = cursor(fixtures);
  const [inBase, inOverride] = marked(fixtures, 'definitions');
  assert.deepEqual(show(documents, projectDefinitions(documents, uri, offset)), show(documents, [inBase!]));
  // Both keys are declarations of the one service.
  assert.deepEqual(show(documents, projectReferences(documents, uri, offset, true)), show(documents, [inBase!, inOverride!]));
  assert.deepEqual(projectReferences(documents, uri, offset, false), []);
});

test('project: a network only the override declares is found there', () => {
  const { documents, fixtures } = project('services:\n  web:\n    image: nginx\n    networks: [[[deb‸ug]]]\n', 'networks:\n  {{debug}}:\n');
  const { uri, offset } = cursor(fixtures);
  assert.deepEqual(show(documents, projectDefinitions(documents, uri, offset)), show(documents, marked(fixtures, 'definitions')));
});

test('project: rename edits every file, and every name still resolves afterwards', () => {
  const { documents, fixtures } = project(
    `
    services:
      db:
        image: postgres
        volumes: ["pgdata:/var/lib/postgresql/data"]
      web:
        image: nginx
        depends_on: [db]
    volumes:
      pgdata:
  `,
    `
    services:
      db:
        environment: { POSTGRES_PASSWORD: example }
      web:
        links: ["d‸b:database"]
      migrate:
        image: app
        network_mode: service:db
  `,
  );
  const { uri, offset } = cursor(fixtures);
  const result = projectRename(documents, uri, offset, 'postgres');
  assert.ok('changes' in result, 'error' in result ? result.error : '');
  assert.deepEqual(
    result.changes.map((change) => [change.uri, change.edits.length]),
    [
      [BASE, 2],
      [OVERRIDE, 3],
    ],
  );
  const renamed = documents.map((d) => {
    const edits = result.changes.find((change) => change.uri === d.uri)?.edits ?? [];
    const text = applyEdits(d.text, edits);
    return { uri: d.uri, text, parsed: parseText(text) };
  });
  assert.match(renamed[1]!.text, /links: \["postgres:database"\]/);
  assert.match(renamed[1]!.text, /network_mode: service:postgres/);
  // The base is a whole project on its own: the checker finds nothing undefined in it.
  const baseFindings = validateCompose(renamed[0]!.text, { documentPath: '/app/compose.yaml' });
  assert.deepEqual(
    baseFindings.filter((finding) => /undefined/.test(finding.code)).map((finding) => finding.message),
    [],
  );
  // The override is partial: each name it uses must be defined in one of the two files.
  const indexes = renamed.map((d) => buildSymbolsIndex(d.parsed, 'compose'));
  const dangling = indexes[1]!.entries.filter(
    (entry) => entry.role === 'reference' && indexes.every((index) => definitionOf(index, entry).length === 0),
  );
  assert.deepEqual(
    dangling.map((entry) => entry.name),
    [],
  );
});

test('project: rename is refused when the new name is defined in the other file', () => {
  const { documents, fixtures } = project(BASE_FILE, 'services:\n  debug:\n    image: busybox\n    depends_on: [d‸b]\n');
  const { uri, offset } = cursor(fixtures);
  assert.deepEqual(projectRename(documents, uri, offset, 'debug'), {
    error: 'A service named "debug" already exists in the files of this Compose project.',
  });
});

test('project: rename is refused for a name no file defines, and for a bad name', () => {
  const { documents, fixtures } = project(BASE_FILE, 'services:\n  web:\n    depends_on: [ca‸che]\n');
  const { uri, offset } = cursor(fixtures);
  assert.deepEqual(projectRename(documents, uri, offset, 'redis'), {
    error: 'The service "cache" is not defined in the files of this Compose project, so it cannot be renamed here.',
  });
  assert.deepEqual(projectPrepareRename(documents, uri, offset), {
    error: 'The service "cache" is not defined in the files of this Compose project, so it cannot be renamed here.',
  });
  const onDb = documents[0]!.text.indexOf('db');
  assert.match((projectRename(documents, BASE, onDb, 'my db') as { error: string }).error, /not a valid service name/);
});

test('project: prepare rename answers for a name the other file defines; unknown documents answer nothing', () => {
  const { documents, fixtures } = project(BASE_FILE, 'services:\n  web:\n    depends_on: [[[d‸b]]]\n');
  const { uri, offset } = cursor(fixtures);
  assert.deepEqual(projectPrepareRename(documents, uri, offset), { span: fixtures.get(OVERRIDE)!.references[0], placeholder: 'db' });
  assert.equal(projectPrepareRename(documents, 'file:///elsewhere.yaml', 3), undefined);
  assert.deepEqual(projectDefinitions(documents, 'file:///elsewhere.yaml', 3), []);
  assert.deepEqual(projectReferences(documents, 'file:///elsewhere.yaml', 3, true), []);
  assert.deepEqual(projectRename(documents, 'file:///elsewhere.yaml', 3, 'x'), {
    error: 'The document file:///elsewhere.yaml is not part of this project.',
  });
});
