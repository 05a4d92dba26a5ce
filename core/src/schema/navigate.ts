/**
 * Reads a JSON schema (draft-07) at a document path: which subschemas apply there, which keys and
 * values they allow, and what they say about it. Hover and completion ask these questions on every
 * keystroke, so the work that depends only on the (static) schema is cached per schema object.
 */
import type { Path, PathSegment } from '../types';

/** The part of draft-07 (plus VS Code's annotation keywords) that navigation reads. */
export interface SchemaNode {
  $ref?: string;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  additionalItems?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  description?: string;
  markdownDescription?: string;
  markdownEnumDescriptions?: string[];
  enumDescriptions?: string[];
  deprecated?: boolean;
  deprecationMessage?: string;
  readOnly?: boolean;
  definitions?: Record<string, JsonSchema>;
}

export type JsonSchema = SchemaNode | boolean;

/** Where navigation starts: the schema document (for `$ref`) and, optionally, another entry point in it. */
export interface SchemaRoot {
  document: SchemaNode;
  /** The schema the document's root value must match; the document itself when absent. */
  entry?: JsonSchema;
}

/** The JSON type of a plain value, as schemas name it; `undefined` when there is no value (yet). */
export type ValueKind = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null' | undefined;

export function kindOf(value: unknown): ValueKind {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
    case 'bigint':
      return Number.isInteger(Number(value)) ? 'integer' : 'number';
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// $ref and alternatives

const refCache = new WeakMap<SchemaNode, Map<string, JsonSchema | undefined>>();

/** Resolves a local `#/...` pointer against the schema document; other references resolve to nothing. */
function resolvePointer(document: SchemaNode, ref: string): JsonSchema | undefined {
  let cache = refCache.get(document);
  if (!cache) refCache.set(document, (cache = new Map()));
  if (cache.has(ref)) return cache.get(ref);
  let target: unknown;
  if (ref === '#') target = document;
  else if (ref.startsWith('#/')) {
    target = document;
    for (const raw of ref.slice(2).split('/')) {
      const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      target = target !== null && typeof target === 'object' ? (target as Record<string, unknown>)[part] : undefined;
    }
  }
  const found = typeof target === 'boolean' || (target !== null && typeof target === 'object') ? (target as JsonSchema) : undefined;
  cache.set(ref, found);
  return found;
}

/** Follows a chain of `$ref`s (guarding against cycles) to a schema that is not only a reference. */
export function deref(document: SchemaNode, schema: JsonSchema | undefined): SchemaNode | undefined {
  let current = schema;
  for (let hops = 0; hops < 32 && current !== undefined; hops++) {
    if (typeof current === 'boolean') return current ? {} : undefined;
    if (current.$ref === undefined) return current;
    current = resolvePointer(document, current.$ref);
  }
  return undefined;
}

const typeCache = new WeakMap<SchemaNode, Set<string> | null>();

/** The types a schema admits by itself (`type`, or the types of its enum/const); null means "any". */
function ownTypes(schema: SchemaNode): Set<string> | null {
  const cached = typeCache.get(schema);
  if (cached !== undefined) return cached;
  let types: Set<string> | null = null;
  if (schema.type !== undefined) types = new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
  else if (schema.enum) types = new Set(schema.enum.map((v) => kindOf(v) ?? 'null'));
  else if ('const' in schema) types = new Set([kindOf(schema.const) ?? 'null']);
  if (types?.has('integer')) types.add('number');
  if (types?.has('number')) types.add('integer');
  typeCache.set(schema, types);
  return types;
}

function admits(schema: SchemaNode, kind: ValueKind): boolean {
  if (kind === undefined) return true;
  const types = ownTypes(schema);
  return types === null || types.has(kind);
}

const expandCache = new WeakMap<SchemaNode, Map<string, SchemaNode[]>>();

/**
 * Every schema that applies to a value of this kind: the schema itself, its `allOf` parts, and the
 * `oneOf`/`anyOf` branches that admit the kind (all of them when none does, or when there is no value
 * yet, so that a half-typed value still gets every suggestion). References are resolved.
 */
export function expand(document: SchemaNode, schema: JsonSchema | undefined, kind: ValueKind): SchemaNode[] {
  const node = deref(document, schema);
  if (!node) return [];
  let byKind = expandCache.get(node);
  if (!byKind) expandCache.set(node, (byKind = new Map()));
  const key = kind ?? '';
  let result = byKind.get(key);
  if (!result) {
    const out: SchemaNode[] = [];
    collect(document, node, kind, out, new Set());
    result = out;
    byKind.set(key, result);
  }
  return result;
}

function collect(document: SchemaNode, node: SchemaNode, kind: ValueKind, out: SchemaNode[], seen: Set<SchemaNode>): void {
  if (seen.has(node)) return;
  seen.add(node);
  out.push(node);
  for (const part of node.allOf ?? []) {
    const resolved = deref(document, part);
    if (resolved) collect(document, resolved, kind, out, seen);
  }
  for (const alternatives of [node.oneOf, node.anyOf]) {
    if (!alternatives) continue;
    const branches = alternatives.map((b) => deref(document, b)).filter((b): b is SchemaNode => b !== undefined);
    const fitting = branches.filter((b) => branchAdmits(document, b, kind));
    for (const branch of fitting.length > 0 ? fitting : branches) collect(document, branch, kind, out, seen);
  }
}

/** A branch admits a kind when it, and each of its own alternatives' sets, could hold such a value. */
function branchAdmits(document: SchemaNode, branch: SchemaNode, kind: ValueKind): boolean {
  if (!admits(branch, kind)) return false;
  for (const part of branch.allOf ?? []) {
    const resolved = deref(document, part);
    if (resolved && !branchAdmits(document, resolved, kind)) return false;
  }
  for (const alternatives of [branch.oneOf, branch.anyOf]) {
    if (!alternatives) continue;
    const any = alternatives.some((b) => {
      const resolved = deref(document, b);
      return resolved !== undefined && branchAdmits(document, resolved, kind);
    });
    if (!any) return false;
  }
  return true;
}

/**
 * Among the schemas for an object, keeps those that allow every key the object already has (a
 * long-syntax `ports` entry with `target` is not a `build` object); keeps all when none does.
 */
function fittingShape(schemas: SchemaNode[], value: unknown): SchemaNode[] {
  if (kindOf(value) !== 'object') return schemas;
  const keys = Object.keys(value as object);
  if (keys.length === 0) return schemas;
  const objectSchemas = schemas.filter((s) => s.properties || s.patternProperties || s.additionalProperties === false);
  if (objectSchemas.length < 2) return schemas;
  const rejected = new Set(objectSchemas.filter((s) => !keys.every((k) => allowsKey(s, k))));
  if (rejected.size === objectSchemas.length) return schemas;
  return schemas.filter((s) => !rejected.has(s));
}

function allowsKey(schema: SchemaNode, key: string): boolean {
  if (schema.properties && key in schema.properties) return true;
  if (Object.keys(schema.patternProperties ?? {}).some((p) => patternOf(p).test(key))) return true;
  return schema.additionalProperties !== false;
}

const patterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    try {
      re = new RegExp(source, 'u');
    } catch {
      re = /$^/;
    }
    patterns.set(source, re);
  }
  return re;
}

