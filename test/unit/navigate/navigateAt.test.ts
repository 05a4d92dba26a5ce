import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateCompose, validateTaskDefinition, type Finding } from '../../../core/src';
import {
  definitionOf,
  highlightsAt,
  prepareRenameAt,
  referencesOf,
  renameAt,
  symbolAt,
  type NavigationLanguage,
} from '../../../core/src/navigate';
import { applyEdits } from '../../helpers/applyEdits';
import { dedent } from '../../helpers/marked';
import { cursorOf, fixture, indexOf, show } from './fixture';

interface QueryCase {
  name: string;
  language: NavigationLanguage;
  /** The cursor `‸`, and every definition `{{…}}` and reference `[[…]]` of the name under it. */
  source: string;
}

const queries: QueryCase[] = [
  {
    name: 'a service from a depends_on reference',
    language: 'compose',
    source: `
      services:
        {{db}}:
          image: postgres
        web:
          image: nginx
          depends_on: [[[d‸b]]]
          links: ["[[db]]:database"]
          network_mode: service:[[db]]
    `,
  },
  {
    name: 'a service from its definition, cursor at the start of the key',
    language: 'compose',
    source: `
      services:
        ‸{{db}}:
          image: postgres
        web:
          depends_on:
            [[db]]:
              condition: service_started
          volumes_from: [[[db]]:ro]
          extends: [[db]]
    `,
  },
  {
    name: 'the cursor just after the last character still counts',
    language: 'compose',
    source: `
      services:
        {{db}}:
          image: postgres
        web:
          depends_on: [[[db]]‸]
    `,
  },
  {
    name: 'a volume from inside "data:/var/lib" short syntax',
    language: 'compose',
    source: `
      services:
        db:
          image: postgres
          volumes:
            - "[[da‸ta]]:/var/lib/postgresql/data"
            - type: volume
              source: [[data]]
              target: /backup
      volumes:
        {{data}}:
    `,
  },
  {
    name: 'a service from inside "service:vpn"',
    language: 'compose',
    source: `
      services:
        {{vpn}}:
          image: vpn
        web:
          network_mode: "service:[[v‸pn]]"
        api:
          network_mode: "service:[[vpn]]"
    `,
  },
  {
    name: 'a service referred to from an anchored block that two services merge',
    language: 'compose',
    source: `
      x-app: &app
        depends_on: [[[db]]]
      services:
        {{d‸b}}:
          image: postgres
        web:
          <<: *app
        api:
          <<: *app
    `,
  },
  {
    name: 'an undefined service: references but no definition',
    language: 'compose',
    source: `
      services:
        web:
          depends_on: [[[mi‸ssing]]]
        api:
          links: [[[missing]]]
    `,
  },
  {
    name: 'Compose\'s own "default" network, used but not declared',
    language: 'compose',
    source: `
      services:
        web:
          networks: [[[def‸ault]], front]
        api:
          networks:
            [[default]]:
      networks:
        front:
    `,
  },
  {
    name: 'an ECS container from a link "db:database"',
    language: 'taskdef',
    source: `
      {
        "family": "shop",
        "containerDefinitions": [
          { "name": "app", "image": "app", "links": ["[[d‸b]]:database"], "dependsOn": [{ "containerName": "[[db]]", "condition": "START" }] },
          { "name": "{{db}}", "image": "postgres" },
          { "name": "backup", "image": "b", "volumesFrom": [{ "sourceContainer": "[[db]]" }] }
        ]
      }
    `,
  },
  {
    name: 'an ECS task volume from its definition',
    language: 'taskdef',
    source: `
      {
        "family": "shop",
        "containerDefinitions": [
          { "name": "app", "image": "app", "mountPoints": [{ "sourceVolume": "[[data]]", "containerPath": "/data" }] }
        ],
        "volumes": [{ "name": "{{da‸ta}}" }]
      }
    `,
  },
];

