// The refusals of Docker Compose v2's loader (compose-go `loader/validate.go`, `validation/`, the type
// casts of `loader/interpolate.go`), each as a rule: for every code, a file Compose refuses, with the
// exact range and message, and the nearest file it accepts, which must draw no finding of that code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateCompose, type Finding } from '../../../core/src';
import { dedent, marked } from '../../helpers/marked';

interface Case {
  name: string;
  code: string;
  severity?: Finding['severity'];
  /** A file Compose refuses, each expected range marked `[[like this]]`, one message per range. */
  refused: string;
  messages: Array<string | RegExp>;
  /** The nearest file Compose accepts: no finding with this code. */
  accepted: string;
  /** Variables set in the environment or `.env`. */
  variables?: Record<string, string>;
  /** Files that exist beside the Compose file. */
  files?: string[];
}

const cases: Case[] = [
  {
    name: 'platform outside build.platforms',
    code: 'compose/build-platforms',
    refused: `
      services:
        app:
          image: example/app:1.0
          platform: [[linux/riscv64]]
          build:
            context: .
            platforms: [linux/amd64, linux/arm64]
    `,
    messages: [
      'Service "app" runs on platform "linux/riscv64", but its "build.platforms" lists only "linux/amd64" and "linux/arm64", so Compose refuses to build it. Add "linux/riscv64" to "build.platforms", or change "platform".',
    ],
    accepted: `
      services:
        app:
          image: example/app:1.0
          platform: linux/arm64
          build:
            context: .
            platforms: [linux/amd64, linux/arm64]
    `,
  },
  {
    name: 'DOCKER_DEFAULT_PLATFORM outside build.platforms',
    code: 'compose/build-platforms',
    variables: { DOCKER_DEFAULT_PLATFORM: 'windows/amd64' },
    refused: `
      services:
        app:
          build:
            context: .
            [[platforms]]: [linux/amd64, linux/arm64]
    `,
    messages: [
      'DOCKER_DEFAULT_PLATFORM is "windows/amd64", which "build.platforms" of service "app" does not list, so Compose refuses to build it. Add "windows/amd64" to "build.platforms", set "platform" on the service, or unset DOCKER_DEFAULT_PLATFORM.',
    ],
    accepted: `
      services:
        app:
          platform: linux/amd64
          build:
            context: .
            platforms: [linux/amd64, linux/arm64]
    `,
  },
  {
    name: 'dockerfile with dockerfile_inline',
    code: 'compose/dockerfile-conflict',
    refused: `
      services:
        app:
          build:
            context: .
            dockerfile: Dockerfile
            [[dockerfile_inline]]: |
              FROM alpine:3.20
    `,
    messages: [
      'Service "app" sets both "build.dockerfile" and "build.dockerfile_inline"; Compose accepts one or the other. Remove one of them.',
    ],
    accepted: `
      services:
        app:
          build:
            context: .
            dockerfile_inline: |
              FROM alpine:3.20
    `,
  },
  {
    name: 'network_mode with networks',
    code: 'compose/network-mode-networks',
    refused: `
      services:
        cache:
          image: redis:7
          network_mode: host
          [[networks]]: [backend]
      networks:
        backend: {}
    `,
    messages: [
      'Service "cache" sets both "network_mode: host" and "networks"; Compose refuses the pair, since network_mode already decides its network. Remove "networks", or remove "network_mode" to join those networks.',
    ],
    accepted: `
      services:
        cache:
          image: redis:7
          networks: [backend]
      networks:
        backend: {}
    `,
  },
  {
    name: 'scale and deploy.replicas disagree',
    code: 'compose/scale-replicas',
    refused: `
      services:
        worker:
          image: example/worker:1.0
          [[scale]]: 2
          deploy:
            replicas: 3
    `,
    messages: [
      'Service "worker" sets "scale: 2" and "deploy.replicas: 3"; Compose refuses two different replica counts. Keep one of them.',
    ],
    accepted: `
      services:
        worker:
          image: example/worker:1.0
          scale: 3
          deploy:
            replicas: "3"
    `,
  },
  {
    name: 'negative replica counts',
    code: 'compose/negative-number',
    refused: `
      services:
        a:
          image: alpine:3.20
          scale: [[-1]]
        b:
          image: alpine:3.20
          deploy:
            replicas: [[-2]]
    `,
    messages: [
      '"scale" of service "a" is -1; a number of replicas is 0 or more. Use 0 to create no container.',
      '"deploy.replicas" of service "b" is -2; a number of replicas is 0 or more. Use 0 to create no container.',
    ],
    accepted: `
      services:
        a:
          image: alpine:3.20
          scale: 0
    `,
  },
  {
    name: 'service-level limits that contradict deploy.resources',
    code: 'compose/resource-conflict',
    refused: `
      services:
        api:
          image: example/api:1.0
          [[cpus]]: 0.5
          [[mem_limit]]: 512m
          [[mem_reservation]]: 128m
          [[pids_limit]]: 100
          deploy:
            resources:
              limits: { cpus: "1", memory: 1g, pids: 200 }
              reservations: { memory: 256m }
    `,
    messages: [
      'Service "api" sets "cpus: 0.5" and "deploy.resources.limits.cpus: 1"; Compose refuses two different values. Keep one of them ("deploy.resources.limits.cpus" is the current form).',
      /^Service "api" sets "mem_limit: 512m" and "deploy\.resources\.limits\.memory: 1g"/,
      /^Service "api" sets "mem_reservation: 128m" and "deploy\.resources\.reservations\.memory: 256m"/,
      /^Service "api" sets "pids_limit: 100" and "deploy\.resources\.limits\.pids: 200"/,
    ],
    // Compose compares values, not text: 1g is 1024m.
    accepted: `
      services:
        api:
          image: example/api:1.0
          cpus: 0.5
          mem_limit: 1g
          pids_limit: 100
          deploy:
            resources:
              limits: { cpus: "0.5", memory: 1024m, pids: 100 }
    `,
  },
  {
    name: 'a sync watch rule without target',
    code: 'compose/watch-target',
    refused: `
      services:
        web:
          image: example/web
          develop:
            watch:
              - path: ./src
                action: [[sync+restart]]
    `,
    messages: [
      'The "sync+restart" watch rule of service "web" has no "target": Compose copies the changed files into the container and needs to know where. Add "target:" with the path in the container.',
    ],
    accepted: `
      services:
        web:
          image: example/web
          develop:
            watch:
              - { path: ./src, action: sync, target: /app/src }
              - { path: ./package.json, action: rebuild }
              - { path: ./config, action: restart }
    `,
  },
  {
    name: 'a watch rule with an empty path',
    code: 'compose/watch-path',
    refused: `
      services:
        web:
          image: example/web
          develop:
            watch:
              - { path: [[""]], action: rebuild }
    `,
    messages: ['A "develop.watch" rule of service "web" has an empty "path"; give the file or folder to watch, relative to the project.'],
    accepted: `
      services:
        web:
          image: example/web
          develop:
            watch:
              - { path: ., action: rebuild }
    `,
  },
  {
    name: 'two mounts on one path: tmpfs twice, tmpfs and a volume',
    code: 'compose/duplicate-mount-target',
    refused: `
      services:
        app:
          image: alpine:3.20
          tmpfs:
            - /cache
            - [[/cache:size=64m]]
            - /run
          volumes:
            - [[./run:/run]]
    `,
    messages: [
      '"/cache" is already mounted by the "tmpfs" entry "/cache" of service "app"; Compose refuses two mounts on one path. Remove one, or mount it elsewhere.',
      '"/run" is already mounted by the "tmpfs" entry "/run" of service "app"; Compose refuses two mounts on one path. Remove one, or mount it elsewhere.',
    ],
    // Compose drops an exact repeat, and the last volume on a target replaces the earlier one.
    accepted: `
      services:
        app:
          image: alpine:3.20
          tmpfs: [/cache, /cache]
          volumes:
            - ./a:/data
            - ./b:/data
    `,
  },
  {
    name: 'a secret, a config or a bind mount without a source',
    code: 'compose/missing-source',
    refused: `
      services:
        app:
          image: example/app:1.0
          secrets: [token]
          configs: [site]
          volumes:
            - [[{ type: bind, target: /app }]]
      secrets:
        [[token]]:
          driver: vault
      configs:
        [[site]]: {}
    `,
    messages: [
      'A bind mount of service "app" has no "source": say which host path to mount at "/app".',
      'Secret "token" has no source: give "file" (a path) or "environment" (a variable name), or "external: true" for one that already exists.',
      'Config "site" has no source: give "file", "environment" or "content", or "external: true" for one that already exists.',
    ],
    accepted: `
      services:
        app:
          image: example/app:1.0
          secrets: [token, cert]
          configs: [site, rules]
          volumes:
            - { type: bind, source: ., target: /app }
      secrets:
        token: { environment: TOKEN }
        cert: { external: true }
      configs:
        site: { content: "listen 80;" }
        rules: { driver: vault }
    `,
  },
  {
    name: 'a secret or config with two sources',
    code: 'compose/source-conflict',
    refused: `
      services:
        app:
          image: example/app:1.0
          secrets: [token]
          configs: [site]
      secrets:
        token: { file: ./token.txt, [[environment]]: TOKEN }
      configs:
        site: { file: ./site.conf, [[content]]: "listen 80;" }
    `,
    messages: [
      'Secret "token" sets "file" and "environment"; Compose takes exactly one source. Keep one of them.',
      'Config "site" sets "file" and "content"; Compose takes exactly one source. Keep one of them.',
    ],
    accepted: `
      services:
        app:
          image: example/app:1.0
          secrets: [token]
      secrets:
        token: { file: ./token.txt }
    `,
  },
  {
    name: 'an external volume configured, a name given twice',
    code: 'compose/external-conflict',
    refused: `
      services:
        db:
          image: postgres:16
          volumes: [data:/var/lib/postgresql/data, logs:/logs]
      volumes:
        data: { external: true, [[driver]]: foobar }
        logs:
          name: user_specified_name
          external:
            [[name]]: external_name
    `,
    messages: [
      'Volume "data" is external, so Compose does not create it and refuses "driver" here. Remove "driver", or remove "external: true" to let Compose create the volume.',
      'Volume "logs" sets "name: user_specified_name" and the obsolete "external.name: external_name"; Compose refuses two names. Keep "name" and write "external: true".',
    ],
    accepted: `
      services:
        db:
          image: postgres:16
          volumes: [data:/var/lib/postgresql/data]
      volumes:
        data: { external: true, name: pgdata, x-note: made by hand }
    `,
  },
  {
    name: 'an additional context naming an undefined service',
    code: 'compose/undefined-context-service',
    refused: `
      services:
        base:
          build: ./base
        app:
          build:
            context: .
            additional_contexts:
              base: service:[[bsae]]
    `,
    messages: ['The build context "base" of service "app" names service "bsae", which is not defined. Did you mean "base"?'],
    accepted: `
      services:
        base:
          build: ./base
        app:
          build:
            context: .
            additional_contexts:
              base: service:base
    `,
  },
  {
    name: 'an additional context naming a service Compose does not build',
    code: 'compose/context-service-no-build',
    refused: `
      services:
        base:
          image: alpine:3.20
        app:
          build:
            context: .
            additional_contexts:
              base: service:[[base]]
    `,
    messages: [
      'The build context "base" of service "app" uses the image Compose builds for "base", but "base" has no "build". Give "base" a "build", or use "docker-image://IMAGE" to start from its image.',
    ],
    accepted: `
      services:
        app:
          build:
            context: .
            additional_contexts:
              base: docker-image://alpine:3.20
    `,
  },
  {
    name: 'an undefined model',
    code: 'compose/undefined-model',
    refused: `
      services:
        chat:
          image: example/chat:1.0
          models: [ [[lm]] ]
        bot:
          image: example/bot:1.0
          models:
            [[other]]: { endpoint_var: URL }
      models:
        llm: { model: ai/smollm2 }
    `,
    messages: ['Undefined model "lm". Did you mean "llm"?', 'Undefined model "other". Declare it under the top-level "models:" key.'],
    accepted: `
      services:
        chat:
          image: example/chat:1.0
          models: [llm]
      models:
        llm: { model: ai/smollm2 }
    `,
  },
  {
    name: 'an undefined build secret',
    code: 'compose/undefined-build-secret',
    refused: `
      services:
        app:
          build:
            context: .
            secrets: [ [[npm_token]], { source: [[ssh_key]] } ]
    `,
    messages: [
      'Undefined build secret "npm_token". Declare it under the top-level "secrets:" key.',
      'Undefined build secret "ssh_key". Declare it under the top-level "secrets:" key.',
    ],
    accepted: `
      services:
        app:
          build:
            context: .
            secrets: [npm_token]
      secrets:
        npm_token: { environment: NPM_TOKEN }
    `,
  },
  {
    name: 'a healthcheck test list without CMD, CMD-SHELL or NONE',
    code: 'compose/healthcheck-test',
    refused: `
      services:
        web:
          image: nginx:1.27
          healthcheck:
            test: [ [["curl"]], "-f", "http://localhost/"]
    `,
    messages: [
      '"healthcheck.test" of service "web" is a list, so it must start with "CMD" (run the command directly), "CMD-SHELL" (run it through the shell) or "NONE" (no check): write ["CMD", "curl", "-f", "http://localhost/"].',
    ],
    accepted: `
      services:
        a: { image: x, healthcheck: { test: curl -f http://localhost/ } }
        b: { image: x, healthcheck: { test: ["CMD", "true"] } }
        c: { image: x, healthcheck: { test: ["CMD-SHELL", "exit 0"] } }
        d: { image: x, healthcheck: { test: ["NONE"] } }
    `,
  },
  {
    name: 'start_interval without start_period',
    code: 'compose/healthcheck-start-interval',
    refused: `
      services:
        web:
          image: alpine
          healthcheck:
            test: /bin/true
            [[start_interval]]: 1s
    `,
    messages: [
      '"healthcheck.start_interval" of service "web" applies during "start_period", which is not set, so "docker compose up" refuses to create the container. Add "start_period" (for example 30s).',
    ],
    accepted: `
      services:
        web:
          image: alpine
          healthcheck:
            test: /bin/true
            start_period: 30s
            start_interval: 1s
    `,
  },
  {
    name: 'numbers given as text Compose cannot cast, literal or from a variable',
    code: 'compose/not-a-number',
    variables: { RETRIES: 'three', WORKERS: '4' },
    refused: `
      services:
        worker:
          image: example/worker:1.0
          cpus: [[lots]]
          deploy:
            replicas: [[two]]
            resources:
              reservations:
                devices:
                  - { capabilities: [gpu], count: [[some]] }
          healthcheck:
            test: ["CMD", "true"]
            retries: [[\${RETRIES}]]
          ulimits:
            nofile: { soft: [[many]], hard: 40000 }
    `,
    messages: [
      '"lots" is not a number, so Compose cannot read "cpus" of service "worker". Write a number.',
      '"two" is not a whole number, so Compose cannot read "deploy.replicas" of service "worker". Write a number.',
      '"some" is not a number or "all", so Compose cannot read "deploy.resources.reservations.devices.0.count" of service "worker". Write a number, or "all".',
      '"${RETRIES}" gives "three", which is not a whole number, so Compose cannot read "healthcheck.retries" of service "worker". Write a number.',
      '"many" is not a whole number, so Compose cannot read "ulimits.nofile.soft" of service "worker". Write a number.',
    ],
    accepted: `
      services:
        worker:
          image: example/worker:1.0
          cpus: "0.5"
          scale: \${WORKERS}
          deploy:
            resources:
              reservations:
                devices:
                  - { capabilities: [gpu], count: all }
                  - { capabilities: [gpu], count: "1" }
          healthcheck:
            test: ["CMD", "true"]
            retries: \${UNKNOWN_TO_NOBODY:-3}
    `,
  },
  {
    name: 'booleans given as text Compose cannot cast',
    code: 'compose/not-a-boolean',
    refused: `
      services:
        agent:
          image: example/agent:1.0
          read_only: [[sometimes]]
    `,
    messages: ['"sometimes" is not true or false, so Compose cannot read "read_only" of service "agent". Use true or false.'],
    // Compose reads the YAML 1.1 words too (and warns).
    accepted: `
      services:
        agent:
          image: example/agent:1.0
          read_only: "true"
          init: yes
    `,
  },
  {
    name: 'keys YAML reads as numbers or booleans',
    code: 'compose/non-string-key',
    refused: `
      services:
        [[123]]:
          image: busybox
          environment:
            [[1]]: FOO
    `,
    messages: [
      'The key 123 is read as a number, and Compose refuses keys that are not strings. Quote it: "123".',
      'The key 1 is read as a number, and Compose refuses keys that are not strings. Quote it: "1".',
    ],
    accepted: `
      x-anchor: &base
        image: busybox
      services:
        "123":
          <<: *base
          environment:
            "1": FOO
    `,
  },
  {
    name: 'extra_hosts entries without a host or an address',
    code: 'compose/extra-hosts',
    refused: `
      services:
        web:
          image: nginx:1.27
          extra_hosts:
            - [[myhost]]
            - [["::::1"]]
    `,
    messages: [
      'An "extra_hosts" entry of service "web" is not valid: "myhost" has no address: write "myhost=IP" (or "myhost:IP").',
      'An "extra_hosts" entry of service "web" is not valid: "::::1" has no host name before the address: write "name=IP".',
    ],
    accepted: `
      services:
        web:
          image: nginx:1.27
          extra_hosts:
            - "myhost:192.168.0.1"
            - "anipv6host=[2003:ab34:e::1]"
            - "ipv6local:::1"
            - "host.docker.internal:host-gateway"
    `,
  },
  {
    name: 'a variable name that ends with a space',
    code: 'compose/environment-space',
    refused: `
      services:
        test:
          image: alpine:3.20
          environment:
            - [[DEBUG = true]]
    `,
    messages: [
      '"DEBUG " ends with a space, so Compose refuses this "environment" entry of service "test". Write "DEBUG=true", with no spaces around "=".',
    ],
    accepted: `
      services:
        test:
          image: alpine:3.20
          environment:
            - DEBUG=true
            - GREETING=hello world
    `,
  },
  {
    name: 'two services with one container name, equal after interpolation',
    code: 'compose/duplicate-container-name',
    variables: { FIXED_NAME: 'conflict-fixed' },
    refused: `
      services:
        test:
          image: alpine
          container_name: \${FIXED_NAME}
        another:
          image: alpine
          container_name: [[conflict-fixed]]
    `,
    messages: [
      'Container name "conflict-fixed" is also given to service "test"; Docker names containers uniquely, so Compose cannot create both. Give each service its own "container_name", or remove it.',
    ],
    accepted: `
      services:
        test:
          image: alpine
          container_name: \${FIXED_NAME}
        another:
          image: alpine
          container_name: another
    `,
  },
  {
    name: 'a label_file that does not exist',
    code: 'compose/label-file-missing',
    files: ['/project/present.labels'],
    refused: `
      services:
        test:
          image: alpine:3.20
          label_file: [[./missing.labels]]
    `,
    messages: [
      'The label_file "./missing.labels" of service "test" does not exist (looked for /project/missing.labels), so Compose refuses the project. Create it, or remove the entry.',
    ],
    accepted: `
      services:
        test:
          image: alpine:3.20
          label_file: ./present.labels
    `,
  },
  {
    name: 'a device request with count and device_ids',
    code: 'compose/device-count-ids',
    refused: `
      services:
        gpu:
          image: redis:alpine
          deploy:
            resources:
              reservations:
                devices:
                  - { driver: nvidia, capabilities: [gpu], count: 2, [[device_ids]]: ["0"] }
    `,
    messages: [
      'A device request of service "gpu" sets both "count" and "device_ids"; Compose takes one or the other. Keep "count" to ask for any N devices, or "device_ids" to name them.',
    ],
    accepted: `
      services:
        gpu:
          image: redis:alpine
          deploy:
            resources:
              reservations:
                devices:
                  - { driver: nvidia, capabilities: [gpu], device_ids: ["0"] }
    `,
  },
  {
    name: 'a required variable set to an empty string',
    code: 'compose/required-variable',
    variables: { APP_TAG: '' },
    refused: `
      services:
        app:
          image: "example/app:[[\${APP_TAG:?APP_TAG must not be empty}]]"
    `,
    messages: ['APP_TAG is required ("APP_TAG must not be empty") but is set to an empty string; Compose will stop here. Give it a value.'],
    // Without the colon, an empty value is accepted.
    accepted: `
      services:
        app:
          image: "example/app:\${APP_TAG?APP_TAG must be set}"
    `,
  },
  {
    name: 'a host address that is not an IP address',
    code: 'compose/port-syntax',
    refused: `
      services:
        web:
          image: nginx:1.27
          ports:
            - [["127.0.1:8080:80"]]
            - [[{ target: 80, published: "8081", host_ip: "127.0.1" }]]
    `,
    messages: [
      'Port "127.0.1:8080:80" in service "web" is malformed: "127.0.1" is not an IP address.',
      'Port "{"target":80,"published":"8081","host_ip":"127.0.1"}" in service "web" is malformed: the host_ip "127.0.1" is not an IP address.',
    ],
    accepted: `
      services:
        web:
          image: nginx:1.27
          ports:
            - "127.0.0.1:8080:80"
            - { target: 80, published: "8081", host_ip: "::1" }
    `,
  },
];

