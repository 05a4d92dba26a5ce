import { isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import type { Span } from '../types';

export type SymbolKindName =
  'section' | 'service' | 'network' | 'volume' | 'config' | 'secret' | 'model' | 'include' | 'task-definition' | 'container';

/** An outline entry: the whole entry's span and the name's span, as the editor's outline wants them. */
export interface OutlineSymbol {
  name: string;
  kind: SymbolKindName;
  /** A short description shown beside the name (a service's image, a resource's driver). */
  detail?: string;
  span: Span;
  selectionSpan: Span;
  children: OutlineSymbol[];
}

const SECTIONS: Record<string, SymbolKindName> = {
  services: 'service',
  networks: 'network',
  volumes: 'volume',
  configs: 'config',
  secrets: 'secret',
  models: 'model',
};

/** From the key to the end of the value, without the line breaks a block value's range ends with. */
function pairSpan(key: Node, value: Node | null, text: string): Span {
  const start = key.range![0];
  let end = value?.range ? Math.max(value.range[1], key.range![1]) : key.range![1];
  while (end > key.range![1] && /\s/.test(text[end - 1] ?? '')) end--;
  return [start, end];
}

function detailOf(kind: SymbolKindName, value: Node | null): string | undefined {
  if (!isMap(value)) return undefined;
  const field = kind === 'service' ? 'image' : 'driver';
  const node = value.get(field, true);
  if (isScalar(node)) return String(node.value);
  if (kind === 'service' && value.has('build')) return 'build';
  return undefined;
}

/** The outline of a Compose file: its sections, and each service, network, volume, config and secret. */
export function composeSymbols(doc: Document, text: string): OutlineSymbol[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const symbols: OutlineSymbol[] = [];
  for (const pair of root.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
    const section = String(pair.key.value);
    const kind = SECTIONS[section];
    if (!kind) continue;
    const value = pair.value as Node | null;
    const children: OutlineSymbol[] = [];
    if (isMap(value)) {
      for (const entry of value.items) {
        if (!isPair(entry) || !isScalar(entry.key) || !entry.key.range) continue;
        const entryValue = entry.value as Node | null;
        children.push({
          name: String(entry.key.value),
          kind,
          detail: detailOf(kind, entryValue),
          span: pairSpan(entry.key, entryValue, text),
          selectionSpan: [entry.key.range[0], entry.key.range[1]],
          children: [],
        });
      }
    }
    symbols.push({
      name: section,
      kind: 'section',
      span: pairSpan(pair.key, value, text),
      selectionSpan: [pair.key.range[0], pair.key.range[1]],
      children,
    });
  }
  return symbols;
}
