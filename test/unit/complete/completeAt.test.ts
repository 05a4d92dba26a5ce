import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeAt, type CompletionCandidate, type CompletionResult } from '../../../core/src/complete/completeAt';
import { parseText } from '../../../core/src/parse/parseText';
import { atCursor } from './cursorFixture';

interface Case {
  name: string;
  language?: 'compose' | 'taskdef';
  /** The document with the cursor marked `|` (or `marker`). */
  text: string;
  marker?: string;
  /** Labels that must be offered. */
  includes?: string[];
  /** Labels that must not be offered. */
  excludes?: string[];
  /** The complete set of labels offered (any order). */
  exactly?: string[];
  /** Expected insert texts by label. */
  inserts?: Record<string, string>;
  /** The text the items replace. */
  replaces?: string;
  /** Any other check on the result. */
  check?: (result: CompletionResult, find: (label: string) => CompletionCandidate) => void;
}

/** Two more services, indented like the fixtures' own (`${SERVICES}` on a line of its own). */
const SERVICES = ['', '        db:', '          image: postgres:16', '        cache:', '          image: redis:7'].join('\n');

const cases: Case[] = [
  // ---- keys -----------------------------------------------------------------------------------
  {
    name: 'top-level keys of an empty Compose file',
    text: '|',
    includes: ['services', 'networks', 'volumes', 'secrets', 'configs', 'name', 'include'],
    check(_, find) {
      assert.equal(find('version').deprecated, true, 'the obsolete "version" is marked deprecated');
      assert.equal(find('services').insertText, 'services:\n  $0');
      assert.equal(find('services').insertTextIsSnippet, true);
      assert.match(find('services').documentation ?? '', /services of the application/i);
    },
  },
  {
    name: 'top-level keys leave out the sections already there',
    text: `
      services:
        web:
          image: nginx
      |
    `,
    includes: ['networks', 'volumes'],
    excludes: ['services', 'services: (with one service)'],
  },
  {
    name: 'keys of a service, while the line being typed does not parse',
    text: `
      services:
        web:
          image: nginx
          ima|
        db:
          image: postgres
    `,
    includes: ['restart', 'healthcheck', 'depends_on', 'ports', 'environment'],
    excludes: ['image'],
    replaces: 'ima',
    inserts: { restart: 'restart: ', ports: 'ports:\n  - $0', healthcheck: 'healthcheck:\n  $0' },
  },
  {
    name: 'already-present keys are not offered again, above or below the cursor',
    text: `
      services:
        web:
          image: nginx
          restart: always
          |
          ports:
            - "80:80"
    `,
    includes: ['command', 'environment'],
    excludes: ['image', 'restart', 'ports'],
  },
  {
    name: 'editing a key in place offers names only (the colon is there)',
    text: `
      services:
        web:
          ima|ge: nginx
    `,
    includes: ['image', 'build'],
    replaces: 'image',
    inserts: { image: 'image', build: 'build' },
  },
  {
    name: 'keys of a healthcheck',
    text: `
      services:
        web:
          healthcheck:
            test: ["CMD", "true"]
            |
    `,
    exactly: ['disable', 'interval', 'timeout', 'retries', 'start_period', 'start_interval'],
  },
  {
    name: 'keys of a long-syntax port',
    text: `
      services:
        web:
          ports:
            - target: 80
              |
    `,
    exactly: ['name', 'mode', 'host_ip', 'published', 'protocol', 'app_protocol'],
  },
  {
    name: 'a new sequence entry may become a long-syntax port',
    text: `
      services:
        web:
          ports:
            - pub|
    `,
    includes: ['published', 'target', 'protocol'],
    replaces: 'pub',
    inserts: { published: 'published: ' },
  },
  {
    name: 'keys of deploy.resources.limits',
    text: `
      services:
        web:
          deploy:
            resources:
              limits:
                |
    `,
    exactly: ['cpus', 'memory', 'pids'],
  },
  {
    name: 'nested block keys inside a sequence entry are indented past the dash',
    text: `
      services:
        web:
          volumes:
            - |
    `,
    inserts: { bind: 'bind:\n    $0', type: 'type: ' },
  },
  {
    name: 'keys of an ECS container, in JSON, inside an unclosed string and object',
    language: 'taskdef',
    text: '{\n  "family": "web",\n  "containerDefinitions": [{ "|\n}',
    includes: ['name', 'image', 'essential', 'portMappings', 'logConfiguration', 'dependsOn'],
    replaces: '"',
    inserts: {
      name: '"name": "$1"',
      essential: '"essential": $1',
      portMappings: '"portMappings": [$1]',
      healthCheck: '"healthCheck": {$1}',
    },
    check(_, find) {
      assert.equal(find('name').filterText, '"name"', 'the filter text starts with the quote, like the range');
      assert.match(find('name').detail ?? '', /required/);
      assert.ok((find('name').sortText ?? '') < (find('cpu').sortText ?? ''), 'required keys sort first');
    },
  },
  {
    name: 'keys of the ECS root: present and read-only ones left out, deprecated marked',
    language: 'taskdef',
    text: '{\n  "family": "web",\n  |\n}',
    includes: ['containerDefinitions', 'networkMode', 'requiresCompatibilities', 'cpu', 'memory', 'executionRoleArn'],
    excludes: ['family', 'taskDefinitionArn', 'revision', 'status'],
    check(_, find) {
      assert.equal(find('inferenceAccelerators').deprecated, true);
    },
  },
  {
    name: 'JSON: a key before another member gets its comma; the previous member its missing one',
    language: 'taskdef',
    text: '{\n  "family": "web" |\n  "cpu": "256"\n}',
    inserts: { networkMode: ', "networkMode": "$1",' },
  },
  {
    name: 'JSON: typing a key that already has its colon writes just the quoted name',
    language: 'taskdef',
    text: '{ "netw|": "awsvpc" }',
    replaces: '"netw"',
    inserts: { networkMode: '"networkMode"' },
  },
  {
    name: 'keys in a YAML flow mapping: present ones left out, a comma before the next entry',
    text: `
      services:
        web:
          healthcheck: {test: x, | interval: 5s}
    `,
    excludes: ['test', 'interval'],
    inserts: { retries: 'retries: $1,' },
  },
  {
    name: 'keys of a task definition written in YAML',
    language: 'taskdef',
    text: `
      family: web
      containerDefinitions:
        - name: web
          |
    `,
    includes: ['image', 'portMappings'],
    excludes: ['name'],
    inserts: { image: 'image: ' },
  },
  {
    name: 'keys of a wrapped describe-task-definition output',
    language: 'taskdef',
    text: '{"taskDefinition": {"family": "x", |}}',
    includes: ['containerDefinitions', 'cpu'],
    excludes: ['family'],
  },

  // ---- values ---------------------------------------------------------------------------------
  {
    name: 'restart policies, in schema order, "no" quoted for YAML 1.1 readers',
    text: `
      services:
        web:
          restart: |
    `,
    exactly: ['no', 'always', 'on-failure', 'unless-stopped'],
    inserts: { no: '"no"', always: 'always' },
    check(result, find) {
      assert.deepEqual(result.replaceSpan[0], result.replaceSpan[1]);
      assert.equal(find('no').detail, 'default');
      assert.match(find('always').documentation ?? '', /whenever it stops/);
    },
  },
  {
    name: 'a partly typed value is replaced whole',
    text: `
      services:
        web:
          restart: unl|ess  # a comment
    `,
    replaces: 'unless',
    includes: ['unless-stopped'],
  },
  {
    name: 'inside quotes, the bare value replaces the quoted text',
    text: `
      services:
        web:
          restart: "al|"
    `,
    replaces: 'al',
    inserts: { always: 'always', no: 'no' },
  },
  {
    name: 'a value right after the colon gets a blank first',
    text: 'services:\n  web:\n    restart:|\n',
    inserts: { always: ' always' },
  },
  {
    name: 'pull_policy values',
    text: `
      services:
        web:
          pull_policy: |
    `,
    includes: ['always', 'never', 'missing', 'build'],
  },
  {
    name: 'depends_on conditions',
    text: `
      services:
        web:
          depends_on:
            db:
              condition: |
    ${SERVICES}
    `,
    exactly: ['service_started', 'service_healthy', 'service_completed_successfully'],
  },
  {
    name: 'network drivers',
    text: `
      services:
        web:
          image: nginx
      networks:
        front:
          driver: |
    `,
    includes: ['bridge', 'overlay', 'macvlan'],
  },
  {
    name: 'port protocol',
    text: `
      services:
        web:
          ports:
            - target: 80
              protocol: |
    `,
    exactly: ['tcp', 'udp', 'sctp'],
  },
  {
    name: 'volume type',
    text: `
      services:
        web:
          volumes:
            - type: |
    `,
    exactly: ['bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'],
  },
  {
    name: 'booleans',
    text: `
      services:
        web:
          privileged: |
    `,
    exactly: ['true', 'false'],
  },
  {
    name: 'ECS networkMode in JSON: quoted values replace the quotes too',
    language: 'taskdef',
    text: '{\n  "family": "web",\n  "networkMode": "|"\n}',
    exactly: ['bridge', 'host', 'awsvpc', 'none'],
    replaces: '""',
    inserts: { awsvpc: '"awsvpc"' },
  },
  {
    name: 'ECS networkMode before another member gets a comma',
    language: 'taskdef',
    text: '{\n  "networkMode": |\n  "family": "web"\n}',
    inserts: { awsvpc: '"awsvpc",' },
  },
  {
    name: 'ECS logDriver',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "image": "nginx", "logConfiguration": {"logDriver": "|"}}]}',
    includes: ['awslogs', 'awsfirelens', 'json-file', 'splunk'],
  },
  {
    name: 'ECS requiresCompatibilities entries',
    language: 'taskdef',
    text: '{"requiresCompatibilities": ["FAR|"]}',
    includes: ['FARGATE', 'EC2'],
    replaces: '"FAR"',
  },
  {
    name: 'ECS dependsOn condition, ulimit names, capabilities, operating system, architecture',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "dependsOn": [{"containerName": "db", "condition": |}]}]}',
    exactly: ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'],
  },
  {
    name: 'ECS ulimit names',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "ulimits": [{"name": "|"}]}]}',
    includes: ['nofile', 'nproc', 'core'],
  },
  {
    name: 'ECS capabilities come from the schema examples',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "linuxParameters": {"capabilities": {"add": ["NET_ADMIN", |]}}}]}',
    includes: ['SYS_PTRACE', 'NET_BIND_SERVICE'],
    excludes: ['NET_ADMIN'],
  },
  {
    name: 'ECS runtimePlatform values',
    language: 'taskdef',
    text: '{"runtimePlatform": {"cpuArchitecture": "|", "operatingSystemFamily": "LINUX"}}',
    exactly: ['X86_64', 'ARM64'],
  },
  {
    name: 'ECS appProtocol',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "portMappings": [{"containerPort": 80, "appProtocol": "|"}]}]}',
    exactly: ['http', 'http2', 'grpc'],
  },
  {
    name: 'Fargate memory for cpu "1024"',
    language: 'taskdef',
    text: '{\n  "cpu": "1024",\n  "memory": "|"\n}',
    exactly: ['2048', '3072', '4096', '5120', '6144', '7168', '8192'],
    inserts: { '2048': '"2048"' },
    check(_, find) {
      assert.equal(find('2048').detail, '2 GB');
    },
  },
  {
    name: 'Fargate cpu for memory "4096"',
    language: 'taskdef',
    text: '{\n  "memory": "4096",\n  "cpu": |\n}',
    exactly: ['512', '1024', '2048'],
    inserts: { '1024': '"1024"' },
  },
  {
    name: 'Fargate memory for cpu "1 vCPU" in a wrapped describe output',
    language: 'taskdef',
    text: '{"taskDefinition": {"cpu": "1 vCPU", "memory": "|", "containerDefinitions": []}}',
    includes: ['2048', '8192'],
    excludes: ['1024', '16384'],
  },
  {
    name: 'Fargate memory with no cpu yet offers every size',
    language: 'taskdef',
    text: '{"memory": |}',
    includes: ['512', '2048', '30720', '122880'],
  },

  // ---- references -----------------------------------------------------------------------------
  {
    name: 'service names in a depends_on list: not itself, not already listed',
    text: `
      services:
        web:
          depends_on:
            - cache
            - |
    ${SERVICES}
    `,
    exactly: ['db'],
    check(_, find) {
      assert.equal(find('db').kind, 'reference');
      assert.equal(find('db').detail, 'postgres:16');
      assert.match(find('db').documentation ?? '', /\*\*Service\*\* `db`/);
    },
  },
  {
    name: 'service names on an empty line of a depends_on list get their dash',
    text: `
      services:
        web:
          depends_on:
            - cache
            |
    ${SERVICES}
    `,
    exactly: ['db'],
    inserts: { db: '- db' },
  },
  {
    name: 'service names as depends_on keys, with the required condition',
    text: `
      services:
        web:
          depends_on:
            |
    ${SERVICES}
    `,
    exactly: ['db', 'cache'],
    inserts: { db: 'db:\n  condition: ${1|service_started,service_healthy,service_completed_successfully|}' },
  },
  {
    name: 'service names in a flow depends_on list',
    text: `
      services:
        web:
          depends_on: [db, |]
    ${SERVICES}
    `,
    exactly: ['cache'],
  },
  {
    name: 'service names in extends.service',
    text: `
      services:
        web:
          extends:
            service: |
    ${SERVICES}
    `,
    exactly: ['db', 'cache'],
  },
  {
    name: 'service names in links',
    text: `
      services:
        web:
          links:
            - |
    ${SERVICES}
    `,
    exactly: ['db', 'cache'],
  },
  {
    name: 'service names in volumes_from',
    text: `
      services:
        web:
          volumes_from: [cache, |]
    ${SERVICES}
    `,
    exactly: ['db'],
  },
  {
    name: 'service names for extends written as a string',
    text: `
      services:
        web:
          extends: c|
    ${SERVICES}
    `,
    exactly: ['db', 'cache'],
    replaces: 'c',
  },
  {
    name: 'network_mode offers service:<name> and the plain modes',
    text: `
      services:
        web:
          network_mode: |
    ${SERVICES}
    `,
    exactly: ['service:db', 'service:cache', 'bridge', 'host', 'none'],
  },
  {
    name: 'networks a service can join: defined ones and default, not those already joined',
    text: `
      services:
        web:
          networks:
            - front
            - |
      networks:
        front:
        back:
          driver: overlay
    `,
    exactly: ['back', 'default'],
    check(_, find) {
      assert.equal(find('back').detail, 'driver: overlay');
    },
  },
  {
    name: 'volume names at the start of a short volume string',
    text: `
      services:
        web:
          volumes:
            - |
      volumes:
        data:
        logs:
    `,
    includes: ['data', 'logs', 'type', 'source'],
    inserts: { data: 'data:' },
  },
  {
    name: 'volume name of a short volume string that has its target already',
    text: `
      services:
        web:
          volumes:
            - d|:/var/lib/data
      volumes:
        data:
    `,
    exactly: ['data'],
    replaces: 'd',
    inserts: { data: 'data' },
  },
  {
    name: 'volume names as the source of a long-syntax volume mount',
    text: `
      services:
        web:
          volumes:
            - type: volume
              source: |
      volumes:
        data:
    `,
    exactly: ['data'],
  },
  {
    name: 'no volume names as the source of a bind mount',
    text: `
      services:
        web:
          volumes:
            - type: bind
              source: |
      volumes:
        data:
    `,
    exactly: [],
  },
  {
    name: 'secret names (short syntax)',
    text: `
      services:
        web:
          secrets:
            - |
      secrets:
        token:
          file: ./token.txt
    `,
    includes: ['token'],
  },
  {
    name: 'config names (long syntax source)',
    text: `
      services:
        web:
          configs:
            - source: |
      configs:
        app_conf:
          file: ./app.conf
    `,
    exactly: ['app_conf'],
  },
  {
    name: 'ECS container names in dependsOn, not the container itself',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "image": "nginx", "dependsOn": [{"containerName": "|"}]}, {"name": "db", "image": "postgres"}, {"name": "init", "image": "busybox"}]}',
    exactly: ['db', 'init'],
    inserts: { db: '"db"' },
  },
  {
    name: 'ECS container names in volumesFrom and links',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "links": ["db", |]}, {"name": "db"}, {"name": "cache"}]}',
    exactly: ['cache'],
  },
  {
    name: 'ECS container names in volumesFrom',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "volumesFrom": [{"sourceContainer": "|"}]}, {"name": "data"}]}',
    exactly: ['data'],
  },
  {
    name: 'ECS volume names in mountPoints',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "mountPoints": [{"sourceVolume": "|", "containerPath": "/data"}]}], "volumes": [{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1"}}, {"name": "scratch"}]}',
    exactly: ['data', 'scratch'],
    check(_, find) {
      assert.equal(find('data').detail, 'EFS');
    },
  },

  // ---- snippets -------------------------------------------------------------------------------
  {
    name: 'a new service under services',
    text: `
      services:
        web:
          image: nginx
        |
    `,
    includes: ['new service'],
    check(_, find) {
      assert.equal(find('new service').insertText, '${1:web}:\n  image: ${2:nginx:alpine}\n  ports:\n    - "${3:8080}:${4:80}"');
    },
  },
  {
    name: 'service snippets: healthcheck, depends_on long form, deploy.resources',
    text: `
      services:
        web:
          image: nginx
          |
    ${SERVICES}
    `,
    includes: ['healthcheck block', 'depends_on (long form)', 'deploy.resources'],
    check(_, find) {
      assert.match(find('depends_on (long form)').insertText, /^depends_on:\n {2}\$\{1:db\}:\n {4}condition: \$\{2\|service_started,/);
      assert.equal(
        find('deploy.resources').insertText,
        'deploy:\n  resources:\n    limits:\n      cpus: "${1:0.50}"\n      memory: ${2:512M}\n    reservations:\n      memory: ${3:256M}',
      );
      assert.equal(find('healthcheck block').kind, 'snippet');
    },
  },
  {
    name: 'no healthcheck snippet when the service has one',
    text: `
      services:
        web:
          healthcheck:
            test: ["CMD", "true"]
          |
    `,
    excludes: ['healthcheck block', 'healthcheck'],
    includes: ['deploy.resources'],
  },
  {
    name: 'a top-level network and volume',
    text: `
      networks:
        |
    `,
    includes: ['new network'],
    inserts: { 'new network': '${1:backend}:\n  driver: ${2:bridge}' },
  },
  {
    name: 'ECS: a container definition in containerDefinitions',
    language: 'taskdef',
    text: '{"family": "web", "containerDefinitions": [|]}',
    includes: ['container definition'],
    check(_, find) {
      const body = find('container definition').insertText;
      assert.match(body, /^\{\n {2}"name": "\$\{1:app\}",\n/);
      assert.match(body, /"logDriver": "awslogs"/);
    },
  },
  {
    name: 'ECS: a port mapping, and awslogs logging at a container key',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", "portMappings": [|]}]}',
    exactly: ['port mapping'],
  },
  {
    name: 'ECS: logConfiguration (awslogs) at a container key',
    language: 'taskdef',
    text: '{"containerDefinitions": [{"name": "web", |}]}',
    includes: ['logConfiguration (awslogs)', 'image'],
    check(_, find) {
      assert.match(
        find('logConfiguration (awslogs)').insertText,
        /^"logConfiguration": \{\n {2}"logDriver": "awslogs",\n {2}"options": \{\n {4}"awslogs-group": "\$\{1:\/ecs\/app\}"/,
      );
    },
  },
  {
    name: 'ECS snippets in YAML come out as YAML',
    language: 'taskdef',
    text: `
      containerDefinitions:
        - name: web
          |
    `,
    check(_, find) {
      assert.equal(
        find('logConfiguration (awslogs)').insertText,
        // Relative to the line's own indentation, which the editor adds to each new line.
        'logConfiguration:\n  logDriver: awslogs\n  options:\n    awslogs-group: ${1:/ecs/app}\n    awslogs-region: ${2:us-east-1}\n    awslogs-stream-prefix: ${3:app}',
      );
    },
  },

  // ---- where nothing is offered -------------------------------------------------------------
  {
    name: 'nothing in a comment',
    text: `
      services:
        web:
          image: nginx  # pinned |
    `,
    exactly: [],
  },
  {
    name: 'nothing inside a block scalar',
    marker: '‸',
    text: `
      services:
        web:
          command: |
            echo ‸
    `,
    exactly: [],
  },
];

function run(c: Case): CompletionResult {
  const { text, offset } = atCursor(c.text, c.marker);
  return completeAt({ text, offset, language: c.language ?? 'compose' });
}

for (const c of cases) {
  test(`completion: ${c.name}`, () => {
    const { text } = atCursor(c.text, c.marker);
    const result = run(c);
    const labels = result.items.map((i) => i.label);
    const find = (label: string): CompletionCandidate => {
      const item = result.items.find((i) => i.label === label);
      assert.ok(item, `"${label}" is offered (got ${labels.join(', ')})`);
      return item;
    };
    for (const label of c.includes ?? []) find(label);
    for (const label of c.excludes ?? []) assert.ok(!labels.includes(label), `"${label}" is not offered`);
    if (c.exactly) assert.deepEqual([...labels].sort(), [...c.exactly].sort());
    for (const [label, insertText] of Object.entries(c.inserts ?? {}))
      assert.equal(find(label).insertText, insertText, `insert text of "${label}"`);
    if (c.replaces !== undefined) assert.equal(text.slice(...result.replaceSpan), c.replaces);
    const [start, end] = result.replaceSpan;
    const { offset } = atCursor(c.text, c.marker);
    assert.ok(start <= offset && offset <= end, 'the replaced range contains the cursor');
    assert.ok(!text.slice(start, end).includes('\n'), 'the replaced range is on one line');
    c.check?.(result, find);
  });
}

test('completion: a clean parse of the same text gives the same answer, a stale one is not trusted', () => {
  const { text, offset } = atCursor(`
    services:
      web:
        depends_on:
          - |
      db:
        image: postgres
  `);
  const withParse = completeAt({ text, offset, language: 'compose', parsed: parseText(text) });
  assert.deepEqual(
    withParse.items.map((i) => i.label),
    ['db'],
  );
  const stale = completeAt({ text, offset, language: 'compose', parsed: parseText('services:\n  other:\n    image: x\n') });
  assert.deepEqual(
    stale.items.map((i) => i.label),
    ['db'],
  );
});

test('completion: names defined through anchors come from a clean parse when given', () => {
  const { text, offset } = atCursor(`
    x-base: &base
      image: postgres
    services:
      db: *base
      web:
        depends_on: [|]
  `);
  const result = completeAt({ text, offset, language: 'compose', parsed: parseText(text) });
  assert.deepEqual(
    result.items.map((i) => i.label),
    ['db'],
  );
  assert.equal(result.items[0]?.detail, 'postgres');
});

test('completion: the cursor at the very end of a file without a final newline', () => {
  const text = 'services:\n  web:\n    restart: al';
  const result = completeAt({ text, offset: text.length, language: 'compose' });
  assert.ok(result.items.some((i) => i.label === 'always'));
  assert.deepEqual(result.replaceSpan, [text.length - 2, text.length]);
});

test('completion: CRLF line endings', () => {
  const text = 'services:\r\n  web:\r\n    image: nginx\r\n    res\r\n';
  const offset = text.indexOf('res') + 3;
  const result = completeAt({ text, offset, language: 'compose' });
  assert.ok(result.items.some((i) => i.label === 'restart'));
  assert.ok(!result.items.some((i) => i.label === 'image'));
  assert.equal(text.slice(...result.replaceSpan), 'res');
});

test('completion: every candidate has a label, an insert text and a known kind', () => {
  for (const c of cases) {
    for (const item of run(c).items) {
      assert.ok(item.label.length > 0, c.name);
      assert.ok(['property', 'value', 'enum', 'reference', 'snippet'].includes(item.kind), c.name);
      assert.equal(typeof item.insertText, 'string', c.name);
    }
  }
});

test('completion: a blank first line and a cursor above every indented line (the walk up ends)', () => {
  for (const [text, offset] of [
    ['\n    \n  x: 1\n', 5],
    ['\nservices:\n  web:\n    image: x\n', 0],
    ['\n', 1],
    ['', 0],
  ] as const) {
    const result = completeAt({ text, offset, language: 'compose' });
    assert.ok(result.replaceSpan[0] <= offset && offset <= result.replaceSpan[1]);
  }
});

test('completion: CRLF blank lines inside an entry do not hide the keys above them', () => {
  const text = 'services:\r\n  web:\r\n    healthcheck:\r\n      test: x\r\n\r\n      \r\n';
  const offset = text.lastIndexOf('      \r\n') + 6;
  const labels = completeAt({ text, offset, language: 'compose' }).items.map((i) => i.label);
  assert.ok(labels.includes('interval'));
  assert.ok(!labels.includes('test'));
});
