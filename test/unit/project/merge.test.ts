import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enforceUniqueness, findMergeTags, mergeComposeFiles, mergeValues, type MergeProblem } from '../../../core/src/compose/project';
import { plain, withoutEmptyCollections, yaml } from './helpers';

/** Merges YAML files (base first) and compares with the expected YAML, as the spec's examples read. */
function assertMerge(files: string[], expected: string, message?: string): void {
  const merged = mergeComposeFiles(files.map((file) => yaml(file)));
  assert.deepEqual(withoutEmptyCollections(merged), withoutEmptyCollections(plain(expected)), message);
}

/** Merges one service attribute written in two files. */
function mergeService(base: unknown, override: unknown): unknown {
  const merged = mergeComposeFiles([
    { doc: yaml('{}').doc, value: { services: { web: base } } },
    { doc: yaml('{}').doc, value: { services: { web: override } } },
  ]) as { services: { web: unknown } };
  return merged.services.web;
}

// ---------------------------------------------------------------------------------------------------
// Every example of 13-merge.md, inputs and results as the spec prints them.

test('spec 13-merge "Mapping": missing entries added, conflicting ones merged', () => {
  assertMerge(
    [
      `
      services:
        foo:
          key1: value1
          key2: value2
      `,
      `
      services:
        foo:
          key2: VALUE
          key3: value3
      `,
    ],
    `
    services:
      foo:
        key1: value1
        key2: VALUE
        key3: value3
    `,
  );
});

test('spec 13-merge "Sequence": values of the overriding file are appended', () => {
  assertMerge(
    [
      `
      services:
        foo:
          DNS:
            - 1.1.1.1
      `,
      `
      services:
        foo:
          DNS:
            - 8.8.8.8
      `,
    ],
    `
    services:
      foo:
        DNS:
          - 1.1.1.1
          - 8.8.8.8
    `,
  );
});

test('spec 13-merge "Shell commands": command is overridden, not appended', () => {
  assertMerge(
    [
      `
      services:
        foo:
          command: ["echo", "foo"]
      `,
      `
      services:
        foo:
          command: ["echo", "bar"]
      `,
    ],
    `
    services:
      foo:
        command: ["echo", "bar"]
    `,
  );
});

test('spec 13-merge "Unique resources": volumes sharing a target merge into the later one', () => {
  assertMerge(
    [
      `
      services:
        foo:
          volumes:
            - foo:/work
      `,
      `
      services:
        foo:
          volumes:
            - bar:/work
      `,
    ],
    `
    services:
      foo:
        volumes:
          - bar:/work
    `,
  );
});

// The spec's base files for the two tag examples put "app:" at the same level as "services:", a
// typo (that YAML would have no services at all); they are reproduced here as plainly intended.
test('spec 13-merge "Reset value": !reset removes ports and an environment variable', () => {
  const base = `
    services:
      app:
        image: myapp
        ports:
          - "8080:80"
        environment:
          FOO: BAR
  `;
  const override = `
    services:
      app:
        image: myapp
        ports: !reset []
        environment:
          FOO: !reset null
  `;
  assertMerge(
    [base, override],
    `
    services:
      app:
        image: myapp
    `,
  );
  // Exactly: the environment mapping is left empty (printed by Compose as absent).
  assert.deepEqual(mergeComposeFiles([yaml(base), yaml(override)]), { services: { app: { image: 'myapp', environment: {} } } });
});

test('spec 13-merge "Replace value": !override replaces the ports instead of appending', () => {
  const base = `
    services:
      app:
        image: myapp
        ports:
          - "8080:80"
  `;
  assertMerge(
    [
      base,
      `
      services:
        app:
          ports: !override
            - "8443:443"
      `,
    ],
    `
    services:
      app:
        image: myapp
        ports:
          - "8443:443"
    `,
  );
  // "If !override had not been used, both 8080:80 and 8443:443 would be exposed."
  assertMerge(
    [
      base,
      `
      services:
        app:
          ports:
            - "8443:443"
      `,
    ],
    `
    services:
      app:
        image: myapp
        ports:
          - "8080:80"
          - "8443:443"
    `,
  );
});

// ---------------------------------------------------------------------------------------------------
// Attribute rules beyond the spec's examples (as Compose implements them).

test('entrypoint and healthcheck.test are replaced; other healthcheck keys merge', () => {
  assert.deepEqual(mergeService({ entrypoint: ['a', 'b'] }, { entrypoint: ['c'] }), { entrypoint: ['c'] });
  assert.deepEqual(
    mergeService({ healthcheck: { test: ['CMD', 'a'], interval: '5s' } }, { healthcheck: { test: ['CMD', 'b'], retries: 3 } }),
    { healthcheck: { test: ['CMD', 'b'], interval: '5s', retries: 3 } },
  );
  assert.deepEqual(mergeService({ command: 'echo a' }, { command: ['echo', 'b'] }), { command: ['echo', 'b'] });
});

