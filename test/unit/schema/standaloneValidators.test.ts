// The bundles validate with code generated at build time (scripts/standaloneValidators.mjs); the unit
// tests with the same schemas compiled at run time (core/src/schema/validators.ts). Both must report
// exactly the same errors, in the same order, on the same documents: the corpus, the fixtures and the
// examples, each also with generated mistakes, and the bench's generated files with theirs.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { generateValidatorModules } from '../../../scripts/standaloneValidators.mjs';
import { parseText } from '../../../core/src';
import { AJV_OPTIONS, LANGUAGE_OF, withoutAnnotations, type ValidatorName } from '../../../core/src/schema/schemaSet';
import { composeSchemaErrors } from '../../../core/src/compose/schemaCheck';
import composeSchema from '../../../schemas/compose.schema.json';
import { validator } from '../../../core/src/schema/validators';
import { generateCompose } from '../../../bench/generateCompose';
import { withMistakes } from '../../../bench/mistakes';
import { corpus, corpusFiles, fixtures, projectRoot } from '../../helpers/paths';

const requireFromRoot = createRequire(join(projectRoot, 'package.json'));

/** The generated modules, loaded as the bundles load them (their Ajv run-time helpers from node_modules). */
async function standaloneValidators(): Promise<Record<ValidatorName, ValidateFunction>> {
  const { modules } = await generateValidatorModules(projectRoot);
  const loaded: Partial<Record<ValidatorName, ValidateFunction>> = {};
  for (const code of Object.values(modules)) {
    const module = { exports: {} as Record<string, ValidateFunction> };
    new Function('module', 'exports', 'require', code)(module, module.exports, requireFromRoot);
    Object.assign(loaded, module.exports);
  }
  for (const name of Object.keys(LANGUAGE_OF)) assert.ok(loaded[name as ValidatorName], `the generated code exports ${name}`);
  return loaded as Record<ValidatorName, ValidateFunction>;
}

function filesUnder(folder: string, pattern: RegExp): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return filesUnder(path, pattern);
      return pattern.test(name) ? [path] : [];
    });
}

/**
 * Deterministic mistakes in a document, one variant per kind, each at the first place it fits: a key
 * misspelt, a value of the wrong type (a number, a list, a mapping, a string), a value removed. They
 * send validation down the error paths (unknown keys, types, oneOf branches, enums) the clean
 * documents never take.
 */
