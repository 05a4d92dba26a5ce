/** Shared by the converter tests: Compose text in (loaded as a project), task definitions and reports out, every output validated. */
import assert from 'node:assert/strict';
import { loadProject, type ProjectHost } from '../../../core/src/compose/project';
import { validateCompose } from '../../../core/src/compose/validateCompose';
import {
  composeToTaskDefinitions,
  renderCompose,
  renderTaskDefinition,
  taskDefinitionToCompose,
  type ComposeConversion,
  type ComposeConversionOptions,
  type LossEntry,
  type LossKind,
  type LossReport,
  type TaskDefinitionConversion,
} from '../../../core/src/convert';
import { withoutDefaults } from '../../../core/src/convert/ecs/defaults';
import { READ_ONLY_FIELDS } from '../../../core/src/ecs/rules/readOnlyField';
import { validateTaskDefinition } from '../../../core/src/ecs/validateTaskDefinition';
import { dedent } from '../../helpers/marked';

export type Json = Record<string, unknown>;

/** A host over in-memory files; the project lives in /p. */
export function memoryHost(files: Record<string, string>): ProjectHost {
  return { readFile: (path) => files[path], fileExists: (path) => path in files };
}

/** Loads Compose text as `docker compose` would (interpolated, paths absolute under /p) and returns the model. */
export function composeModel(text: string, extraFiles: Record<string, string> = {}): Json {
  const project = loadProject({
    files: ['/p/compose.yaml'],
    host: memoryHost({ '/p/compose.yaml': dedent(text), ...extraFiles }),
    projectName: 'p',
  });
  return project.model;
}

/** Every error the task-definition checker finds, as "code: message" lines, for readable failures. */
export function taskDefinitionErrors(definition: Json): string[] {
  return validateTaskDefinition(renderTaskDefinition(definition))
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.code}: ${f.message}`);
}

export function composeErrors(compose: Json): string[] {
  return validateCompose(renderCompose(compose))
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.code}: ${f.message}`);
}

/** Converts Compose text to ECS and checks that every task definition validates with zero errors. */
export function toEcs(
  text: string,
  options: Partial<ComposeConversionOptions> = {},
  extraFiles: Record<string, string> = {},
): ComposeConversion {
  const result = composeToTaskDefinitions(composeModel(text, extraFiles), { projectName: 'p', ...options });
  for (const { name, definition } of result.taskDefinitions)
    assert.deepEqual(taskDefinitionErrors(definition), [], `task definition ${name}:\n${renderTaskDefinition(definition)}`);
  return result;
}

/** The one task definition of a conversion. */
export function onlyTask(result: ComposeConversion): Json {
  assert.equal(result.taskDefinitions.length, 1);
  return result.taskDefinitions[0]!.definition;
}

export function containerOf(definition: Json, name: string): Json {
  const container = (definition['containerDefinitions'] as Json[]).find((c) => c['name'] === name);
  assert.ok(container, `no container ${name}`);
  return container;
}

/** Converts one service (given as the YAML under its name) and returns its container and the report. */
export function service(
  body: string,
  options: Partial<ComposeConversionOptions> = {},
  topLevel = '',
): { container: Json; task: Json; report: LossReport } {
  const indented = dedent(body)
    .split('\n')
    .map((line) => (line ? `    ${line}` : line))
    .join('\n');
  const result = toEcs(`services:\n  web:\n${indented}\n${dedent(topLevel)}`, options);
  const task = onlyTask(result);
  return { container: containerOf(task, 'web'), task, report: result.report };
}

/** Report entries of one kind whose path starts with the given segments. */
export function entries(report: LossReport, kind: LossKind, ...path: Array<string | number>): LossEntry[] {
  return report[kind].filter((e) => path.every((segment, i) => e.path[i] === segment));
}

export function hasEntry(report: LossReport, kind: LossKind, ...path: Array<string | number>): boolean {
  return entries(report, kind, ...path).length > 0;
}

/** Converts a task definition to Compose and checks the Compose file validates with zero errors. */
export function toCompose(definition: unknown): TaskDefinitionConversion {
  const result = taskDefinitionToCompose(definition);
  assert.deepEqual(composeErrors(result.compose), [], renderCompose(result.compose));
  return result;
}

/**
 * ECS → Compose → (text, loaded as a project) → ECS. The result is not validated here: an invalid
 * task definition is expected to come back just as invalid.
 */
export function ecsRoundTrip(definition: unknown, options: Partial<ComposeConversionOptions> = {}): Json {
  const { compose } = toCompose(definition);
  return onlyTask(composeToTaskDefinitions(composeModel(renderCompose(compose)), { projectName: 'p', ...options }));
}

/**
 * A register input as it can be compared: without what ECS sets itself, volumes in name order, and
 * the containers' documented defaults (`essential: true`, `protocol: tcp`, …) stripped. Task-level
 * fields are compared as written: a network mode or compatibility left out must come back left out.
 */
export function comparableTaskDefinition(definition: Json): unknown {
  const copy: Json = { ...definition };
  for (const field of READ_ONLY_FIELDS) delete copy[field];
  copy['volumes'] = [...((copy['volumes'] as Json[] | undefined) ?? [])].sort((a, b) => String(a['name']).localeCompare(String(b['name'])));
  return withoutDefaults(copy);
}