// ---------------------------------------------------------------------------------------------
// Walking a path

/** The schemas one step down from `schema` for a key or an index (before expanding alternatives). */
function childSchemas(schema: SchemaNode, segment: PathSegment): JsonSchema[] {
  if (typeof segment === 'number') {
    if (Array.isArray(schema.items)) {
      const tuple = schema.items[segment];
      if (tuple !== undefined) return [tuple];
      return schema.additionalItems !== undefined ? [schema.additionalItems] : [];
    }
    return schema.items !== undefined ? [schema.items] : [];
  }
  const found: JsonSchema[] = [];
  const property = schema.properties?.[segment];
  if (property !== undefined) found.push(property);
  for (const [pattern, sub] of Object.entries(schema.patternProperties ?? {})) {
    if (patternOf(pattern).test(segment)) found.push(sub);
  }
  if (found.length === 0 && schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
    found.push(schema.additionalProperties);
  }
  return found;
}

function child(value: unknown, segment: PathSegment): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return (value as Record<string | number, unknown>)[segment];
}

/** Where a path leads in a schema: the schemas that apply there, and the raw schemas of the last step. */
export interface SchemaSite {
  /** Every applicable (resolved, expanded) schema at the path. */
  schemas: SchemaNode[];
  /**
   * The unexpanded schemas of the last step, as written in the parent (`properties.restart`): they
   * carry the description written next to a `$ref`. Empty at the root.
   */
  entries: JsonSchema[];
}