test('scalars: the later value wins, but an empty (null) value keeps the earlier one', () => {
  assert.deepEqual(mergeService({ image: 'a', restart: 'always' }, { image: 'b', restart: null }), { image: 'b', restart: 'always' });
});

test('ports: unique by address, whatever the syntax; new ones appended', () => {
  assert.deepEqual(
    mergeService({ ports: ['8080:80', '127.0.0.1:5432:5432'] }, { ports: [{ target: 80, published: '8080' }, '9090:90', '8080:80/udp'] }),
    { ports: [{ target: 80, published: '8080' }, '127.0.0.1:5432:5432', '9090:90', '8080:80/udp'] },
  );
});

test('volumes: short and long syntax merge by container path', () => {
  assert.deepEqual(
    mergeService(
      { volumes: ['data:/var/lib/data', './conf:/etc/app:ro'] },
      { volumes: [{ type: 'volume', source: 'other', target: '/var/lib/data' }, 'logs:/logs'] },
    ),
    { volumes: [{ type: 'volume', source: 'other', target: '/var/lib/data' }, './conf:/etc/app:ro', 'logs:/logs'] },
  );
});

test('devices: by container path', () => {
  assert.deepEqual(mergeService({ devices: ['/dev/a:/dev/x', '/dev/b:/dev/y'] }, { devices: ['/dev/c:/dev/x'] }), {
    devices: ['/dev/c:/dev/x', '/dev/b:/dev/y'],
  });
});

test('secrets and configs: by target, which defaults to the source name', () => {
  assert.deepEqual(
    mergeService(
      { secrets: ['db_password', { source: 'api_key', target: 'key' }] },
      { secrets: [{ source: 'db_password', mode: 0o400 }, 'other'] },
    ),
    { secrets: [{ source: 'db_password', mode: 0o400 }, { source: 'api_key', target: 'key' }, 'other'] },
  );
  assert.deepEqual(mergeService({ configs: ['app'] }, { configs: [{ source: 'app2', target: '/app' }] }), {
    configs: [{ source: 'app2', target: '/app' }],
  });
});

test('expose, cap_add, dns, dns_search and tmpfs are sets; dns as a string becomes a list', () => {
  assert.deepEqual(mergeService({ expose: ['3000', 8080] }, { expose: ['3000', '9000'] }), { expose: ['3000', 8080, '9000'] });
  assert.deepEqual(mergeService({ cap_add: ['NET_ADMIN'] }, { cap_add: ['NET_ADMIN', 'SYS_TIME'] }), {
    cap_add: ['NET_ADMIN', 'SYS_TIME'],
  });
  assert.deepEqual(mergeService({ dns: '1.1.1.1' }, { dns: ['8.8.8.8', '1.1.1.1'] }), { dns: ['1.1.1.1', '8.8.8.8'] });
  assert.deepEqual(mergeService({ dns_search: 'a.local' }, { dns_search: 'b.local' }), { dns_search: ['a.local', 'b.local'] });
  assert.deepEqual(mergeService({ tmpfs: '/run' }, { tmpfs: ['/run', '/tmp'] }), { tmpfs: ['/run', '/tmp'] });
});

test('other sequences (security_opt, external_links…) are appended', () => {
  assert.deepEqual(mergeService({ external_links: ['a'] }, { external_links: ['b'] }), { external_links: ['a', 'b'] });
});

test('env_file: a string or list, unique by path', () => {
  assert.deepEqual(mergeService({ env_file: 'a.env' }, { env_file: [{ path: 'a.env', required: false }, 'b.env'] }), {
    env_file: [{ path: 'a.env', required: false }, 'b.env'],
  });
});

test('environment: list and mapping syntax merge by name', () => {
  // Mapping over mapping.
  assert.deepEqual(mergeService({ environment: { A: '1', B: '2' } }, { environment: { B: '3', C: null } }), {
    environment: { A: '1', B: '3', C: null },
  });
  // List over list stays a list, the later entry replacing the earlier in place.
  assert.deepEqual(mergeService({ environment: ['A=1', 'B=2'] }, { environment: ['B=3', 'C'] }), { environment: ['A=1', 'B=3', 'C'] });
  // Mixed syntax gives a mapping.
  assert.deepEqual(mergeService({ environment: ['A=1', 'B=2'] }, { environment: { B: 3 } }), { environment: { A: '1', B: 3 } });
  assert.deepEqual(mergeService({ environment: { A: 1 } }, { environment: ['A=x=y'] }), { environment: { A: 'x=y' } });
});

