import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NavigationLanguage, SymbolKind } from '../../../core/src/navigate';
import { fixture, indexOf, show } from './fixture';

interface Case {
  name: string;
  language: NavigationLanguage;
  /** The kind whose entries are compared; entries of other kinds are not this case's business. */
  kind: SymbolKind;
  /** The document, with every definition of that kind marked `{{…}}` and every reference `[[…]]`. */
  source: string;
}

const compose: Case[] = [
  {
    name: 'service keys are definitions; depends_on list items (block and flow) are references',
    language: 'compose',
    kind: 'service',
    source: `
      services:
        {{db}}:
          image: postgres
        {{cache}}:
          image: redis
        {{web}}:
          image: nginx
          depends_on:
            - [[db]]
            - [[cache]]
        {{worker}}:
          image: app
          depends_on: [[[db]], [[web]]]
    `,
  },
  {
    name: 'depends_on map keys are references, conditions are not',
    language: 'compose',
    kind: 'service',
    source: `
      services:
        {{db}}:
          image: postgres
        {{web}}:
          image: nginx
          depends_on:
            [[db]]:
              condition: service_healthy
            [[missing]]:
              condition: service_started
    `,
  },
  {
    name: 'links: only the service before ":alias"',
    language: 'compose',
    kind: 'service',
    source: `
      services:
        {{db}}:
          image: postgres
        {{web}}:
          image: nginx
          links:
            - [[db]]:database
            - "[[db]]"
    `,
  },
  {
    name: "extends: the short form and service without file; not another file's service",
    language: 'compose',
    kind: 'service',
    source: `
      services:
        {{base}}:
          image: app
        {{web}}:
          extends: [[base]]
        {{api}}:
          extends:
            service: [[base]]
        {{job}}:
          extends:
            file: common.yaml
            service: base
    `,
  },
  {
    name: 'network_mode, ipc and pid name a service only after "service:"; "container:" names none',
    language: 'compose',
    kind: 'service',
    source: `
      services:
        {{vpn}}:
          image: vpn
        {{web}}:
          image: nginx
          network_mode: "service:[[vpn]]"
          ipc: service:[[vpn]]
          pid: 'service:[[vpn]]'
        {{other}}:
          image: nginx
          network_mode: container:vpn
          ipc: host
    `,
  },
  {
    name: 'volumes_from: the service, not its ":ro", and never "container:"',
    language: 'compose',
    kind: 'service',
    source: `
      services:
        {{data}}:
          image: busybox
        {{web}}:
          image: nginx
          volumes_from:
            - [[data]]
            - [[data]]:ro
            - container:data
    `,
  },
  {
    name: 'service networks: list items and map keys, including the undeclared "default"',
    language: 'compose',
    kind: 'network',
    source: `
      services:
        web:
          image: nginx
          networks: [[[front]], [[default]]]
        api:
          image: app
          networks:
            [[front]]:
              aliases: [api.local]
            [[back]]:
      networks:
        {{front}}:
        {{back}}:
          driver: bridge
    `,
  },
  {
    name: 'named volumes: only "data" of short syntax, long syntax source unless a bind',
    language: 'compose',
    kind: 'volume',
    source: `
      services:
        db:
          image: postgres
          volumes:
            - [[data]]:/var/lib
            - "[[data]]:/var/lib/postgresql/data:ro"
            - ./init:/docker-entrypoint-initdb.d
            - /var/run/docker.sock:/var/run/docker.sock
            - C:\\logs:/logs
            - /anonymous
            - type: volume
              source: [[data]]
              target: /a
            - source: [[logs]]
              target: /b
            - type: bind
              source: data
              target: /c
      volumes:
        {{data}}:
        {{logs}}:
    `,
  },
  {
    name: 'secrets: short strings, long source, and build secrets',
    language: 'compose',
    kind: 'secret',
    source: `
      services:
        web:
          build:
            context: .
            secrets: [[[npm_token]]]
          secrets:
            - [[db_password]]
            - source: [[npm_token]]
              target: token
      secrets:
        {{db_password}}:
          file: ./db_password.txt
        {{npm_token}}:
          environment: NPM_TOKEN
    `,
  },
  {
    name: 'configs: short strings and long source',
    language: 'compose',
    kind: 'config',
    source: `
      services:
        web:
          image: nginx
          configs:
            - [[nginx_conf]]
            - source: [[site]]
              target: /etc/nginx/conf.d/site.conf
      configs:
        {{nginx_conf}}:
          file: ./nginx.conf
        {{site}}:
          file: ./site.conf
    `,
  },
  {
    name: 'quoted keys and values: the span is inside the quotes',
    language: 'compose',
    kind: 'service',
    source: `
      services:
        "{{db}}":
          image: postgres
        '{{web}}':
          image: nginx
          depends_on: ["[[db]]"]
          links: ['[[db]]:database']
    `,
  },
  {
    name: 'merge keys: references in an anchored block are found once, where they are written',
    language: 'compose',
    kind: 'service',
    source: `
      x-app: &app
        image: app
        depends_on: [[[db]]]
        network_mode: service:[[vpn]]
      services:
        {{db}}:
          image: postgres
        {{vpn}}:
          image: vpn
        {{web}}:
          <<: *app
        {{api}}:
          <<: *app
          environment: { ROLE: api }
        {{job}}:
          <<: *app
          depends_on: [[[web]]]
    `,
  },
  {
    name: 'merge keys: a merged network list, and a service defined through an alias',
    language: 'compose',
    kind: 'network',
    source: `
      x-nets: &nets
        networks: [[[back]]]
      services:
        web:
          <<: *nets
          image: nginx
        api: &api
          image: app
          networks: [[[front]]]
        api2: *api
      networks:
        {{front}}:
        {{back}}:
    `,
  },
  {
    name: 'interpolated names refer to nothing yet',
    language: 'compose',
    kind: 'service',
    source: `
      services:
        {{db}}:
          image: postgres
        {{web}}:
          image: nginx
          depends_on: [\${DB_SERVICE}, [[db]]]
          network_mode: service:\${VPN}
    `,
  },
  {
    name: 'a Compose file written as JSON',
    language: 'compose',
    kind: 'service',
    source: `
      {
        "services": {
          "{{db}}": { "image": "postgres" },
          "{{web}}": { "image": "nginx", "depends_on": ["[[db]]"], "network_mode": "service:[[db]]" }
        }
      }
    `,
  },
  {
    name: 'networks, volumes, configs and secrets keep their own kinds (a volume named like a network)',
    language: 'compose',
    kind: 'volume',
    source: `
      services:
        web:
          image: nginx
          networks: [shared]
          volumes: [[[shared]]:/data]
      networks:
        shared:
      volumes:
        {{shared}}:
    `,
  },
];

