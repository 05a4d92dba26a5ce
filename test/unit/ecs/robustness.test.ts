// Task definitions as typed by a person are half-written: every rule must read any value at any key
// without throwing (a throw would silently drop that rule's findings), and every span must be inside
// the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { TaskDefinitionContext } from '../../../core/src/ecs/context';
import { taskDefinitionRules } from '../../../core/src/ecs/rules';
import { taskDefinitionShape, validateTaskDefinition } from '../../../core/src/ecs/validateTaskDefinition';
import { parseText } from '../../../core/src/parse/parseText';
import { createContext } from '../../../core/src/rules/context';
import { noHost } from '../../../core/src/types';
import { applyEdits } from '../../helpers/applyEdits';

const anything = fc.jsonValue({ maxDepth: 2 });
const field = <T>(keys: string[], value: fc.Arbitrary<T>) => fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length });

const CONTAINER_KEYS = [
  'name',
  'image',
  'cpu',
  'memory',
  'memoryReservation',
  'essential',
  'portMappings',
  'links',
  'dependsOn',
  'volumesFrom',
  'mountPoints',
  'environment',
  'secrets',
  'logConfiguration',
  'linuxParameters',
  'privileged',
  'user',
  'healthCheck',
  'hostname',
  'extraHosts',
  'stopTimeout',
  'resourceRequirements',
];
const TASK_KEYS = [
  'family',
  'cpu',
  'memory',
  'networkMode',
  'requiresCompatibilities',
  'volumes',
  'proxyConfiguration',
  'runtimePlatform',
  'ipcMode',
  'pidMode',
  'placementConstraints',
  'revision',
  'status',
];

const plausible = fc.oneof(
  anything,
  fc.constantFrom(
    'FARGATE',
    'awsvpc',
    'bridge',
    'host',
    'none',
    'HEALTHY',
    'SUCCESS',
    'awslogs',
    'web',
    '1 vCPU',
    '2 GB',
    256,
    512,
    0,
    -1,
    1.5,
  ),
  fc.array(
    fc.oneof(
      anything,
      field(
        [
          'containerPort',
          'hostPort',
          'protocol',
          'containerName',
          'condition',
          'sourceVolume',
          'sourceContainer',
          'name',
          'value',
          'valueFrom',
        ],
        anything,
      ),
    ),
  ),
);
const container = field(CONTAINER_KEYS, plausible);
const definition = fc
  .record({ containerDefinitions: fc.oneof(fc.array(fc.oneof(container, anything), { maxLength: 4 }), anything) })
  .chain((base) => field(TASK_KEYS, plausible).map((rest) => ({ ...rest, ...base })));

test('no rule throws on arbitrary values, and every span lies inside the text', () => {
  fc.assert(
    fc.property(definition, fc.boolean(), (value, wrap) => {
      const text = JSON.stringify(wrap ? { taskDefinition: value } : value, null, 2);
      const parsed = parseText(text);
      const shape = taskDefinitionShape(parsed.value);
      const base = createContext(shape.definition, parsed.doc, text, noHost, () => text.length, undefined, shape.basePath);
      const ctx: TaskDefinitionContext = { ...base, kind: shape.kind, basePath: shape.basePath };
      for (const rule of taskDefinitionRules) assert.doesNotThrow(() => rule(ctx), rule.name);
      for (const finding of validateTaskDefinition(text, {}, parsed)) {
        assert.ok(finding.span[0] >= 0 && finding.span[0] <= finding.span[1] && finding.span[1] <= text.length, JSON.stringify(finding));
      }
    }),
    { numRuns: 200 },
  );
});

/** Well-typed task definitions built to trip the rules that offer fixes. */
const names = fc.constantFrom('web', 'init', 'db');
const realistic = fc.record(
  {
    family: fc.constant('app'),
    requiresCompatibilities: fc.constantFrom(['FARGATE'], ['EC2'], []),
    networkMode: fc.constantFrom('awsvpc', 'bridge', 'host'),
    cpu: fc.constantFrom(256, '256', 1024),
    memory: fc.constantFrom(512, '2048'),
    revision: fc.nat(),
    status: fc.constant('ACTIVE'),
    containerDefinitions: fc.uniqueArray(
      fc.record(
        {
          name: names,
          image: fc.constant('nginx'),
          essential: fc.boolean(),
          environment: fc.array(
            fc.record({ name: fc.constantFrom('DB_PASSWORD', 'API_TOKEN', 'LOG_LEVEL'), value: fc.constantFrom('x', '') }),
          ),
          secrets: fc.array(fc.record({ name: fc.constant('A'), valueFrom: fc.constant('/a') }), { maxLength: 2 }),
          portMappings: fc.array(
            fc.record({ containerPort: fc.constantFrom(80, 81), hostPort: fc.constantFrom(80, 8080) }, { requiredKeys: ['containerPort'] }),
            { maxLength: 2 },
          ),
          dependsOn: fc.array(fc.record({ containerName: names, condition: fc.constantFrom('START', 'SUCCESS', 'COMPLETE') }), {
            maxLength: 2,
          }),
        },
        { requiredKeys: ['name', 'image'] },
      ),
      { minLength: 1, maxLength: 3, selector: (c) => c.name },
    ),
  },
  { requiredKeys: ['family', 'containerDefinitions'] },
);

test('every quick fix offered on generated JSON leaves valid JSON, with edits that do not overlap', () => {
  const titles = new Set<string>();
  fc.assert(
    fc.property(fc.oneof(definition, realistic), fc.boolean(), fc.constantFrom(0, 2, '\t'), (value, wrap, space) => {
      const text = JSON.stringify(wrap ? { taskDefinition: value } : value, null, space);
      for (const finding of validateTaskDefinition(text)) {
        for (const fix of finding.fixes ?? []) {
          titles.add(fix.title.replace(/"[^"]*"|\S+ to secrets/g, (m) => (m.endsWith('secrets') ? 'X to secrets' : 'X')));
          const edits = [...fix.edits].sort((a, b) => a.span[0] - b.span[0]);
          edits.slice(1).forEach((edit, i) => assert.ok(edit.span[0] >= edits[i]!.span[1], `${fix.title}: edits overlap`));
          const fixed = applyEdits(text, edits);
          assert.doesNotThrow(() => JSON.parse(fixed), `${fix.title}:\n${fixed}`);
        }
      }
    }),
    { numRuns: 300 },
  );
  // The generators reached every kind of fix.
  for (const title of [
    'Remove all read-only fields',
    'Move X to secrets',
    'Use X',
    'Add X: X',
    'Remove X',
    'Mark X as not essential',
    'Write X as a string',
  ]) {
    assert.ok(titles.has(title), `${title} not reached: ${[...titles].join(', ')}`);
  }
});