test('labels, annotations, sysctls and build.args: like environment', () => {
  assert.deepEqual(mergeService({ labels: ['a=1'] }, { labels: { b: '2' } }), { labels: { a: '1', b: '2' } });
  assert.deepEqual(mergeService({ annotations: { a: '1' } }, { annotations: { a: '2' } }), { annotations: { a: '2' } });
  assert.deepEqual(mergeService({ sysctls: ['net.core.somaxconn=1024'] }, { sysctls: { 'net.core.somaxconn': 2048 } }), {
    sysctls: { 'net.core.somaxconn': 2048 },
  });
  assert.deepEqual(mergeService({ build: { context: '.', args: ['A=1'] } }, { build: { args: ['A=2', 'B=3'] } }), {
    build: { context: '.', args: ['A=2', 'B=3'] },
  });
});

test('build: the string form is the context, merged with the mapping form', () => {
  assert.deepEqual(mergeService({ build: './app' }, { build: { dockerfile: 'Dockerfile.dev' } }), {
    build: { context: './app', dockerfile: 'Dockerfile.dev' },
  });
  assert.deepEqual(mergeService({ build: { context: '.', target: 'prod' } }, { build: './other' }), {
    build: { context: './other', target: 'prod' },
  });
});

test('extra_hosts: list and mapping merge; only identical host/address pairs collapse', () => {
  assert.deepEqual(mergeService({ extra_hosts: ['db=10.0.0.1'] }, { extra_hosts: ['db=10.0.0.1', 'db=10.0.0.2'] }), {
    extra_hosts: ['db=10.0.0.1', 'db=10.0.0.2'],
  });
  assert.deepEqual(mergeService({ extra_hosts: { db: '10.0.0.1' } }, { extra_hosts: { cache: '10.0.0.3' } }), {
    extra_hosts: { db: '10.0.0.1', cache: '10.0.0.3' },
  });
  // Mixed syntax gives a mapping, as for environment; the old `host:address` form is understood.
  assert.deepEqual(mergeService({ extra_hosts: { db: '10.0.0.1' } }, { extra_hosts: ['db:10.0.0.1', 'db=10.0.0.2'] }), {
    extra_hosts: { db: ['10.0.0.1', '10.0.0.2'] },
  });
});

test('ulimits: each limit is replaced whole', () => {
  assert.deepEqual(mergeService({ ulimits: { nproc: 65535, nofile: { soft: 1, hard: 2 } } }, { ulimits: { nofile: { soft: 3 } } }), {
    ulimits: { nproc: 65535, nofile: { soft: 3 } },
  });
});

test('depends_on: list and mapping merge by service', () => {
  assert.deepEqual(mergeService({ depends_on: ['db'] }, { depends_on: ['cache', 'db'] }), { depends_on: ['db', 'cache'] });
  assert.deepEqual(mergeService({ depends_on: ['db'] }, { depends_on: { cache: { condition: 'service_healthy' } } }), {
    depends_on: { db: { condition: 'service_started', required: true }, cache: { condition: 'service_healthy' } },
  });
  assert.deepEqual(mergeService({ depends_on: { db: { condition: 'service_healthy' } } }, { depends_on: { db: { restart: true } } }), {
    depends_on: { db: { condition: 'service_healthy', restart: true } },
  });
});

test('networks: list and mapping merge by network; aliases are a set', () => {
  assert.deepEqual(mergeService({ networks: ['front'] }, { networks: ['back'] }), { networks: ['front', 'back'] });
  assert.deepEqual(mergeService({ networks: { front: { aliases: ['a'] } } }, { networks: ['front', 'back'] }), {
    networks: { front: { aliases: ['a'] }, back: null },
  });
  assert.deepEqual(mergeService({ networks: { front: { aliases: ['a', 'b'] } } }, { networks: { front: { aliases: ['b', 'c'] } } }), {
    networks: { front: { aliases: ['a', 'b', 'c'] } },
  });
});

test('logging options merge only for the same driver', () => {
  assert.deepEqual(
    mergeService({ logging: { driver: 'json-file', options: { 'max-size': '1m' } } }, { logging: { options: { 'max-file': '3' } } }),
    { logging: { driver: 'json-file', options: { 'max-size': '1m', 'max-file': '3' } } },
  );
  assert.deepEqual(mergeService({ logging: { driver: 'json-file', options: { 'max-size': '1m' } } }, { logging: { driver: 'syslog' } }), {
    logging: { driver: 'syslog' },
  });
});