for (const c of queries) {
  test(`navigate (${c.language}): ${c.name}`, () => {
    const f = fixture(c.source);
    const index = indexOf(f.text, c.language);
    const entry = symbolAt(index, cursorOf(f));
    assert.ok(entry, 'a name is under the cursor');
    assert.deepEqual(show(f.text, definitionOf(index, entry)), show(f.text, f.definitions), 'definition');
    assert.deepEqual(show(f.text, referencesOf(index, entry, false)), show(f.text, f.references), 'references without declaration');
    assert.deepEqual(
      show(f.text, referencesOf(index, entry, true)),
      show(f.text, [...f.definitions, ...f.references]),
      'references with declaration',
    );
    const highlights = highlightsAt(index, cursorOf(f));
    const byRole = (role: 'write' | 'read') =>
      show(
        f.text,
        highlights.filter((h) => h.role === role).map((h) => h.span),
      );
    assert.deepEqual(byRole('write'), show(f.text, f.definitions), 'definitions highlight as writes');
    assert.deepEqual(byRole('read'), show(f.text, f.references), 'references highlight as reads');
  });
}

test('navigate: nothing under the cursor outside names', () => {
  const text = 'services:\n  web:\n    image: nginx\n    depends_on: [db]\n  db:\n    image: postgres\n';
  const index = indexOf(text, 'compose');
  for (const offset of [text.indexOf('image'), text.indexOf('nginx') + 2, text.indexOf('depends_on'), text.indexOf('[db]'), 0]) {
    assert.equal(symbolAt(index, offset), undefined, `offset ${offset}`);
    assert.deepEqual(highlightsAt(index, offset), []);
    assert.equal(prepareRenameAt(index, offset), undefined);
  }
  assert.equal(symbolAt(index, text.indexOf('[db]') + 1)?.name, 'db');
});

interface RenameCase {
  name: string;
  language: NavigationLanguage;
  /** The document with the cursor `‸`. */
  source: string;
  newName: string;
  /** The whole document after the rename. */
  expected: string;
}

