// Real task definitions from public repositories (test/fixtures/corpus): each parseable
// one gets no error, except the files below, whose errors were each checked by reading the file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { taskDefinitionShape, validateTaskDefinition } from '../../../core/src/ecs/validateTaskDefinition';
import { corpus, corpusFiles } from '../../helpers/paths';

const folder = join(corpus, 'taskdefs');

/** Files that are not task definitions at all, with why; the second test checks that they are what this says. */
const NOT_TASK_DEFINITIONS: Record<string, string> = {
  // A test-harness template: a bare $$$$START_PERIOD$$$$ placeholder stands where a key should be.
  'ecs-agent__container-health.json': 'not JSON until the ecs-agent test harness fills in its placeholder',
  // container-transform accepts a bare list of containers; ECS does not.
  'container-transform__containers-only.json': 'a bare containerDefinitions array',
};

/** Errors that are real: the code of each, and why ECS would refuse the file. */
const EXPECTED_ERRORS: Record<string, Record<string, string>> = {
  'aws-containers-task-definitions__wildfly_fargate.json': {
    'ecs/schema': '"ulimits": null; the API takes a list or nothing (botocore: Invalid type for parameter ulimits, value: None)',
  },
  'container-transform__task.json': {
    'ecs/schema': 'a volume has "readOnly", which belongs on a mount point (botocore: Unknown parameter in volumes[1]: "readOnly")',
  },
  'aws-containers-task-definitions__kibana_ec2.json': {
    'ecs/host-port-mismatch':
      'awsvpc with hostPort 80 for containerPort 5601; ECS: "the host ports and container ports in port mappings must match"',
  },
  'aws-containers-task-definitions__tomcat_ec2.json': {
    'ecs/host-port-mismatch': 'awsvpc with hostPort 80 for containerPort 8080, the same mistake',
  },
  'awsdocs-ecs-dg__appmesh-gateway.json': {
    'ecs/container-memory-missing':
      'no task memory and no container memory: registering it (EC2 by default) fails with "At least one of memory or memoryReservation must be specified"',
  },
  'ecspresso__run-test-td.json': {
    'ecs/undefined-container':
      'proxyConfiguration names an "envoy" container the task does not have (an ecspresso test fixture, never registered)',
  },
  'ecspresso__td-plain.json': {
    'ecs/undefined-container': 'the same proxyConfiguration without its "envoy" container',
  },
};

test('corpus: every parseable task definition gets no error but its known, real ones', (t) => {
  const files = corpusFiles('taskdefs', /\.json$/);
  let checked = 0;
  for (const file of files) {
    if (NOT_TASK_DEFINITIONS[file]) continue;
    const text = readFileSync(join(folder, file), 'utf8');
    const findings = validateTaskDefinition(text, { documentPath: join(folder, file) });
    const errors = [...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.code))].sort();
    const detail = findings.map((f) => `${f.code} ${JSON.stringify(text.slice(f.span[0], f.span[1]))} ${f.message}`).join('\n');
    assert.deepEqual(errors, Object.keys(EXPECTED_ERRORS[file] ?? {}).sort(), `${file}:\n${detail}`);
    checked++;
  }
  t.diagnostic(`${checked} corpus task definitions checked, ${Object.keys(NOT_TASK_DEFINITIONS).length} that are none left out`);
});

test('corpus: the files left out are what the table says', () => {
  const list = JSON.parse(readFileSync(join(folder, 'container-transform__containers-only.json'), 'utf8')) as unknown;
  assert.ok(Array.isArray(list));
  assert.equal(taskDefinitionShape(list).kind, 'other');
  assert.throws(() => JSON.parse(readFileSync(join(folder, 'ecs-agent__container-health.json'), 'utf8')));
});

test('corpus: describe output in the corpus is recognised as such', () => {
  const value = JSON.parse(readFileSync(join(folder, 'ecspresso__run-test-td.json'), 'utf8')) as unknown;
  assert.equal(taskDefinitionShape(value).kind, 'describe');
});
