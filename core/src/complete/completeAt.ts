/**
 * Completion for Compose files and ECS task definitions, on text as it is being typed: keys allowed
 * where the cursor is, enum and boolean values, names defined elsewhere in the file, Fargate sizes,
 * and snippets for common blocks. Pure: the LSP adapter maps the result to protocol types.
 */
import { propertiesAt, valuesAt, type PropertyInfo, type ValueInfo } from '../schema/navigate';
import type { Span } from '../types';
import { cpuUnits, fargateCpuFor, fargateCpuValues, fargateMemoryFor, fargateMemoryValues, gigabytes, memoryMiB, vcpus } from './fargate';
import { escapeSnippet, Inserter, type Insertion } from './insert';
import { placeAt, definedNames, describeNamed, type Place, type PlaceInput } from './place';
import { schemaView, under } from './profile';
import { nounOf, referenceSiteAt, type ReferenceSite } from './references';
import { keysIn, snippetsAt } from './snippets';

export type CompletionKind = 'property' | 'value' | 'enum' | 'reference' | 'snippet';

export interface CompletionCandidate {
  label: string;
  kind: CompletionKind;
  insertText: string;
  insertTextIsSnippet?: boolean;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  sortText?: string;
  /** Set where the text in `replaceSpan` starts with a quote (JSON), so the editor's filter matches it. */
  filterText?: string;
  deprecated?: boolean;
}

export interface CompletionResult {
  items: CompletionCandidate[];
  /** The text every item replaces (empty at the cursor when nothing is typed yet). */
  replaceSpan: Span;
}

export type CompletionInput = PlaceInput;

export function completeAt(input: CompletionInput): CompletionResult {
  const place = placeAt(input);
  if (!place) return { items: [], replaceSpan: [input.offset, input.offset] };
  const inserter = new Inserter(place.text, place.syntax, place.cursor, place.offset);
  const site = referenceSite(place);
  // Short volume syntax (`data:/var/lib/data`): only the name before the first `:` is a volume.
  if (site?.shortVolume && place.cursor.token.includes(':')) return shortVolumeNames(place, site);
  const items: CompletionCandidate[] = [];
  if (site) items.push(...referenceItems(place, site, inserter));
  items.push(...fargateItems(place, inserter));
  const { position, style } = place.cursor;
  if (position === 'value' || position === 'item') items.push(...valueItems(place, inserter), ...hintItems(place, inserter));
  if (position === 'key' || (position === 'item' && style === 'block')) items.push(...keyItems(place, inserter));
  if (!place.cursor.hasColon) items.push(...snippetItems(place, inserter));
  return { items: unique(items), replaceSpan: inserter.span };
}

// ---- keys ------------------------------------------------------------------------------------

/** The mapping the cursor writes a key into, and the keys it already has. */
function mappingAt(place: Place): { path: Place['cursor']['path']; present: Set<string> } {
  const { cursor } = place;
  const mapping = cursor.position === 'key' ? cursor.container : cursor.itemValue;
  return { path: cursor.path, present: keysIn(mapping) };
}

function keyItems(place: Place, inserter: Inserter): CompletionCandidate[] {
  const { path, present } = mappingAt(place);
  // A key edited in place (its `:` is there) is in the mapping already; it may still be offered.
  const editing = place.cursor.position === 'key' && place.cursor.hasColon ? place.cursor.token : undefined;
  const view = schemaView(place.profile, path, place.value);
  return propertiesAt(view.root, view.path, view.value)
    .filter((p) => !present.has(p.name) || p.name === editing)
    .filter((p) => !isReadOnly(p))
    .map((p) => ({
      label: p.name,
      kind: 'property' as const,
      ...inserter.key(p.name, p.types),
      detail: typeSummary(p),
      documentation: p.markdownDescription,
      sortText: `2${p.required ? 0 : p.deprecated ? 9 : 1}_${p.name}`,
      ...(p.deprecated ? { deprecated: true } : {}),
    }));
}

/** ECS output-only fields (`taskDefinitionArn`, `revision`, …) are accepted but never worth writing. */
function isReadOnly(p: PropertyInfo): boolean {
  return typeof p.schema === 'object' && p.schema.readOnly === true;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'mapping',
  array: 'list',
  string: 'string',
  number: 'number',
  integer: 'number',
  boolean: 'boolean',
};

