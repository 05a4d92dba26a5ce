// Checks schemas/compose.schema.json: that it compiles, that every property is documented, that
// hand-written snippets pass or fail where a user would expect, and that the real Compose files of the
// corpus (test/fixtures/corpus) validate and the known-bad ones do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type SchemaObject } from 'ajv';
import { parse } from 'yaml';
import { corpus, corpusFiles } from '../../helpers/paths';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const schemaPath = path.join(projectRoot, 'schemas', 'compose.schema.json');
const corpusDir = path.join(corpus, 'compose');

const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as SchemaObject;

const compileStart = performance.now();
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const compileMs = performance.now() - compileStart;

function errorsFor(document: unknown): ErrorObject[] {
  return validate(document) ? [] : (validate.errors ?? []);
}

function describeErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`).join('\n');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------

test('schema compiles with ajv (draft-07)', (t) => {
  assert.equal(typeof validate, 'function');
  assert.equal(schema.$id, 'https://dockside.dev/schemas/compose.schema.json');
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  t.diagnostic(`compose.schema.json compiled in ${compileMs.toFixed(1)} ms`);
});

test('every property has a description and a markdownDescription', () => {
  const undocumented: string[] = [];
  let seen = 0;
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${at}/${i}`));
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && isObject(value)) {
        for (const [name, property] of Object.entries(value)) {
          seen++;
          const ok =
            isObject(property) &&
            typeof property.markdownDescription === 'string' &&
            property.markdownDescription.trim() !== '' &&
            typeof property.description === 'string' &&
            property.description.trim() !== '';
          if (!ok) undocumented.push(`${at}/properties/${name}`);
        }
      }
      walk(value, `${at}/${key}`);
    }
  };
  walk(schema, '#');
  assert.ok(seen > 250, `expected the whole spec to be covered, walked only ${seen} properties`);
  assert.deepEqual(undocumented, []);
});

test('covers every service attribute of the Compose Specification', () => {
  const expected = [
    'annotations',
    'attach',
    'blkio_config',
    'build',
    'cap_add',
    'cap_drop',
    'cgroup',
    'cgroup_parent',
    'command',
    'configs',
    'container_name',
    'cpu_count',
    'cpu_percent',
    'cpu_period',
    'cpu_quota',
    'cpu_rt_period',
    'cpu_rt_runtime',
    'cpu_shares',
    'cpus',
    'cpuset',
    'credential_spec',
    'depends_on',
    'deploy',
    'develop',
    'device_cgroup_rules',
    'devices',
    'dns',
    'dns_opt',
    'dns_search',
    'domainname',
    'entrypoint',
    'env_file',
    'environment',
    'expose',
    'extends',
    'external_links',
    'extra_hosts',
    'gpus',
    'group_add',
    'healthcheck',
    'hostname',
    'image',
    'init',
    'ipc',
    'isolation',
    'label_file',
    'labels',
    'links',
    'logging',
    'mac_address',
    'mem_limit',
    'mem_reservation',
    'mem_swappiness',
    'memswap_limit',
    'models',
    'network_mode',
    'networks',
    'oom_kill_disable',
    'oom_score_adj',
    'pid',
    'pids_limit',
    'platform',
    'ports',
    'post_start',
    'pre_start',
    'pre_stop',
    'privileged',
    'profiles',
    'provider',
    'pull_policy',
    'pull_refresh_after',
    'read_only',
    'restart',
    'runtime',
    'scale',
    'secrets',
    'security_opt',
    'shm_size',
    'stdin_open',
    'stop_grace_period',
    'stop_signal',
    'storage_opt',
    'sysctls',
    'tmpfs',
    'tty',
    'ulimits',
    'use_api_socket',
    'user',
    'userns_mode',
    'uts',
    'volumes',
    'x-ecs',
    'volumes_from',
    'working_dir',
  ];
  const definitions = schema.definitions as Record<string, { properties?: Record<string, unknown> }>;
  const actual = Object.keys(definitions.service?.properties ?? {});
  assert.deepEqual([...actual].sort(), [...expected].sort());
  const version = (schema.properties as Record<string, Record<string, unknown>>).version;
  assert.equal(version?.deprecated, true, 'top-level version is deprecated');
});

