import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { servicesOf, serviceDependencies, type Reference } from '../model';

/** Finds each dependency cycle once (strongly connected components), as a list of edges. */
function findCycles(graph: Map<string, Reference[]>): Reference[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;

  // Iterative Tarjan: a file with thousands of services must not overflow the call stack.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const target = edges[frame.next++]!.name;
        if (!graph.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = (graph.get(frame.node) ?? []).some((e) => e.name === frame.node);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components.map((component) => cycleWithin(new Set(component), graph));
}

/** One concrete cycle inside a strongly connected component, walked from its first member. */
function cycleWithin(members: Set<string>, graph: Map<string, Reference[]>): Reference[] {
  const first = [...members].sort()[0]!;
  const path: Reference[] = [];
  const visited = new Map<string, number>();
  let node = first;
  while (!visited.has(node)) {
    visited.set(node, path.length);
    const edge = (graph.get(node) ?? []).find((e) => members.has(e.name))!;
    path.push(edge);
    node = edge.name;
  }
  return path.slice(visited.get(node));
}

/** Compose cannot order services that wait on each other in a circle. */
export const findDependencyCycles: ComposeRule = (ctx) => {
  const graph = new Map<string, Reference[]>();
  for (const [name, service] of servicesOf(ctx.file)) graph.set(name, serviceDependencies(name, service));
  return findCycles(graph).map((cycle): Finding => {
    const names = cycle.map((edge) => String(edge.path[1]));
    const loop = [...names, names[0]].map((n) => `"${n}"`).join(' → ');
    const [head, ...rest] = cycle;
    return {
      code: 'compose/dependency-cycle',
      severity: 'error',
      message: `These services depend on each other in a cycle: ${loop}. Compose cannot decide which to start first.`,
      span: ctx.spanWithin(head!.path, head!.within),
      related: rest.map((edge) => ({ span: ctx.spanWithin(edge.path, edge.within), message: `"${String(edge.path[1])}" depends on "${edge.name}" here.` })),
    };
  });
};
