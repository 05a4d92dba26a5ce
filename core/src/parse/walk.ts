import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Alias,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

export interface NodeVisitor {
  map?(map: YAMLMap): void;
  seq?(seq: YAMLSeq): void;
  pair?(pair: Pair): void;
  scalar?(scalar: Scalar): void;
  /** Return true to stop the walk. */
  alias?(alias: Alias): boolean | void;
}

/**
 * Visits every node once, depth first, with an explicit stack. Unlike yaml's `visit`, it builds no
 * ancestor path per node (a large file's walk stays cheap) and cannot overflow the call stack.
 */
export function walkNodes(doc: Pick<Document, 'contents'>, visitor: NodeVisitor): void {
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    // Scalars and pairs are most of any document, so they are tested first.
    if (isScalar(node)) {
      visitor.scalar?.(node);
    } else if (isPair(node)) {
      visitor.pair?.(node);
      stack.push(node.value, node.key);
    } else if (isMap(node)) {
      visitor.map?.(node);
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isSeq(node)) {
      visitor.seq?.(node);
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isAlias(node)) {
      if (visitor.alias?.(node) === true) return;
    }
  }
}

export type { Node };