// ---------------------------------------------------------------------------------------------

interface Case {
  name: string;
  yaml: string;
  /** Omitted: the snippet must validate. Given: validation must fail with (at least) this error. */
  error?: { instancePath: string; keyword: string; params?: Record<string, unknown> };
}

const cases: Case[] = [
  {
    name: 'long port syntax',
    yaml: `
services:
  web:
    image: nginx
    ports:
      - "8080:80"
      - 9000
      - name: https
        target: 443
        published: "8443-8450"
        host_ip: 127.0.0.1
        protocol: tcp
        app_protocol: https
        mode: host
`,
  },
  {
    name: 'env_file long form',
    yaml: `
services:
  app:
    image: alpine
    env_file:
      - .env
      - path: ./local.env
        required: false
        format: raw
`,
  },
  {
    name: 'depends_on map form',
    yaml: `
services:
  web:
    image: example/web
    depends_on:
      db:
        condition: service_healthy
        restart: true
      migrate:
        condition: service_completed_successfully
        required: false
  db:
    image: postgres:16
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
      interval: 5s
  migrate:
    image: example/migrate
`,
  },
  {
    name: '${VAR} in number, boolean and enum fields',
    yaml: `
services:
  web:
    image: example/web:\${TAG:-latest}
    cpus: \${CPUS:-0.5}
    mem_limit: \${MEMORY}
    read_only: \${READ_ONLY:-true}
    restart: \${RESTART_POLICY:-unless-stopped}
    pull_policy: $PULL_POLICY
    deploy:
      replicas: \${REPLICAS}
      mode: \${DEPLOY_MODE}
`,
  },
  {
    name: 'develop.watch',
    yaml: `
services:
  web:
    build: .
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app/src
          ignore:
            - node_modules/
          include: "*.ts"
          initial_sync: true
        - path: ./config
          action: sync+exec
          target: /etc/app
          exec:
            command: app reload
            user: root
        - path: package.json
          action: rebuild
`,
  },
  {
    name: 'include, short and long syntax',
    yaml: `
include:
  - ../shared/compose.yaml
  - path:
      - ./db/compose.yaml
      - ./db/compose.override.yaml
    project_directory: ./db
    env_file: ./db/.env
services:
  web:
    image: nginx
    depends_on: [db]
`,
  },
  {
    name: 'restart on-failure:N, deprecated version, extensions and merge keys',
    yaml: `
version: "3.9"
x-defaults: &defaults
  restart: on-failure:3
  logging:
    driver: json-file
    options:
      max-size: 10m
services:
  worker:
    <<: *defaults
    image: example/worker
    x-team: payments
`,
  },
  {
    name: 'volumes long syntax and top-level resources',
    yaml: `
services:
  db:
    image: postgres:16
    volumes:
      - db-data:/var/lib/postgresql/data
      - type: bind
        source: ./init
        target: /docker-entrypoint-initdb.d
        read_only: true
        bind:
          create_host_path: false
          selinux: z
      - type: tmpfs
        target: /tmp
        tmpfs:
          size: 64m
      - type: image
        source: example/seed:1
        target: /seed
        image:
          subpath: data
    secrets:
      - db_password
    configs:
      - source: pg_conf
        target: /etc/postgresql/postgresql.conf
        mode: 0440
    networks:
      backend:
        aliases: [database]
        gw_priority: 1
    models:
      - llm
volumes:
  db-data:
  archive:
    external: true
networks:
  backend:
    driver: bridge
    ipam:
      config:
        - subnet: 172.28.0.0/16
secrets:
  db_password:
    file: ./db_password.txt
configs:
  pg_conf:
    content: |
      max_connections = 100
models:
  llm:
    model: ai/smollm2
    context_size: 4096
`,
  },
  {
    name: 'unknown service key (typo "imgae")',
    yaml: `
services:
  web:
    imgae: nginx
`,
    error: { instancePath: '/services/web', keyword: 'additionalProperties', params: { additionalProperty: 'imgae' } },
  },
  {
    name: 'ports given as a nested list',
    yaml: `
services:
  web:
    image: nginx
    ports:
      - ["8080:80"]
`,
    error: { instancePath: '/services/web/ports/0', keyword: 'oneOf' },
  },
  {
    name: 'restart: "sometimes"',
    yaml: `
services:
  web:
    image: nginx
    restart: sometimes
`,
    error: { instancePath: '/services/web/restart', keyword: 'enum' },
  },
  {
    name: 'a service written at the top level (key "web")',
    yaml: `
web:
  image: nginx
`,
    error: { instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'web' } },
  },
  {
    name: 'depends_on condition outside the allowed set',
    yaml: `
services:
  web:
    image: nginx
    depends_on:
      db:
        condition: service_ready
  db:
    image: postgres
`,
    error: { instancePath: '/services/web/depends_on/db/condition', keyword: 'enum' },
  },
  {
    name: 'develop.watch action outside the allowed set',
    yaml: `
services:
  web:
    build: .
    develop:
      watch:
        - path: ./src
          action: reload
`,
    error: { instancePath: '/services/web/develop/watch/0/action', keyword: 'enum' },
  },
  {
    name: 'include long form without path',
    yaml: `
include:
  - project_directory: ./db
`,
    error: { instancePath: '/include/0', keyword: 'required', params: { missingProperty: 'path' } },
  },
];

