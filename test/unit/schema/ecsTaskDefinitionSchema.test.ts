// The ECS task-definition schema (schemas/ecs-task-definition.schema.json): it compiles, every property
// is documented, every structure rejects unknown members, hand-written cases pass or fail as ECS would,
// and the corpus of real task definitions (test/fixtures/corpus/taskdefs) validates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { corpus, corpusFiles } from '../../helpers/paths';

const projectRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const schemaPath = path.join(projectRoot, 'schemas', 'ecs-task-definition.schema.json');
const corpusDir = path.join(corpus, 'taskdefs');

type JsonObject = { [key: string]: unknown };

const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as JsonObject;
const ajv = new Ajv({ allErrors: true, strict: false });
const validateInput = ajv.compile(schema);
const validateDescribe = getValidator('#/definitions/describeTaskDefinitionOutput');

function getValidator(pointer: string): ValidateFunction {
  const fn = ajv.getSchema(`${String(schema['$id'])}${pointer}`);
  assert.ok(fn, `schema has ${pointer}`);
  return fn;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keywords whose value maps names to subschemas (a member may itself be called "properties"). */
const SCHEMA_MAPS = new Set(['definitions', 'properties', 'patternProperties']);
/** Keywords whose value holds subschemas directly (one, or an array of them). */
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else']);

/** Every subschema, with its JSON pointer inside the schema file. */
function* walk(node: unknown, pointer = '#'): Generator<[string, JsonObject]> {
  if (!isObject(node)) return;
  yield [pointer, node];
  for (const [key, child] of Object.entries(node)) {
    if (SCHEMA_MAPS.has(key) && isObject(child)) {
      for (const [name, sub] of Object.entries(child)) yield* walk(sub, `${pointer}/${key}/${name}`);
    } else if (SCHEMA_VALUES.has(key)) {
      const subs = Array.isArray(child) ? child : [child];
      for (const [i, sub] of subs.entries()) yield* walk(sub, Array.isArray(child) ? `${pointer}/${key}/${i}` : `${pointer}/${key}`);
    }
  }
}

function brief(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`).join('; ');
}

// ---------------------------------------------------------------------------------------------- shape

test('schema is draft-07, has the Dockside $id, and compiles with Ajv', () => {
  assert.equal(schema['$schema'], 'http://json-schema.org/draft-07/schema#');
  assert.equal(schema['$id'], 'https://dockside.dev/schemas/ecs-task-definition.schema.json');
  const definitions = schema['definitions'];
  assert.ok(isObject(definitions));
  assert.ok(isObject(definitions['registerTaskDefinitionInput']));
  assert.ok(isObject(definitions['describeTaskDefinitionOutput']));
  assert.equal(typeof validateInput, 'function');
  assert.equal(typeof getValidator('#/definitions/registerTaskDefinitionInput'), 'function');
});

test('compiles in Ajv strict mode once the editor annotation keywords are declared (no misspelt keywords)', () => {
  const strict = new Ajv({ strict: true, allowUnionTypes: true });
  strict.addVocabulary(['markdownDescription', 'markdownEnumDescriptions', 'deprecationMessage']);
  assert.doesNotThrow(() => strict.compile(schema));
});

test('every property has a description and a markdownDescription', () => {
  const missing: string[] = [];
  let count = 0;
  for (const [pointer, node] of walk(schema)) {
    const properties = node['properties'];
    if (!isObject(properties)) continue;
    for (const [name, prop] of Object.entries(properties)) {
      count++;
      const where = `${pointer}/properties/${name}`;
      if (!isObject(prop)) {
        missing.push(`${where} (not an object)`);
        continue;
      }
      for (const key of ['description', 'markdownDescription']) {
        const text = prop[key];
        if (typeof text !== 'string' || text.trim() === '') missing.push(`${where} (${key})`);
      }
    }
  }
  assert.deepEqual(missing, []);
  assert.ok(count > 150, `expected the full RegisterTaskDefinition surface, found ${count} properties`);
});

test('every structure rejects unknown members (additionalProperties: false)', () => {
  const open: string[] = [];
  for (const [pointer, node] of walk(schema)) {
    if (isObject(node['properties']) && node['additionalProperties'] !== false) open.push(pointer);
  }
  assert.deepEqual(open, []);
});

test('descriptions are our own prose, not the model HTML', () => {
  for (const [pointer, node] of walk(schema)) {
    for (const key of ['description', 'markdownDescription']) {
      const text = node[key];
      if (typeof text === 'string') assert.doesNotMatch(text, /<\/?(p|code|a|b|i|ul|li)\b/, `${pointer}/${key}`);
    }
  }
});

test('read-only describe fields are allowed at the root and marked readOnly', () => {
  const definitions = schema['definitions'] as JsonObject;
  const input = definitions['registerTaskDefinitionInput'] as JsonObject;
  const properties = input['properties'] as JsonObject;
  const readOnly = [
    'taskDefinitionArn',
    'revision',
    'status',
    'requiresAttributes',
    'compatibilities',
    'registeredAt',
    'registeredBy',
    'deregisteredAt',
    'deleteRequestedAt',
  ];
  for (const name of readOnly) {
    const prop = properties[name];
    assert.ok(isObject(prop), `${name} is declared`);
    assert.equal(prop['readOnly'], true, `${name} is readOnly`);
    assert.match(String(prop['markdownDescription']), /read-only/i, `${name} says it is read-only`);
  }
});

// ---------------------------------------------------------------------------------------------- cases

const minimalFargate = {
  family: 'web',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  containerDefinitions: [
    {
      name: 'web',
      image: 'nginx:1.27',
      essential: true,
      portMappings: [{ containerPort: 80, protocol: 'tcp' }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'web' },
      },
    },
  ],
};

/** A definition that touches every nested shape of the request. */
const everything = {
  family: 'everything',
  taskRoleArn: 'arn:aws:iam::123456789012:role/app',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  networkMode: 'bridge',
  requiresCompatibilities: ['EC2', 'EXTERNAL', 'MANAGED_INSTANCES'],
  cpu: '1 vCPU',
  memory: '2 GB',
  pidMode: 'task',
  ipcMode: 'none',
  enableFaultInjection: false,
  tags: [{ key: 'team', value: 'platform' }],
  placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }],
  runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
  ephemeralStorage: { sizeInGiB: 30 },
  inferenceAccelerators: [{ deviceName: 'eia', deviceType: 'eia2.medium' }],
  proxyConfiguration: {
    type: 'APPMESH',
    containerName: 'envoy',
    properties: [
      { name: 'IgnoredUID', value: '1337' },
      { name: 'EgressIgnoredIPs', value: '' },
    ],
  },
  volumes: [
    { name: 'host', host: { sourcePath: '/var/log' } },
    { name: 'scratch' },
    {
      name: 'docker',
      dockerVolumeConfiguration: {
        scope: 'shared',
        autoprovision: true,
        driver: 'local',
        driverOpts: { type: 'tmpfs' },
        labels: { a: 'b' },
      },
    },
    {
      name: 'efs',
      efsVolumeConfiguration: {
        fileSystemId: 'fs-0123456789abcdef0',
        rootDirectory: '/',
        transitEncryption: 'ENABLED',
        transitEncryptionPort: 2049,
        authorizationConfig: { accessPointId: 'fsap-0123456789abcdef0', iam: 'ENABLED' },
      },
    },
    {
      name: 'fsx',
      fsxWindowsFileServerVolumeConfiguration: {
        fileSystemId: 'fs-0123456789abcdef0',
        rootDirectory: 'share',
        authorizationConfig: {
          credentialsParameter: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:fsx',
          domain: 'corp.example.com',
        },
      },
    },
    {
      name: 's3files',
      s3filesVolumeConfiguration: {
        fileSystemArn: 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-1',
        rootDirectory: '/',
        transitEncryptionPort: 2049,
        accessPointArn: 'arn:aws:s3files:us-east-1:123456789012:access-point/ap-1',
      },
    },
    { name: 'ebs', configuredAtLaunch: true },
  ],
  containerDefinitions: [
    {
      name: 'app',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:' + 'a'.repeat(64),
      repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:reg' },
      cpu: 512,
      memory: 1024,
      memoryReservation: 512,
      links: ['db:database'],
      portMappings: [
        { containerPort: 8080, hostPort: 0, protocol: 'tcp', name: 'web', appProtocol: 'http2' },
        { containerPortRange: '9000-9099', protocol: 'udp' },
      ],
      essential: true,
      restartPolicy: { enabled: true, ignoredExitCodes: [0, 143], restartAttemptPeriod: 60 },
      entryPoint: ['sh', '-c'],
      command: ['exec app'],
      environment: [{ name: 'MODE', value: 'prod' }],
      environmentFiles: [{ value: 'arn:aws:s3:::bucket/app.env', type: 's3' }],
      mountPoints: [{ sourceVolume: 'efs', containerPath: '/data', readOnly: false }],
      volumesFrom: [{ sourceContainer: 'db', readOnly: true }],
      linuxParameters: {
        capabilities: { add: ['SYS_PTRACE'], drop: ['NET_RAW'] },
        devices: [{ hostPath: '/dev/fuse', containerPath: '/dev/fuse', permissions: ['read', 'write', 'mknod'] }],
        initProcessEnabled: true,
        sharedMemorySize: 64,
        tmpfs: [{ containerPath: '/tmp', size: 64, mountOptions: ['rw', 'noexec'] }],
        maxSwap: 0,
        swappiness: 10,
      },
      secrets: [{ name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/token' }],
      dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }],
      startTimeout: 60,
      stopTimeout: 30,
      versionConsistency: 'disabled',
      hostname: 'app',
      user: '1000:1000',
      workingDirectory: '/srv',
      disableNetworking: false,
      privileged: false,
      readonlyRootFilesystem: true,
      dnsServers: ['10.0.0.2'],
      dnsSearchDomains: ['corp.example.com'],
      extraHosts: [{ hostname: 'db.local', ipAddress: '10.0.0.5' }],
      dockerSecurityOptions: ['no-new-privileges'],
      interactive: false,
      pseudoTerminal: false,
      dockerLabels: { 'com.example.team': 'platform' },
      ulimits: [{ name: 'nofile', softLimit: 65536, hardLimit: 65536 }],
      logConfiguration: {
        logDriver: 'awsfirelens',
        options: { Name: 'cloudwatch' },
        secretOptions: [{ name: 'apikey', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/key' }],
      },
      healthCheck: { command: ['CMD', '/bin/health'], interval: 10, timeout: 2, retries: 1, startPeriod: 0 },
      systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
      resourceRequirements: [
        { type: 'GPU', value: '1' },
        { type: 'InferenceAccelerator', value: 'eia' },
      ],
      credentialSpecs: ['credentialspecdomainless:arn:aws:ssm:us-east-1:123456789012:parameter/gmsa'],
    },
    {
      name: 'db',
      image: 'postgres:16',
      healthCheck: { command: ['CMD-SHELL', 'pg_isready || exit 1'] },
      firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
    },
  ],
};

const describedRoot = {
  ...minimalFargate,
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
  revision: 3,
  status: 'ACTIVE',
  requiresAttributes: [
    { name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' },
    { name: 'ecs.capability.task-eni', targetType: 'container-instance' },
  ],
  compatibilities: ['EC2', 'FARGATE'],
  registeredAt: '2025-01-02T03:04:05.678000+00:00',
  registeredBy: 'arn:aws:iam::123456789012:user/dev',
  deregisteredAt: 1735787045.678,
  deleteRequestedAt: '2025-02-01T00:00:00Z',
};

function withContainer(patch: JsonObject, drop: string[] = []): JsonObject {
  const container: JsonObject = { ...minimalFargate.containerDefinitions[0], ...patch };
  for (const key of drop) delete container[key];
  return { ...minimalFargate, containerDefinitions: [container] };
}

interface Case {
  name: string;
  doc: unknown;
  /** Omitted: the document must validate. Otherwise each listed error must be reported. */
  errors?: { instancePath: string; keyword: string; params?: JsonObject }[];
}

const cases: Case[] = [
  { name: 'a minimal Fargate task definition', doc: minimalFargate },
  { name: 'every member of the request and of each nested shape', doc: everything },
  { name: 'task cpu and memory written as numbers', doc: { ...minimalFargate, cpu: 256, memory: 512 } },
  { name: 'read-only describe-task-definition fields at the root', doc: describedRoot },
  {
    name: 'an unknown member "imgae" in a container',
    doc: withContainer({ imgae: 'nginx:1.27' }, ['image']),
    errors: [
      { instancePath: '/containerDefinitions/0', keyword: 'additionalProperties', params: { additionalProperty: 'imgae' } },
      { instancePath: '/containerDefinitions/0', keyword: 'required', params: { missingProperty: 'image' } },
    ],
  },
  {
    name: 'networkMode "bridged"',
    doc: { ...minimalFargate, networkMode: 'bridged' },
    errors: [{ instancePath: '/networkMode', keyword: 'enum' }],
  },
  {
    name: 'containerPort given as the string "80"',
    doc: withContainer({ portMappings: [{ containerPort: '80' }] }),
    errors: [{ instancePath: '/containerDefinitions/0/portMappings/0/containerPort', keyword: 'type' }],
  },
  {
    name: 'no family',
    doc: { containerDefinitions: minimalFargate.containerDefinitions },
    errors: [{ instancePath: '', keyword: 'required', params: { missingProperty: 'family' } }],
  },
  {
    name: 'an unknown top-level member (singular "containerDefinition")',
    doc: { family: 'web', containerDefinition: minimalFargate.containerDefinitions },
    errors: [
      { instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'containerDefinition' } },
      { instancePath: '', keyword: 'required', params: { missingProperty: 'containerDefinitions' } },
    ],
  },
  {
    name: 'an empty containerDefinitions list',
    doc: { family: 'web', containerDefinitions: [] },
    errors: [{ instancePath: '/containerDefinitions', keyword: 'minItems' }],
  },
  {
    name: 'a container without a name',
    doc: withContainer({}, ['name']),
    errors: [{ instancePath: '/containerDefinitions/0', keyword: 'required', params: { missingProperty: 'name' } }],
  },
  {
    name: 'requiresCompatibilities with a lower-case launch type',
    doc: { ...minimalFargate, requiresCompatibilities: ['fargate'] },
    errors: [{ instancePath: '/requiresCompatibilities/0', keyword: 'enum' }],
  },
  {
    name: 'dependsOn with an unknown condition',
    doc: withContainer({ dependsOn: [{ containerName: 'db', condition: 'STARTED' }] }),
    errors: [{ instancePath: '/containerDefinitions/0/dependsOn/0/condition', keyword: 'enum' }],
  },
  {
    name: 'a log driver ECS does not support',
    doc: withContainer({ logConfiguration: { logDriver: 'cloudwatch' } }),
    errors: [{ instancePath: '/containerDefinitions/0/logConfiguration/logDriver', keyword: 'enum' }],
  },
  {
    name: 'appProtocol in upper case',
    doc: withContainer({ portMappings: [{ containerPort: 80, appProtocol: 'HTTP' }] }),
    errors: [{ instancePath: '/containerDefinitions/0/portMappings/0/appProtocol', keyword: 'enum' }],
  },
  {
    name: 'an unknown ulimit name',
    doc: withContainer({ ulimits: [{ name: 'openfiles', softLimit: 1, hardLimit: 1 }] }),
    errors: [{ instancePath: '/containerDefinitions/0/ulimits/0/name', keyword: 'enum' }],
  },
  {
    name: 'a health check interval below 5 seconds',
    doc: withContainer({ healthCheck: { command: ['CMD-SHELL', 'true'], interval: 1 } }),
    errors: [{ instancePath: '/containerDefinitions/0/healthCheck/interval', keyword: 'minimum' }],
  },
  {
    name: 'an environment value written as a number',
    doc: withContainer({ environment: [{ name: 'PORT', value: 8080 }] }),
    errors: [{ instancePath: '/containerDefinitions/0/environment/0/value', keyword: 'type' }],
  },
  {
    name: 'compose-style "cap_add" inside linuxParameters',
    doc: withContainer({ linuxParameters: { cap_add: ['SYS_PTRACE'] } }),
    errors: [
      {
        instancePath: '/containerDefinitions/0/linuxParameters',
        keyword: 'additionalProperties',
        params: { additionalProperty: 'cap_add' },
      },
    ],
  },
  {
    name: 'a volume with a member of another shape ("readOnly")',
    doc: { ...minimalFargate, volumes: [{ name: 'v', host: {}, readOnly: true }] },
    errors: [{ instancePath: '/volumes/0', keyword: 'additionalProperties', params: { additionalProperty: 'readOnly' } }],
  },
  {
    name: 'ephemeral storage below the 21 GiB minimum',
    doc: { ...minimalFargate, ephemeralStorage: { sizeInGiB: 20 } },
    errors: [{ instancePath: '/ephemeralStorage/sizeInGiB', keyword: 'minimum' }],
  },
  {
    name: 'null where a list is expected',
    doc: withContainer({ ulimits: null }),
    errors: [{ instancePath: '/containerDefinitions/0/ulimits', keyword: 'type' }],
  },
  {
    name: 'a task cpu given as a boolean',
    doc: { ...minimalFargate, cpu: true },
    errors: [{ instancePath: '/cpu', keyword: 'type' }],
  },
];

function assertCase(validate: ValidateFunction, c: Case): void {
  const ok = validate(c.doc);
  if (!c.errors) {
    assert.equal(ok, true, `expected valid, got: ${brief(validate.errors)}`);
    return;
  }
  assert.equal(ok, false, 'expected schema errors');
  const errors = validate.errors ?? [];
  for (const want of c.errors) {
    const found = errors.some(
      (e) =>
        e.instancePath === want.instancePath &&
        e.keyword === want.keyword &&
        Object.entries(want.params ?? {}).every(([k, v]) => (e.params as JsonObject)[k] === v),
    );
    assert.ok(found, `expected ${want.keyword} at "${want.instancePath}", got: ${brief(errors)}`);
  }
}

for (const c of cases) {
  test(`register input: ${c.name}`, () => assertCase(validateInput, c));
}

const describeCases: Case[] = [
  { name: 'the wrapped task definition with tags', doc: { taskDefinition: describedRoot, tags: [{ key: 'team', value: 'web' }] } },
  {
    name: 'an unknown member inside taskDefinition',
    doc: { taskDefinition: { ...describedRoot, familly: 'web' } },
    errors: [{ instancePath: '/taskDefinition', keyword: 'additionalProperties', params: { additionalProperty: 'familly' } }],
  },
  {
    name: 'an unknown member next to taskDefinition',
    doc: { taskDefinition: describedRoot, ResponseMetadata: {} },
    errors: [{ instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'ResponseMetadata' } }],
  },
  {
    name: 'no taskDefinition',
    doc: { tags: [] },
    errors: [{ instancePath: '', keyword: 'required', params: { missingProperty: 'taskDefinition' } }],
  },
];

for (const c of describeCases) {
  test(`describe output: ${c.name}`, () => assertCase(validateDescribe, c));
}

// ---------------------------------------------------------------------------------------------- corpus

/** Files that are not a task definition at all (see test/fixtures/corpus/README.md), and what they are instead. */
const notTaskDefinitions: Record<string, (text: string) => void> = {
  // A test-harness template: a bare $$$$START_PERIOD$$$$ placeholder stands where a "startPeriod" member should be.
  'ecs-agent__container-health.json': (text) => {
    assert.match(text, /^\s*\$\$\$\$START_PERIOD\$\$\$\$$/m, 'a line that is only the placeholder');
    assert.throws(() => JSON.parse(text) as unknown, SyntaxError);
  },
  // container-transform takes a bare list of container definitions; the API does not.
  'container-transform__containers-only.json': (text) => {
    const list: unknown = JSON.parse(text);
    assert.ok(Array.isArray(list) && list.length > 0, 'a non-empty array');
    assert.equal(validateInput(list), false, 'the schema refuses a bare array');
    const wrapped = { family: 'containers-only', containerDefinitions: list };
    assert.equal(validateInput(wrapped), true, `as containerDefinitions it is valid: ${brief(validateInput.errors)}`);
  },
};

/**
 * Files that are genuinely invalid per the ECS API model; each must fail with exactly these errors.
 * botocore (the AWS CLI) rejects both before the request is sent.
 */
const genuinelyInvalid: Record<string, { reason: string; errors: { instancePath: string; keyword: string }[] }> = {
  'aws-containers-task-definitions__wildfly_fargate.json': {
    reason:
      '"ulimits": null: ContainerDefinition.ulimits is a list (UlimitList) and null is not a list; ' +
      'botocore reports "Invalid type for parameter containerDefinitions[0].ulimits, value: None". Omit the key instead.',
    errors: [{ instancePath: '/containerDefinitions/0/ulimits', keyword: 'type' }],
  },
  'container-transform__task.json': {
    reason:
      'volumes[1] has "readOnly", which is not a member of Volume (name, host, dockerVolumeConfiguration, ' +
      'efsVolumeConfiguration, s3filesVolumeConfiguration, fsxWindowsFileServerVolumeConfiguration, configuredAtLaunch); ' +
      "read-only belongs on the container's mountPoints entry.",
    errors: [{ instancePath: '/volumes/1', keyword: 'additionalProperties' }],
  },
};

test('corpus of task definitions', async (t) => {
  const files = corpusFiles('taskdefs', /\.json$/);
  for (const name of [...Object.keys(notTaskDefinitions), ...Object.keys(genuinelyInvalid)]) {
    assert.ok(files.includes(name), `listed corpus file ${name} is missing: update the lists in this test`);
  }

  for (const file of files) {
    await t.test(file, () => {
      const text = readFileSync(path.join(corpusDir, file), 'utf8');
      const notTaskDefinition = notTaskDefinitions[file];
      if (notTaskDefinition) {
        notTaskDefinition(text);
        return;
      }
      const doc: unknown = JSON.parse(text);
      assert.ok(isObject(doc), 'a task definition is a JSON object');

      // describe-task-definition output: validate the wrapper, then the unwrapped definition.
      let taskDefinition: unknown = doc;
      if (isObject(doc['taskDefinition']) && !('containerDefinitions' in doc)) {
        assert.equal(validateDescribe(doc), true, brief(validateDescribe.errors));
        taskDefinition = doc['taskDefinition'];
      }

      const ok = validateInput(taskDefinition);
      const expected = genuinelyInvalid[file];
      if (!expected) {
        assert.equal(ok, true, brief(validateInput.errors));
        return;
      }
      assert.equal(ok, false, `expected invalid (${expected.reason})`);
      const got = (validateInput.errors ?? []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword }));
      assert.deepEqual(got, expected.errors, expected.reason);
    });
  }
});
