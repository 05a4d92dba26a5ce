/**
 * The names a document defines, for reference completion and hover: services, networks, volumes,
 * secrets and configs of a Compose file; containers, volumes and the task size of a task definition.
 */
import { asRecord, entriesOf, servicesOf } from '../compose/model';
import { valueAt } from './analyze/analyze';
import type { Profile } from './profile';

export interface Named {
  name: string;
  /** One line beside the name in the completion list (`nginx:alpine`, `driver: overlay`). */
  detail?: string;
}

export interface ComposeFacts {
  services: Named[];
  networks: Named[];
  volumes: Named[];
  secrets: Named[];
  configs: Named[];
}

export interface TaskFacts {
  containers: Array<Named & { index: number }>;
  volumes: Named[];
  cpu?: unknown;
  memory?: unknown;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function serviceDetail(service: Record<string, unknown>): string | undefined {
  const image = str(service['image']);
  if (image) return image;
  const build = service['build'];
  if (typeof build === 'string') return `build: ${build}`;
  const context = str(asRecord(build)?.['context']);
  return build !== undefined ? `build: ${context ?? '.'}` : undefined;
}

/** A network, volume, secret or config: its driver, source file or `external`. */
function resourceDetail(value: unknown): string | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const external = record['external'];
  if (external === true || asRecord(external)) return 'external';
  for (const field of ['driver', 'file', 'environment', 'content']) {
    const v = str(record[field]);
    if (v) return `${field}: ${v.length > 60 ? `${v.slice(0, 57)}…` : v}`;
  }
  return undefined;
}

function resources(file: Record<string, unknown> | undefined, section: string): Named[] {
  return entriesOf(file?.[section]).map(([name, v]) => ({ name, detail: resourceDetail(v) }));
}

export function composeFacts(file: unknown): ComposeFacts {
  const record = asRecord(file);
  const networks = resources(record, 'networks');
  // Every service is on the project's `default` network unless it says otherwise; it may be named.
  if (!networks.some((n) => n.name === 'default')) networks.push({ name: 'default', detail: "the project's default network" });
  return {
    services: servicesOf(file).map(([name, service]) => ({ name, detail: serviceDetail(service) })),
    networks,
    volumes: resources(record, 'volumes'),
    secrets: resources(record, 'secrets'),
    configs: resources(record, 'configs'),
  };
}

function volumeKind(volume: Record<string, unknown>): string | undefined {
  if (volume['efsVolumeConfiguration']) return 'EFS';
  if (volume['fsxWindowsFileServerVolumeConfiguration']) return 'FSx for Windows File Server';
  if (volume['s3filesVolumeConfiguration']) return 'S3 Files';
  if (volume['dockerVolumeConfiguration']) return 'Docker volume';
  const sourcePath = str(asRecord(volume['host'])?.['sourcePath']);
  if (sourcePath) return `host: ${sourcePath}`;
  if (volume['configuredAtLaunch'] === true) return 'configured at launch';
  return undefined;
}

export function taskFacts(value: unknown, profile: Profile): TaskFacts {
  const containers = valueAt(value, profile.containersPath);
  const task = profile.taskPath ? asRecord(valueAt(value, profile.taskPath)) : undefined;
  const list = Array.isArray(containers) ? containers : [];
  return {
    containers: list.flatMap((c, index) => {
      const record = asRecord(c);
      const name = str(record?.['name']);
      return name ? [{ name, index, detail: str(record?.['image']) }] : [];
    }),
    volumes: (Array.isArray(task?.['volumes']) ? (task['volumes'] as unknown[]) : []).flatMap((v) => {
      const record = asRecord(v);
      const name = str(record?.['name']);
      return record && name ? [{ name, detail: volumeKind(record) }] : [];
    }),
    cpu: task?.['cpu'],
    memory: task?.['memory'],
  };
}