const renames: RenameCase[] = [
  {
    name: 'a service everywhere it is named, from a reference',
    language: 'compose',
    source: `
      services:
        "db":
          image: postgres
        web:
          image: nginx
          depends_on: [‸db]
          links: ["db:database"]
          network_mode: service:db
        api:
          image: app
          depends_on:
            db:
              condition: service_started
          volumes_from: ['db:ro']
        base:
          extends:
            service: db
    `,
    newName: 'postgres',
    expected: `
      services:
        "postgres":
          image: postgres
        web:
          image: nginx
          depends_on: [postgres]
          links: ["postgres:database"]
          network_mode: service:postgres
        api:
          image: app
          depends_on:
            postgres:
              condition: service_started
          volumes_from: ['postgres:ro']
        base:
          extends:
            service: postgres
    `,
  },
  {
    name: 'a volume from inside "data:/var/lib", short and long syntax',
    language: 'compose',
    source: `
      services:
        db:
          image: postgres
          volumes:
            - "d‸ata:/var/lib/postgresql/data:ro"
            - type: volume
              source: data
              target: /backup
            - ./data:/seed
      volumes:
        data:
    `,
    newName: 'pg-data',
    expected: `
      services:
        db:
          image: postgres
          volumes:
            - "pg-data:/var/lib/postgresql/data:ro"
            - type: volume
              source: pg-data
              target: /backup
            - ./data:/seed
      volumes:
        pg-data:
    `,
  },
  {
    name: 'a network from its definition, list items and map keys',
    language: 'compose',
    source: `
      services:
        web:
          image: nginx
          networks: [front, back]
        api:
          image: app
          networks:
            back:
              aliases: [api.internal]
      networks:
        front:
        bac‸k:
    `,
    newName: 'internal',
    expected: `
      services:
        web:
          image: nginx
          networks: [front, internal]
        api:
          image: app
          networks:
            internal:
              aliases: [api.internal]
      networks:
        front:
        internal:
    `,
  },
  {
    name: 'a secret used by a service and its build',
    language: 'compose',
    source: `
      services:
        web:
          build:
            context: .
            secrets: [npm_token]
          secrets:
            - source: npm_t‸oken
              target: token
      secrets:
        npm_token:
          environment: NPM_TOKEN
    `,
    newName: 'registry_token',
    expected: `
      services:
        web:
          build:
            context: .
            secrets: [registry_token]
          secrets:
            - source: registry_token
              target: token
      secrets:
        registry_token:
          environment: NPM_TOKEN
    `,
  },
  {
    name: 'a name inside a merged anchor is edited once, where it is written',
    language: 'compose',
    source: `
      x-app: &app
        image: app
        depends_on: [cache]
      services:
        cac‸he:
          image: redis
        web:
          <<: *app
        api:
          <<: *app
    `,
    newName: 'redis',
    expected: `
      x-app: &app
        image: app
        depends_on: [redis]
      services:
        redis:
          image: redis
        web:
          <<: *app
        api:
          <<: *app
    `,
  },
  {
    name: 'a service of a JSON Compose file may become all digits: every site is quoted',
    language: 'compose',
    source: `
      {"services": {"web": {"image": "nginx"}, "proxy": {"image": "haproxy", "depends_on": ["w‸eb"]}}}
    `,
    newName: '8080',
    expected: `
      {"services": {"8080": {"image": "nginx"}, "proxy": {"image": "haproxy", "depends_on": ["8080"]}}}
    `,
  },
  {
    name: 'an ECS container in JSON keeps its quotes, and only the name part of a link changes',
    language: 'taskdef',
    source: `
      {
        "family": "shop",
        "containerDefinitions": [
          { "name": "app", "image": "app", "memory": 256, "links": ["db:database"], "dependsOn": [{ "containerName": "db", "condition": "START" }] },
          { "name": "d‸b", "image": "postgres", "memory": 256 },
          { "name": "backup", "image": "b", "memory": 128, "volumesFrom": [{ "sourceContainer": "db" }] }
        ]
      }
    `,
    newName: 'postgres',
    expected: `
      {
        "family": "shop",
        "containerDefinitions": [
          { "name": "app", "image": "app", "memory": 256, "links": ["postgres:database"], "dependsOn": [{ "containerName": "postgres", "condition": "START" }] },
          { "name": "postgres", "image": "postgres", "memory": 256 },
          { "name": "backup", "image": "b", "memory": 128, "volumesFrom": [{ "sourceContainer": "postgres" }] }
        ]
      }
    `,
  },
  {
    name: 'an ECS proxy container, from proxyConfiguration',
    language: 'taskdef',
    source: `
      {
        "family": "mesh",
        "networkMode": "awsvpc",
        "containerDefinitions": [
          { "name": "app", "image": "app", "memory": 256, "dependsOn": [{ "containerName": "envoy", "condition": "HEALTHY" }] },
          { "name": "envoy", "image": "envoy", "memory": 256, "healthCheck": { "command": ["CMD-SHELL", "true"] } }
        ],
        "proxyConfiguration": { "type": "APPMESH", "containerName": "env‸oy" }
      }
    `,
    newName: 'mesh_proxy',
    expected: `
      {
        "family": "mesh",
        "networkMode": "awsvpc",
        "containerDefinitions": [
          { "name": "app", "image": "app", "memory": 256, "dependsOn": [{ "containerName": "mesh_proxy", "condition": "HEALTHY" }] },
          { "name": "mesh_proxy", "image": "envoy", "memory": 256, "healthCheck": { "command": ["CMD-SHELL", "true"] } }
        ],
        "proxyConfiguration": { "type": "APPMESH", "containerName": "mesh_proxy" }
      }
    `,
  },
  {
    name: 'an ECS task volume, from a mount point',
    language: 'taskdef',
    source: `
      {
        "family": "shop",
        "containerDefinitions": [
          { "name": "app", "image": "app", "memory": 256, "mountPoints": [{ "sourceVolume": "dat‸a", "containerPath": "/data" }] }
        ],
        "volumes": [{ "name": "data" }]
      }
    `,
    newName: 'app-data',
    expected: `
      {
        "family": "shop",
        "containerDefinitions": [
          { "name": "app", "image": "app", "memory": 256, "mountPoints": [{ "sourceVolume": "app-data", "containerPath": "/data" }] }
        ],
        "volumes": [{ "name": "app-data" }]
      }
    `,
  },
];

