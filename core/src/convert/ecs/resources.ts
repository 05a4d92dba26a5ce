/**
 * `cpu`, `memory`, `memoryReservation` → Compose (sizes in MiB as "512M"); GPU `resourceRequirements`
 * → a device reservation with the gpu capability.
 *
 * A container's `cpu` is what the ECS agent gives Docker: on Linux, CPU shares (a weight that counts
 * only when containers compete for CPU, never a limit), so it becomes `cpu_shares`; on Windows, a
 * limit, so it becomes `deploy.resources.limits.cpus` (units / 1024).
 */
import { isWindows } from '../../ecs/model';
import { cpusOf, formatMebibytes } from '../units';
import { asList, asNumber, asRecord, type Json } from '../values';
import { at, section, type ContainerContext, type ContainerMapper } from './context';

function mapCpu(ctx: ContainerContext, cpu: number, limits: Json): void {
  if (isWindows(ctx.definition)) {
    limits['cpus'] = cpusOf(cpu);
    ctx.report.note(
      at(ctx, 'cpu'),
      `On Windows, ECS gives the container ${cpu} CPU units as a limit: it becomes deploy.resources.limits.cpus: ${cpusOf(cpu)}.`,
    );
    return;
  }
  ctx.service['cpu_shares'] = cpu;
  ctx.report.note(
    at(ctx, 'cpu'),
    `On Linux, a container's "cpu" is Docker's CPU shares (a weight among containers that compete for CPU, not a limit): it becomes cpu_shares: ${cpu}.`,
  );
}

function mapResources(ctx: ContainerContext): void {
  const cpu = asNumber(ctx.container['cpu']);
  const memory = asNumber(ctx.container['memory']);
  const reservation = asNumber(ctx.container['memoryReservation']);
  const gpus = asList(ctx.container['resourceRequirements']).flatMap((entry) => {
    const record = asRecord(entry);
    return record?.['type'] === 'GPU' && /^\d+$/.test(String(record['value'])) ? [Number(record['value'])] : [];
  });
  const limits: Json = {};
  if (cpu !== undefined && cpu > 0) mapCpu(ctx, cpu, limits);
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
