/**
 * `dependsOn` → `depends_on` with conditions, `links` → `links`, and `essential: false` → the
 * service's `x-ecs.essential` (Compose has no such notion; its closest, `restart: "no"`, is not the same).
 */
import { asList, asRecord, asString, type Json } from '../values';
import { at, type ContainerContext, type ContainerMapper } from './context';

const CONDITIONS: Record<string, string> = {
  START: 'service_started',
  HEALTHY: 'service_healthy',
  SUCCESS: 'service_completed_successfully',
  COMPLETE: 'service_completed_successfully',
};

function mapDependsOn(ctx: ContainerContext): void {
  const dependsOn: Json = {};
  asList(ctx.container['dependsOn']).forEach((entry, index) => {
    const record = asRecord(entry);
    const target = asString(record?.['containerName']);
    const condition = CONDITIONS[asString(record?.['condition']) ?? ''];
    const service = target !== undefined ? ctx.serviceNames.get(target) : undefined;
    const path = at(ctx, 'dependsOn', index);
    if (service === undefined || condition === undefined) {
      ctx.report.drop(path, 'This dependency names no container of the task, or no known condition.');
      return;
    }
    if (record?.['condition'] === 'COMPLETE') {
      ctx.report.approximate(
        [...path, 'condition'],
        `Compose waits for "${service}" to complete successfully (exit code 0); ECS's COMPLETE accepts any exit code. The x-ecs keeps COMPLETE for the way back.`,
      );
    }
    dependsOn[service] = { condition };
  });
  if (Object.keys(dependsOn).length > 0) ctx.service['depends_on'] = dependsOn;
}

function mapLinks(ctx: ContainerContext): void {
  const links = asList(ctx.container['links']).flatMap((link) => {
    if (typeof link !== 'string') return [];
    const [name = '', ...alias] = link.split(':');
    return [[ctx.serviceNames.get(name) ?? name, ...alias].join(':')];
  });
  if (links.length > 0) ctx.service['links'] = links;
}

function mapEssential(ctx: ContainerContext): void {
  if (ctx.container['essential'] !== false) return;
  ctx.extension['essential'] = false;
  ctx.report.note(
    at(ctx, 'essential'),
    'Compose has no "essential"; the service\'s x-ecs keeps "essential": false, and locally the other services keep running when it stops, as in ECS.',
  );
}

export const dependenciesMapper: ContainerMapper = {
  fields: ['dependsOn', 'links', 'essential'],
  map(ctx) {
    mapDependsOn(ctx);
    mapLinks(ctx);
    mapEssential(ctx);
  },
};