function typeSummary(p: PropertyInfo): string {
  const words = [...new Set(p.types.map((t) => TYPE_WORDS[t]).filter((w): w is string => w !== undefined))];
  const parts = [words.join(' or ') || 'any'];
  if (p.required) parts.push('required');
  if (p.deprecated) parts.push('deprecated');
  return parts.join(' · ');
}

// ---- values ----------------------------------------------------------------------------------

function valueItems(place: Place, inserter: Inserter): CompletionCandidate[] {
  const { cursor } = place;
  const taken = cursor.position === 'item' && Array.isArray(cursor.container) ? new Set(cursor.container.map(String)) : new Set<string>();
  const view = schemaView(place.profile, cursor.path, place.value);
  return valuesAt(view.root, view.path, view.value)
    .filter((v) => !taken.has(String(v.value)))
    .map((v, i) => valueItem(v, i, inserter));
}

function valueItem(v: ValueInfo, index: number, inserter: Inserter): CompletionCandidate {
  const label = String(v.value);
  const item: CompletionCandidate = {
    label,
    kind: v.source === 'boolean' || v.source === 'default' ? 'value' : 'enum',
    ...inserter.value(v.value),
    sortText: `1_${String(index).padStart(4, '0')}`,
  };
  if (v.isDefault) item.detail = 'default';
  else if (v.source === 'example') item.detail = 'example';
  if (v.markdownDescription) item.documentation = v.markdownDescription;
  return item;
}

/** Compose values the schema leaves open but that have well-known choices. */
const COMPOSE_HINTS: Array<{ match: (path: readonly (string | number)[]) => boolean; values: string[]; detail: string }> = [
  {
    match: (p) => p.length === 3 && p[0] === 'services' && p[2] === 'network_mode',
    values: ['bridge', 'host', 'none'],
    detail: 'network mode',
  },
  {
    match: (p) => p.length === 3 && p[0] === 'networks' && p[2] === 'driver',
    values: ['bridge', 'overlay', 'host', 'none', 'macvlan', 'ipvlan'],
    detail: 'network driver',
  },
  { match: (p) => p.length === 3 && p[0] === 'volumes' && p[2] === 'driver', values: ['local'], detail: 'volume driver' },
  {
    match: (p) => p.length === 4 && p[0] === 'services' && p[2] === 'logging' && p[3] === 'driver',
    values: ['json-file', 'local', 'syslog', 'journald', 'gelf', 'fluentd', 'awslogs', 'splunk', 'etwlogs', 'gcplogs', 'none'],
    detail: 'logging driver',
  },
];

function hintItems(place: Place, inserter: Inserter): CompletionCandidate[] {
  if (place.profile.language !== 'compose') return [];
  const hint = COMPOSE_HINTS.find((h) => h.match(place.cursor.path));
  return (hint?.values ?? []).map((value, i) => ({
    label: value,
    kind: 'value' as const,
    ...inserter.value(value),
    detail: hint!.detail,
    sortText: `1_${String(i).padStart(4, '0')}`,
  }));
}

// ---- references ------------------------------------------------------------------------------

function referenceSite(place: Place): ReferenceSite | undefined {
  const { cursor } = place;
  return referenceSiteAt(place.profile, cursor.position, cursor.path, cursor.container, place.value);
}

function candidatesFor(place: Place, site: ReferenceSite): Array<{ name: string; detail?: string; documentation: string }> {
  const used = new Set(site.used);
  return definedNames(place.names, site.kind)
    .filter((n) => n.name !== site.self && !used.has(n.name))
    .map((n) => ({ name: n.name, detail: n.detail ?? nounOf(site.kind), documentation: describeNamed(site.kind, n) }));
}

function referenceItems(place: Place, site: ReferenceSite, inserter: Inserter): CompletionCandidate[] {
  return candidatesFor(place, site).map((n) => {
    const label = `${site.prefix ?? ''}${n.name}`;
    return {
      label,
      kind: 'reference' as const,
      ...referenceInsertion(place, site, label, inserter),
      detail: n.detail,
      documentation: n.documentation,
      sortText: `0_${label}`,
    };
  });
}

