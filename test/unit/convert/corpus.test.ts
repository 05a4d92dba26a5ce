/**
 * The corpus (test/fixtures/corpus: real files from public repositories). Every Compose file converts
 * without throwing, and what the valid ones give validates with zero errors, for both launch types and
 * both topologies; the two reference pairs agree with the reference tools on image, command,
 * environment, port mappings, mount points, cpu and memory, except for the deliberate differences
 * listed (and explained) below; every task definition converts to Compose and back unchanged.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadProject, type Project } from '../../../core/src/compose/project';
import { composeToTaskDefinitions, renderTaskDefinition, type ComposeConversionOptions, type LossReport } from '../../../core/src/convert';
import { withoutDefaults } from '../../../core/src/convert/ecs/defaults';
import { validateTaskDefinition } from '../../../core/src/ecs/validateTaskDefinition';
import { corpus, corpusFiles } from '../../helpers/paths';
import { comparableTaskDefinition, ecsRoundTrip, taskDefinitionErrors, toCompose, type Json } from './helpers';

const diskHost = {
  readFile: (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
  fileExists: (path: string): boolean => existsSync(path),
};

function load(path: string): Project {
  return loadProject({ files: [path], host: diskHost });
}

function counts(report: LossReport): string {
  return `errors ${report.errors.length}, dropped ${report.dropped.length}, approximated ${report.approximated.length}, notes ${report.notes.length}`;
}

const VARIANTS: Array<Partial<ComposeConversionOptions>> = [
  { launchType: 'FARGATE' },
  { launchType: 'EC2' },
  { launchType: 'FARGATE', perService: true },
  { launchType: 'EC2', perService: true },
];

test('every valid corpus Compose file converts, and every task definition validates with zero errors', (t) => {
  const folder = join(corpus, 'compose');
  for (const file of corpusFiles('compose', /\.ya?ml$/)) {
    const project = load(join(folder, file));
    const lines: string[] = [];
    for (const variant of VARIANTS) {
      const result = composeToTaskDefinitions(project.model, {
        projectName: project.name,
        readFile: diskHost.readFile,
        services: project.services,
        ...variant,
      });
      for (const { name, definition } of result.taskDefinitions) {
        assert.deepEqual(
          taskDefinitionErrors(definition),
          [],
          `${file} ${JSON.stringify(variant)} ${name}:\n${renderTaskDefinition(definition)}`,
        );
      }
      lines.push(`${variant.launchType}${variant.perService ? ' per service' : ''}: ${counts(result.report)}`);
    }
    t.diagnostic(`${file}: ${lines.join('; ')}`);
  }
});

test('every invalid corpus Compose file converts without throwing', (t) => {
  const folder = join(corpus, 'compose', 'invalid');
  for (const file of corpusFiles('compose/invalid', /\.ya?ml$/)) {
    const project = load(join(folder, file));
    const result = composeToTaskDefinitions(project.model, { projectName: project.name });
    t.diagnostic(`${file}: ${result.taskDefinitions.length} task definition(s); ${counts(result.report)}`);
  }
});

// ---------------------------------------------------------------------------------------------------
// The reference pairs

/** The fields compared with the reference tools, per container, and per task. */
const CONTAINER_FIELDS = ['image', 'command', 'environment', 'portMappings', 'mountPoints', 'cpu', 'memory'] as const;
const TASK_FIELDS = ['cpu', 'memory'] as const;

/**
 * Where Dockside's output differs from the reference tool's on a compared field, and why. The test
 * fails if a difference is missing here or an entry here no longer differs. Mirrored in
 * core/src/convert/README.md.
 */
export const DELIBERATE_DIFFERENCES: Record<string, string> = {
  'container-transform/web/image':
    'The service has only `build`. container-transform writes no image (ECS rejects that); Dockside writes a placeholder ECR image and reports an error: the image must be built and pushed first.',
  'container-transform/web2/image': 'As for web: only `build`, so a placeholder ECR image and an error entry.',
  'container-transform/web/mountPoints':
    'Same container path; the volume name differs. container-transform names a bind mount after its relative path ("." → "_"); Dockside resolves the path first (the project loader makes it absolute) and names the volume after it.',
  'container-transform/web2/mountPoints':
    'As for web: the same paths, volumes named after the absolute host path ("/bob/" → "bob", where container-transform wrote "Bob").',
  'container-transform/web2/portMappings':
    '"5001:5000": container-transform keeps host port 5001 (bridge networking). Dockside targets awsvpc, where the host port is the container port, so it maps 5000 → 5000 and reports the approximation (set x-ecs networkMode: bridge on EC2 to keep 5001).',
  'container-transform/task/memory':
    'container-transform leaves memory out, which ECS on EC2 refuses when a container states none. Dockside sets the task memory (512 MiB per such container) and reports it.',
  'compose-cli/task/containers':
    'compose-cli adds a "Simple_ResolvConf_InitContainer" sidecar that writes the Cloud Map search domain into resolv.conf; Dockside adds no containers (services reach each other on localhost within a task, and through Service Connect between tasks).',
};

