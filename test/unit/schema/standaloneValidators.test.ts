// The bundles validate with code generated at build time (scripts/standaloneValidators.mjs); the unit
// tests with the same schemas compiled at run time (core/src/schema/validators.ts). Both must report
// exactly the same errors, in the same order, on the same documents: the corpus, the fixtures and the
// examples, each also with generated mistakes, and the bench's generated files with theirs.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ValidateFunction } from 'ajv';
import { generateValidatorModules } from '../../../scripts/standaloneValidators.mjs';
import { parseText } from '../../../core/src';
import { LANGUAGE_OF, withoutAnnotations, type ValidatorName } from '../../../core/src/schema/schemaSet';
import { validator } from '../../../core/src/schema/validators';
import { generateCompose } from '../../../bench/generateCompose';
import { withMistakes } from '../../../bench/mistakes';
import { fixtures, hasSharedCorpus, projectRoot, sharedCorpus } from '../../helpers/paths';

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
    ...filesUnder(join(sharedCorpus, 'compose'), /\.ya?ml$/),
    ...filesUnder(fixtures, /(compose|docker-compose)[^/]*\.ya?ml$/),
    ...filesUnder(join(projectRoot, 'examples'), /(compose|docker-compose)[^/]*\.ya?ml$/),
  ];
  const cases: Case[] = [];
  for (const file of files) {
    const value = parseText(readFileSync(file, 'utf8')).value;
    if (value === undefined) continue;
    cases.push({ name: file, validator: 'compose', value });
    variants(value).forEach((v, i) => cases.push({ name: `${file}, variant ${i}`, validator: 'compose', value: v }));
  }
  for (const services of [10, 200]) {
    const { text } = withMistakes(generateCompose(services), services);
    cases.push({ name: `bench file, ${services} services with mistakes`, validator: 'compose', value: parseText(text).value });
  }
  return cases;
}

function taskDefinitionCases(): Case[] {
  const files = [
    ...filesUnder(join(sharedCorpus, 'taskdefs'), /\.json$/),
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
  let withErrors = 0;
  for (const c of cases) {
    const runtime = validator(c.validator);
    const standalone = generated[c.validator];
    const expected = runtime(c.value) ? [] : structuredClone(runtime.errors ?? []);
    const actual = standalone(c.value) ? [] : (standalone.errors ?? []);
    assert.deepEqual(actual, expected, c.name);
    if (expected.length > 0) withErrors++;
  }
  // Both sides must have been put to work: most variants are invalid, and every kind of document counts.
  assert.ok(withErrors > cases.length / 2, `${withErrors} of ${cases.length} documents had errors`);
  for (const name of Object.keys(LANGUAGE_OF))
    assert.ok(
      cases.some((c) => c.validator === name),
      `documents for ${name}`,
    );
  t.diagnostic(`${cases.length} documents (${withErrors} with errors)${hasSharedCorpus ? ', corpus included' : ''}`);
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