/** A name as a value, or as a key with what the key needs (`condition` for `depends_on`). */
function referenceInsertion(place: Place, site: ReferenceSite, label: string, inserter: Inserter): Insertion {
  // A new short-syntax mount: the name, then `:` for the target path to follow.
  if (site.shortVolume) return inserter.raw(`${label}:`, false, label);
  if (!site.asKey || place.cursor.hasColon) return site.asKey ? inserter.key(label, []) : inserter.value(label);
  if (site.kind === 'service') {
    return inserter.entry(
      escapeSnippet(label),
      { map: [['condition', { str: '${1|service_started,service_healthy,service_completed_successfully|}' }]] },
      label,
    );
  }
  return inserter.entry(escapeSnippet(label), { map: [] }, label);
}

/** Completes the volume name of a short-syntax mount that already has its `:target`. */
function shortVolumeNames(place: Place, site: ReferenceSite): CompletionResult {
  const { cursor } = place;
  const start = cursor.innerSpan[0];
  const colon = cursor.token.indexOf(':');
  // Past the name (in the target path), or before the opening quote: no volume name is written there.
  if (cursor.partial.includes(':') || place.offset < start || place.offset > start + colon)
    return { items: [], replaceSpan: [place.offset, place.offset] };
  const items = candidatesFor(place, site).map((n) => ({
    label: n.name,
    kind: 'reference' as const,
    insertText: n.name,
    detail: n.detail,
    documentation: n.documentation,
    sortText: `0_${n.name}`,
  }));
  return { items, replaceSpan: [start, start + colon] };
}

// ---- Fargate sizes ---------------------------------------------------------------------------

function fargateItems(place: Place, inserter: Inserter): CompletionCandidate[] {
  const { profile, cursor } = place;
  const task = place.names.task;
  if (!task || !profile.taskPath || cursor.position !== 'value') return [];
  const field = under(cursor.path, profile.taskPath);
  if (field?.length !== 1) return [];
  if (field[0] === 'memory') {
    const cpu = cpuUnits(task.cpu);
    const allowed = cpu !== undefined ? fargateMemoryFor(cpu) : [];
    const values = allowed.length > 0 ? allowed : fargateMemoryValues();
    return values.map((mib) =>
      fargateItem(
        mib,
        `${gigabytes(mib)}`,
        allowed.length > 0
          ? `Fargate allows ${gigabytes(mib)} with \`cpu\` ${cpu}.`
          : `Fargate allows ${gigabytes(mib)} with \`cpu\` ${fargateCpuFor(mib).join(', ')}.`,
        inserter,
      ),
    );
  }
  if (field[0] === 'cpu') {
    const memory = memoryMiB(task.memory);
    const allowed = memory !== undefined ? fargateCpuFor(memory) : [];
    const values = allowed.length > 0 ? allowed : fargateCpuValues();
    return values.map((units) =>
      fargateItem(
        units,
        vcpus(units),
        allowed.length > 0
          ? `Fargate allows ${vcpus(units)} with \`memory\` ${memory}.`
          : `With ${vcpus(units)}, Fargate allows \`memory\` ${fargateMemoryFor(units).join(', ')}.`,
        inserter,
      ),
    );
  }
  return [];
}

function fargateItem(value: number, detail: string, documentation: string, inserter: Inserter): CompletionCandidate {
  const label = String(value);
  // The API takes both as strings.
  return { label, kind: 'value', ...inserter.value(label), detail, documentation, sortText: `0_${label.padStart(6, '0')}` };
}

// ---- snippets --------------------------------------------------------------------------------

function snippetItems(place: Place, inserter: Inserter): CompletionCandidate[] {
  const { cursor, profile } = place;
  const { path, present } = mappingAt(place);
  const self = profile.language === 'compose' && path[0] === 'services' ? path[1] : undefined;
  const otherServices = (place.names.compose?.services ?? []).map((s) => s.name).filter((n) => n !== self);
  return snippetsAt({ profile, position: cursor.position, path, present, otherServices }).map((s) => ({
    label: s.label,
    kind: 'snippet' as const,
    ...(s.key !== undefined ? inserter.entry(s.key, s.body, s.label) : inserter.item(s.body, s.label)),
    insertTextIsSnippet: true,
    detail: s.detail,
    documentation: s.documentation,
    sortText: `3_${s.label}`,
  }));
}

// ---- helpers ---------------------------------------------------------------------------------

function unique(items: CompletionCandidate[]): CompletionCandidate[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const id = `${item.label}\u0000${item.insertText}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