function validate(language: NavigationLanguage, text: string): Finding[] {
  return language === 'compose' ? validateCompose(text) : validateTaskDefinition(text);
}

function undefinedReferences(findings: readonly Finding[]): string[] {
  return findings.filter((finding) => /undefined/.test(finding.code)).map((finding) => finding.message);
}

for (const c of renames) {
  test(`rename (${c.language}): ${c.name}`, () => {
    const f = fixture(c.source);
    const index = indexOf(f.text, c.language);
    const result = renameAt(f.text, index, cursorOf(f), c.newName);
    assert.ok('edits' in result, 'error' in result ? result.error : '');
    const renamed = applyEdits(f.text, result.edits);
    assert.equal(renamed, dedent(c.expected));
    const before = validate(c.language, f.text);
    const after = validate(c.language, renamed);
    assert.deepEqual(undefinedReferences(before), [], 'the fixture starts with every name defined');
    assert.deepEqual(undefinedReferences(after), [], 'the rename leaves no name undefined');
    assert.deepEqual(
      after.filter((finding) => finding.severity === 'error').map((finding) => finding.code),
      before.filter((finding) => finding.severity === 'error').map((finding) => finding.code),
      'the rename adds no other error',
    );
  });
}

test('rename: the same name again changes nothing', () => {
  const text = 'services:\n  web:\n    image: nginx\n  api:\n    depends_on: [web]\n';
  assert.deepEqual(renameAt(text, indexOf(text, 'compose'), text.indexOf('web'), 'web'), { edits: [] });
});

interface RefusalCase {
  name: string;
  language: NavigationLanguage;
  source: string;
  newName: string;
  error: RegExp;
}

const COMPOSE_BASIC = `
  services:
    w‸eb:
      image: nginx
      depends_on: [db]
    db:
      image: postgres
`;

