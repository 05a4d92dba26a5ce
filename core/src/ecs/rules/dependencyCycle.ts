import { findCycles } from '../../graph/cycles';
import type { Finding } from '../../types';
import type { TaskDefinitionContext, TaskDefinitionRule } from '../context';
import { containerReferences, containersByName, type ContainerReference } from '../model';

interface Edge extends ContainerReference {
  from: string;
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
    graph.set(
      name,
      edges.map((ref) => ({ ...ref, from: name })),
    );
  }
  return findCycles(graph).map((cycle) => describeCycle(ctx, cycle));
};
