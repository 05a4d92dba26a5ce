/**
 * `volumes`, `tmpfs` and `volumes_from` → task `volumes` + container `mountPoints`,
 * `linuxParameters.tmpfs` and `volumesFrom`.
 *
 * - A named volume is a Docker volume on EC2 (`dockerVolumeConfiguration`, scope `shared` so it
 *   outlives the task as a Compose volume does) and an EFS placeholder on Fargate, which has no
 *   Docker volumes. A top-level volume's `x-ecs` is the ECS volume itself and replaces both.
 * - A bind mount is a `host.sourcePath` volume on EC2; Fargate has no host paths.
 * - An anonymous volume is a task volume with no configuration: storage that lives as long as the task.
 * - tmpfs is a Linux parameter on EC2; the developer guide says Fargate does not support it.
 */
import { isHostPath, splitShortVolume } from '../../compose/model';
import { EFS_FILE_SYSTEM_ID } from '../placeholders';
import type { ReportPath } from '../report';
import { byteCount, mebibytes } from '../units';
import { asBoolean, asList, asRecord, asString, listOrDict, scalarText, stringOrList, type Json } from '../values';
import { at, containerNameOf, has, isFargate, linuxParameters, type ServiceContext, type ServiceMapper, type TaskParts } from './context';
import { describeFileUses, fileUses } from './fileUses';

/** ECS volume names: letters, digits, hyphens and underscores, up to 255. */
export function ecsVolumeName(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 255);
  return cleaned || 'volume';
}

/** The name for a source, shared by every service of the task that mounts the same source. */
function claimName(ctx: ServiceContext, identity: string, wanted: string): { name: string; isNew: boolean } {
  const known = ctx.task.volumeNames.get(identity);
  if (known !== undefined) return { name: known, isNew: false };
  let name = ecsVolumeName(wanted);
  const taken = new Set(ctx.task.volumeNames.values());
  for (let n = 2; taken.has(name); n++) name = `${ecsVolumeName(wanted)}-${n}`;
  ctx.task.volumeNames.set(identity, name);
  return { name, isNew: true };
}

function topLevelVolume(ctx: ServiceContext, key: string): Json | undefined {
  return asRecord(asRecord(ctx.target.model['volumes'])?.[key]);
}

