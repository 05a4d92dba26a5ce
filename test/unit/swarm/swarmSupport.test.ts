/**
 * What Swarm ignores or refuses in a Compose project: every schema key accounted for, the report the
 * deploy prints, and the same report as diagnostics in a file meant for Swarm (and only there).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import composeSchema from '../../../schemas/compose.schema.json';
import { isMeantForSwarm, swarmSupport, SWARM_SERVICE_KEYS, SWARM_TOP_LEVEL_KEYS, validateCompose, type Json } from '../../../core/src';
import { dedent, marked } from '../../helpers/marked';

type Schema = { properties: Record<string, unknown>; definitions: Record<string, { properties: Record<string, unknown> }> };
const compose = composeSchema as unknown as Schema;

test('every service key of the Compose schema is carried to Swarm or reported with a reason', () => {
  const keys = Object.keys(compose.definitions['service']!.properties);
  assert.ok(keys.length > 80);
  assert.deepEqual(
    keys.filter((key) => SWARM_SERVICE_KEYS[key] === undefined && !key.startsWith('x-')),
    [],
  );
  assert.deepEqual(
    Object.keys(SWARM_SERVICE_KEYS).filter((key) => !keys.includes(key)),
    [],
  );
});

test('every top-level key of the Compose schema is accounted for', () => {
  assert.deepEqual(
    Object.keys(compose.properties).filter((key) => SWARM_TOP_LEVEL_KEYS[key] === undefined && !key.startsWith('x-')),
    [],
  );
});

/** The report as `kind path` lines, the way a reader scans it. */
function summary(model: Json, options: Parameters<typeof swarmSupport>[1] = {}): string[] {
  const report = swarmSupport(model, options);
  return (['errors', 'dropped', 'approximated', 'notes'] as const).flatMap((kind) =>
    report[kind].map((entry) => `${kind} ${entry.path.join('.')}`),
  );
}

const cases: Array<{ name: string; model: Json; options?: Parameters<typeof swarmSupport>[1]; expected: string[] }> = [
  {
    name: 'build without an image is refused; beside an image it is ignored',
    model: { services: { api: { build: '.' }, web: { image: 'web:1', build: '.' } } },
    expected: ['errors services.api.build', 'dropped services.web.build'],
  },
  {
    name: 'start order, fixed names and links are ignored',
    model: { services: { web: { image: 'w', depends_on: ['db'], container_name: 'web', links: ['db'] }, db: { image: 'd' } } },
    expected: ['dropped services.web.depends_on', 'dropped services.web.container_name', 'dropped services.web.links'],
  },
  {
    name: 'volumes_from and sharing another service network namespace are refused',
    model: { services: { a: { image: 'a', volumes_from: ['b'], network_mode: 'service:b' }, b: { image: 'b' } } },
    expected: ['errors services.a.volumes_from', 'errors services.a.network_mode'],
  },
  {
    name: 'global mode with replicas is refused',
    model: { services: { agent: { image: 'a', deploy: { mode: 'global', replicas: 2 } } } },
    expected: ['errors services.agent.deploy.replicas'],
  },
  {
    name: 'restart, scale, mem_limit are carried as deploy settings; beside them they are ignored',
    model: {
      services: {
        a: { image: 'a', restart: 'always', scale: 2, mem_limit: '64m' },
        b: {
          image: 'b',
          restart: 'always',
          scale: 2,
          mem_limit: '64m',
          deploy: { replicas: 1, restart_policy: { condition: 'none' }, resources: { limits: { memory: '32m' } } },
        },
      },
    },
    expected: [
      'dropped services.b.mem_limit',
      'dropped services.b.scale',
      'dropped services.b.restart',
      'approximated services.a.mem_limit',
      'approximated services.a.scale',
      'approximated services.a.restart',
    ],
  },
  {
    name: 'a host address on a port and fixed addresses on a network are ignored',
    model: {
      services: {
        web: { image: 'w', ports: ['127.0.0.1:80:80', '8080:80'], networks: { front: { ipv4_address: '10.0.0.5', aliases: ['x'] } } },
      },
      networks: { front: {} },
    },
    expected: ['dropped services.web.ports.0', 'dropped services.web.networks.front.ipv4_address'],
  },
  {
    name: 'a bridge network is refused; an external one is not judged',
    model: { services: { web: { image: 'w' } }, networks: { local: { driver: 'bridge' }, outside: { external: true, driver: 'bridge' } } },
    expected: ['errors networks.local.driver'],
  },
  {
    name: 'a relative bind mount is a note when the swarm is unknown',
    model: { services: { web: { image: 'w', volumes: ['./site:/www', '/srv/data:/data', 'cache:/cache'] } }, volumes: { cache: {} } },
    expected: ['notes services.web.volumes.0'],
  },
  {
    name: 'a relative bind mount is refused on a swarm of several nodes, where local volumes are noted',
    model: { services: { web: { image: 'w', volumes: ['./site:/www', 'cache:/cache'] } }, volumes: { cache: {} } },
    options: { nodes: 3 },
    expected: ['errors services.web.volumes.0', 'notes volumes.cache'],
  },
  {
    name: 'a relative bind mount is fine on a swarm of one node',
    model: { services: { web: { image: 'w', volumes: [{ type: 'bind', source: 'site', target: '/www' }] } } },
    options: { nodes: 1 },
    expected: [],
  },
  {
    name: 'the loader made bind sources absolute: the text as written decides',
    model: { services: { web: { image: 'w', volumes: ['/home/me/app/site:/www'] } } },
    options: { nodes: 2, written: (path) => (path.join('.') === 'services.web.volumes.0' ? '"./site:/www"' : undefined) },
    expected: ['errors services.web.volumes.0'],
  },
  {
    name: 'only the services deployed are judged',
    model: { services: { web: { image: 'w' }, debug: { image: 'd', container_name: 'debug', profiles: ['debug'] } } },
    options: { services: ['web'] },
    expected: [],
  },
];

