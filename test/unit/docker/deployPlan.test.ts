// The deploy's pure parts: what counts as the same task definition (what ECS fills in or reorders is no
// change), the differences as a reader sees them (credentials hidden), the placeholders a deploy fills
// in, and what it reads from a file — a Compose file's conversion, the questions it asks, the errors
// that stop it — before anything reaches AWS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillPlaceholders, unfilledPlaceholders } from '../../../core/src/convert';
import { diffTaskDefinitions, formatDiff } from '../../../engine/src/deploy/diff';
import { comparableText, normaliseTaskDefinition, sameTaskDefinition } from '../../../engine/src/deploy/normalise';
import { isNeededByContainer, loadDeploySource } from '../../../engine/src/deploy/source';
import { dedent } from '../../helpers/marked';
import { memoryHost } from '../convert/helpers';

const file = {
  family: 'shop',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: 256,
  memory: '512',
  containerDefinitions: [
    {
      name: 'web',
      image: 'nginx:1.27',
      portMappings: [{ containerPort: 80 }],
      environment: [
        { name: 'B', value: '2' },
        { name: 'A', value: '1' },
      ],
    },
    { name: 'cache', image: 'redis:7', essential: false },
  ],
};

/** What DescribeTaskDefinition answers for `file`: read-only members, defaults written out, lists reordered. */
const described = {
  taskDefinition: {
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop:4',
    family: 'shop',
    revision: 4,
    status: 'ACTIVE',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    compatibilities: ['EC2', 'FARGATE'],
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
    cpu: '256',
    memory: '512',
    volumes: [],
    placementConstraints: [],
    registeredAt: '2026-01-01T00:00:00Z',
    registeredBy: 'arn:aws:iam::123456789012:user/me',
    containerDefinitions: [
      {
        name: 'cache',
        image: 'redis:7',
        cpu: 0,
        essential: false,
        portMappings: [],
        environment: [],
        mountPoints: [],
        volumesFrom: [],
        systemControls: [],
      },
      {
        name: 'web',
        image: 'nginx:1.27',
        cpu: 0,
        essential: true,
        portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
        environment: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        mountPoints: [],
        volumesFrom: [],
        systemControls: [],
      },
    ],
  },
};

test('the registered revision and the file it came from are the same: what ECS fills in or reorders is no change', () => {
  assert.ok(sameTaskDefinition(described, file));
  assert.deepEqual(normaliseTaskDefinition(described), normaliseTaskDefinition(file));
  assert.equal(normaliseTaskDefinition(file)['cpu'], '256', 'the task size as ECS keeps it, a string');
  assert.deepEqual(diffTaskDefinitions(described, file), []);
  // Compared side by side, the two read the same, keys in order.
  assert.equal(comparableText(described), comparableText(file));
  const text = comparableText(file);
  assert.ok(text.indexOf('"containerDefinitions"') < text.indexOf('"cpu"') && text.indexOf('"cpu"') < text.indexOf('"family"'), text);
  assert.ok(!text.includes('taskDefinitionArn') && !text.includes('registeredAt'), text);
});

test('what does change is a change: an image, a variable, the size, a container more or less, essential', () => {
  const cases: Array<[string, (f: typeof file) => unknown]> = [
    ['image', (f) => ({ ...f, containerDefinitions: [{ ...f.containerDefinitions[0], image: 'nginx:1.28' }, f.containerDefinitions[1]] })],
    ['memory', (f) => ({ ...f, memory: '1024' })],
    ['essential', (f) => ({ ...f, containerDefinitions: [f.containerDefinitions[0], { ...f.containerDefinitions[1], essential: true }] })],
    ['a container', (f) => ({ ...f, containerDefinitions: [f.containerDefinitions[0]] })],
    ['a bridge host port', (f) => ({ ...f, networkMode: 'bridge' })],
  ];
  for (const [what, change] of cases) assert.ok(!sameTaskDefinition(described, change(file)), what);
  // In bridge mode a host port of 0 and none both mean a dynamic port.
  const bridge = {
    ...file,
    networkMode: 'bridge',
    containerDefinitions: [{ name: 'web', image: 'nginx', portMappings: [{ containerPort: 80 }] }],
  };
  const withZero = {
    ...bridge,
    containerDefinitions: [{ name: 'web', image: 'nginx', portMappings: [{ containerPort: 80, hostPort: 0 }] }],
  };
  assert.ok(sameTaskDefinition(bridge, withZero));
});

test('the differences, member by member, containers and variables by name; a credential is never shown', () => {
  const next = {
    ...file,
    memory: '1024',
    containerDefinitions: [
      {
        ...file.containerDefinitions[0],
        image: 'nginx:1.28',
        environment: [
          { name: 'A', value: '1' },
          { name: 'C', value: '3' },
          { name: 'DB_PASSWORD', value: 'hunter2' },
        ],
      },
      { name: 'worker', image: 'busybox' },
    ],
  };
  const registered = {
    ...file,
    containerDefinitions: [
      {
        ...file.containerDefinitions[0],
        environment: [...(file.containerDefinitions[0]!.environment ?? []), { name: 'DB_PASSWORD', value: 'old-secret' }],
      },
      file.containerDefinitions[1],
    ],
  };
  const lines = formatDiff(diffTaskDefinitions(registered, next));
  assert.deepEqual(lines, [
    '- containerDefinitions[cache]: image redis:7',
    '- containerDefinitions[web].environment[B]: "2"',
    '+ containerDefinitions[web].environment[C]: "3"',
    '~ containerDefinitions[web].environment[DB_PASSWORD].value: (hidden) → (hidden)',
    '~ containerDefinitions[web].image: "nginx:1.27" → "nginx:1.28"',
    '+ containerDefinitions[worker]: image busybox',
    '~ memory: "512" → "1024"',
  ]);
  assert.ok(!lines.join('\n').includes('hunter2') && !lines.join('\n').includes('old-secret'));
  assert.deepEqual(formatDiff(diffTaskDefinitions(undefined, next)), [
    '+ a new family, first revision (cpu 256, memory 1024)',
    '+ containerDefinitions[web]: image nginx:1.28',
    '+ containerDefinitions[worker]: image busybox',
  ]);
});