/** A local volume that binds a host directory (`driver_opts: {type: none, o: bind, device: /srv}`). */
export function boundDevice(definition: Json | undefined): string | undefined {
  const options = asRecord(definition?.['driver_opts']);
  const device = asString(options?.['device']);
  const flags = (scalarText(options?.['o']) ?? '').split(',');
  const driver = definition?.['driver'];
  return device !== undefined && flags.includes('bind') && (driver === undefined || driver === null || driver === 'local')
    ? device
    : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  const entries = listOrDict(value).map(({ name, value: text }) => [name, text ?? ''] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * A host path as a task volume: `subject` names it for the report ("the bind mount of ./data"); the
 * files the service reads from it at `target` (a healthcheck script, a command's file) are named too,
 * since they are lost with it.
 */
function hostVolume(ctx: ServiceContext, sourcePath: string, path: ReportPath, subject: string, target: string): string | undefined {
  const uses = fileUses(ctx.service, target);
  const usedBy = describeFileUses(uses);
  if (isFargate(ctx)) {
    ctx.report.drop(
      path,
      `Fargate has no host paths, so ${subject} cannot be mounted${
        uses.length > 0
          ? `; ${usedBy} ${uses.length > 1 ? 'read files' : 'reads a file'} from it and will not find ${uses.length > 1 ? 'them' : 'it'}`
          : ''
      }.`,
      'Copy the files into the image, or put them on an EFS volume (a top-level volume with an x-ecs efsVolumeConfiguration).',
    );
    return undefined;
  }
  const { name, isNew } = claimName(ctx, `bind:${sourcePath}`, sourcePath.split(/[\\/]/).filter(Boolean).slice(-2).join('-') || 'host');
  if (isNew) {
    ctx.task.volumes.set(name, { name, host: { sourcePath } });
    ctx.report.note(
      path,
      `${capitalize(subject)} becomes the host volume "${name}" (${sourcePath}): the path must exist on every EC2 instance that runs the task${
        uses.length > 0 ? `, with the file${uses.length > 1 ? 's' : ''} ${usedBy} ${uses.length > 1 ? 'read' : 'reads'}` : ''
      }.`,
    );
  }
  return name;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The ECS volume for a Compose named volume: the top-level volume's x-ecs, else a Docker volume (EC2) or EFS (Fargate). */
function namedVolume(ctx: ServiceContext, key: string, path: ReportPath, target: string): string | undefined {
  ctx.task.mountedVolumes.add(key);
  const definition = topLevelVolume(ctx, key);
  const extension = asRecord(definition?.['x-ecs']);
  const device = boundDevice(definition);
  if (device !== undefined && !extension) return hostVolume(ctx, device, path, `the volume "${key}" (a bind of ${device})`, target);
  const external = asBoolean(definition?.['external']) === true || asRecord(definition?.['external']) !== undefined;
  const customName = asString(definition?.['name']);
  const { name, isNew } = claimName(ctx, `volume:${key}`, external && customName ? customName : key);
  if (!isNew) return name;
  // Entries about the volume's definition point at it, when the file declares it.
  const where = definition ? ['volumes', key] : path;
  if (extension) ctx.task.volumes.set(name, { name, ...extension });
  else if (isFargate(ctx)) ctx.task.volumes.set(name, efsPlaceholder(ctx, key, name, definition, where));
  else ctx.task.volumes.set(name, dockerVolume(ctx, key, name, definition, where, external));
  return name;
}

function efsPlaceholder(ctx: ServiceContext, key: string, name: string, definition: Json | undefined, where: ReportPath): Json {
  ctx.report.note(
    where,
    `Fargate has no Docker volumes: the named volume "${key}" becomes an EFS volume with the placeholder file system "${EFS_FILE_SYSTEM_ID}". It starts empty, and keeps its data across tasks as the Compose volume does.`,
    `Create an EFS file system, and set its id (and access point) in the volume's x-ecs "efsVolumeConfiguration".`,
  );
  for (const field of ['driver', 'driver_opts', 'labels'] as const) {
    if (definition?.[field] !== undefined && definition[field] !== null)
      ctx.report.drop(['volumes', key, field], `The volume's ${field} has no meaning for an EFS volume.`);
  }
  return { name, efsVolumeConfiguration: { fileSystemId: EFS_FILE_SYSTEM_ID } };
}

/** `shared` so the volume outlives the task, as a Compose volume does; an external volume must already exist. */
function dockerVolume(
  ctx: ServiceContext,
  key: string,
  name: string,
  definition: Json | undefined,
  where: ReportPath,
  external: boolean,
): Json {
  const configuration: Json = { scope: 'shared', autoprovision: !external };
  const driver = asString(definition?.['driver']);
  if (driver !== undefined) configuration['driver'] = driver;
  const driverOpts = stringMap(definition?.['driver_opts']);
  if (driverOpts) configuration['driverOpts'] = driverOpts;
  const labels = stringMap(definition?.['labels']);
  if (labels) configuration['labels'] = labels;
  const customName = asString(definition?.['name']);
  if (customName !== undefined && customName !== name) {
    ctx.report.approximate(['volumes', key, 'name'], `ECS names the Docker volume after the task volume, "${name}", not "${customName}".`);
  }
  ctx.report.note(
    where,
    `The named volume "${key}" is a Docker volume (scope "shared") on each EC2 instance: tasks on different instances do not share its data.`,
    'For data shared across instances, use EFS (set the volume\'s x-ecs "efsVolumeConfiguration").',
  );
  return { name, dockerVolumeConfiguration: configuration };
}

function anonymousVolume(ctx: ServiceContext, path: ReportPath): string {
  const { name } = claimName(ctx, `anonymous:${path.join('/')}`, `${ctx.name}-anonymous`);
  ctx.task.volumes.set(name, { name });
  ctx.report.note(
    path,
    `The anonymous volume becomes the task volume "${name}": storage that lives as long as the task and starts empty (Docker would have copied the image's files at that path into a new volume).`,
  );
  return name;
}

function addMount(ctx: ServiceContext, sourceVolume: string, containerPath: string, readOnly: boolean): void {
  const mount: Json = { sourceVolume, containerPath };
  if (readOnly) mount['readOnly'] = true;
  const mounts = (ctx.container['mountPoints'] as Json[] | undefined) ?? [];
  mounts.push(mount);
  ctx.container['mountPoints'] = mounts;
}

function addTmpfs(ctx: ServiceContext, containerPath: string, size: unknown, mountOptions: string[], path: ReportPath): void {
  if (isFargate(ctx)) {
    ctx.report.drop(
      path,
      `Fargate does not support tmpfs mounts (ECS developer guide, linuxParameters), so ${containerPath} is not a tmpfs.`,
      'If the container needs a writable path (e.g. with read_only), mount an anonymous volume there instead.',
    );
    return;
  }
  const bytes = byteCount(size);
  let mib = 64;
  if (bytes === undefined) {
    ctx.report.approximate(
      path,
      `ECS needs a size for a tmpfs mount and none is given (Docker's tmpfs has no fixed limit): ${containerPath} gets ${mib} MiB.`,
      'Set the size you need.',
    );
  } else {
    const rounded = mebibytes(bytes);
    mib = Math.max(1, rounded.value);
    if (!rounded.exact || rounded.value < 1)
      ctx.report.approximate(path, `ECS sizes tmpfs mounts in whole MiB: ${containerPath} gets ${mib} MiB.`);
  }
  const tmpfs: Json = { containerPath, size: mib };
  if (mountOptions.length > 0) tmpfs['mountOptions'] = mountOptions;
  const linux = linuxParameters(ctx);
  linux['tmpfs'] = [...asList(linux['tmpfs']), tmpfs];
}

const SHORT_MODES_WITHOUT_ECS = new Set([
  'z',
  'Z',
  'cached',
  'delegated',
  'consistent',
  'nocopy',
  'shared',
  'rshared',
  'slave',
  'rslave',
  'private',
  'rprivate',
]);

function mountShort(ctx: ServiceContext, spec: string, path: ReportPath): void {
  const { source, target, mode } = splitShortVolume(spec);
  const flags = (mode ?? '').split(',').filter(Boolean);
  const readOnly = flags.includes('ro');
  const ignored = flags.filter((flag) => flag !== 'ro' && flag !== 'rw');
  if (ignored.length > 0) {
    const known = ignored.every((flag) => SHORT_MODES_WITHOUT_ECS.has(flag));
    ctx.report.drop(
      path,
      `The mount option(s) ${ignored.join(', ')} ${known ? 'have' : 'may have'} no ECS counterpart (ECS mounts take only read-only).`,
    );
  }
  if (!target.startsWith('/')) {
    ctx.report.drop(path, `The mount target "${target}" is not an absolute path.`);
    return;
  }
  const volume =
    source === undefined || source === ''
      ? anonymousVolume(ctx, path)
      : isHostPath(source)
        ? hostVolume(ctx, source, path, `the bind mount of ${source}`, target)
        : namedVolume(ctx, source, path, target);
  if (volume !== undefined) addMount(ctx, volume, target, readOnly);
}

/** Options of the long syntax that ECS cannot express, reported when set to something other than their default. */
function reportLongOptions(ctx: ServiceContext, long: Json, path: ReportPath): void {
  const bind = asRecord(long['bind']);
  for (const [key, value] of Object.entries(bind ?? {})) {
    if (key === 'create_host_path' && asBoolean(value) !== false) continue;
    ctx.report.drop([...path, 'bind', key], `The bind option ${key} has no ECS counterpart.`);
  }
  for (const key of Object.keys(asRecord(long['volume']) ?? {})) {
    ctx.report.drop([...path, 'volume', key], `The volume option ${key} has no ECS counterpart.`);
  }
  if (long['consistency'] !== undefined)
    ctx.report.drop([...path, 'consistency'], 'The mount consistency is a Docker Desktop (macOS) setting with no ECS counterpart.');
}

/**
 * A file mode as tmpfs options write it (octal digits). YAML may have read `1777` as a decimal
 * number already; digits that are all octal are kept as written.
 */
function octalMode(mode: unknown): string {
  if (typeof mode === 'number') return /^[0-7]+$/.test(String(mode)) ? String(mode) : mode.toString(8);
  return String(mode);
}

function mountLong(ctx: ServiceContext, long: Json, path: ReportPath): void {
  const type = asString(long['type']) ?? 'volume';
  const target = asString(long['target']);
  const source = asString(long['source']);
  const readOnly = asBoolean(long['read_only']) === true;
  if (target === undefined || !target.startsWith('/')) {
    ctx.report.drop(path, 'The mount has no absolute target path.');
    return;
  }
  if (type === 'tmpfs') {
    const options = asRecord(long['tmpfs']);
    const mode = options?.['mode'];
    const mountOptions = [...(readOnly ? ['ro'] : []), ...(mode !== undefined && mode !== null ? [`mode=${octalMode(mode)}`] : [])];
    addTmpfs(ctx, target, options?.['size'], mountOptions, path);
    return;
  }
  reportLongOptions(ctx, long, path);
  let volume: string | undefined;
  if (type === 'bind' && source) volume = hostVolume(ctx, source, path, `the bind mount of ${source}`, target);
  else if (type === 'volume') volume = source ? namedVolume(ctx, source, path, target) : anonymousVolume(ctx, path);
  else {
    ctx.report.drop(path, `ECS has no "${type}" mounts.`);
    return;
  }
  if (volume !== undefined) addMount(ctx, volume, target, readOnly);
}

function mapVolumes(ctx: ServiceContext): void {
  asList(ctx.service['volumes']).forEach((entry, index) => {
    const path = at(ctx, 'volumes', index);
    const long = asRecord(entry);
    if (typeof entry === 'string') mountShort(ctx, entry, path);
    else if (long) mountLong(ctx, long, path);
    else ctx.report.drop(path, 'This mount is neither a string nor a mapping.');
  });
}

/** The short `tmpfs` key: `/run` or `/run:rw,size=64m,mode=1777`. */
function mapTmpfsKey(ctx: ServiceContext): void {
  const list = stringOrList(ctx.service['tmpfs']);
  list.forEach((entry, index) => {
    const path = Array.isArray(ctx.service['tmpfs']) ? at(ctx, 'tmpfs', index) : at(ctx, 'tmpfs');
    if (typeof entry !== 'string' || !entry.startsWith('/')) {
      ctx.report.drop(path, 'A tmpfs entry is an absolute path, optionally followed by ":options".');
      return;
    }
    const colon = entry.indexOf(':');
    const containerPath = colon < 0 ? entry : entry.slice(0, colon);
    const options =
      colon < 0
        ? []
        : entry
            .slice(colon + 1)
            .split(',')
            .filter(Boolean);
    const size = options.find((option) => option.startsWith('size='))?.slice('size='.length);
    addTmpfs(
      ctx,
      containerPath,
      size,
      options.filter((option) => !option.startsWith('size=')),
      path,
    );
  });
}

/** `volumes_from: [db, "logs:ro", "container:abc"]`: only services of the same task can lend their volumes. */
function mapVolumesFrom(ctx: ServiceContext): void {
  const from: Json[] = [];
  asList(ctx.service['volumes_from']).forEach((entry, index) => {
    const path = at(ctx, 'volumes_from', index);
    if (typeof entry !== 'string') {
      ctx.report.drop(path, 'A volumes_from entry is a service name.');
      return;
    }
    if (entry.startsWith('container:')) {
      ctx.report.drop(path, 'ECS can take volumes only from containers of the same task, not from a container outside it.');
      return;
    }
    const parts = entry.replace(/^service:/, '').split(':');
    const source = parts[0] ?? '';
    if (!ctx.target.members.includes(source) || source === ctx.name) {
      ctx.report.drop(
        path,
        ctx.target.perService
          ? `"${source}" is in another task definition; ECS can take volumes only from containers of the same task.`
          : `"${source}" is not a service of this task.`,
      );
      return;
    }
    from.push(
      parts[1] === 'ro' ? { sourceContainer: containerNameOf(source), readOnly: true } : { sourceContainer: containerNameOf(source) },
    );
  });
  if (from.length > 0) ctx.container['volumesFrom'] = from;
}

export const volumesMapper: ServiceMapper = {
  keys: ['volumes', 'tmpfs', 'volumes_from'],
  map(ctx) {
    mapVolumes(ctx);
    if (has(ctx, 'tmpfs')) mapTmpfsKey(ctx);
    mapVolumesFrom(ctx);
  },
};

/**
 * Top-level volumes no service of the task mounts. One converted from ECS (it has x-ecs) is kept, so
 * ECS → Compose → ECS loses nothing; any other is left out, as it would only be an unused volume.
 */
export function addUnusedVolumes(
  model: Json,
  members: readonly string[],
  perService: boolean,
  task: Pick<TaskParts, 'volumes' | 'volumeNames' | 'mountedVolumes'>,
  note: (path: ReportPath, reason: string) => void,
): void {
  if (perService) return;
  const { volumes, volumeNames } = task;
  for (const [key, definition] of Object.entries(asRecord(model['volumes']) ?? {})) {
    if (task.mountedVolumes.has(key)) continue;
    const extension = asRecord(asRecord(definition)?.['x-ecs']);
    const name = ecsVolumeName(key);
    if (extension && !volumes.has(name)) {
      volumes.set(name, { name, ...extension });
      volumeNames.set(`volume:${key}`, name);
    } else if (members.length > 0) {
      note(['volumes', key], `No service mounts the volume "${key}", so the task definition leaves it out.`);
    }
  }
}
