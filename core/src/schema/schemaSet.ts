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
export type ValidatorName = 'composeShell' | 'composeService' | 'ecs' | 'ecsDescribe';

/** Which language's schemas each validator is compiled from: one compiled set per language. */
export const LANGUAGE_OF: Record<ValidatorName, ValidatorLanguage> = {
  composeShell: 'compose',
  composeService: 'compose',
  ecs: 'ecs',
  ecsDescribe: 'ecs',
};

const COMPOSE_SHELL_ID = 'https://dockside.dev/schemas/compose.shell.schema.json';
const COMPOSE_SERVICE_ID = 'https://dockside.dev/schemas/compose.service.schema.json';

interface SchemaWithId {
  $id: string;
}

/** The schemas each language adds to its Ajv, and the id each of its validators is compiled from. */
function schemaSet(language: ValidatorLanguage): { schemas: object[]; ids: Partial<Record<ValidatorName, string>> } {
  if (language === 'compose') {
    const schema = withoutAnnotations(composeSchema) as SchemaWithId & ComposeRoot;
    return {
      schemas: [schema, composeShell(schema), composeService(schema)],
      ids: { composeShell: COMPOSE_SHELL_ID, composeService: COMPOSE_SERVICE_ID },
    };
  }
  const schema = withoutAnnotations(ecsSchema) as SchemaWithId;
  // A reference into the task-definition schema, not a copy of it: its definitions compile once.
  const describe = { $id: DESCRIBE_ID, $ref: `${schema.$id}#/definitions/describeTaskDefinitionOutput` };
  return { schemas: [schema, describe], ids: { ecs: schema.$id, ecsDescribe: DESCRIBE_ID } };
}

interface ComposeRoot {
  properties: { services: { patternProperties: Record<string, unknown> } };
  definitions: unknown;
}

/**
 * A Compose file is checked in parts: the file without what is inside its services (the shell), then
 * each service on its own, so that a service that did not change keeps its errors from the last check
 * (compose/schemaCheck.ts). Together they are the whole schema: the shell still checks the services'
 * names, and a service whose name it accepts gets exactly the schema the file's schema gives it.
 */
function composeShell(schema: SchemaWithId & ComposeRoot): object {
  const { definitions: _definitions, ...root } = schema;
  const services = root.properties.services;
  const shell = {
    ...root,
    $id: COMPOSE_SHELL_ID,
    properties: {
      ...root.properties,
      services: { ...services, patternProperties: Object.fromEntries(Object.keys(services.patternProperties).map((name) => [name, true])) },
    },
  };
  return refsInto(schema.$id, shell) as object;
}

function composeService(schema: SchemaWithId): object {
  return { $id: COMPOSE_SERVICE_ID, $ref: `${schema.$id}#/definitions/service` };
}

/** `schema` with its local references (`#/definitions/…`) pointing into the schema `id`. */
function refsInto(id: string, schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((item) => refsInto(id, item));
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${id}${value}` : refsInto(id, value),
    ]),
  );
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
