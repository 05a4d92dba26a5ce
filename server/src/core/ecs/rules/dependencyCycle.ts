import type { Finding } from '../../types';
import type { TaskDefinitionContext, TaskDefinitionRule } from '../context';
import { containerReferences, containersByName, type ContainerReference } from '../model';

interface Edge extends ContainerReference {
  from: string;
}

/** Tarjan's strongly connected components, iteratively: a long chain must not overflow the call stack. */
function stronglyConnected(graph: Map<string, Edge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
  };
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    visit(start);
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node)!;
      if (frame.next < edges.length) {
        const target = edges[frame.next++]!.name;
        if (!index.has(target)) {
          visit(target);
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
      const selfLoop = edges.some((e) => e.name === frame.node);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  }
  return components;
}

/** One concrete cycle inside a component, walked from its alphabetically first member. */
function cycleWithin(members: Set<string>, graph: Map<string, Edge[]>): Edge[] {
  const path: Edge[] = [];
  const seenAt = new Map<string, number>();
  let node = [...members].sort()[0]!;
  while (!seenAt.has(node)) {
    seenAt.set(node, path.length);
    const edge = graph.get(node)!.find((e) => members.has(e.name))!;
    path.push(edge);
    node = edge.name;
  }
  return path.slice(seenAt.get(node));
}

function describeCycle(ctx: TaskDefinitionContext, cycle: Edge[]): Finding {
  const [head, ...rest] = cycle;
  const message =
    cycle.length === 1
      ? `Container "${head!.from}" depends on itself (in "${head!.via}"), so it could never start.`
      : `These containers wait for each other in a cycle: ${[...cycle.map((e) => `"${e.from}"`), `"${head!.from}"`].join(' → ')}. ECS cannot decide which to start first.`;
  return {
    code: 'ecs/dependency-cycle',
    severity: 'error',
    message,
    span: ctx.spanWithin(head!.path, head!.within),
    related: rest.map((e) => ({ span: ctx.spanWithin(e.path, e.within), message: `"${e.from}" waits for "${e.name}" here.` })),
  };
}

/**
 * Containers start in the order `dependsOn`, `links` and `volumesFrom` imply; a circle of them can
 * never start. Each cycle is reported once, on its first edge, naming every container in it.
 */
export const findDependencyCycles: TaskDefinitionRule = (ctx) => {
  const byName = containersByName(ctx.file);
  const graph = new Map<string, Edge[]>();
  for (const [name, container] of byName) {
    const edges = containerReferences(container).filter((ref) => byName.has(ref.name));
    graph.set(name, edges.map((ref) => ({ ...ref, from: name })));
  }
  return stronglyConnected(graph).map((component) => describeCycle(ctx, cycleWithin(new Set(component), graph)));
};
