import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { keyName } from '../parse/locate';
import type { OutlineSymbol as ComposeOutlineSymbol } from '../symbols/composeSymbols';
import type { Span } from '../types';

/** The outline kinds a task definition uses (a subset of the shared `SymbolKindName`). */
export type TaskDefinitionSymbolKind = 'task-definition' | 'container' | 'volume';

/** The same shape as Compose's outline entries, with the task-definition kinds. */
export interface TaskDefinitionSymbol extends Omit<ComposeOutlineSymbol, 'kind' | 'children'> {
  kind: TaskDefinitionSymbolKind;
  children: TaskDefinitionSymbol[];
}

function rangeOf(node: Node | null | undefined): Span | undefined {
  return node?.range ? [node.range[0], node.range[1]] : undefined;
}

/** The pair holding `key` directly in `map` (no merge keys: task definitions are JSON). */
function pairOf(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  return map.items.find((pair) => isPair(pair) && keyName(pair.key) === key) as Pair<Node, Node | null> | undefined;
}

function stringAt(map: YAMLMap, key: string): { text: string; span: Span } | undefined {
  const value = pairOf(map, key)?.value;
  if (!isScalar(value) || typeof value.value !== 'string') return undefined;
  const span = rangeOf(value);
  return span ? { text: value.value, span } : undefined;
}

/** From the node's first to last character, without the spaces and line breaks a range may end with. */
function trimmed(span: Span, text: string): Span {
  let end = span[1];
  while (end > span[0] && /\s/.test(text[end - 1] ?? '')) end--;
  return [span[0], end];
}

/** One entry per mapping in the list at `key`, named by its `name` (or its position). */
function entries(map: YAMLMap, key: string, kind: 'container' | 'volume', text: string): TaskDefinitionSymbol[] {
  const list = pairOf(map, key)?.value;
  if (!isSeq(list)) return [];
  return list.items.flatMap((item, index): TaskDefinitionSymbol[] => {
    const span = rangeOf(item as Node);
    if (!isMap(item) || !span) return [];
    const name = stringAt(item, 'name');
    const detail = kind === 'container' ? stringAt(item, 'image')?.text : undefined;
    const whole = trimmed(span, text);
    return [
      {
        name: name?.text ?? `${kind} ${index + 1}`,
        kind,
        detail,
        span: whole,
        selectionSpan: name?.span ?? [whole[0], whole[0] + 1],
        children: [],
      },
    ];
  });
}

/**
 * The outline of a task definition: one node for the family (or "task definition" when it has no
 * family), holding its containers (detail: the image) and volumes. Describe output is outlined from
 * the inner `taskDefinition`.
 */
export function taskDefinitionSymbols(doc: Document, text: string): TaskDefinitionSymbol[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  // The same sniffing as the checker, on the tree: `{"taskDefinition": {...}}` without its own containers.
  const wrapped = pairOf(root, 'taskDefinition')?.value;
  const definition = !pairOf(root, 'containerDefinitions') && isMap(wrapped) ? wrapped : root;
  if (!isMap(definition) || !definition.range) return [];
  const family = stringAt(definition, 'family');
  const whole = trimmed(rangeOf(definition)!, text);
  return [
    {
      name: family?.text ?? 'task definition',
      kind: 'task-definition',
      detail: family ? 'task definition' : undefined,
      span: whole,
      selectionSpan: family?.span ?? [whole[0], whole[0] + 1],
      children: [...entries(definition, 'containerDefinitions', 'container', text), ...entries(definition, 'volumes', 'volume', text)],
    },
  ];
}