/**
 * The schemas that apply at `path` of a document whose plain value is `value`. Alternatives are chosen
 * by the value found at each step; pass the value without the part being typed.
 */
export function siteAt(root: SchemaRoot, path: Path, value: unknown): SchemaSite {
  const document = root.document;
  let current = value;
  let schemas = fittingShape(expand(document, root.entry ?? document, kindOf(current)), current);
  let entries: JsonSchema[] = [];
  for (const segment of path) {
    current = child(current, segment);
    const kind = kindOf(current);
    entries = [];
    const next: SchemaNode[] = [];
    for (const schema of schemas) {
      for (const sub of childSchemas(schema, segment)) {
        entries.push(sub);
        for (const expanded of expand(document, sub, kind)) if (!next.includes(expanded)) next.push(expanded);
      }
    }
    schemas = fittingShape(next, current);
    if (schemas.length === 0) break;
  }
  return { schemas, entries };
}

export function subschemasAt(root: SchemaRoot, path: Path, value: unknown): SchemaNode[] {
  return siteAt(root, path, value).schemas;
}

// ---------------------------------------------------------------------------------------------
// Questions hover and completion ask

export interface PropertyInfo {
  name: string;
  /** The property's schema as written (may be a `$ref` with a description beside it). */
  schema: JsonSchema;
  required: boolean;
  deprecated: boolean;
  markdownDescription?: string;
  /** The JSON types the property's value may have (empty when any). */
  types: string[];
}

/** The named properties allowed in the mapping at `path` (one entry per name). */
export function propertiesAt(root: SchemaRoot, path: Path, value: unknown): PropertyInfo[] {
  const { schemas } = siteAt(root, path, value);
  const required = new Set(schemas.flatMap((s) => s.required ?? []));
  const byName = new Map<string, PropertyInfo>();
  for (const schema of schemas) {
    if (!schema.properties || !admits(schema, 'object')) continue;
    for (const [name, sub] of Object.entries(schema.properties)) {
      if (byName.has(name)) continue;
      byName.set(name, {
        name,
        schema: sub,
        required: required.has(name),
        deprecated: isDeprecated(root.document, sub),
        markdownDescription: describeSchemas(root.document, [sub]),
        types: typesOf(root.document, sub),
      });
    }
  }
  return [...byName.values()];
}

/** True when the mapping at `path` takes keys of its own choosing (service names, labels, `x-` keys). */
export function acceptsOtherKeysAt(root: SchemaRoot, path: Path, value: unknown): boolean {
  return subschemasAt(root, path, value).some(
    (s) =>
      admits(s, 'object') &&
      (Object.keys(s.patternProperties ?? {}).some((p) => p !== '^x-') ||
        (s.additionalProperties !== undefined && s.additionalProperties !== false)),
  );
}

export interface ValueInfo {
  value: string | number | boolean | null;
  /** Where the value comes from: an `enum`, a `const`, a boolean type, the `default`, or `examples`. */
  source: 'enum' | 'const' | 'boolean' | 'default' | 'example';
  markdownDescription?: string;
  isDefault: boolean;
}

/**
 * The values worth offering at `path`: enum and const values (with their descriptions), `true`/`false`
 * where a boolean is allowed, `examples`, and the default. Empty strings (Docker's "use the default")
 * are left out: nobody needs to be offered them.
 */