for (const c of cases) {
  test(`snippet: ${c.name} ${c.error ? 'fails' : 'validates'}`, () => {
    const errors = errorsFor(parse(c.yaml, { merge: true }));
    if (!c.error) {
      assert.deepEqual(errors, [], describeErrors(errors));
      return;
    }
    const expected = c.error;
    assert.ok(errors.length > 0, 'expected validation to fail');
    const match = errors.find(
      (e) =>
        e.instancePath === expected.instancePath &&
        e.keyword === expected.keyword &&
        Object.entries(expected.params ?? {}).every(([k, v]) => (e.params as Record<string, unknown>)[k] === v),
    );
    assert.ok(match, `no ${expected.keyword} error at "${expected.instancePath}"; got:\n${describeErrors(errors)}`);
  });
}

// ---------------------------------------------------------------------------------------------
// The corpus (test/fixtures/corpus: real files from public repositories).

/** The files of compose/invalid/ that fail the schema, as the corpus README's notes say. */
const SCHEMA_INVALID = [
  'container-transform__docker-compose.yaml', // legacy v1 layout (no "services:")
  'docker-compose-e2e__wrong-composefile.yaml', // unknown service property "wrongField"
  'docker-compose-v1__invalid-composefile.yaml', // legacy v1 layout, entries at the top level
];
/** The files of compose/invalid/ that are schema-valid: Compose or ECS reject them for what they mean. */
const SCHEMA_VALID = [
  'compose-cli-ecs__invalid_network_mode.yaml', // network_mode: bridge, which the ECS conversion refuses
  'compose-go__compose-depends-on-cycle.yaml', // a depends_on cycle
];

function loadYaml(file: string): unknown {
  return parse(readFileSync(file, 'utf8'), { merge: true });
}

test('corpus: every compose file validates', async (t) => {
  for (const name of corpusFiles('compose', /\.ya?ml$/)) {
    await t.test(name, () => {
      const errors = errorsFor(loadYaml(path.join(corpusDir, name)));
      assert.deepEqual(errors, [], describeErrors(errors));
    });
  }
});

test('corpus: schema-invalid files in compose/invalid/ fail, schema-valid ones pass', async (t) => {
  const invalidDir = path.join(corpusDir, 'invalid');
  assert.deepEqual(corpusFiles('compose/invalid', /\.ya?ml$/), [...SCHEMA_INVALID, ...SCHEMA_VALID].sort(), 'every file is listed once');
  for (const name of SCHEMA_INVALID) {
    await t.test(`${name} fails`, () => {
      assert.notDeepEqual(errorsFor(loadYaml(path.join(invalidDir, name))), [], `${name} should not validate`);
    });
  }
  for (const name of SCHEMA_VALID) {
    await t.test(`${name} validates (semantic problem only)`, () => {
      const errors = errorsFor(loadYaml(path.join(invalidDir, name)));
      assert.deepEqual(errors, [], describeErrors(errors));
    });
  }
});
