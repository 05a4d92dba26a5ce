/**
 * Task `volumes` → top-level Compose volumes, `mountPoints` → service volumes, `volumesFrom` →
 * `volumes_from`. Every ECS volume keeps its whole configuration in the volume's x-ecs (converting
 * back uses it as it is); what Compose can say is written too, so the volume works locally: a
 * Docker volume's driver, options and labels, and a host path as a local volume bound to that path.
 */
import type { Reporter } from '../report';
import { asList, asRecord, asString, type Json } from '../values';
import { at, type ContainerContext, type ContainerMapper } from './context';

/** The Compose volume for one ECS volume (without its name). */
export function composeVolume(volume: Json, path: Array<string | number>, report: Reporter): Json {
  const { name: _name, ...configuration } = volume;
  const result: Json = {};
  const docker = asRecord(volume['dockerVolumeConfiguration']);
  const sourcePath = asString(asRecord(volume['host'])?.['sourcePath']);
  if (docker) {
    const driver = asString(docker['driver']);
    if (driver !== undefined) result['driver'] = driver;
    const driverOpts = asRecord(docker['driverOpts']);
    if (driverOpts && Object.keys(driverOpts).length > 0) result['driver_opts'] = driverOpts;
    const labels = asRecord(docker['labels']);
    if (labels && Object.keys(labels).length > 0) result['labels'] = labels;
  } else if (sourcePath !== undefined) {
    result['driver'] = 'local';
    result['driver_opts'] = { type: 'none', o: 'bind', device: sourcePath };
  } else if (
    volume['efsVolumeConfiguration'] ||
    volume['fsxWindowsFileServerVolumeConfiguration'] ||
    volume['s3filesVolumeConfiguration']
  ) {
    report.note(
      path,
      `Volume "${String(volume['name'])}" lives on an AWS file system; locally it is an empty Docker volume (the x-ecs keeps its AWS configuration).`,
    );
  }
  result['x-ecs'] = configuration;
  return result;
}

function mapMounts(ctx: ContainerContext): void {
  const mounts = asList(ctx.container['mountPoints']).flatMap((entry, index) => {
    const record = asRecord(entry);
    const source = asString(record?.['sourceVolume']);
    const target = asString(record?.['containerPath']);
    if (source === undefined || target === undefined) {
      ctx.report.drop(at(ctx, 'mountPoints', index), 'This mount point has no sourceVolume or containerPath.');
      return [];
    }
    return [`${source}:${target}${record?.['readOnly'] === true ? ':ro' : ''}`];
  });
  if (mounts.length > 0) ctx.service['volumes'] = mounts;
  const from = asList(ctx.container['volumesFrom']).flatMap((entry) => {
    const record = asRecord(entry);
    const source = asString(record?.['sourceContainer']);
    if (source === undefined) return [];
    return [`${ctx.serviceNames.get(source) ?? source}${record?.['readOnly'] === true ? ':ro' : ''}`];
  });
  if (from.length > 0) ctx.service['volumes_from'] = from;
}

export const volumesMapper: ContainerMapper = {
  fields: ['mountPoints', 'volumesFrom'],
  map: mapMounts,
};
