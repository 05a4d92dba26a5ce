/**
 * Kernel and security settings: `cap_add`/`cap_drop`, `init`, `shm_size`, `devices`, `ulimits`,
 * `sysctls`, `privileged`, `read_only`, `security_opt`. Most map one to one; Fargate refuses several
 * (API model and developer guide), and those are reported rather than written.
 */
import type { ReportPath } from '../report';
import { byteCount, mebibytes } from '../units';
import { asBoolean, asList, asNumber, asRecord, asString, listOrDict, scalarText, type Json } from '../values';
import { at, has, isFargate, linuxParameters, type ServiceContext, type ServiceMapper } from './context';

function dropOnFargate(ctx: ServiceContext, key: string, why: string): boolean {
  if (!isFargate(ctx) || !has(ctx, key)) return false;
  ctx.report.drop(at(ctx, key), why);
  return true;
}

function capability(name: unknown): string | undefined {
  const text = asString(name);
  return text === undefined ? undefined : text.toUpperCase().replace(/^CAP_/, '');
}

function mapCapabilities(ctx: ServiceContext): void {
  const capabilities: Json = {};
  for (const [key, field] of [
    ['cap_add', 'add'],
    ['cap_drop', 'drop'],
  ] as const) {
    const kept: string[] = [];
    asList(ctx.service[key]).forEach((entry, index) => {
      const name = capability(entry);
      if (name === undefined) ctx.report.drop(at(ctx, key, index), 'A capability is a name such as NET_ADMIN.');
      else if (field === 'add' && isFargate(ctx) && name !== 'SYS_PTRACE')
        ctx.report.drop(at(ctx, key, index), `Fargate allows adding only the SYS_PTRACE capability, not ${name}.`);
      else kept.push(name);
    });
    if (kept.length > 0) capabilities[field] = kept;
  }
  if (Object.keys(capabilities).length > 0) linuxParameters(ctx)['capabilities'] = capabilities;
}

function mapSharedMemory(ctx: ServiceContext): void {
  if (!has(ctx, 'shm_size') || dropOnFargate(ctx, 'shm_size', 'Fargate does not support setting the size of /dev/shm (sharedMemorySize).'))
    return;
  const bytes = byteCount(ctx.service['shm_size']);
  if (bytes === undefined) {
    ctx.report.drop(at(ctx, 'shm_size'), `"${String(ctx.service['shm_size'])}" is not a size.`);
    return;
  }
  const { value, exact } = mebibytes(bytes);
  if (!exact) ctx.report.approximate(at(ctx, 'shm_size'), `ECS sizes /dev/shm in whole MiB: ${value} MiB.`);
  linuxParameters(ctx)['sharedMemorySize'] = value;
}

const PERMISSIONS: Record<string, string> = { r: 'read', w: 'write', m: 'mknod' };

function device(ctx: ServiceContext, entry: unknown, path: ReportPath): Json | undefined {
  const long = asRecord(entry);
  let hostPath: string | undefined;
  let containerPath: string | undefined;
  let permissions: string | undefined;
  if (long) {
    hostPath = asString(long['source']);
    containerPath = asString(long['target']);
    permissions = asString(long['permissions']);
  } else if (typeof entry === 'string') {
    [hostPath, containerPath, permissions] = entry.split(':');
  }
  if (hostPath === undefined || !hostPath.startsWith('/')) {
    ctx.report.drop(path, 'ECS maps host device paths only (CDI device names are not supported).');
    return undefined;
  }
  const result: Json = { hostPath };
  if (containerPath) result['containerPath'] = containerPath;
  if (permissions) {
    const mapped = [...permissions].map((p) => PERMISSIONS[p]);
    if (mapped.every((p): p is string => p !== undefined)) result['permissions'] = mapped;
    else ctx.report.drop(path, `The device permissions "${permissions}" are not made of r, w and m.`);
  }
  return result;
}