const taskDefinitions: Case[] = [
  {
    name: 'container names are definitions; dependsOn, links, volumesFrom and proxyConfiguration refer to them',
    language: 'taskdef',
    kind: 'container',
    source: `
      {
        "family": "shop",
        "containerDefinitions": [
          { "name": "{{app}}", "image": "app",
            "dependsOn": [{ "containerName": "[[db]]", "condition": "HEALTHY" }],
            "links": ["[[db]]:database", "[[envoy]]"],
            "volumesFrom": [{ "sourceContainer": "[[db]]", "readOnly": true }] },
          { "name": "{{db}}", "image": "postgres" },
          { "name": "{{envoy}}", "image": "envoy" }
        ],
        "proxyConfiguration": { "type": "APPMESH", "containerName": "[[envoy]]" }
      }
    `,
  },
  {
    name: 'task volumes: names are definitions, mountPoints sourceVolume refers to them',
    language: 'taskdef',
    kind: 'taskVolume',
    source: `
      {
        "family": "shop",
        "containerDefinitions": [
          { "name": "app", "image": "app",
            "mountPoints": [{ "sourceVolume": "[[data]]", "containerPath": "/data" }, { "sourceVolume": "[[cache]]", "containerPath": "/c" }] }
        ],
        "volumes": [{ "name": "{{data}}" }, { "name": "{{cache}}", "host": {} }]
      }
    `,
  },
  {
    name: 'describe-task-definition output: inside "taskDefinition"',
    language: 'taskdef',
    kind: 'container',
    source: `
      {
        "taskDefinition": {
          "family": "shop",
          "containerDefinitions": [
            { "name": "{{web}}", "image": "nginx", "dependsOn": [{ "containerName": "[[sidecar]]", "condition": "START" }] },
            { "name": "{{sidecar}}", "image": "busybox" }
          ]
        }
      }
    `,
  },
  {
    name: 'a task definition written in YAML',
    language: 'taskdef',
    kind: 'container',
    source: `
      family: shop
      containerDefinitions:
        - name: {{web}}
          image: nginx
          links: [[[db]]:database]
          dependsOn:
            - containerName: '[[db]]'
              condition: START
        - name: "{{db}}"
          image: postgres
    `,
  },
  {
    name: 'templated names and escaped JSON strings are not indexed',
    language: 'taskdef',
    kind: 'container',
    source: `
      {
        "family": "shop",
        "containerDefinitions": [
          { "name": "{{web}}", "image": "nginx", "dependsOn": [{ "containerName": "$$$SIDECAR$$$", "condition": "START" }] },
          { "name": "w\\u0065b2", "image": "nginx", "links": ["[[web]]"] }
        ]
      }
    `,
  },
];

