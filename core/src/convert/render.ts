/**
 * Text for the converters' results. Task definitions are JSON (2-space indent) with keys in the
 * order the ECS API documents them, read from schemas/ecs-task-definition.schema.json, so the
 * output reads like AWS's own examples. Compose files are YAML, services first, with strings that a
 * YAML 1.1 reader would take for something else (`no`, `on`, `1:20`) quoted, and ports always quoted.
 */
import { Document, isScalar, isSeq, visit, type Scalar } from 'yaml';
import ecsSchema from '../../../schemas/ecs-task-definition.schema.json';
import { asRecord, type Json } from './values';

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
}

const DEFINITIONS = (ecsSchema as unknown as { definitions: Record<string, SchemaNode> }).definitions;

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let depth = 0; current?.$ref && depth < 10; depth++) current = DEFINITIONS[current.$ref.replace('#/definitions/', '')];
  return current;
}

/** The value with its object keys in the schema's order; keys the schema does not know keep their place after those. */
function ordered(value: unknown, node: SchemaNode | undefined): unknown {
  const schema = resolve(node);
  if (Array.isArray(value)) return value.map((item) => ordered(item, schema?.items));
  const record = asRecord(value);
  if (!record) return value;
  const known = Object.keys(schema?.properties ?? {}).filter((key) => key in record);
  const rest = Object.keys(record).filter((key) => !known.includes(key));
  const child = (key: string): SchemaNode | undefined =>
    schema?.properties?.[key] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
  return Object.fromEntries(
    [...known, ...rest].filter((key) => record[key] !== undefined).map((key) => [key, ordered(record[key], child(key))]),
  );
}

export function renderTaskDefinition(definition: Record<string, unknown>): string {
  return `${JSON.stringify(ordered(definition, DEFINITIONS['registerTaskDefinitionInput']), null, 2)}\n`;
}

const TOP_LEVEL_ORDER = ['name', 'services', 'volumes', 'secrets', 'configs', 'networks'];

/** The order Compose's documentation introduces a service's keys: what runs, its inputs, its resources, its plumbing. */
const SERVICE_ORDER = [
  'image',
  'build',
  'platform',
  'command',
  'entrypoint',
  'working_dir',
  'user',
  'environment',
  'env_file',
  'secrets',
  'ports',
  'volumes',
  'tmpfs',
  'volumes_from',
  'depends_on',
  'links',
  'healthcheck',
  'deploy',
  'restart',
  'logging',
  'labels',
  'hostname',
  'extra_hosts',
  'dns',
  'dns_search',
  'network_mode',
  'pid',
  'ipc',
  'cap_add',
  'cap_drop',
  'privileged',
  'read_only',
  'init',
  'shm_size',
  'ulimits',
  'sysctls',
  'security_opt',
  'devices',
  'tty',
  'stdin_open',
  'stop_grace_period',
];

function sortKeys(record: Json, order: readonly string[]): Json {
  const rank = (key: string): number => {
    const index = order.indexOf(key);
    if (index >= 0) return index;
    return key.startsWith('x-') ? order.length + 1 : order.length;
  };
  return Object.fromEntries(
    Object.entries(record)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => rank(a) - rank(b)),
  );
}

function composeInOrder(compose: Record<string, unknown>): Json {
  const top = sortKeys(compose, TOP_LEVEL_ORDER);
  const services = asRecord(top['services']);
  if (services) {
    top['services'] = Object.fromEntries(
      Object.entries(services).map(([name, service]) => [name, asRecord(service) ? sortKeys(asRecord(service)!, SERVICE_ORDER) : service]),
    );
  }
  return top;
}

export function renderCompose(compose: Record<string, unknown>): string {
  // YAML 1.1 rules for quoting: Compose files are also read by YAML 1.1 tools, where `no` is false.
  const doc = new Document(composeInOrder(compose), { version: '1.1' });
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'ports' && isSeq(pair.value)) {
        for (const item of pair.value.items) if (isScalar(item) && typeof item.value === 'string') (item as Scalar).type = 'QUOTE_DOUBLE';
      }
    },
  });
  return doc.toString({ lineWidth: 0 });
}