function mapDevices(ctx: ServiceContext): void {
  if (!has(ctx, 'devices') || dropOnFargate(ctx, 'devices', 'Fargate gives containers no host devices.')) return;
  const devices = asList(ctx.service['devices']).flatMap((entry, index) => device(ctx, entry, at(ctx, 'devices', index)) ?? []);
  if (devices.length > 0) linuxParameters(ctx)['devices'] = devices;
}

const ULIMIT_NAMES = new Set([
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
]);

function mapUlimits(ctx: ServiceContext): void {
  const ulimits: Json[] = [];
  for (const [name, value] of Object.entries(asRecord(ctx.service['ulimits']) ?? {})) {
    const path = at(ctx, 'ulimits', name);
    const limits = asRecord(value);
    const soft = asNumber(limits ? limits['soft'] : value) ?? Number(scalarText(limits ? limits['soft'] : value));
    const hard = asNumber(limits ? limits['hard'] : value) ?? Number(scalarText(limits ? limits['hard'] : value));
    if (!ULIMIT_NAMES.has(name)) ctx.report.drop(path, `ECS does not know the ulimit "${name}".`);
    else if (isFargate(ctx) && name !== 'nofile')
      ctx.report.drop(path, `Fargate sets only the nofile ulimit; ${name} keeps the operating system's default.`);
    else if (!Number.isInteger(soft) || !Number.isInteger(hard))
      ctx.report.drop(path, 'A ulimit is a whole number, or soft and hard whole numbers.');
    else ulimits.push({ name, softLimit: soft, hardLimit: hard });
  }
  if (ulimits.length > 0) ctx.container['ulimits'] = ulimits;
}

function mapSysctls(ctx: ServiceContext): void {
  const controls = listOrDict(ctx.service['sysctls']).flatMap(({ name, value, key }) => {
    if (value === undefined) {
      ctx.report.drop(at(ctx, 'sysctls', key), `The sysctl ${name} has no value.`);
      return [];
    }
    return [{ namespace: name, value }];
  });
  if (controls.length > 0) ctx.container['systemControls'] = controls;
}

/** ECS takes `no-new-privileges`, `apparmor:…`, `label:…` and `credentialspec:…`; Docker also writes `=`. */
function securityOption(option: string): string | undefined {
  if (/^no-new-privileges([:=]true)?$/.test(option)) return 'no-new-privileges';
  const match = /^(apparmor|label|credentialspec)[:=](.+)$/.exec(option);
  return match ? `${match[1]}:${match[2]}` : undefined;
}

function mapSecurityOptions(ctx: ServiceContext): void {
  if (!has(ctx, 'security_opt') || dropOnFargate(ctx, 'security_opt', 'Fargate does not accept Docker security options.')) return;
  const options = asList(ctx.service['security_opt']).flatMap((entry, index) => {
    const option = typeof entry === 'string' ? securityOption(entry) : undefined;
    if (option === undefined)
      ctx.report.drop(
        at(ctx, 'security_opt', index),
        `ECS accepts the security options no-new-privileges, apparmor, label and credentialspec only, not "${String(entry)}".`,
      );
    return option ?? [];
  });
  if (options.length > 0) ctx.container['dockerSecurityOptions'] = options;
}

function mapFlags(ctx: ServiceContext): void {
  if (asBoolean(ctx.service['init']) === true) linuxParameters(ctx)['initProcessEnabled'] = true;
  if (asBoolean(ctx.service['read_only']) === true) ctx.container['readonlyRootFilesystem'] = true;
  if (asBoolean(ctx.service['privileged']) === true) {
    if (isFargate(ctx)) ctx.report.drop(at(ctx, 'privileged'), 'Fargate does not run privileged containers.');
    else ctx.container['privileged'] = true;
  }
}

export const linuxMapper: ServiceMapper = {
  keys: ['cap_add', 'cap_drop', 'init', 'shm_size', 'devices', 'ulimits', 'sysctls', 'privileged', 'read_only', 'security_opt'],
  map(ctx) {
    mapCapabilities(ctx);
    mapSharedMemory(ctx);
    mapDevices(ctx);
    mapUlimits(ctx);
    mapSysctls(ctx);
    mapSecurityOptions(ctx);
    mapFlags(ctx);
  },
};
