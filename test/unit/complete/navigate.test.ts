import assert from 'node:assert/strict';
import { test } from 'node:test';
import composeSchema from '../../../schemas/compose.schema.json';
import ecsSchema from '../../../schemas/ecs-task-definition.schema.json';
import {
  acceptsOtherKeysAt,
  defaultAt,
  describeAt,
  propertiesAt,
  subschemasAt,
  typesAt,
  valuesAt,
  type SchemaNode,
  type SchemaRoot,
} from '../../../core/src/schema/navigate';

const compose: SchemaRoot = { document: composeSchema as unknown as SchemaNode };
const ecs: SchemaRoot = { document: ecsSchema as unknown as SchemaNode };

/** A small schema with every construct navigation follows. */
const toy: SchemaRoot = {
  document: {
    type: 'object',
    properties: {
      mode: { $ref: '#/definitions/mode', markdownDescription: 'How to run.' },
      both: { allOf: [{ properties: { a: { type: 'string' } } }, { properties: { b: { type: 'boolean' } } }] },
      shape: {
        oneOf: [
          { type: 'string', enum: ['short'] },
          { type: 'array', items: { type: 'string', enum: ['x', 'y'] } },
          { type: 'object', properties: { long: { type: 'integer', default: 3 } }, required: ['long'], additionalProperties: false },
          { type: 'object', properties: { other: { type: 'string' } }, additionalProperties: false },
        ],
      },
      pair: { type: 'array', items: [{ type: 'string', enum: ['first'] }, { type: 'boolean' }], additionalItems: { const: 'rest' } },
      byName: {
        type: 'object',
        patternProperties: { '^n-': { properties: { named: { type: 'string' } } } },
        additionalProperties: { properties: { other: {} } },
      },
      old: { type: 'string', deprecated: true, description: 'Plain description.' },
    },
    definitions: {
      mode: {
        type: 'string',
        anyOf: [{ enum: ['fast', 'slow'], markdownEnumDescriptions: ['Quick.', 'Careful.'] }, { const: '' }],
        default: 'fast',
      },
    },
  },
};

test('navigate: $ref with a description beside it, enum descriptions, default', () => {
  assert.equal(describeAt(toy, ['mode'], {}), 'How to run.');
  const values = valuesAt(toy, ['mode'], {});
  assert.deepEqual(
    values.map((v) => v.value),
    ['fast', 'slow'],
    'the empty const is not offered',
  );
  assert.equal(values[0]?.markdownDescription, 'Quick.');
  assert.equal(values[0]?.isDefault, true);
  assert.equal(defaultAt(toy, ['mode'], {}), 'fast');
});

test('navigate: allOf parts all apply', () => {
  assert.deepEqual(
    propertiesAt(toy, ['both'], {}).map((p) => p.name),
    ['a', 'b'],
  );
  assert.deepEqual(
    valuesAt(toy, ['both', 'b'], {}).map((v) => v.value),
    [true, false],
  );
});

test('navigate: oneOf branches are chosen by the value there', () => {
  assert.deepEqual(
    valuesAt(toy, ['shape'], {}).map((v) => v.value),
    ['short'],
    'no value yet: every branch',
  );
  assert.deepEqual(
    valuesAt(toy, ['shape', 0], { shape: [] }).map((v) => v.value),
    ['x', 'y'],
    'a list: the array branch',
  );
  assert.deepEqual(
    propertiesAt(toy, ['shape'], { shape: {} }).map((p) => p.name),
    ['long', 'other'],
    'an empty mapping: both object branches',
  );
  assert.deepEqual(
    propertiesAt(toy, ['shape'], { shape: { long: 1 } }).map((p) => p.name),
    ['long'],
    'the keys present pick the branch',
  );
  assert.equal(propertiesAt(toy, ['shape'], { shape: { long: 1 } })[0]?.required, true);
  assert.equal(defaultAt(toy, ['shape', 'long'], { shape: { long: 1 } }), 3);
  assert.deepEqual(subschemasAt(toy, ['shape'], { shape: 'short' }).filter((s) => s.enum).length, 1, 'a string: only the string branch');
});

