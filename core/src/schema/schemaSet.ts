/**
 * The JSON schemas Dockside validates with, per language, and the one Ajv set-up that compiles them:
 * at run time under tsx (validators.ts, for the unit tests) and at build time into standalone code
 * (scripts/standaloneValidators.mjs, for the bundles). Both read this module, so they compile the same
 * schemas with the same options, and a test checks that they report the same errors.
 */
import Ajv, { type Options } from 'ajv';
import composeSchema from '../../../schemas/compose.schema.json';
import ecsSchema from '../../../schemas/ecs-task-definition.schema.json';

export const AJV_OPTIONS: Options = { allErrors: true, strict: false, verbose: true, validateSchema: false };

/** The describe-task-definition output is checked whole, so a typo beside `taskDefinition` is caught too. */
const DESCRIBE_ID = 'https://dockside.dev/schemas/ecs-task-definition.describe-output.schema.json';

export type ValidatorLanguage = 'compose' | 'ecs';
export type ValidatorName = 'compose' | 'ecs' | 'ecsDescribe';

/** Which language's schemas each validator is compiled from: one compiled set per language. */
export const LANGUAGE_OF: Record<ValidatorName, ValidatorLanguage> = { compose: 'compose', ecs: 'ecs', ecsDescribe: 'ecs' };

interface SchemaWithId {
  $id: string;
}

/** The schemas each language adds to its Ajv, and the id each of its validators is compiled from. */
function schemaSet(language: ValidatorLanguage): { schemas: object[]; ids: Partial<Record<ValidatorName, string>> } {
  if (language === 'compose') {
    const schema = withoutAnnotations(composeSchema) as SchemaWithId;
    return { schemas: [schema], ids: { compose: schema.$id } };
  }
  const schema = withoutAnnotations(ecsSchema) as SchemaWithId;
  // A reference into the task-definition schema, not a copy of it: its definitions compile once.
  const describe = { $id: DESCRIBE_ID, $ref: `${schema.$id}#/definitions/describeTaskDefinitionOutput` };
  return { schemas: [schema, describe], ids: { ecs: schema.$id, ecsDescribe: DESCRIBE_ID } };
}

/** An Ajv holding one language's schemas; `extra` adds options (standalone code generation asks for its source). */
export function createAjv(language: ValidatorLanguage, extra: Options = {}): { ajv: Ajv; ids: Partial<Record<ValidatorName, string>> } {
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra });
  const { schemas, ids } = schemaSet(language);
  for (const schema of schemas) ajv.addSchema(schema);
  return { ajv, ids };
}

/** Keywords that describe a value without constraining it: editors show them, validation never reads them. */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'markdownDescription',
  'markdownEnumDescriptions',
  'default',
  'examples',
  'readOnly',
  'deprecated',
  'deprecationMessage',
  '$comment',
]);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'items']);
const SCHEMA_VALUES = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'not',
]);

/**
 * A copy of `schema` without annotations, which would otherwise be carried into the compiled code (as
 * the schema objects that verbose errors point at) for nothing: a third of the code's size.
 */
export function withoutAnnotations(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) {
    if (ANNOTATIONS.has(key)) continue;
    if (SCHEMA_MAPS.has(key) && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, withoutAnnotations(sub)]));
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map(withoutAnnotations);
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = withoutAnnotations(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}
