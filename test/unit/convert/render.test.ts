import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { renderCompose, renderTaskDefinition } from '../../../core/src/convert';

test('renderTaskDefinition: 2-space JSON with keys in the order the ECS API documents them', () => {
  const definition = {
    memory: '512',
    containerDefinitions: [
      {
        essential: true,
        portMappings: [{ protocol: 'tcp', hostPort: 80, containerPort: 80 }],
        image: 'nginx',
        name: 'web',
        'x-unknown': 1,
      },
    ],
    family: 'shop',
    cpu: '256',
  };
  const text = renderTaskDefinition(definition);
  assert.deepEqual(JSON.parse(text), definition);
  assert.ok(text.endsWith('}\n'));
  assert.deepEqual(Object.keys(JSON.parse(text)), ['family', 'containerDefinitions', 'cpu', 'memory']);
  const container = JSON.parse(text).containerDefinitions[0];
  assert.deepEqual(Object.keys(container), ['name', 'image', 'portMappings', 'essential', 'x-unknown']);
  assert.deepEqual(Object.keys(container.portMappings[0]), ['containerPort', 'hostPort', 'protocol']);
  assert.ok(text.startsWith('{\n  "family": "shop",\n  "containerDefinitions": [\n    {\n      "name": "web",'), text);
});

test('renderCompose: name and services first, service keys in a readable order, ports and YAML 1.1 look-alikes quoted', () => {
  const compose = {
    'x-ecs': { family: 'shop' },
    volumes: { data: {} },
    services: {
      web: {
        'x-ecs': { essential: false },
        restart: 'no',
        ports: ['80:80', '53:53/udp'],
        image: 'nginx',
        environment: { FLAG: 'on', TIME: '1:20' },
      },
    },
    name: 'shop',
  };
  const text = renderCompose(compose);
  assert.deepEqual(parse(text), compose);
  assert.deepEqual(Object.keys(parse(text)), ['name', 'services', 'volumes', 'x-ecs']);
  assert.deepEqual(Object.keys(parse(text).services.web), ['image', 'environment', 'ports', 'restart', 'x-ecs']);
  assert.match(text, /- "80:80"\n/);
  assert.match(text, /restart: "no"\n/);
  assert.match(text, /FLAG: "on"\n/);
  assert.match(text, /TIME: "1:20"\n/);
});
