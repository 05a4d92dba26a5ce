import { findCycles } from '../../graph/cycles';
import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { servicesOf, serviceDependencies, type Reference } from '../model';

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
      related: rest.map((edge) => ({
        span: ctx.spanWithin(edge.path, edge.within),
        message: `"${String(edge.path[1])}" depends on "${edge.name}" here.`,
      })),
    };
  });
};
