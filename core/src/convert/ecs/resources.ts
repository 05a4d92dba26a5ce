/**
 * `cpu`, `memory`, `memoryReservation` → `deploy.resources` (CPUs = units / 1024, sizes in MiB as "512M");
 * GPU `resourceRequirements` → a device reservation with the gpu capability.
 */
import { cpusOf, formatMebibytes } from '../units';
import { asList, asNumber, asRecord, type Json } from '../values';
import { section, type ContainerContext, type ContainerMapper } from './context';

function mapResources(ctx: ContainerContext): void {
  const cpu = asNumber(ctx.container['cpu']);
  const memory = asNumber(ctx.container['memory']);
  const reservation = asNumber(ctx.container['memoryReservation']);
  const gpus = asList(ctx.container['resourceRequirements']).flatMap((entry) => {
    const record = asRecord(entry);
    return record?.['type'] === 'GPU' && /^\d+$/.test(String(record['value'])) ? [Number(record['value'])] : [];
  });
  const limits: Json = {};
  if (cpu !== undefined && cpu > 0) limits['cpus'] = cpusOf(cpu);
  if (memory !== undefined && memory > 0) limits['memory'] = formatMebibytes(memory);
  const reservations: Json = {};
  if (reservation !== undefined && reservation > 0) reservations['memory'] = formatMebibytes(reservation);
  const gpuCount = gpus.reduce((sum, n) => sum + n, 0);
  if (gpuCount > 0) reservations['devices'] = [{ capabilities: ['gpu'], count: gpuCount }];
  if (Object.keys(limits).length === 0 && Object.keys(reservations).length === 0) return;
  const resources = section(section(ctx.service, 'deploy'), 'resources');
  if (Object.keys(limits).length > 0) resources['limits'] = limits;
  if (Object.keys(reservations).length > 0) resources['reservations'] = reservations;
}

export const resourcesMapper: ContainerMapper = {
  fields: ['cpu', 'memory', 'memoryReservation', 'resourceRequirements'],
  map: mapResources,
};