test('navigate: tuple items and additionalItems', () => {
  assert.deepEqual(
    valuesAt(toy, ['pair', 0], {}).map((v) => v.value),
    ['first'],
  );
  assert.deepEqual(
    valuesAt(toy, ['pair', 1], {}).map((v) => v.value),
    [true, false],
  );
  assert.deepEqual(
    valuesAt(toy, ['pair', 5], {}).map((v) => v.value),
    ['rest'],
  );
});

test('navigate: patternProperties, then additionalProperties for other keys', () => {
  assert.deepEqual(
    propertiesAt(toy, ['byName', 'n-one'], {}).map((p) => p.name),
    ['named'],
  );
  assert.deepEqual(
    propertiesAt(toy, ['byName', 'else'], {}).map((p) => p.name),
    ['other'],
  );
  assert.equal(acceptsOtherKeysAt(toy, ['byName'], {}), true);
});

test('navigate: deprecated properties and plain descriptions', () => {
  const old = propertiesAt(toy, [], {}).find((p) => p.name === 'old');
  assert.equal(old?.deprecated, true);
  assert.equal(old?.markdownDescription, 'Plain description.');
});

test('navigate: Compose service names match the services pattern', () => {
  const names = propertiesAt(compose, ['services', 'my.web-1'], {}).map((p) => p.name);
  assert.ok(names.includes('image') && names.includes('healthcheck'));
  assert.deepEqual(propertiesAt(compose, ['services', 'not a name'], {}), []);
  assert.match(describeAt(compose, ['services', 'web'], {}) ?? '', /One service/);
});

test('navigate: Compose list-or-map keys follow the value written', () => {
  const asList = { services: { web: { depends_on: [] } } };
  const asMap = { services: { web: { depends_on: { db: {} } } } };
  assert.deepEqual(propertiesAt(compose, ['services', 'web', 'depends_on'], asList), []);
  assert.deepEqual(
    propertiesAt(compose, ['services', 'web', 'depends_on', 'db'], asMap)
      .map((p) => p.name)
      .sort(),
    ['condition', 'required', 'restart'],
  );
  assert.deepEqual(typesAt(compose, ['services', 'web', 'depends_on'], {}).sort(), ['array', 'object']);
});

test('navigate: Compose long-syntax ports and volume types', () => {
  const value = { services: { web: { ports: [{ target: 80 }] } } };
  assert.ok(propertiesAt(compose, ['services', 'web', 'ports', 0], value).some((p) => p.name === 'published'));
  assert.deepEqual(
    valuesAt(compose, ['services', 'web', 'ports', 0, 'protocol'], value).map((v) => v.value),
    ['tcp', 'udp', 'sctp'],
  );
  assert.deepEqual(
    valuesAt(compose, ['services', 'web', 'volumes', 0, 'type'], {}).map((v) => v.value),
    ['bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'],
  );
});

test('navigate: the ECS root is an allOf around the register input', () => {
  const names = propertiesAt(ecs, [], {}).map((p) => p.name);
  assert.ok(names.includes('family') && names.includes('containerDefinitions'));
  assert.equal(propertiesAt(ecs, [], {}).find((p) => p.name === 'family')?.required, true);
  assert.deepEqual(
    valuesAt(ecs, ['networkMode'], {}).map((v) => v.value),
    ['bridge', 'host', 'awsvpc', 'none'],
  );
  assert.ok(propertiesAt(ecs, ['containerDefinitions', 0], { containerDefinitions: [{}] }).some((p) => p.name === 'portMappings'));
});

test('navigate: another entry point into the same schema', () => {
  const wrapped: SchemaRoot = { document: ecs.document, entry: { $ref: '#/definitions/describeTaskDefinitionOutput' } };
  assert.deepEqual(
    propertiesAt(wrapped, [], {})
      .map((p) => p.name)
      .sort(),
    ['tags', 'taskDefinition'],
  );
  assert.ok(propertiesAt(wrapped, ['taskDefinition'], { taskDefinition: {} }).some((p) => p.name === 'family'));
});

test('navigate: repeated questions are answered from the caches', () => {
  const path = ['services', 'web', 'healthcheck'];
  const first = propertiesAt(compose, path, {});
  const started = performance.now();
  for (let i = 0; i < 1000; i++) propertiesAt(compose, path, {});
  const perCall = (performance.now() - started) / 1000;
  assert.deepEqual(propertiesAt(compose, path, {}), first);
  assert.ok(perCall < 1, `propertiesAt takes ${perCall.toFixed(3)} ms`);
});
