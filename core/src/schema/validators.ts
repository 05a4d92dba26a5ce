/**
 * The compiled validators, one set per language, compiled on first use. This is the run-time path,
 * which the unit tests take under tsx; the bundles never run it: esbuild.mjs replaces this module with
 * the same validators generated as standalone code at build time (scripts/standaloneValidators.mjs),
 * each language's in a module of its own, loaded when that language is first checked.
 */
import type { ValidateFunction } from 'ajv';
import { createAjv, LANGUAGE_OF, type ValidatorLanguage, type ValidatorName } from './schemaSet';

export type { ValidatorName } from './schemaSet';

const compiled = new Map<ValidatorLanguage, Partial<Record<ValidatorName, ValidateFunction>>>();

function compile(language: ValidatorLanguage): Partial<Record<ValidatorName, ValidateFunction>> {
  const { ajv, ids } = createAjv(language);
  const set: Partial<Record<ValidatorName, ValidateFunction>> = {};
  for (const [name, id] of Object.entries(ids) as Array<[ValidatorName, string]>) set[name] = ajv.getSchema(id);
  return set;
}

export function validator(name: ValidatorName): ValidateFunction {
  const language = LANGUAGE_OF[name];
  let set = compiled.get(language);
  if (!set) compiled.set(language, (set = compile(language)));
  const found = set[name];
  if (!found) throw new Error(`No validator "${name}" among the ${language} schemas.`);
  return found;
}
