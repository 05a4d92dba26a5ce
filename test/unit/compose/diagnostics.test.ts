import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateCompose, type Finding } from '../../../core/src';
import { dedent, marked } from '../../helpers/marked';

interface Case {
  name: string;
  /** The Compose file, with each expected diagnostic's range marked `[[like this]]`. */
  yaml: string;
  code: string | RegExp;
  severity: Finding['severity'];
  /** One expected message per marked range, in order (a RegExp where the sentence is long). */
  messages: Array<string | RegExp>;
  /** Files that exist, for env_file checks. */
  files?: string[];
}

const cases: Case[] = [
  {
    name: 'unknown service key: on the key, with the nearest valid key',
    yaml: `
      services:
        web:
          [[imgae]]: nginx
    `,
    code: 'compose/schema',
    severity: 'error',
    messages: ['Unknown key "imgae" in service "web". Did you mean "image"?'],
  },
  {
    name: 'unknown nested key names its parent',
    yaml: `
      services:
        web:
          image: nginx
          healthcheck:
            test: ["CMD", "true"]
            [[intervall]]: 5s
    `,
    code: 'compose/schema',
    severity: 'error',
    messages: ['Unknown key "intervall" in "healthcheck" in service "web". Did you mean "interval"?'],
  },
  {
    name: 'a service written at the top level',
    yaml: `
      [[web]]:
        image: nginx
    `,
    code: 'compose/schema',
    severity: 'error',
    messages: ['Unknown top-level key "web". It looks like a service: services go under "services:".'],
  },
  {
    name: 'wrong type says what is expected and what was found',
    yaml: `
      services:
        web:
          image: nginx
          environment: [[42]]
    `,
    code: 'compose/schema',
    severity: 'error',
    messages: [/^"environment" in service "web" must be .*a list.*, not a number\.$/],
  },
  {
    name: 'oneOf noise collapses into one message on the entry',
    yaml: `
      services:
        web:
          image: nginx
          ports:
            - [[[8080]]]
    `,
    code: 'compose/schema',
    severity: 'error',
    messages: ['Entry 1 of "ports" in service "web" must be a number, a string or a mapping, not a list.'],
  },
  {
    name: 'enum values are listed, or the nearest suggested',
    yaml: `
      services:
        web:
          image: nginx
          restart: [[sometimes]]
          pull_policy: [[alwayss]]
    `,
    code: 'compose/schema',
    severity: 'error',
    messages: [
      /^"sometimes" is not a valid value for "restart" in service "web"\. Use "no", "always", "on-failure" or "unless-stopped"\.$/,
      /^"alwayss" is not a valid value for "pull_policy" in service "web"\. Did you mean "always"\?$/,
    ],
  },
  {
    name: 'a value under depends_on map form is checked past the list alternative',
    yaml: `
      services:
        db:
          image: postgres
        web:
          image: nginx
          depends_on:
            db:
              condition: [[service_ready]]
    `,
    code: 'compose/schema',
    severity: 'error',
    messages: [/^"service_ready" is not a valid value for "depends_on\.db\.condition" in service "web"\./],
  },
  {
    name: 'an invalid service name',
    yaml: `
      services:
        [[web app]]:
          image: nginx
    `,
    code: 'compose/schema',
    severity: 'error',
    messages: [/^"web app" is not a valid service name/],
  },
  {
    name: 'undefined network, on the name, with a suggestion',
    yaml: `
      services:
        web:
          image: nginx
          networks: [front, [[bakc]] ]
      networks:
        front:
        back:
    `,
    code: 'compose/undefined-network',
    severity: 'error',
    messages: ['Undefined network "bakc". Did you mean "back"?'],
  },
  {
    name: 'undefined volume, only the volume name inside the short syntax',
    yaml: `
      services:
        db:
          image: postgres
          volumes:
            - "[[pgdata]]:/var/lib/postgresql/data"
            - ./init:/docker-entrypoint-initdb.d
    `,
    code: 'compose/undefined-volume',
    severity: 'error',
    messages: ['Undefined volume "pgdata". Declare it under the top-level "volumes:" key.'],
  },
  {
    name: 'undefined secret and config, short and long syntax',
    yaml: `
      services:
        web:
          image: nginx
          secrets: [ [[db_password]] ]
          configs:
            - source: [[nginx_conf]]
              target: /etc/nginx/nginx.conf
    `,
    code: /^compose\/undefined-(secret|config)$/,
    severity: 'error',
    messages: [
      'Undefined secret "db_password". Declare it under the top-level "secrets:" key.',
      'Undefined config "nginx_conf". Declare it under the top-level "configs:" key.',
    ],
  },
  {
    name: 'undefined service in depends_on, links, extends, network_mode and volumes_from',
    yaml: `
      services:
        web:
          image: nginx
          depends_on: [ [[dbb]] ]
          links: ["[[cache]]:redis"]
          network_mode: "service:[[vpn]]"
          volumes_from: [ [[data]] ]
        worker:
          extends:
            service: [[base]]
    `,
    code: 'compose/undefined-service',
    severity: 'error',
    messages: [
      /^Undefined service "dbb"\./,
      /^Undefined service "cache"\./,
      /^Undefined service "vpn"\./,
      /^Undefined service "data"\./,
      /^Undefined service "base"\./,
    ],
  },
  {
    name: 'depends_on cycle names the whole cycle',
    yaml: `
      services:
        a:
          image: x
          depends_on: [ [[b]] ]
        b:
          image: x
          depends_on: [c]
        c:
          image: x
          depends_on: [a]
    `,
    code: 'compose/dependency-cycle',
    severity: 'error',
    messages: ['These services depend on each other in a cycle: "a" → "b" → "c" → "a". Compose cannot decide which to start first.'],
  },
  {
    name: 'service_healthy on a service without healthcheck: up stops, or goes on when the dependency is optional',
    yaml: `
      services:
        db:
          image: postgres
        web:
          image: nginx
          depends_on:
            db:
              condition: [[service_healthy]]
        worker:
          image: nginx
          depends_on:
            db:
              condition: [[service_healthy]]
              required: false
    `,
    code: 'compose/healthcheck-missing',
    severity: 'warning',
    messages: [
      'Service "web" waits for "db" to be healthy, but "db" has no healthcheck here. Unless its image defines one, "docker compose up" stops with "dependency failed to start: container … has no healthcheck configured", and "web" does not start.',
      'Service "worker" waits for "db" to be healthy, but "db" has no healthcheck here. Unless its image defines one, Compose warns that the optional dependency "db" failed to start, and starts "worker" without waiting for it to be ready.',
    ],
  },
  {
    name: 'the same host port published twice, across services and IPs',
    yaml: `
      services:
        a:
          image: x
          ports: ["8080:80", "127.0.0.1:9000:9000"]
        b:
          image: x
          ports: [ [["0.0.0.0:8080:8080"]], "127.0.0.2:9000:9000", "8080:80/udp"]
    `,
    code: 'compose/duplicate-host-port',
    severity: 'error',
    messages: [
      'Host port 0.0.0.0:8080/tcp is already published by service "a"; the second container would fail with "port is already allocated".',
    ],
  },
  {
    name: 'malformed ports',
    yaml: `
      services:
        a:
          image: x
          ports:
            - [["70000:80"]]
            - [["8080-8085:80-81"]]
            - [["80/http"]]
            - "127.0.0.1:8000-8001:80-81"
            - "[::1]:5353:53/udp"
            - target: 80
              published: "8080"
    `,
    code: 'compose/port-syntax',
    severity: 'error',
    messages: [
      /host port 70000 is outside 1-65535/,
      /the host range has 6 ports but the container range has 2/,
      /the protocol "http" is not tcp, udp or sctp/,
    ],
  },
  {
    name: 'durations need units',
    yaml: `
      services:
        a:
          image: x
          stop_grace_period: [[10]]
          healthcheck:
            test: ["CMD", "true"]
            interval: 1m30s
            timeout: [[5 seconds]]
    `,
    code: 'compose/duration-syntax',
    severity: 'error',
    messages: [
      /^"10" is not a valid duration for "stop_grace_period" in service "a".*Add a unit: "10s"\?$/,
      /^"5 seconds" is not a valid duration for "healthcheck.timeout"/,
    ],
  },
  {
    name: 'byte sizes',
    yaml: `
      services:
        a:
          image: x
          shm_size: [[lots]]
          mem_limit: 512m
          deploy:
            resources:
              limits:
                memory: [[1.5 gigs]]
    `,
    code: 'compose/byte-size-syntax',
    severity: 'error',
    messages: [/^"lots" is not a valid size for "shm_size"/, /^"1.5 gigs" is not a valid size for "deploy.resources.limits.memory"/],
  },
  {
    name: 'counts and fractions written as strings must read as numbers',
    yaml: `
      services:
        a:
          image: x
          cpus: "0.5"
          scale: \${SCALE:-2}
          healthcheck:
            test: ["CMD", "true"]
            retries: [[three]]
          ulimits:
            nproc: "65535"
            nofile:
              soft: [[lots]]
              hard: 40000
          deploy:
            resources:
              limits:
                cpus: [[half]]
                pids: "100"
    `,
    code: 'compose/not-a-number',
    severity: 'error',
    messages: [
      /^"three" is not a whole number, so Compose cannot read "healthcheck.retries" of service "a"/,
      /^"lots" is not a whole number, so Compose cannot read "ulimits.nofile.soft"/,
      /^"half" is not a number, so Compose cannot read "deploy.resources.limits.cpus" of service "a". Write a number\.$/,
    ],
  },
  {
    name: 'a service needs image or build',
    yaml: `
      services:
        [[web]]:
          command: echo hi
        built:
          build: .
        inherited:
          extends: built
    `,
    code: 'compose/missing-image',
    severity: 'error',
    messages: ['Service "web" has neither "image" nor "build", so Compose does not know what to run.'],
  },
  {
    name: 'container_name with replicas',
    yaml: `
      services:
        web:
          image: nginx
          [[container_name]]: web
          deploy:
            replicas: 3
    `,
    code: 'compose/container-name-replicas',
    severity: 'error',
    messages: [/^Service "web" sets "container_name" but asks for 3 replicas/],
  },
  {
    name: 'malformed interpolation, marked inside the string',
    yaml: `
      services:
        web:
          image: "nginx:[[\${TAG:1.25}]]"
          environment:
            A: \${OK:-fine}
            B: [[\${]]
            C: "$\${literal}"
            D: [[\${9X}]]
    `,
    code: 'compose/interpolation-syntax',
    severity: 'error',
    messages: [/has ":" after the name/, /never closed/, /does not start with a variable name/],
  },
  {
    name: 'an env_file that does not exist (only required ones)',
    yaml: `
      services:
        web:
          image: nginx
          env_file:
            - [[./missing.env]]
            - ./present.env
            - path: ./optional.env
              required: false
    `,
    code: 'compose/env-file-missing',
    severity: 'error',
    messages: [
      /^The env_file "\.\/missing\.env" of service "web" does not exist \(looked for \/project\/missing\.env\), so Compose refuses the project/,
    ],
    files: ['/project/present.env'],
  },
  {
    name: 'unused top-level volume and network are hints',
    yaml: `
      services:
        web:
          image: nginx
          volumes: [data:/data]
      volumes:
        data:
        [[old]]:
      networks:
        [[spare]]:
    `,
    code: /^compose\/unused-(volume|network)$/,
    severity: 'hint',
    messages: ['The volume "old" is declared but no service uses it.', 'The network "spare" is declared but no service uses it.'],
  },
  {
    name: 'dangerous bind mounts',
    yaml: `
      services:
        agent:
          image: x
          volumes:
            - [[/]]:/host
            - [[/var/run/docker.sock]]:/var/run/docker.sock:ro
            - [[~]]:/home
            - type: bind
              source: [[/etc]]
              target: /host-etc
            - /etc/localtime:/etc/localtime:ro
            - ./app:/app
    `,
    code: 'compose/dangerous-bind-mount',
    severity: 'warning',
    messages: [/entire filesystem/, /full control of the Docker Engine/, /home directory/, /password hashes/],
  },
  {
    name: 'obsolete version is a hint',
    yaml: `
      [[version]]: "3.8"
      services:
        web:
          image: nginx
    `,
    code: 'compose/obsolete-version',
    severity: 'hint',
    messages: [/^"version" is obsolete/],
  },
  {
    name: 'privileged: a warning on the value',
    yaml: `
      services:
        web:
          image: nginx
          privileged: [[true]]
    `,
    code: 'compose/privileged',
    severity: 'warning',
    messages: [
      'Service "web" runs privileged: it can reach every device and most of the kernel, nearly as root on the host. Add only the capabilities it needs with "cap_add" instead.',
    ],
  },
  {
    name: 'host namespaces: network, pid, ipc and user namespace',
    yaml: `
      services:
        web:
          image: nginx
          network_mode: [[host]]
          pid: [[host]]
          ipc: [[host]]
          userns_mode: [[host]]
        ok:
          image: nginx
          network_mode: bridge
          ipc: shareable
    `,
    code: 'compose/host-namespace',
    severity: 'warning',
    messages: [/^Service "web" shares the host's network stack/, /process table/, /shared memory/, /host user namespace/],
  },
  {
    name: 'cap_add ALL, but not a named capability',
    yaml: `
      services:
        web:
          image: nginx
          cap_add: [NET_ADMIN, [[ALL]] ]
    `,
    code: 'compose/cap-add-all',
    severity: 'warning',
    messages: [/^Service "web" adds every Linux capability/],
  },
  {
    name: 'plaintext secrets in both environment forms; interpolated, empty and reference names stay quiet',
    yaml: `
      services:
        db:
          image: postgres
          environment:
            POSTGRES_PASSWORD: [[hunter2]]
            POSTGRES_PASSWORD_FILE: /run/secrets/db
            API_TOKEN: \${API_TOKEN}
            EMPTY_SECRET: ""
        app:
          image: app
          environment:
            - JWT_SECRET=[[abc123]]
            - AWS_SECRET_ARN=arn:aws:secretsmanager:x
            - DB_PASSWORD=\${DB_PASSWORD:?set it}
    `,
    code: 'compose/plaintext-secret',
    severity: 'warning',
    messages: [
      'Service "db" sets POSTGRES_PASSWORD in plain text in the Compose file, where version control and "docker inspect" show it. Take it from the environment or .env ("${POSTGRES_PASSWORD}") or use a Compose secret.',
      /Service "app" sets JWT_SECRET in plain text/,
    ],
  },
];

for (const c of cases) {
  test(c.name, () => {
    const { text, spans } = marked(dedent(c.yaml));
    const files = new Set(c.files ?? []);
    const findings = validateCompose(text, { documentPath: '/project/compose.yaml', host: { fileExists: (p) => files.has(p) } });
    const mine = findings.filter((f) => (typeof c.code === 'string' ? f.code === c.code : c.code.test(f.code)));
    const describe = (f: Finding): string => `${f.code} "${text.slice(f.span[0], f.span[1])}" ${f.message}`;
    assert.deepEqual(
      mine.map((f) => f.span),
      spans,
      `expected ranges ${JSON.stringify(spans.map((s) => text.slice(...s)))}, got:\n${findings.map(describe).join('\n')}`,
    );
    mine.forEach((f, i) => {
      const expected = c.messages[i]!;
      if (typeof expected === 'string') assert.equal(f.message, expected);
      else assert.match(f.message, expected);
      assert.equal(f.severity, c.severity);
    });
    assert.equal(mine.length, c.messages.length);
  });
}

test('a clean file gets no finding at all', () => {
  const text = dedent(`
    name: shop
    services:
      web:
        image: nginx:1.25
        ports: ["8080:80"]
        depends_on:
          db:
            condition: service_healthy
        networks: [front, back]
      db:
        image: postgres:16
        volumes: [pgdata:/var/lib/postgresql/data]
        networks: [back]
        healthcheck:
          test: ["CMD", "pg_isready"]
          interval: 10s
    networks:
      front:
      back:
    volumes:
      pgdata:
  `);
  assert.deepEqual(validateCompose(text), []);
});

test('an empty file gets one plain sentence: an error alone (Compose refuses an empty project), a warning as an override', () => {
  for (const text of ['', '\n\n', '# just a comment\n']) {
    assert.deepEqual(
      validateCompose(text).map((f) => [f.code, f.severity]),
      [['compose/empty-file', 'error']],
    );
    assert.deepEqual(
      validateCompose(text, { documentPath: '/p/compose.override.yaml' }).map((f) => [f.code, f.severity]),
      [['compose/empty-file', 'warning']],
    );
    assert.deepEqual(
      validateCompose(text, {
        documentPath: '/p/compose.override.yaml',
        project: { name: 'p', services: { web: { image: 'nginx' } } },
      }).map((f) => [f.code, f.severity, f.message]),
      [
        [
          'compose/empty-file',
          'warning',
          'This Compose file is empty, so it adds nothing to the project. Remove it, or add what it should change.',
        ],
      ],
    );
    assert.deepEqual(
      validateCompose(text, { documentPath: '/p/compose.yaml', project: { name: 'p' } }).map((f) => [f.code, f.severity]),
      [['compose/empty-file', 'error']],
    );
  }
});

test('an ECS task definition opened as Compose gets one sentence, not schema noise', () => {
  const findings = validateCompose('{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx"}]}');
  assert.deepEqual(
    findings.map((f) => f.code),
    ['compose/not-compose'],
  );
  assert.match(findings[0]!.message, /ECS task definition/);
});

test('a JSON Compose file is checked like YAML, with exact ranges', () => {
  const { text, spans } = marked('{"services": {"web": {[["imgae"]]: "nginx"}}}');
  const findings = validateCompose(text).filter((f) => f.code === 'compose/schema');
  assert.deepEqual(
    findings.map((f) => f.span),
    spans,
  );
});

test('errors inside a merged anchor point at the anchor, where the fix is', () => {
  const { text, spans } = marked(
    dedent(`
    x-common: &common
      image: nginx
      restart: [[sometimes]]
    services:
      a:
        <<: *common
      b:
        <<: *common
  `),
  );
  const findings = validateCompose(text).filter((f) => f.code === 'compose/schema');
  assert.deepEqual(
    findings.map((f) => f.span),
    spans,
  );
});

test('override files are partial: project-wide rules wait for the merge, file-local rules still run', () => {
  const text = dedent(`
    services:
      web:
        ports: ["8080:80", "8080:81"]
        networks: [front]
        restart: sometimes
  `);
  const codes = (path: string): string[] => validateCompose(text, { documentPath: path }).map((f) => f.code);
  assert.deepEqual(codes('/p/compose.override.yaml'), ['compose/duplicate-host-port', 'compose/schema']);
  assert.deepEqual(codes('/p/docker-compose.prod.yml'), ['compose/duplicate-host-port', 'compose/schema']);
  assert.deepEqual(codes('/p/compose.yaml'), [
    'compose/missing-image',
    'compose/duplicate-host-port',
    'compose/undefined-network',
    'compose/schema',
  ]);
});

test('an undefined name written as a map key is marked on the key, not on its settings', () => {
  const { text, spans } = marked(
    dedent(`
    services:
      web:
        image: nginx
        networks:
          [[back]]:
            aliases: [api]
        depends_on:
          [[db]]:
            condition: service_started
  `),
  );
  const findings = validateCompose(text).filter((f) => f.code.startsWith('compose/undefined-'));
  assert.deepEqual(
    findings.map((f) => f.span),
    spans,
  );
});