for (const { name, model, options, expected } of cases) {
  test(`report: ${name}`, () => {
    assert.deepEqual(summary(model, options).sort(), [...expected].sort());
  });
}

test('the reasons say what Swarm does and what to do instead', () => {
  const report = swarmSupport({ services: { api: { build: '.' }, web: { image: 'w', depends_on: ['api'] } } });
  assert.match(report.errors[0]!.reason, /Swarm runs images and does not build them: service "api"/);
  assert.match(report.errors[0]!.action!, /push the image/);
  assert.match(report.dropped[0]!.reason, /no start order/);
});

test('a file is meant for Swarm by its name or by x-dockside.swarm', () => {
  assert.equal(isMeantForSwarm('/p/docker-stack.yml', {}), true);
  assert.equal(isMeantForSwarm('C:\\p\\docker-stack.prod.yaml', {}), true);
  assert.equal(isMeantForSwarm('/p/compose.yaml', {}), false);
  assert.equal(isMeantForSwarm('/p/compose.yaml', { 'x-dockside': { swarm: true } }), true);
  assert.equal(isMeantForSwarm('/p/compose.override.yaml', {}, { 'x-dockside': { swarm: true } }), true);
  assert.equal(isMeantForSwarm(undefined, { 'x-dockside': { swarm: false } }), false);
});

function swarmFindings(yaml: string, documentPath: string) {
  const { text, spans } = marked(dedent(yaml));
  const findings = validateCompose(text, { documentPath }).filter((finding) => finding.code.startsWith('swarm/'));
  return { findings, spans };
}

test('in a docker-stack.yml, what Swarm ignores is underlined on its key, what it refuses or changes on the value', () => {
  const { findings, spans } = swarmFindings(
    `
      services:
        api:
          build: [[.]]
        web:
          image: web:1
          [[depends_on]]: [api]
          [[container_name]]: web
          restart: [[always]]
    `,
    '/p/docker-stack.yml',
  );
  assert.deepEqual(
    findings.map((finding) => [finding.code, finding.severity, finding.span]),
    [
      ['swarm/unsupported', 'error', spans[0]],
      ['swarm/ignored', 'warning', spans[1]],
      ['swarm/ignored', 'warning', spans[2]],
      ['swarm/changed', 'information', spans[3]],
    ],
  );
  assert.match(findings[1]!.message, /^Swarm: Swarm starts every service of a stack at once/);
});

test('a compose.yaml gets no Swarm findings unless it says it is meant for Swarm', () => {
  const yaml = `
    services:
      web:
        image: web:1
        container_name: web
  `;
  assert.deepEqual(swarmFindings(yaml, '/p/compose.yaml').findings, []);
  const marked = `${dedent(yaml)}x-dockside:\n  swarm: true\n`;
  const findings = validateCompose(marked, { documentPath: '/p/compose.yaml' }).filter((finding) => finding.code.startsWith('swarm/'));
  assert.deepEqual(
    findings.map((finding) => finding.code),
    ['swarm/ignored'],
  );
});

test('in a file meant for Swarm, container_name beside replicas is ignored by Swarm, not a clash', () => {
  const text = dedent(`
    services:
      web:
        image: web:1
        container_name: web
        deploy:
          replicas: 2
  `);
  const codes = (path: string): string[] => validateCompose(text, { documentPath: path }).map((finding) => finding.code);
  assert.deepEqual(codes('/p/compose.yaml'), ['compose/container-name-replicas']);
  assert.deepEqual(codes('/p/docker-stack.yml'), ['swarm/ignored']);
});
