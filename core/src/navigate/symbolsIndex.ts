/**
 * An index of the named things in one document — where each is defined and where it is referred to —
 * that go-to-definition, find-references, highlights and rename all answer from.
 */
import { hasInterpolation } from '../compose/model';
import { isTemplated } from '../ecs/model';
import type { ParsedText } from '../parse/parseText';
import type { Span } from '../types';
import { collectComposeEntries } from './composeEntries';
import { EntryCollector } from './entryCollector';
import { collectTaskDefinitionEntries } from './taskDefinitionEntries';
import { YamlTree } from './yamlTree';

export type NavigationLanguage = 'compose' | 'taskdef';

/** Compose: services and top-level networks, volumes, configs, secrets. ECS: containers and task volumes. */
export type SymbolKind = 'service' | 'network' | 'volume' | 'config' | 'secret' | 'container' | 'taskVolume';

export type SymbolRole = 'definition' | 'reference';

export interface SymbolEntry {
  kind: SymbolKind;
  name: string;
  /** Exactly the name's characters: inside the quotes, and only `data` of `data:/var/lib`. */
  span: Span;
  role: SymbolRole;
  /**
   * The name is a whole plain scalar, so YAML reads whatever replaces it by its typing rules (a plain
   * `123` is a number, `yes` a boolean in YAML 1.1): a rename must keep it a string.
   */
  bare?: boolean;
  /** A definition marked `external: true` without `name:`: its key names something outside the project. */
  external?: boolean;
}

export interface SymbolsIndex {
  language: NavigationLanguage;
  /** Every definition and reference, in text order; no two spans overlap. */
  entries: readonly SymbolEntry[];
  /** The entries of each symbol (see `symbolKey`), in text order. */
  bySymbol: ReadonlyMap<string, readonly SymbolEntry[]>;
  /**
   * Symbols also named somewhere the text does not spell the name character for character (a JSON
   * escape, a multi-line scalar): there is a site an edit could not reach.
   */
  unmapped: ReadonlySet<string>;
}

/** Services and volumes may share a name; a symbol is a name of one kind. */
export function symbolKey(kind: SymbolKind, name: string): string {
  return `${kind}\u0000${name}`;
}

/** Every definition and reference of a symbol in this document, in text order. */
export function entriesOf(index: SymbolsIndex, kind: SymbolKind, name: string): readonly SymbolEntry[] {
  return index.bySymbol.get(symbolKey(kind, name)) ?? [];
}

/**
 * A document's index depends only on its parse, so each parse is indexed once however often it is
 * asked (hovers, lenses, navigation): a parse is never changed while it is current (an edit makes a new one).
 */
const indexes: Record<NavigationLanguage, WeakMap<ParsedText, SymbolsIndex>> = { compose: new WeakMap(), taskdef: new WeakMap() };

export function buildSymbolsIndex(parsed: ParsedText, language: NavigationLanguage): SymbolsIndex {
  let index = indexes[language].get(parsed);
  if (!index) indexes[language].set(parsed, (index = indexOf(parsed, language)));
  return index;
}

function indexOf(parsed: ParsedText, language: NavigationLanguage): SymbolsIndex {
  const collect = new EntryCollector(parsed.text, language === 'compose' ? hasInterpolation : isTemplated);
  if (!parsed.unreadable) {
    const tree = new YamlTree(parsed.doc);
    if (language === 'compose') collectComposeEntries(tree, collect);
    else collectTaskDefinitionEntries(tree, collect);
  }
  const { entries, unmapped } = collect.result();
  return {
    language,
    entries,
    bySymbol: groupBySymbol(entries),
    unmapped: new Set(unmapped.map(({ kind, name }) => symbolKey(kind, name))),
  };
}

function groupBySymbol(entries: readonly SymbolEntry[]): Map<string, SymbolEntry[]> {
  const groups = new Map<string, SymbolEntry[]>();
  for (const entry of entries) {
    const key = symbolKey(entry.kind, entry.name);
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return groups;
}