const refusals: RefusalCase[] = [
  {
    name: 'a Compose name with a space',
    language: 'compose',
    source: COMPOSE_BASIC,
    newName: 'web app',
    error: /^"web app" is not a valid service name/,
  },
  {
    name: 'a Compose name starting with "-"',
    language: 'compose',
    source: COMPOSE_BASIC,
    newName: '-web',
    error: /not a valid service name/,
  },
  { name: 'an empty name', language: 'compose', source: COMPOSE_BASIC, newName: '', error: /not a valid service name/ },
  {
    name: 'a name another service has',
    language: 'compose',
    source: COMPOSE_BASIC,
    newName: 'db',
    error: /^A service named "db" already exists in this file\.$/,
  },
  {
    name: 'a plain key that would read as a number',
    language: 'compose',
    source: COMPOSE_BASIC,
    newName: '123',
    error: /^"123" would be read by YAML as a number/,
  },
  {
    name: 'a plain key that YAML 1.1 reads as a boolean',
    language: 'compose',
    source: COMPOSE_BASIC,
    newName: 'yes',
    error: /as a boolean/,
  },
  {
    name: 'a plain value that would read as null',
    language: 'compose',
    source: 'services:\n  web:\n    image: nginx\n    depends_on: [d‸b]\n  "db":\n    image: postgres\n',
    newName: 'null',
    error: /as a null/,
  },
  {
    name: 'a service that is not defined in the file',
    language: 'compose',
    source: 'services:\n  web:\n    depends_on: [mi‸ssing]\n',
    newName: 'other',
    error: /^The service "missing" is not defined in this file, so it cannot be renamed here\.$/,
  },
  {
    name: 'Compose\'s own "default" network',
    language: 'compose',
    source: 'services:\n  web:\n    networks: [def‸ault]\n',
    newName: 'front',
    error: /^"default" is Compose's own network/,
  },
  {
    name: 'a network renamed to "default"',
    language: 'compose',
    source: 'services:\n  web:\n    networks: [fr‸ont]\nnetworks:\n  front:\n',
    newName: 'default',
    error: /^"default" is Compose's own network; renaming a network to it/,
  },
  {
    name: 'an external network whose key is its real name',
    language: 'compose',
    source: 'services:\n  web:\n    networks: [edge]\nnetworks:\n  ed‸ge:\n    external: true\n',
    newName: 'outside',
    error: /^The network "edge" is external and its key is its real name; add `name: edge`/,
  },
  {
    name: 'an ECS container name with a dot',
    language: 'taskdef',
    source: '{"family": "f", "containerDefinitions": [{"name": "w‸eb", "image": "nginx"}]}',
    newName: 'web.app',
    error: /^"web\.app" is not a valid container name: ECS allows 1 to 255 letters, digits, "_" and "-"\.$/,
  },
  {
    name: 'an ECS container name over 255 characters',
    language: 'taskdef',
    source: '{"family": "f", "containerDefinitions": [{"name": "w‸eb", "image": "nginx"}]}',
    newName: 'a'.repeat(256),
    error: /is not a valid container name/,
  },
  {
    name: 'an ECS name another container has',
    language: 'taskdef',
    source: '{"family": "f", "containerDefinitions": [{"name": "w‸eb", "image": "nginx"}, {"name": "db", "image": "postgres"}]}',
    newName: 'db',
    error: /^A container named "db" already exists in this file\.$/,
  },
  {
    name: 'an ECS task volume another volume has',
    language: 'taskdef',
    source: '{"family": "f", "containerDefinitions": [], "volumes": [{"name": "da‸ta"}, {"name": "logs"}]}',
    newName: 'logs',
    error: /^A volume named "logs" already exists/,
  },
  {
    name: 'an ECS container written in YAML whose plain name would read as a number',
    language: 'taskdef',
    source: 'family: f\ncontainerDefinitions:\n  - name: w‸eb\n    image: nginx\n',
    newName: '8080',
    error: /would be read by YAML as a number/,
  },
  {
    name: 'a container also written as an escaped JSON string',
    language: 'taskdef',
    source:
      '{"family": "f", "containerDefinitions": [{"name": "w‸eb", "image": "nginx"}, {"name": "db", "image": "postgres", "links": ["w\\u0065b"]}]}',
    newName: 'site',
    error: /also written in a form .* that cannot be edited safely/,
  },
  {
    name: 'the cursor on no name',
    language: 'compose',
    source: 'services:\n  web:\n    ima‸ge: nginx\n',
    newName: 'x',
    error: /^Put the cursor on the name of a service, network, volume, config or secret to rename it\.$/,
  },
];

for (const c of refusals) {
  test(`rename refused: ${c.name}`, () => {
    const f = fixture(c.source);
    const result = renameAt(f.text, indexOf(f.text, c.language), cursorOf(f), c.newName);
    assert.ok('error' in result, 'the rename is refused');
    assert.match(result.error, c.error);
  });
}

test('rename refused: an index built from another text', () => {
  const text = 'services:\n  web:\n    image: nginx\n';
  const index = indexOf(text, 'compose');
  assert.deepEqual(renameAt(`# a comment\n${text}`, index, text.indexOf('web'), 'site'), {
    error: 'The document changed since it was read; try the rename again.',
  });
});

test('prepare rename: the name alone, even inside "service:vpn"; refused where rename would be', () => {
  const f = fixture('services:\n  vpn:\n    image: vpn\n  web:\n    network_mode: "service:[[v‸pn]]"\n    networks: [default]\n');
  const index = indexOf(f.text, 'compose');
  assert.deepEqual(prepareRenameAt(index, cursorOf(f)), { span: f.references[0], placeholder: 'vpn' });
  assert.deepEqual(prepareRenameAt(index, f.text.indexOf('default')), {
    error: '"default" is Compose\'s own network and is not declared in this file, so it cannot be renamed.',
  });
});
