import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asRecord } from '../model';
import { resolvedValue, serviceViews } from './serviceView';

/** Docker names containers uniquely: two services with one `container_name` cannot both be created. */
export const findDuplicateContainerNames: ComposeRule = (ctx) => {
  const project = asRecord(asRecord(ctx.project)?.['services']);
  // Every service's container name, as Compose will see it: the project's when there is one.
  const owners = new Map<string, string[]>();
  const note = (service: string, name: unknown): void => {
    if (typeof name === 'string' && name !== '') owners.set(name, [...(owners.get(name) ?? []), service]);
  };
  if (project) for (const [service, value] of Object.entries(project)) note(service, asRecord(value)?.['container_name']);
  const views = serviceViews(ctx);
  if (!project) for (const view of views) note(view.name, resolvedValue(ctx, view.own['container_name']));
  return views.flatMap((service): Finding[] => {
    const name = service.get(['container_name']);
    if (typeof name !== 'string' || !service.writes(['container_name'])) return [];
    // The first service keeps the name; each later one is reported.
    const all = owners.get(name) ?? [];
    if (all.length < 2 || all.indexOf(service.name) === 0) return [];
    return [
      {
        code: 'compose/duplicate-container-name',
        severity: 'error',
        message: `Container name "${name}" is also given to service "${all[0]}"; Docker names containers uniquely, so Compose cannot create both. Give each service its own "container_name", or remove it.`,
        span: ctx.span(['services', service.name, 'container_name'], 'value'),
      },
    ];
  });
};