export function valuesAt(root: SchemaRoot, path: Path, value: unknown): ValueInfo[] {
  const { schemas, entries } = siteAt(root, path, value);
  const defaults = defaultsOf(entries, schemas);
  const seen = new Map<string, ValueInfo>();
  const add = (v: unknown, source: ValueInfo['source'], markdownDescription?: string): void => {
    if (v === '' || (v !== null && typeof v === 'object') || v === undefined) return;
    const scalar = v as string | number | boolean | null;
    const id = `${typeof scalar}:${String(scalar)}`;
    const existing = seen.get(id);
    if (existing) {
      existing.markdownDescription ??= markdownDescription;
      return;
    }
    seen.set(id, { value: scalar, source, markdownDescription, isDefault: defaults.some((d) => d === scalar) });
  };
  for (const schema of schemas) {
    const descriptions = schema.markdownEnumDescriptions ?? schema.enumDescriptions ?? [];
    (schema.enum ?? []).forEach((v, i) => add(v, 'enum', descriptions[i]));
    if ('const' in schema) add(schema.const, 'const', schema.markdownDescription ?? schema.description);
  }
  for (const schema of schemas) {
    const types = ownTypes(schema);
    if (types?.has('boolean') && !schema.enum && !('const' in schema)) {
      add(true, 'boolean');
      add(false, 'boolean');
    }
  }
  for (const schema of schemas) for (const example of schema.examples ?? []) add(example, 'example');
  for (const d of defaults) add(d, 'default');
  return [...seen.values()];
}

/** The `default` of the value at a path (from the property as written, or the schema it refers to). */
export function defaultAt(root: SchemaRoot, path: Path, value: unknown): unknown {
  const { schemas, entries } = siteAt(root, path, value);
  return defaultsOf(entries, schemas)[0];
}

function defaultsOf(entries: JsonSchema[], schemas: SchemaNode[]): unknown[] {
  const found: unknown[] = [];
  for (const entry of entries) if (typeof entry === 'object' && 'default' in entry) found.push(entry.default);
  for (const schema of schemas) if ('default' in schema) found.push(schema.default);
  return found;
}

/** The best markdown for the value at `path`: the property's own description, else its schema's. */
export function describeAt(root: SchemaRoot, path: Path, value: unknown): string | undefined {
  const { schemas, entries } = siteAt(root, path, value);
  return describeSchemas(root.document, entries) ?? describeSchemas(root.document, schemas);
}

/** True when the property at `path` is marked deprecated. */
export function deprecatedAt(root: SchemaRoot, path: Path, value: unknown): boolean {
  return siteAt(root, path, value).entries.some((e) => isDeprecated(root.document, e));
}

/** The JSON types allowed at `path`, over every applicable schema (empty when any type goes). */
export function typesAt(root: SchemaRoot, path: Path, value: unknown): string[] {
  const types = new Set<string>();
  for (const schema of siteAt(root, path, value).entries) for (const t of typesOf(root.document, schema)) types.add(t);
  return [...types];
}

const describeCache = new WeakMap<SchemaNode, string | null>();

/** The first markdown (or plain) description among these schemas, following `$ref` when they have none. */
function describeSchemas(document: SchemaNode, schemas: JsonSchema[]): string | undefined {
  for (const schema of schemas) {
    if (typeof schema !== 'object') continue;
    const text = describeOne(document, schema);
    if (text) return text;
  }
  return undefined;
}

function describeOne(document: SchemaNode, schema: SchemaNode): string | undefined {
  const cached = describeCache.get(schema);
  if (cached !== undefined) return cached ?? undefined;
  let text = schema.markdownDescription ?? schema.description;
  if (!text && schema.$ref) {
    const target = deref(document, schema);
    if (target && target !== schema) text = describeOne(document, target);
  }
  if (text && schema.deprecationMessage && !text.includes(schema.deprecationMessage)) {
    text = `${text}\n\n**Deprecated:** ${schema.deprecationMessage}`;
  }
  describeCache.set(schema, text ?? null);
  return text;
}

function isDeprecated(document: SchemaNode, schema: JsonSchema): boolean {
  if (typeof schema !== 'object') return false;
  if (schema.deprecated === true) return true;
  const target = deref(document, schema);
  return target !== undefined && target !== schema && target.deprecated === true;
}

const typesCache = new WeakMap<SchemaNode, string[]>();

/** The JSON types a schema (with its alternatives) allows; empty when it does not say. */
function typesOf(document: SchemaNode, schema: JsonSchema): string[] {
  const node = deref(document, schema);
  if (!node) return [];
  const cached = typesCache.get(node);
  if (cached) return cached;
  const types = new Set<string>();
  for (const s of expand(document, node, undefined)) for (const t of ownTypes(s) ?? []) types.add(t);
  const result = [...types];
  typesCache.set(node, result);
  return result;
}
