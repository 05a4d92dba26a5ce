/** Kernel and security settings: linuxParameters, ulimits, systemControls, privileged, read-only root, security options. */
import { formatMebibytes } from '../units';
import { asBoolean, asList, asNumber, asRecord, asString, scalarText, type Json } from '../values';
import { type ContainerContext, type ContainerMapper } from './context';

const PERMISSION_LETTERS: Record<string, string> = { read: 'r', write: 'w', mknod: 'm' };

function strings(value: unknown): string[] {
  return asList(value).flatMap((v) => (typeof v === 'string' ? [v] : []));
}

function mapLinuxParameters(ctx: ContainerContext): void {
  const linux = asRecord(ctx.container['linuxParameters']);
  if (!linux) return;
  const { service } = ctx;
  const capabilities = asRecord(linux['capabilities']);
  const add = strings(capabilities?.['add']);
  const drop = strings(capabilities?.['drop']);
  if (add.length > 0) service['cap_add'] = add;
  if (drop.length > 0) service['cap_drop'] = drop;
  if (asBoolean(linux['initProcessEnabled']) === true) service['init'] = true;
  const shm = asNumber(linux['sharedMemorySize']);
  if (shm !== undefined) service['shm_size'] = formatMebibytes(shm);
  const tmpfs = asList(linux['tmpfs']).flatMap((entry) => {
    const record = asRecord(entry);
    const path = asString(record?.['containerPath']);
    if (!record || path === undefined) return [];
    const options = [
      ...(asNumber(record['size']) !== undefined ? [`size=${asNumber(record['size'])}m`] : []),
      ...strings(record['mountOptions']),
    ];
    return [options.length > 0 ? `${path}:${options.join(',')}` : path];
  });
  if (tmpfs.length > 0) service['tmpfs'] = tmpfs;
  const devices = asList(linux['devices']).flatMap((entry) => {
    const record = asRecord(entry);
    const hostPath = asString(record?.['hostPath']);
    if (!record || hostPath === undefined) return [];
    const permissions = strings(record['permissions'])
      .map((p) => PERMISSION_LETTERS[p] ?? '')
      .join('');
    return [[hostPath, asString(record['containerPath']) ?? hostPath, ...(permissions ? [permissions] : [])].join(':')];
  });
  if (devices.length > 0) service['devices'] = devices;
  const maxSwap = asNumber(linux['maxSwap']);
  const memory = asNumber(ctx.container['memory']);
  // Docker's memswap_limit is memory plus swap; without a memory limit it cannot be written (x-ecs keeps it).
  if (maxSwap !== undefined && memory !== undefined) service['memswap_limit'] = formatMebibytes(memory + maxSwap);
  const swappiness = asNumber(linux['swappiness']);
  if (swappiness !== undefined) service['mem_swappiness'] = swappiness;
}

function mapSecurity(ctx: ContainerContext): void {
  const { container, service } = ctx;
  const ulimits: Json = {};
  for (const entry of asList(container['ulimits'])) {
    const record = asRecord(entry);
    const name = asString(record?.['name']);
    const soft = asNumber(record?.['softLimit']);
    const hard = asNumber(record?.['hardLimit']);
    if (name === undefined || soft === undefined || hard === undefined) continue;
    ulimits[name] = soft === hard ? soft : { soft, hard };
  }
  if (Object.keys(ulimits).length > 0) service['ulimits'] = ulimits;
  const sysctls = asList(container['systemControls']).flatMap((entry) => {
    const record = asRecord(entry);
    const namespace = asString(record?.['namespace']);
    return namespace === undefined ? [] : [[namespace, scalarText(record?.['value']) ?? ''] as const];
  });
  if (sysctls.length > 0) service['sysctls'] = Object.fromEntries(sysctls);
  if (asBoolean(container['privileged']) === true) service['privileged'] = true;
  if (asBoolean(container['readonlyRootFilesystem']) === true) service['read_only'] = true;
  const securityOptions = strings(container['dockerSecurityOptions']);
  if (securityOptions.length > 0) service['security_opt'] = securityOptions;
}

export const linuxMapper: ContainerMapper = {
  fields: ['linuxParameters', 'ulimits', 'systemControls', 'privileged', 'readonlyRootFilesystem', 'dockerSecurityOptions'],
  map(ctx) {
    mapLinuxParameters(ctx);
    mapSecurity(ctx);
  },
};
