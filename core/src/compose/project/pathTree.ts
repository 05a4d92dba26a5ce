/**
 * Path patterns (`*` for any key or index) as a tree of segments, so a walk of a model learns in one step
 * per key whether a pattern lies further down, and what the patterns ending here say. The loader's
 * unique-key rule and the typed-value rule walk whole files this way.
 */
export interface PathTree<T> {
  next: Map<string, PathTree<T>>;
  /** The value of the first pattern (in the order given) that ends here. */
  value?: T;
}

export function pathTree<T>(patterns: ReadonlyArray<readonly [pattern: readonly string[], value: T]>): PathTree<T> {
  const root: PathTree<T> = { next: new Map() };
  for (const [pattern, value] of patterns) {
    let level = root;
    for (const segment of pattern) {
      let next = level.next.get(segment);
      if (!next) level.next.set(segment, (next = { next: new Map() }));
      level = next;
    }
    level.value ??= value;
  }
  return root;
}

const NOWHERE: readonly never[] = [];

/**
 * Where `segment` leads from each of `levels` (its literal and `*` may both). Most segments of a model
 * lead nowhere (a service's `image`, each of its environment entries): those share one empty list.
 */
export function follow<T>(levels: ReadonlyArray<PathTree<T>>, segment: string): ReadonlyArray<PathTree<T>> {
  let reached: Array<PathTree<T>> | undefined;
  for (const level of levels) {
    const literal = segment === '*' ? undefined : level.next.get(segment);
    if (literal) (reached ??= []).push(literal);
    const any = level.next.get('*');
    if (any) (reached ??= []).push(any);
  }
  return reached ?? NOWHERE;
}
