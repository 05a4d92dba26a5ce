/**
 * Dependency cycles in a graph of named nodes (services waiting on services, containers on
 * containers): each cycle once, as the list of edges that walk it. Iterative, so a chain of
 * thousands of nodes cannot overflow the call stack. Edges to nodes outside the graph are ignored.
 */
export function findCycles<E extends { name: string }>(graph: ReadonlyMap<string, readonly E[]>): E[][] {
  return stronglyConnected(graph).map((component) => cycleWithin(new Set(component), graph));
}

/** Tarjan's strongly connected components that hold a cycle (several members, or a self-loop). */
function stronglyConnected<E extends { name: string }>(graph: ReadonlyMap<string, readonly E[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const enter = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
  };
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    enter(start);
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const target = edges[frame.next++]!.name;
        if (!graph.has(target)) continue;
        if (!index.has(target)) {
          enter(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || edges.some((e) => e.name === frame.node)) components.push(component);
    }
  }
  return components;
}

/** One concrete cycle inside a component, walked from its alphabetically first member. */
function cycleWithin<E extends { name: string }>(members: Set<string>, graph: ReadonlyMap<string, readonly E[]>): E[] {
  const path: E[] = [];
  const seenAt = new Map<string, number>();
  let node = [...members].sort()[0]!;
  while (!seenAt.has(node)) {
    seenAt.set(node, path.length);
    const edge = (graph.get(node) ?? []).find((e) => members.has(e.name))!;
    path.push(edge);
    node = edge.name;
  }
  return path.slice(seenAt.get(node));
}