for (const c of [...compose, ...taskDefinitions]) {
  test(`index (${c.language}, ${c.kind}): ${c.name}`, () => {
    const f = fixture(c.source);
    const index = indexOf(f.text, c.language);
    const ofKind = index.entries.filter((entry) => entry.kind === c.kind);
    for (const entry of ofKind) assert.equal(f.text.slice(entry.span[0], entry.span[1]), entry.name, 'a span covers exactly its name');
    const spansOf = (role: 'definition' | 'reference') => ofKind.filter((entry) => entry.role === role).map((entry) => entry.span);
    assert.deepEqual(show(f.text, spansOf('definition')), show(f.text, f.definitions), 'definitions');
    assert.deepEqual(show(f.text, spansOf('reference')), show(f.text, f.references), 'references');
  });
}

test('index: a bare plain name is marked bare, a quoted one or one inside a longer string is not', () => {
  const f = fixture(`
    services:
      {{db}}:
        image: postgres
      "{{web}}":
        depends_on: [[[db]], "[[db]]"]
        network_mode: service:[[db]]
  `);
  const bare = indexOf(f.text, 'compose')
    .entries.filter((entry) => entry.kind === 'service')
    .map((entry) => `${entry.name}@${entry.span[0]}:${entry.bare === true}`);
  const [db, web, ref, quotedRef, prefixed] = [...f.definitions, ...f.references].sort((a, b) => a[0] - b[0]);
  assert.deepEqual(bare, [
    `db@${db![0]}:true`,
    `web@${web![0]}:false`,
    `db@${ref![0]}:true`,
    `db@${quotedRef![0]}:false`,
    `db@${prefixed![0]}:false`,
  ]);
});

test('index: external resources without "name:" are marked external', () => {
  const text =
    'services:\n  web:\n    networks: [outside, proxy]\nnetworks:\n  outside:\n    external: true\n  proxy:\n    external: true\n    name: edge\n';
  const networks = indexOf(text, 'compose').entries.filter((entry) => entry.role === 'definition' && entry.kind === 'network');
  assert.deepEqual(
    networks.map((entry) => [entry.name, entry.external === true]),
    [
      ['outside', true],
      ['proxy', false],
    ],
  );
});

test('index: an escaped name is remembered as unmapped, so rename can refuse', () => {
  const index = indexOf(
    '{"family": "f", "containerDefinitions": [{"name": "w\\u0065b", "image": "x"}, {"name": "db", "image": "y", "links": ["web"]}]}',
    'taskdef',
  );
  assert.ok(index.unmapped.has('container\u0000web'));
  assert.deepEqual(
    index.entries.map((entry) => `${entry.role} ${entry.name}`),
    ['definition db', 'reference web'],
  );
});

test('index: unreadable, empty and non-object documents give an empty index', () => {
  for (const [text, language] of [
    ['', 'compose'],
    ['- a\n- b\n', 'compose'],
    ['\u0000\u0001', 'compose'],
    ['[1, 2]', 'taskdef'],
    ['{"family": "x"}', 'taskdef'],
    ['services: [web]\n', 'compose'],
  ] as const) {
    assert.deepEqual(indexOf(text, language).entries, [], JSON.stringify(text));
  }
});
