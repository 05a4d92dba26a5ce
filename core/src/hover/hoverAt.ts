/**
 * Hover for Compose files and ECS task definitions: what a key means (with its allowed values and
 * default), what an enum value means, and what a name refers to (the service behind a `depends_on`
 * entry, the volume behind a mount). Pure: the LSP adapter maps the result.
 */
import { isHostPath } from '../compose/model';
import { cpuUnits, fargateCpuFor, fargateMemoryFor, gigabytes, memoryMiB, vcpus } from '../complete/fargate';
import { definedNames, describeNamed, placeAt, type Place, type PlaceInput } from '../complete/place';
import { schemaView, under } from '../complete/profile';
import { nounOf, referenceSiteAt, type ReferenceKind, type ReferenceSite } from '../complete/references';
import { defaultAt, deprecatedAt, describeAt, valuesAt, type SchemaRoot } from '../schema/navigate';
import type { Path, Span } from '../types';

export interface HoverResult {
  markdown: string;
  /** The text the hover is about (a key, a value, or the name inside a value). */
  span: Span;
}

export type HoverInput = PlaceInput;

/** Compose sections whose keys are names the file defines. */
const SECTIONS: Record<string, ReferenceKind> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  secrets: 'secret',
  configs: 'config',
};

export function hoverAt(input: HoverInput): HoverResult | undefined {
  const place = placeAt(input);
  if (!place) return undefined;
  const [start, end] = place.cursor.tokenSpan;
  // Only on a word: not on punctuation, indentation or after the end of a line.
  if (!(start <= input.offset && input.offset < end)) return undefined;
  const markdown = place.cursor.position === 'key' ? keyHover(place) : valueHover(place);
  if (!markdown) return undefined;
  return { markdown: markdown.text, span: markdown.span ?? place.cursor.tokenSpan };
}

interface Hover {
  text: string;
  span?: Span;
}

// ---- keys ------------------------------------------------------------------------------------

function keyHover(place: Place): Hover | undefined {
  const { cursor, profile } = place;
  const key = cursor.token;
  const path = [...cursor.path, key];
  const site = referenceSiteAt(profile, 'key', cursor.path, cursor.container, place.value);
  if (site) return { text: referenceText(place, site, key) };
  if (profile.language === 'compose' && cursor.path.length === 1) {
    const kind = SECTIONS[String(cursor.path[0])];
    const named = kind ? definedNames(place.names, kind).find((n) => n.name === key) : undefined;
    if (kind) return { text: join(describeNamed(kind, named ?? { name: key }), describeAt(profile.root, path, place.value)) };
  }
  const view = schemaView(profile, path, place.value);
  const text = keyDocumentation(view.root, view.path, view.value);
  return text ? { text } : undefined;
}

/** The key's description, then its allowed values and its default. */
function keyDocumentation(root: SchemaRoot, path: Path, value: unknown): string | undefined {
  const description = describeAt(root, path, value);
  const values = valuesAt(root, path, value).filter((v) => v.source === 'enum' || v.source === 'const');
  const fallback = defaultAt(root, path, value);
  const parts: string[] = [];
  if (deprecatedAt(root, path, value)) parts.push('**Deprecated.**');
  if (description) parts.push(description);
  if (values.length > 0) parts.push(`Allowed values: ${values.map((v) => code(v.value)).join(', ')}`);
  if (fallback !== undefined && (typeof fallback !== 'object' || fallback === null)) parts.push(`Default: ${code(fallback)}`);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

// ---- values ----------------------------------------------------------------------------------

function valueHover(place: Place): Hover | undefined {
  const { cursor, profile } = place;
  const site = referenceSiteAt(profile, cursor.position, cursor.path, cursor.container, place.value);
  if (site) {
    const reference = referenceHover(place, site);
    if (reference) return reference;
  }
  const fargate = fargateHover(place);
  if (fargate) return { text: fargate };
  const view = schemaView(profile, cursor.path, place.value);
  const keyDoc = describeNear(view.root, view.path, view.value);
  const token = cursor.token;
  const value = valuesAt(view.root, view.path, view.value).find((v) => v.source !== 'boolean' && String(v.value) === token);
  if (value) {
    const head = value.markdownDescription ? `${code(value.value)}: ${value.markdownDescription}` : code(value.value);
    return { text: join(value.isDefault ? `${head} (the default)` : head, keyDoc) };
  }
  return keyDoc ? { text: keyDoc } : undefined;
}

/** A description for the value at `path`, or for the nearest key above it (a list entry has none). */
function describeNear(root: SchemaRoot, path: Path, value: unknown): string | undefined {
  for (let end = path.length; end > 0; end--) {
    if (end < path.length && typeof path[end] !== 'number') break;
    const text = describeAt(root, path.slice(0, end), value);
    if (text) return text;
  }
  return undefined;
}

function referenceHover(place: Place, site: ReferenceSite): Hover | undefined {
  const { cursor } = place;
  let name = cursor.token;
  let span: Span | undefined;
  if (site.shortVolume) {
    const colon = name.indexOf(':');
    if (colon < 0) return undefined;
    name = name.slice(0, colon);
    span = [cursor.innerSpan[0], cursor.innerSpan[0] + colon];
    if (isHostPath(name) || place.offset < span[0] || place.offset >= span[1]) return undefined;
  }
  if (site.prefix) {
    if (!name.startsWith(site.prefix)) return undefined;
    name = name.slice(site.prefix.length);
  }
  return { text: referenceText(place, site, name), span };
}

/** What a name refers to, or that nothing by that name is defined. */
function referenceText(place: Place, site: ReferenceSite, name: string): string {
  const named = definedNames(place.names, site.kind).find((n) => n.name === name);
  if (named) return describeNamed(site.kind, named);
  const where = site.kind === 'container' ? 'in this task definition' : 'in this file';
  return `No ${nounOf(site.kind)} named ${code(name)} is defined ${where}.`;
}

/** Task `cpu` and `memory`: the sizes Fargate allows with the other one. */
function fargateHover(place: Place): string | undefined {
  const { profile, cursor } = place;
  const task = place.names.task;
  if (!task || !profile.taskPath || cursor.position !== 'value') return undefined;
  const field = under(cursor.path, profile.taskPath);
  if (field?.length !== 1) return undefined;
  const keyDoc = describeAt(profile.root, cursor.path, place.value);
  if (field[0] === 'cpu') {
    const cpu = cpuUnits(cursor.token);
    const memories = cpu !== undefined ? fargateMemoryFor(cpu) : [];
    if (cpu === undefined || memories.length === 0) return undefined;
    return join(
      `${code(cursor.token)} = ${vcpus(cpu)}. On Fargate, \`memory\` may then be ${memories.map((m) => code(String(m))).join(', ')} (${gigabytes(memories[0]!)} to ${gigabytes(memories[memories.length - 1]!)}).`,
      keyDoc,
    );
  }
  if (field[0] === 'memory') {
    const memory = memoryMiB(cursor.token);
    if (memory === undefined) return undefined;
    const cpus = fargateCpuFor(memory);
    const line =
      cpus.length > 0
        ? `On Fargate, \`cpu\` may then be ${cpus.map((c) => code(String(c))).join(', ')}.`
        : 'Fargate has no task size with this much memory.';
    return join(`${code(cursor.token)} = ${gigabytes(memory)}. ${line}`, keyDoc);
  }
  return undefined;
}

// ---- helpers ---------------------------------------------------------------------------------

function code(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function join(first: string, second: string | undefined): string {
  return second ? `${first}\n\n---\n\n${second}` : first;
}