function check(yaml: string, c: Case): Finding[] {
  const files = new Set(c.files ?? []);
  const variables = c.variables;
  return validateCompose(yaml, {
    documentPath: '/project/compose.yaml',
    host: { fileExists: (path) => files.has(path) },
    variables: (name) => (variables && name in variables ? { value: variables[name]!, source: 'environment' } : undefined),
  });
}

for (const c of cases) {
  test(`${c.code}: ${c.name}`, () => {
    const { text, spans } = marked(dedent(c.refused));
    const findings = check(text, c);
    const mine = findings.filter((f) => f.code === c.code);
    const describe = (f: Finding): string => `${f.code} ${JSON.stringify(text.slice(f.span[0], f.span[1]))} ${f.message}`;
    assert.deepEqual(
      mine.map((f) => text.slice(...f.span)),
      spans.map((span) => text.slice(...span)),
      `expected ranges, got:\n${findings.map(describe).join('\n')}`,
    );
    assert.deepEqual(
      mine.map((f) => f.span),
      spans,
    );
    mine.forEach((f, i) => {
      const expected = c.messages[i]!;
      if (typeof expected === 'string') assert.equal(f.message, expected);
      else assert.match(f.message, expected);
      assert.equal(f.severity, c.severity ?? 'error');
    });
    assert.equal(mine.length, c.messages.length);
  });

  test(`${c.code}: accepted counterpart of ${c.name}`, () => {
    const text = dedent(c.accepted);
    const findings = check(text, c).filter((f) => f.code === c.code);
    assert.deepEqual(
      findings.map((f) => f.message),
      [],
    );
  });
}

test('compose/missing-source: an "external" Compose cannot read is left to compose/not-a-boolean', () => {
  const text = 'services:\n  a:\n    image: x\n    secrets: [s]\nsecrets:\n  s:\n    external: ${MAYBE}\n';
  const findings = validateCompose(text, { variables: () => undefined });
  assert.deepEqual(
    findings.map((f) => f.code),
    ['compose/not-a-boolean', 'compose/unset-variable'],
  );
});
