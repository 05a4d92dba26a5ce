#!/usr/bin/env node
// Writes engine/src/ecs/api/ecsShapes.json: the request and response shapes of the ECS operations the
// local endpoint serves, taken from botocore's ECS API model (service-2.json) with the documentation
// left out. The endpoint checks every request against them (a missing or ill-typed member is an
// InvalidParameterException, as ECS answers) and the tests check every answer against them.
//   node scripts/ecs-api-shapes.mjs [path/to/ecs-api-model.json]   (default ../shared/reference/ecs-api-model.json)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const OPERATIONS = [
  'CreateCluster',
  'DeleteCluster',
  'ListClusters',
  'DescribeClusters',
  'RegisterTaskDefinition',
  'DeregisterTaskDefinition',
  'DescribeTaskDefinition',
  'ListTaskDefinitions',
  'ListTaskDefinitionFamilies',
  'RunTask',
  'StopTask',
  'ListTasks',
  'DescribeTasks',
  'CreateService',
  'UpdateService',
  'DeleteService',
  'ListServices',
  'DescribeServices',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
];

const root = fileURLToPath(new URL('..', import.meta.url));
const modelPath = process.argv[2] ?? `${root}../shared/reference/ecs-api-model.json`;
const model = JSON.parse(readFileSync(modelPath, 'utf8'));
const KEEP = ['type', 'required', 'enum', 'min', 'max', 'members', 'member', 'key', 'value'];

const shapes = {};
const pending = OPERATIONS.flatMap((name) => [model.operations[name].input.shape, model.operations[name].output.shape]);
while (pending.length > 0) {
  const name = pending.pop();
  if (shapes[name]) continue;
  const shape = model.shapes[name];
  const kept = Object.fromEntries(Object.entries(shape).filter(([key]) => KEEP.includes(key)));
  for (const key of ['member', 'key', 'value']) if (kept[key]) kept[key] = { shape: kept[key].shape };
  if (kept.members) kept.members = Object.fromEntries(Object.entries(kept.members).map(([member, ref]) => [member, { shape: ref.shape }]));
  shapes[name] = kept;
  pending.push(...[shape.member, shape.key, shape.value].filter(Boolean).map((ref) => ref.shape));
  pending.push(...Object.values(shape.members ?? {}).map((ref) => ref.shape));
}

const operations = Object.fromEntries(
  OPERATIONS.map((name) => [name, { input: model.operations[name].input.shape, output: model.operations[name].output.shape }]),
);
const sorted = Object.fromEntries(
  Object.keys(shapes)
    .sort()
    .map((name) => [name, shapes[name]]),
);
const out = {
  source: `botocore/data/ecs/${model.metadata.apiVersion}/service-2.json (Apache-2.0), operations and shapes only`,
  targetPrefix: model.metadata.targetPrefix,
  operations,
  shapes: sorted,
};
writeFileSync(`${root}engine/src/ecs/api/ecsShapes.json`, `${JSON.stringify(out)}\n`);
console.log(`wrote ${Object.keys(sorted).length} shapes for ${OPERATIONS.length} operations`);