function variants(value: unknown): unknown[] {
  const out: unknown[] = [];
  const replacements: unknown[] = [42, ['x', 1], { bogus: true }, 'not-valid', null];
  const walk = (node: unknown, edit: (replace: (v: unknown) => unknown) => void, depth: number): void => {
    if (depth > 6 || out.length > 40) return;
    if (Array.isArray(node)) {
      node
        .slice(0, 2)
        .forEach((child, i) => walk(child, (r) => edit((n) => (n as unknown[]).map((c, j) => (j === i ? r(c) : c))), depth + 1));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const entries = Object.entries(node);
    const [firstKey] = entries[0] ?? [];
    if (firstKey !== undefined) {
      // A misspelt key: the last letter doubled.
      edit((n) => Object.fromEntries(Object.entries(n as object).map(([k, v]) => [k === firstKey ? `${k}${k.slice(-1)}` : k, v])));
    }
    entries.slice(0, 3).forEach(([key, child], i) => {
      const replacement = replacements[(depth + i) % replacements.length];
      edit((n) => ({ ...(n as object), [key]: replacement }));
      walk(child, (r) => edit((n) => ({ ...(n as object), [key]: r((n as Record<string, unknown>)[key]) })), depth + 1);
    });
  };
  walk(value, (r) => out.push(r(structuredClone(value))), 0);
  return out;
}

interface Case {
  name: string;
  validator: ValidatorName;
  value: unknown;
}

function composeCases(): Case[] {
  const files = [
    ...corpusFiles('compose', /\.ya?ml$/).map((name) => join(corpus, 'compose', name)),
    ...corpusFiles('compose/invalid', /\.ya?ml$/).map((name) => join(corpus, 'compose', 'invalid', name)),
    ...filesUnder(fixtures, /(compose|docker-compose)[^/]*\.ya?ml$/),
    ...filesUnder(join(projectRoot, 'examples'), /(compose|docker-compose)[^/]*\.ya?ml$/),
  ];
  const values: Array<[string, unknown]> = [];
  for (const file of files) {
    const value = parseText(readFileSync(file, 'utf8')).value;
    if (value === undefined) continue;
    values.push([file, value]);
    variants(value).forEach((v, i) => values.push([`${file}, variant ${i}`, v]));
  }
  for (const services of [10, 200]) {
    const { text } = withMistakes(generateCompose(services), services);
    values.push([`bench file, ${services} services with mistakes`, parseText(text).value]);
  }
  // A file is checked as its shell and then each service (compose/schemaCheck.ts).
  return values.flatMap(([name, value]): Case[] => [
    { name, validator: 'composeShell', value },
    ...Object.entries(servicesIn(value)).map(([service, v]): Case => ({
      name: `${name}, service ${service}`,
      validator: 'composeService',
      value: v,
    })),
  ]);
}

function servicesIn(value: unknown): Record<string, unknown> {
  const services = (value as { services?: unknown } | null)?.services;
  return typeof services === 'object' && services !== null && !Array.isArray(services) ? (services as Record<string, unknown>) : {};
}

function taskDefinitionCases(): Case[] {
  const files = [
    ...corpusFiles('taskdefs', /\.json$/).map((name) => join(corpus, 'taskdefs', name)),
    ...filesUnder(fixtures, /task-?def[^/]*\.json$/),
    ...filesUnder(join(projectRoot, 'examples'), /task-?def[^/]*\.json$/),
  ];
  const cases: Case[] = [];
  for (const file of files) {
    const value = parseText(readFileSync(file, 'utf8')).value;
    if (value === undefined) continue;
    const wrapped = typeof value === 'object' && value !== null && 'taskDefinition' in value;
    const [plain, describe] = wrapped ? [(value as { taskDefinition: unknown }).taskDefinition, value] : [value, { taskDefinition: value }];
    for (const [name, v] of [
      ['ecs', plain],
      ['ecsDescribe', describe],
    ] as const) {
      cases.push({ name: `${file} (${name})`, validator: name, value: v });
      variants(v).forEach((x, i) => cases.push({ name: `${file} (${name}), variant ${i}`, validator: name, value: x }));
    }
  }
  return cases;
}

test('the validators generated at build time report exactly the errors of those compiled at run time', async (t) => {
  const generated = await standaloneValidators();
  const cases = [...composeCases(), ...taskDefinitionCases()];
  const withErrors = new Map<ValidatorName, number>();
  for (const c of cases) {
    const runtime = validator(c.validator);
    const standalone = generated[c.validator];
    const expected = runtime(c.value) ? [] : structuredClone(runtime.errors ?? []);
    const actual = standalone(c.value) ? [] : (standalone.errors ?? []);
    assert.deepEqual(actual, expected, c.name);
    if (expected.length > 0) withErrors.set(c.validator, (withErrors.get(c.validator) ?? 0) + 1);
  }
  // Both sides must have been put to work: every validator on many documents with errors.
  for (const name of Object.keys(LANGUAGE_OF) as ValidatorName[]) {
    assert.ok((withErrors.get(name) ?? 0) >= 5, `${withErrors.get(name) ?? 0} documents with errors for ${name}`);
  }
  const errors = [...withErrors.values()].reduce((a, b) => a + b, 0);
  t.diagnostic(`${cases.length} documents (${errors} with errors), corpus included`);
});

test("a Compose file checked as its shell and then service by service gets exactly the whole schema's errors", () => {
  const whole = new Ajv(AJV_OPTIONS).compile(withoutAnnotations(composeSchema) as object);
  // Where and what, not which part of which schema said it: the parts' schema paths differ by design.
  const what = (errors: readonly ErrorObject[]): string[] =>
    errors
      .map((e) => JSON.stringify([e.instancePath, e.keyword, e.params, e.message, Object.keys(e.parentSchema?.['properties'] ?? {})]))
      .sort();
  const values = composeCases().filter((c) => c.validator === 'composeShell');
  let withErrors = 0;
  for (const c of values) {
    const expected = whole(c.value) ? [] : (whole.errors ?? []);
    assert.deepEqual(what(composeSchemaErrors(c.value)), what(expected), c.name);
    // Twice: the second time the services' errors come from what the first check kept.
    assert.deepEqual(what(composeSchemaErrors(c.value)), what(expected), `${c.name}, checked again`);
    if (expected.length > 0) withErrors++;
  }
  assert.ok(withErrors > values.length / 2, `${withErrors} of ${values.length} files had errors`);
});

test('a schema loses only its annotations for validation: every constraint and every name is kept', () => {
  const schema = {
    description: 'd',
    type: 'object',
    properties: { description: { type: 'string', markdownDescription: 'm', default: 'x' }, title: { enum: ['a'], title: 't' } },
    definitions: {
      x: {
        oneOf: [
          { type: 'number', examples: [1] },
          { const: 'y', $comment: 'c' },
        ],
      },
    },
    additionalProperties: { deprecated: true, type: 'boolean' },
    items: [{ readOnly: true, minimum: 1 }],
  };
  assert.deepEqual(withoutAnnotations(schema), {
    type: 'object',
    properties: { description: { type: 'string' }, title: { enum: ['a'] } },
    definitions: { x: { oneOf: [{ type: 'number' }, { const: 'y' }] } },
    additionalProperties: { type: 'boolean' },
    items: [{ minimum: 1 }],
  });
});
