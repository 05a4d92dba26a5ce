// Requests checked against the API model's shapes (botocore's, see ecsShapes.json): a missing required
// member, a member of the wrong JSON type or a value outside an enum is refused with
// InvalidParameterException naming the member, before any operation runs. Unknown members are ignored,
// as AWS ignores them.
import ecsModel from './ecsShapes.json';
import { invalidParameter } from './protocol';

export interface Shape {
  readonly type: string;
  readonly required?: readonly string[];
  readonly enum?: readonly string[];
  readonly members?: Readonly<Record<string, { readonly shape: string }>>;
  readonly member?: { readonly shape: string };
  readonly key?: { readonly shape: string };
  readonly value?: { readonly shape: string };
}

export type ShapeSet = Readonly<Record<string, Shape>>;

export const ECS_SHAPES: ShapeSet = ecsModel.shapes as ShapeSet;
export const ECS_OPERATIONS: Readonly<Record<string, { readonly input: string; readonly output: string }>> = ecsModel.operations;

/** Throws InvalidParameterException for the first member that does not fit `shapeName`. */
export function checkInput(shapes: ShapeSet, shapeName: string, input: unknown): void {
  check(shapes, shapeName, input, '');
}

function check(shapes: ShapeSet, shapeName: string, value: unknown, path: string): void {
  const shape = shapes[shapeName];
  if (!shape) return;
  const name = path || 'the request';
  switch (shape.type) {
    case 'structure': {
      const record = expect<Record<string, unknown>>(value, 'an object', isRecord, name);
      for (const member of shape.required ?? [])
        if (record[member] === undefined || record[member] === null)
          throw invalidParameter(`Missing required parameter ${join(path, member)}.`);
      for (const [member, ref] of Object.entries(shape.members ?? {}))
        if (record[member] !== undefined && record[member] !== null) check(shapes, ref.shape, record[member], join(path, member));
      return;
    }
    case 'list':
      expect<unknown[]>(value, 'a list', Array.isArray, name).forEach((item, index) =>
        check(shapes, shape.member!.shape, item, `${name}[${index}]`),
      );
      return;
    case 'map':
      for (const [key, item] of Object.entries(expect<Record<string, unknown>>(value, 'an object', isRecord, name)))
        check(shapes, shape.value!.shape, item, `${name}.${key}`);
      return;
    case 'string': {
      const text = expect<string>(value, 'a string', (v) => typeof v === 'string', name);
      if (shape.enum && !shape.enum.includes(text))
        throw invalidParameter(`Invalid value "${text}" for ${name}: expected one of ${shape.enum.join(', ')}.`);
      return;
    }
    case 'integer':
    case 'long':
      expect(value, 'an integer', Number.isInteger, name);
      return;
    case 'boolean':
      expect(value, 'true or false', (v) => typeof v === 'boolean', name);
      return;
    case 'double':
    case 'float':
      expect(value, 'a number', (v) => typeof v === 'number', name);
      return;
    case 'timestamp':
      expect(value, 'a timestamp (seconds since 1970, or an ISO 8601 date)', (v) => typeof v === 'number' || typeof v === 'string', name);
      return;
    default:
      return;
  }
}

function expect<T>(value: unknown, what: string, test: (v: unknown) => boolean, name: string): T {
  if (!test(value)) throw invalidParameter(`Invalid type for ${name}: expected ${what}, got ${describe(value)}.`);
  return value as T;
}

function isRecord(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

function join(path: string, member: string): string {
  return path ? `${path}.${member}` : member;
}
