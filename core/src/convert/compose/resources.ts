/**
 * CPU and memory: `deploy.resources` and the older service keys (`cpus`, `cpu_shares`, `mem_limit`,
 * `mem_reservation`, `memswap_limit`, `mem_swappiness`), and GPUs (`gpus`, device reservations).
 *
 * - memory limit → `memory`, memory reservation → `memoryReservation`, in whole MiB (rounded up);
 * - CPUs → `cpu` in CPU units (1 CPU = 1024). ECS's container `cpu` is Docker's CPU shares, so
 *   `cpu_shares` carries over unchanged when no CPU count is given;
 * - where both the deploy form and the old key are set, the deploy form wins (and any difference is reported).
 */
import type { ReportPath } from '../report';
import { byteCount, cpuUnits, mebibytes } from '../units';
import { asList, asNumber, asRecord, asString, scalarText, type Json } from '../values';
import { at, has, isFargate, linuxParameters, type ServiceContext, type ServiceMapper } from './context';

interface Source {
  value: unknown;
  path: ReportPath;
}

/** The first source that is set; a later one with a different value is reported. */
function pick(ctx: ServiceContext, what: string, sources: Source[]): Source | undefined {
  const set = sources.filter((s) => s.value !== undefined && s.value !== null);
  const [first, ...rest] = set;
  for (const other of rest) {
    if (String(other.value) !== String(first!.value)) {
      ctx.report.approximate(
        other.path,
        `The ${what} is given twice; ECS has one value, and ${first!.path.slice(2).join('.')} (${String(first!.value)}) is used.`,
      );
    }
  }
  return first;
}

function mebibytesOf(ctx: ServiceContext, source: Source, field: string): number | undefined {
  const bytes = byteCount(source.value);
  if (bytes === undefined || bytes <= 0) {
    ctx.report.drop(source.path, `"${String(source.value)}" is not a memory size ECS can take for ${field}.`);
    return undefined;
  }
  const { value, exact } = mebibytes(bytes);
  if (!exact) ctx.report.approximate(source.path, `ECS takes ${field} in whole MiB: ${String(source.value)} becomes ${value} MiB.`);
  return value;
}

function mapMemory(ctx: ServiceContext, limits: Json | undefined, reservations: Json | undefined, resourcesPath: ReportPath): void {
  const limit = pick(ctx, 'memory limit', [
    { value: limits?.['memory'], path: [...resourcesPath, 'limits', 'memory'] },
    { value: ctx.service['mem_limit'], path: at(ctx, 'mem_limit') },
  ]);
  const reservation = pick(ctx, 'memory reservation', [
    { value: reservations?.['memory'], path: [...resourcesPath, 'reservations', 'memory'] },
    { value: ctx.service['mem_reservation'], path: at(ctx, 'mem_reservation') },
  ]);
  const memory = limit && mebibytesOf(ctx, limit, 'memory');
  let memoryReservation = reservation && mebibytesOf(ctx, reservation, 'memoryReservation');
  if (memory !== undefined && memoryReservation !== undefined && memoryReservation > memory) {
    ctx.report.approximate(
      reservation!.path,
      `The memory reservation (${memoryReservation} MiB) is above the limit (${memory} MiB), which ECS refuses: it is lowered to the limit.`,
    );
    memoryReservation = memory;
  }
  if (memory !== undefined) ctx.container['memory'] = memory;
  if (memoryReservation !== undefined) ctx.container['memoryReservation'] = memoryReservation;
  mapSwap(ctx, memory);
}

function mapCpu(ctx: ServiceContext, limits: Json | undefined, reservations: Json | undefined, resourcesPath: ReportPath): void {
  const count = pick(ctx, 'CPU count', [
    { value: limits?.['cpus'], path: [...resourcesPath, 'limits', 'cpus'] },
    { value: ctx.service['cpus'], path: at(ctx, 'cpus') },
    { value: reservations?.['cpus'], path: [...resourcesPath, 'reservations', 'cpus'] },
  ]);
  const shares = ctx.service['cpu_shares'];
  if (count) {
    if (shares !== undefined && shares !== null)
      ctx.report.drop(
        at(ctx, 'cpu_shares'),
        'ECS has one CPU value per container; it is taken from the CPU count, so cpu_shares is not used.',
      );
    const units = cpuUnits(count.value);
    if (!units) {
      ctx.report.drop(count.path, `"${String(count.value)}" is not a number of CPUs.`);
      return;
    }
    if (!units.exact)
      ctx.report.approximate(
        count.path,
        `ECS counts CPU in whole units (1 CPU = 1024): ${String(count.value)} CPUs become ${units.value} units.`,
      );
    if (count.path.includes('reservations'))
      ctx.report.note(count.path, 'ECS\'s container "cpu" is a reservation (CPU shares), not a hard limit, like this value.');
    if (units.value > 0) ctx.container['cpu'] = units.value;
    return;
  }
  if (shares !== undefined && shares !== null) {
    const value = asNumber(shares) ?? Number(scalarText(shares));
    if (Number.isInteger(value) && value >= 0) ctx.container['cpu'] = value;
    else ctx.report.drop(at(ctx, 'cpu_shares'), `"${String(shares)}" is not a whole number of CPU shares.`);
  }
}