/** CloudFormation's PascalCase properties → the API's camelCase field names (maps of options keep their keys). */
function camelCase(value: unknown, parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => camelCase(v, parentKey));
  if (value === null || typeof value !== 'object') return value;
  const keepKeys = parentKey === 'options' || parentKey === 'dockerLabels';
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const key = keepKeys ? k : k[0]!.toLowerCase() + k.slice(1);
      return [key, camelCase(v, key)];
    }),
  );
}

function differences(pair: string, ours: Json, reference: Json, services: string[]): string[] {
  const found: string[] = [];
  const byName = (definition: Json) => new Map(((definition['containerDefinitions'] as Json[]) ?? []).map((c) => [String(c['name']), c]));
  const mine = byName(ours);
  const theirs = byName(reference);
  for (const name of services) {
    for (const field of CONTAINER_FIELDS) {
      const a = withoutDefaults({ [field]: mine.get(name)?.[field] });
      const b = withoutDefaults({ [field]: theirs.get(name)?.[field] });
      if (!assertEqual(a, b)) found.push(`${pair}/${name}/${field}`);
    }
  }
  for (const field of TASK_FIELDS) {
    if (String(ours[field] ?? '') !== String(reference[field] ?? '')) found.push(`${pair}/task/${field}`);
  }
  if ([...theirs.keys()].some((name) => !services.includes(name))) found.push(`${pair}/task/containers`);
  return found;
}

function assertEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

test('the reference pairs: same image, command, environment, ports, mounts, cpu and memory, or a listed deliberate difference', () => {
  const folder = join(corpus, 'pairs');
  const found: string[] = [];

  // docker compose-cli: one task definition per service, Fargate, awsvpc; its output is CloudFormation.
  const simple = load(join(folder, 'compose-cli-ecs__simple-single-service.compose.yaml'));
  const simpleOurs = composeToTaskDefinitions(simple.model, { projectName: 'TestSimpleConvert', launchType: 'FARGATE', perService: true });
  const template = parse(readFileSync(join(folder, 'compose-cli-ecs__simple-single-service.cloudformation.yaml'), 'utf8')) as Json;
  const simpleReference = camelCase(((template['Resources'] as Json)['SimpleTaskDefinition'] as Json)['Properties']) as Json;
  assert.equal(simpleOurs.taskDefinitions[0]!.name, simpleReference['family']);
  found.push(...differences('compose-cli', simpleOurs.taskDefinitions[0]!.definition, simpleReference, simple.services));

  // container-transform: one definition for the file, bridge-era output with host paths: compared with EC2.
  const extended = load(join(folder, 'container-transform__composev2_extended.compose.yaml'));
  const extendedOurs = composeToTaskDefinitions(extended.model, { projectName: 'extended', launchType: 'EC2' });
  const extendedReference = JSON.parse(readFileSync(join(folder, 'container-transform__composev2_extended.taskdef.json'), 'utf8')) as Json;
  found.push(...differences('container-transform', extendedOurs.taskDefinitions[0]!.definition, extendedReference, extended.services));

  for (const { definition } of [...simpleOurs.taskDefinitions, ...extendedOurs.taskDefinitions])
    assert.deepEqual(taskDefinitionErrors(definition), []);
  assert.deepEqual(found.sort(), Object.keys(DELIBERATE_DIFFERENCES).sort());
  // The differences that mount points may have are only in names: the container paths agree.
  const paths = (definition: Json, name: string) =>
    ((definition['containerDefinitions'] as Json[]).find((c) => c['name'] === name)?.['mountPoints'] as Json[] | undefined)?.map(
      (m) => m['containerPath'],
    );
  for (const name of ['web', 'web2'])
    assert.deepEqual(paths(extendedOurs.taskDefinitions[0]!.definition, name), paths(extendedReference, name));
});

// ---------------------------------------------------------------------------------------------------
// Task definitions

test('every corpus task definition converts to Compose (zero errors) and back to the same task definition', (t) => {
  const folder = join(corpus, 'taskdefs');
  let converted = 0;
  for (const file of corpusFiles('taskdefs', /\.json$/)) {
    const text = readFileSync(join(folder, file), 'utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // The one file that is a test-harness template, not JSON until its placeholder is filled in.
      assert.equal(file, 'ecs-agent__container-health.json', `${file} is not JSON`);
      continue;
    }
    const { report } = toCompose(value);
    if (Array.isArray(value)) {
      assert.equal(report.errors.length, 1, `${file}: a bare container list is reported, not converted`);
      continue;
    }
    const original = ((value as Json)['taskDefinition'] as Json | undefined) ?? (value as Json);
    const back = ecsRoundTrip(value);
    assert.deepEqual(comparableTaskDefinition(back), comparableTaskDefinition(original), file);
    const originalErrors = validateTaskDefinition(text).filter((f) => f.severity === 'error').length;
    if (originalErrors === 0) assert.deepEqual(taskDefinitionErrors(back), [], file);
    converted++;
    t.diagnostic(`${file}: ${counts(report)}`);
  }
  assert.ok(converted > 30);
});