test('top-level resources merge as mappings; IPAM pools by subnet', () => {
  const merged = mergeValues(
    {
      networks: { back: { driver: 'bridge', ipam: { config: [{ subnet: '10.0.0.0/24', gateway: '10.0.0.1' }] } } },
      volumes: { data: null },
    },
    {
      networks: { back: { ipam: { config: [{ subnet: '10.0.0.0/24', ip_range: '10.0.0.0/25' }, { subnet: '10.1.0.0/24' }] } } },
      volumes: { data: { driver: 'local' } },
    },
  );
  assert.deepEqual(merged, {
    networks: {
      back: {
        driver: 'bridge',
        ipam: { config: [{ subnet: '10.0.0.0/24', gateway: '10.0.0.1', ip_range: '10.0.0.0/25' }, { subnet: '10.1.0.0/24' }] },
      },
    },
    volumes: { data: { driver: 'local' } },
  });
});

test('a mapping cannot merge with a list: the later value stands and the problem is reported', () => {
  const problems: MergeProblem[] = [];
  const merged = mergeValues(
    { services: { web: { ulimits: { nofile: 1 }, x: [1] } } },
    { services: { web: { x: { a: 1 } } } },
    [],
    problems,
  );
  assert.deepEqual(merged, { services: { web: { ulimits: { nofile: 1 }, x: { a: 1 } } } });
  assert.deepEqual(
    problems.map((p) => p.path),
    [['services', 'web', 'x']],
  );
});

test('merging never changes its inputs', () => {
  const base = { services: { web: { ports: ['80'], environment: { A: '1' } } } };
  const override = { services: { web: { ports: ['81'], environment: { B: '2' } } } };
  const snapshot = JSON.stringify([base, override]);
  mergeValues(base, override);
  assert.equal(JSON.stringify([base, override]), snapshot);
});

test("uniqueness also collapses one file's repeated ports and volume targets", () => {
  assert.deepEqual(enforceUniqueness({ services: { web: { ports: ['80:80', '80:80'], volumes: ['one:/data', 'two:/data'] } } }), {
    services: { web: { ports: ['80:80'], volumes: ['two:/data'] } },
  });
});

// ---------------------------------------------------------------------------------------------------
// !reset and !override beyond the spec's examples

test('findMergeTags reads the tags from the yaml Document, through anchors and merge keys', () => {
  const tags = findMergeTags(
    yaml(`
      x-reset: &reset
        ports: !reset []
      services:
        web:
          <<: *reset
          image: !override nginx
          command: !reset null
          volumes:
            - !reset a:/a
    `).doc,
  );
  assert.deepEqual(tags.resets, [
    ['x-reset', 'ports'],
    ['services', 'web', 'ports'],
    ['services', 'web', 'command'],
    ['services', 'web', 'volumes', 0],
  ]);
  assert.deepEqual(tags.overrides, [['services', 'web', 'image']]);
});

test('!reset removes a whole service, a mapping, or an entry of a list-syntax environment', () => {
  assertMerge(
    [
      `
      services:
        web:
          image: nginx
          environment: [A=1, B=2]
          labels: { a: "1" }
        debug:
          image: busybox
      `,
      `
      services:
        web:
          environment:
            A: !reset
          labels: !reset {}
        debug: !reset {}
      `,
    ],
    `
    services:
      web:
        image: nginx
        environment: [B=2]
    `,
  );
});

test('!override replaces a mapping whole instead of merging it', () => {
  assertMerge(
    [
      `
      services:
        web:
          environment: { A: "1", B: "2" }
          depends_on: [db]
      `,
      `
      services:
        web:
          environment: !override { C: "3" }
          depends_on: !override { cache: { condition: service_healthy } }
      `,
    ],
    `
    services:
      web:
        environment: { C: "3" }
        depends_on: { cache: { condition: service_healthy } }
    `,
  );
});

test('!reset and !override act on the files before only: within its own file a !reset value is simply absent', () => {
  assert.deepEqual(mergeComposeFiles([yaml('services: { web: { image: nginx, ports: !reset ["80"] } }')]), {
    services: { web: { image: 'nginx' } },
  });
  assert.deepEqual(
    mergeComposeFiles([
      yaml('services: { web: { ports: ["80"] } }'),
      yaml('services: { web: { ports: !override ["81"] } }'),
      yaml('services: { web: { ports: ["82"] } }'),
    ]),
    { services: { web: { ports: ['81', '82'] } } },
  );
});