/** memswap_limit is memory + swap in Docker; ECS's maxSwap is the swap alone. */
function mapSwap(ctx: ServiceContext, memory: number | undefined): void {
  const swapPath = at(ctx, 'memswap_limit');
  const swappinessPath = at(ctx, 'mem_swappiness');
  if (isFargate(ctx)) {
    if (has(ctx, 'memswap_limit')) ctx.report.drop(swapPath, 'Fargate does not support swap (maxSwap).');
    if (has(ctx, 'mem_swappiness')) ctx.report.drop(swappinessPath, 'Fargate does not support swappiness.');
    return;
  }
  let maxSwap: number | undefined;
  if (has(ctx, 'memswap_limit')) {
    const total = ctx.service['memswap_limit'];
    const bytes = String(total) === '-1' ? undefined : byteCount(total);
    if (bytes === undefined || memory === undefined) {
      ctx.report.drop(
        swapPath,
        String(total) === '-1'
          ? "Unlimited swap is ECS's default when maxSwap is not set."
          : 'ECS sets swap as an amount beside the memory limit; without a readable memory limit it cannot be worked out.',
      );
    } else {
      maxSwap = Math.max(0, mebibytes(bytes).value - memory);
      linuxParameters(ctx)['maxSwap'] = maxSwap;
    }
  }
  if (has(ctx, 'mem_swappiness')) {
    const swappiness = Number(scalarText(ctx.service['mem_swappiness']));
    if (maxSwap === undefined) ctx.report.drop(swappinessPath, 'ECS ignores swappiness unless maxSwap (memswap_limit) is set.');
    else if (Number.isInteger(swappiness) && swappiness >= 0 && swappiness <= 100) linuxParameters(ctx)['swappiness'] = swappiness;
    else ctx.report.drop(swappinessPath, 'Swappiness is a whole number from 0 to 100.');
  }
}

/** `gpus: all`, `gpus: [{count: 2}]` and device reservations with the gpu capability → GPU requirements. */
function mapGpus(ctx: ServiceContext, reservations: Json | undefined, resourcesPath: ReportPath): void {
  const requests: Source[] = [];
  if (has(ctx, 'gpus')) {
    const gpus = ctx.service['gpus'];
    if (gpus === 'all') requests.push({ value: 'all', path: at(ctx, 'gpus') });
    else asList(gpus).forEach((gpu, index) => requests.push({ value: asRecord(gpu)?.['count'] ?? 'all', path: at(ctx, 'gpus', index) }));
  }
  asList(reservations?.['devices']).forEach((device, index) => {
    const record = asRecord(device);
    const path = [...resourcesPath, 'reservations', 'devices', index];
    if (asList(record?.['capabilities']).includes('gpu')) requests.push({ value: record?.['count'] ?? 'all', path });
    else ctx.report.drop(path, 'ECS reserves GPUs only; this device reservation has no "gpu" capability.');
  });
  if (requests.length === 0) return;
  if (isFargate(ctx)) {
    for (const request of requests) ctx.report.drop(request.path, 'Fargate has no GPUs.', 'Convert for EC2 with GPU instances.');
    return;
  }
  let total = 0;
  for (const request of requests) {
    const count =
      asNumber(request.value) ??
      (asString(request.value) !== undefined && /^\d+$/.test(asString(request.value)!) ? Number(request.value) : undefined);
    if (count === undefined) {
      ctx.report.approximate(
        request.path,
        'ECS reserves a number of GPUs, not "all": 1 GPU is reserved.',
        'Set the number of GPUs the container needs.',
      );
      total += 1;
    } else {
      total += count;
    }
  }
  if (total > 0) ctx.container['resourceRequirements'] = [{ type: 'GPU', value: String(total) }];
}

/** What ECS cannot reserve or limit, under deploy.resources. */
function reportOtherResources(
  ctx: ServiceContext,
  limits: Json | undefined,
  reservations: Json | undefined,
  resourcesPath: ReportPath,
): void {
  for (const key of Object.keys(limits ?? {})) {
    if (key !== 'cpus' && key !== 'memory') ctx.report.drop([...resourcesPath, 'limits', key], `ECS has no limit for ${key}.`);
  }
  for (const key of Object.keys(reservations ?? {})) {
    if (key !== 'cpus' && key !== 'memory' && key !== 'devices')
      ctx.report.drop([...resourcesPath, 'reservations', key], `ECS cannot reserve ${key}.`);
  }
}

export const resourcesMapper: ServiceMapper = {
  keys: ['mem_limit', 'mem_reservation', 'cpus', 'cpu_shares', 'memswap_limit', 'mem_swappiness', 'gpus'],
  map(ctx) {
    const resourcesPath = at(ctx, 'deploy', 'resources');
    const resources = asRecord(asRecord(ctx.service['deploy'])?.['resources']);
    const limits = asRecord(resources?.['limits']);
    const reservations = asRecord(resources?.['reservations']);
    mapMemory(ctx, limits, reservations, resourcesPath);
    mapCpu(ctx, limits, reservations, resourcesPath);
    mapGpus(ctx, reservations, resourcesPath);
    reportOtherResources(ctx, limits, reservations, resourcesPath);
  },
};