test('the placeholders a deploy fills in (Region, account), and those only the user can', () => {
  const converted = {
    executionRoleArn: 'arn:aws:iam::ACCOUNT_ID:role/ecsTaskExecutionRole',
    containerDefinitions: [
      {
        name: 'web',
        image: '${ACCOUNT_ID}.dkr.ecr.${REGION}.amazonaws.com/web:latest',
        secrets: [{ name: 'DB', valueFrom: 'arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:db' }],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop', 'awslogs-region': 'REGION' } },
        environment: [{ name: 'WHERE', value: 'REGION' }],
      },
    ],
    volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-PLACEHOLDER' } }],
  };
  assert.equal(unfilledPlaceholders(converted).length, 4);
  const filled = fillPlaceholders(converted, { region: 'eu-west-1', account: '123456789012' });
  assert.equal(filled.executionRoleArn, 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole');
  const web = filled.containerDefinitions[0]!;
  assert.equal(web.image, '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:latest');
  assert.equal(web.secrets[0]!.valueFrom, 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db');
  assert.equal(web.logConfiguration.options['awslogs-region'], 'eu-west-1');
  assert.equal(web.environment[0]!.value, 'REGION', 'a value that only looks like the placeholder stays');
  assert.deepEqual(unfilledPlaceholders(filled), ['volumes[0].efsVolumeConfiguration.fileSystemId: fs-PLACEHOLDER']);
  // ARNs already complete are left alone.
  assert.equal(fillPlaceholders('arn:aws:iam::111122223333:role/x', { region: 'r', account: 'a' }), 'arn:aws:iam::111122223333:role/x');
});

test('a Compose file: converted with its report; a dropped bind mount asks first; replicas are no loss; errors stop it', () => {
  const host = memoryHost({
    '/p/compose.yaml': dedent(`
      name: shop
      services:
        web:
          image: nginx
          volumes: ["./site:/usr/share/nginx/html"]
          deploy: { replicas: 3, update_config: { parallelism: 1 } }
          develop: { watch: [] }
    `),
    '/p/broken.yaml': dedent(`
      services:
        web:
          build: .
    `),
    '/p/app.task-definition.json': JSON.stringify({ ...described, tags: [{ key: 'team', value: 'web' }] }),
    '/p/bad.task-definition.json': '{"family": "x", "containerDefinitions": [{"name": "a", "image": "busybox", "essential": false}]}',
    '/p/notjson.task-definition.json': '{"family": x}',
  });
  const source = loadDeploySource({ file: '/p/compose.yaml', host, env: {} });
  assert.deepEqual(source.errors, []);
  assert.equal(source.targets.length, 1);
  assert.deepEqual(source.targets[0]!.replicas, { web: 3 });
  assert.deepEqual(
    source.needsConfirmation.map((l) => l.path),
    ['services.web.volumes[0]'],
  );
  const replicas = source.losses.find((l) => l.path === 'services.web.deploy.replicas');
  assert.equal(replicas?.kind, 'note', "the deploy carries the replicas over as the service's desired count");
  assert.ok(source.losses.some((l) => l.path === 'services.web.deploy.update_config' && l.kind === 'dropped' && !isNeededByContainer(l)));

  const broken = loadDeploySource({ file: '/p/broken.yaml', host, env: {} });
  assert.deepEqual(broken.targets, []);
  assert.match(broken.errors.join('\n'), /^\/p\/broken\.yaml:\d+: error services\.web/m);

  const td = loadDeploySource({ file: '/p/app.task-definition.json', host, env: {} });
  assert.deepEqual(td.errors, []);
  assert.equal(td.kind, 'taskDefinition');
  const definition = td.targets[0]!.definition;
  assert.equal(definition['taskDefinitionArn'], undefined, 'read-only members are not registered');
  assert.deepEqual(definition['tags'], [{ key: 'team', value: 'web' }], "a describe output's tags are kept");
  assert.match(
    loadDeploySource({ file: '/p/bad.task-definition.json', host, env: {} }).errors[0]!,
    /^\/p\/bad\.task-definition\.json:1:\d+: .*essential/,
  );
  assert.match(
    loadDeploySource({ file: '/p/notjson.task-definition.json', host, env: {} }).errors[0]!,
    /^\/p\/notjson\.task-definition\.json:1:12: /,
  );
  assert.deepEqual(loadDeploySource({ file: '/p/missing.yaml', host, env: {} }).errors, ['/p/missing.yaml: no such file.']);
});
