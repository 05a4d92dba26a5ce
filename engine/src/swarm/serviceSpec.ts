// One Compose service as a Swarm service spec, as `docker stack deploy` converts it (docker/cli
// cli/compose/convert/service.go), reusing the Compose runner's readers where the two map alike
// (command words, environment with env_file, healthcheck, labels, ulimits). Pure: each problem comes
// back with the model path it is about, so the loader can say which file and line wrote it.
import { parseLongPort, parseShortPort } from '@dockside/core';
import { byteCount } from '@dockside/core';
import { asBoolean, asRecord, asString, scalarText, stringOrList, type Json } from '@dockside/core';
import {
  commandWords,
  dropUndefined,
  environmentOf,
  extraHostsOf,
  healthcheckOf,
  integerOf,
  labelsOf,
  nanoseconds,
  shortVolume,
  stringList,
  ulimitsOf,
  type ModelPath,
  type ServiceInputs,
} from '../compose/serviceConfig';
import { scoped, STACK_LABEL } from './labels';
import type {
  ConfigReference,
  ContainerSpec,
  FileTarget,
  NetworkAttachment,
  PortConfig,
  ResourceRequirements,
  RestartPolicy,
  SecretReference,
  ServiceMode,
  ServiceSpec,
  SwarmMount,
  UpdateConfig,
} from './types';

/** What the stack as a whole decides for a service: engine names of its networks, volumes, secrets and configs. */
export interface StackNames {
  namespace: string;
  /** The engine name of a top-level network, or undefined when the project does not declare it. */
  network: (key: string) => string | undefined;
  /** A top-level volume as the mount needs it, or undefined when the project does not declare it. */
  volume: (
    key: string,
  ) => { name: string; external: boolean; labels: Record<string, string>; driver?: string; driverOpts: Record<string, string> } | undefined;
  /** The engine name of a top-level secret or config, or undefined when it is not declared (or has no content). */
  secret: (key: string) => string | undefined;
  config: (key: string) => string | undefined;
  /** The text a value was written with, where the model's value is not what Compose reads (`mode: 0440`). */
  written: (path: ModelPath) => string | undefined;
}

const at = (inputs: ServiceInputs, ...rest: ModelPath): ModelPath => ['services', inputs.name, ...rest];

export function serviceSpecOf(inputs: ServiceInputs, names: StackNames): ServiceSpec {
  const service = inputs.service;
  const deploy = asRecord(service['deploy']) ?? {};
  const image = asString(service['image']) ?? '';
  const labels = labelsOf(deploy['labels']);
  const spec: ServiceSpec = {
    Name: scoped(names.namespace, inputs.name),
    Labels: { ...labels, [STACK_LABEL.namespace]: names.namespace, [STACK_LABEL.image]: image },
    TaskTemplate: dropUndefined({
      ContainerSpec: containerSpecOf(inputs, names, image),
      Resources: resourcesOf(inputs, deploy),
      RestartPolicy: restartPolicyOf(inputs, deploy),
      Placement: placementOf(deploy),
      Networks: networksOf(inputs, names),
      LogDriver: logDriverOf(service),
    }),
    Mode: modeOf(inputs, deploy),
  };
  const update = updateConfigOf(inputs, deploy, 'update_config');
  const rollback = updateConfigOf(inputs, deploy, 'rollback_config');
  if (update) spec.UpdateConfig = update;
  if (rollback) spec.RollbackConfig = rollback;
  const endpoint = endpointOf(inputs, deploy);
  if (endpoint) spec.EndpointSpec = endpoint;
  return spec;
}

function containerSpecOf(inputs: ServiceInputs, names: StackNames, image: string): ContainerSpec {
  const s = inputs.service;
  const dns = dropUndefined({ Nameservers: stringList(s['dns']), Search: stringList(s['dns_search']), Options: stringList(s['dns_opt']) });
  const stopGrace = s['stop_grace_period'] === undefined ? undefined : nanosecondsAt(inputs, s['stop_grace_period'], 'stop_grace_period');
  return dropUndefined({
    Image: image,
    Labels: { ...labelsOf(s['labels']), [STACK_LABEL.namespace]: names.namespace },
    Command: commandWords(inputs, 'entrypoint'),
    Args: commandWords(inputs, 'command'),
    Hostname: asString(s['hostname']),
    Env: nonEmpty(environmentOf(inputs).sort()),
    Dir: asString(s['working_dir']),
    User: scalarText(s['user']),
    Groups: stringList(s['group_add']),
    Init: asBoolean(s['init']),
    TTY: asBoolean(s['tty']),
    OpenStdin: asBoolean(s['stdin_open']),
    ReadOnly: asBoolean(s['read_only']),
    Mounts: nonEmpty(mountsOf(inputs, names)),
    StopSignal: asString(s['stop_signal']),
    StopGracePeriod: stopGrace,
    Healthcheck: healthcheckOf(inputs),
    // SwarmKit writes extra hosts as /etc/hosts lines: "IP name".
    Hosts: s['extra_hosts'] === undefined ? undefined : extraHostsOf(s['extra_hosts']).map(hostsLine),
    DNSConfig: Object.keys(dns).length > 0 ? dns : undefined,
    Secrets: nonEmpty(
      fileReferences(inputs, 'secrets', names).map(({ file, name }): SecretReference => ({ File: file, SecretName: name })),
    ),
    Configs: nonEmpty(
      fileReferences(inputs, 'configs', names).map(({ file, name }): ConfigReference => ({ File: file, ConfigName: name })),
    ),
    Isolation: asString(s['isolation']),
    Sysctls: s['sysctls'] === undefined ? undefined : labelsOf(s['sysctls']),
    CapabilityAdd: stringList(s['cap_add']),
    CapabilityDrop: stringList(s['cap_drop']),
    Ulimits: s['ulimits'] === undefined ? undefined : ulimitsOf(s['ulimits']).sort((a, b) => a.Name.localeCompare(b.Name)),
    OomScoreAdj: integerOf(s['oom_score_adj']),
  });
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function hostsLine(hostAndIp: string): string {
  const colon = hostAndIp.indexOf(':');
  return colon < 0 ? hostAndIp : `${hostAndIp.slice(colon + 1)} ${hostAndIp.slice(0, colon)}`;
}

function nanosecondsAt(inputs: ServiceInputs, value: unknown, ...path: ModelPath): number | undefined {
  const result = nanoseconds(value);
  if (result === undefined)
    inputs.problems.push({ path: at(inputs, ...path), message: `"${String(value)}" is not a duration (write 10s, 1m30s).` });
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Mounts

/** Volume, bind and tmpfs mounts, and the service-level `tmpfs` list as tmpfs mounts. */
function mountsOf(inputs: ServiceInputs, names: StackNames): SwarmMount[] {
  const mounts: SwarmMount[] = [];
  for (const path of stringOrList(inputs.service['tmpfs'])) {
    const [target = '', ...options] = (scalarText(path) ?? '').split(':');
    const size = options
      .join(':')
      .split(',')
      .map((option) => /^size=(.+)$/.exec(option)?.[1])
      .find((value) => value !== undefined);
    const bytes = byteCount(size);
    mounts.push({ Type: 'tmpfs', Target: target, ...(bytes !== undefined ? { TmpfsOptions: { SizeBytes: bytes } } : {}) });
  }
  for (const [index, entry] of stringOrList(inputs.service['volumes']).entries()) {
    const mount = typeof entry === 'string' ? shortVolume(entry) : asRecord(entry);
    if (!mount) continue;
    const converted = mountOf(inputs, names, mount, at(inputs, 'volumes', index));
    if (converted) mounts.push(converted);
  }
  return mounts;
}

const PROPAGATIONS = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave']);

function mountOf(inputs: ServiceInputs, names: StackNames, mount: Json, path: ModelPath): SwarmMount | undefined {
  const type = asString(mount['type']) ?? 'volume';
  const source = asString(mount['source']);
  const target = asString(mount['target']) ?? '';
  const readOnly = asBoolean(mount['read_only']) === true ? { ReadOnly: true } : {};
  const consistency = asString(mount['consistency']);
  const base = { Target: target, ...readOnly, ...(consistency ? { Consistency: consistency } : {}) };
  if (type === 'bind') {
    const mode = (asString(mount['mode']) ?? '').split(',');
    const propagation = asString(asRecord(mount['bind'])?.['propagation']) ?? mode.find((option) => PROPAGATIONS.has(option));
    return { Type: 'bind', Source: source ?? '', ...base, ...(propagation ? { BindOptions: { Propagation: propagation } } : {}) };
  }
  if (type === 'tmpfs') {
    const tmpfs = asRecord(mount['tmpfs']);
    const options = dropUndefined({ SizeBytes: byteCount(tmpfs?.['size']), Mode: integerOf(tmpfs?.['mode']) });
    return { Type: 'tmpfs', ...base, ...(Object.keys(options).length ? { TmpfsOptions: options } : {}) };
  }
  // Other types (npipe, cluster, image) are refused by the report (swarmSupport) before the deploy.
  if (type !== 'volume') return undefined;
  const noCopy = asBoolean(asRecord(mount['volume'])?.['nocopy']) === true;
  const subpath = asString(asRecord(mount['volume'])?.['subpath']);
  if (source === undefined || source === '') return { Type: 'volume', ...base, ...(noCopy ? { VolumeOptions: { NoCopy: true } } : {}) };
  const volume = names.volume(source);
  if (!volume) {
    inputs.problems.push({
      path,
      message: `Service "${inputs.name}" mounts volume "${source}", which the top-level "volumes:" key does not declare.`,
    });
    return undefined;
  }
  const options: NonNullable<SwarmMount['VolumeOptions']> = dropUndefined({
    NoCopy: noCopy || undefined,
    Subpath: subpath,
    // An external volume is the node's own; the others are created by each node that runs a task, as docker stack does.
    Labels: volume.external ? undefined : { ...volume.labels, [STACK_LABEL.namespace]: names.namespace },
    DriverConfig:
      volume.external || (volume.driver === undefined && Object.keys(volume.driverOpts).length === 0)
        ? undefined
        : dropUndefined({ Name: volume.driver, Options: Object.keys(volume.driverOpts).length ? volume.driverOpts : undefined }),
  });
  return { Type: 'volume', Source: volume.name, ...base, ...(Object.keys(options).length ? { VolumeOptions: options } : {}) };
}

/** A service's secrets or configs: the engine name and where the file goes (the deploy adds the IDs). */
function fileReferences(inputs: ServiceInputs, kind: 'secrets' | 'configs', names: StackNames): Array<{ file: FileTarget; name: string }> {
  const nameOf = kind === 'secrets' ? names.secret : names.config;
  return stringOrList(inputs.service[kind]).flatMap((entry, index) => {
    const record = asRecord(entry);
    const key = typeof entry === 'string' ? entry : asString(record?.['source']);
    if (key === undefined) return [];
    const name = nameOf(key);
    if (name === undefined) {
      inputs.problems.push({
        path: at(inputs, kind, index),
        message: `The ${kind === 'secrets' ? 'secret' : 'config'} "${key}" is not declared under the top-level "${kind}:" key.`,
      });
      return [];
    }
    const mode = modeNumber(record?.['mode'], names.written(at(inputs, kind, index, 'mode')));
    return [
      {
        name,
        file: {
          Name: asString(record?.['target']) ?? key,
          UID: scalarText(record?.['uid']) ?? '0',
          GID: scalarText(record?.['gid']) ?? '0',
          Mode: mode ?? 0o444,
        },
      },
    ];
  });
}

/**
 * A file mode as Compose reads it: `0440` and `"0440"` are octal (Go reads a leading 0 so, where YAML
 * 1.2 reads a decimal 440), `0o440` is octal, `288` is decimal.
 */
function modeNumber(value: unknown, written: string | undefined): number | undefined {
  if (typeof value === 'number' && written !== undefined && /^0[0-7]+$/.test(written.trim())) return parseInt(written.trim(), 8);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^0?[0-7]{1,4}$/.test(value.trim())) return parseInt(value.trim(), 8);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Networks and ports

function networksOf(inputs: ServiceInputs, names: StackNames): NetworkAttachment[] {
  const mode = asString(inputs.service['network_mode']);
  // `docker service create --network host`: the node's own host (or none) network, which takes no aliases.
  if (mode === 'host' || mode === 'none') return [{ Target: mode }];
  const value = inputs.service['networks'];
  const entries: Array<[string, Json | undefined]> = Array.isArray(value)
    ? value.map((key) => [String(key), undefined])
    : value === undefined || value === null
      ? [['default', undefined]]
      : Object.entries(asRecord(value) ?? {}).map(([key, options]) => [key, asRecord(options)]);
  const attachments = entries.flatMap(([key, options]): NetworkAttachment[] => {
    const target = names.network(key);
    if (target === undefined) {
      inputs.problems.push({
        path: at(inputs, 'networks', key),
        message: `Service "${inputs.name}" joins network "${key}", which the top-level "networks:" key does not declare.`,
      });
      return [];
    }
    const aliases = Array.isArray(options?.['aliases']) ? (options['aliases'] as unknown[]).map(String) : [];
    const driverOpts = options?.['driver_opts'] === undefined ? undefined : labelsOf(options['driver_opts']);
    return [{ Target: target, Aliases: [...aliases, inputs.name], ...(driverOpts ? { DriverOpts: driverOpts } : {}) }];
  });
  return attachments.sort((a, b) => a.Target.localeCompare(b.Target));
}

function endpointOf(inputs: ServiceInputs, deploy: Json): ServiceSpec['EndpointSpec'] | undefined {
  const ports: PortConfig[] = [];
  for (const [index, entry] of stringOrList(inputs.service['ports']).entries()) {
    const record = asRecord(entry);
    const parsed = record ? parseLongPort(record) : parseShortPort(scalarText(entry) ?? '');
    if (!parsed.ok) {
      inputs.problems.push({ path: at(inputs, 'ports', index), message: `The port mapping cannot be used: ${parsed.problem}.` });
      continue;
    }
    const { target, published, protocol } = parsed.mapping;
    const count = target.end - target.start + 1;
    if (published && published.end - published.start + 1 !== count) {
      inputs.problems.push({
        path: at(inputs, 'ports', index),
        message: 'Swarm publishes one host port per container port: a range of host ports for one container port cannot be deployed.',
        unsupported: true,
      });
      continue;
    }
    const mode = asString(record?.['mode']) === 'host' ? 'host' : 'ingress';
    for (let i = 0; i < count; i++)
      ports.push({
        Protocol: protocol as PortConfig['Protocol'],
        TargetPort: target.start + i,
        ...(published ? { PublishedPort: published.start + i } : {}),
        PublishMode: mode,
      });
  }
  const endpointMode = asString(deploy['endpoint_mode']);
  if (ports.length === 0 && endpointMode === undefined) return undefined;
  ports.sort((a, b) => (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0) || a.TargetPort - b.TargetPort);
  return { ...(endpointMode ? { Mode: endpointMode } : {}), ...(ports.length ? { Ports: ports } : {}) };
}

// ---------------------------------------------------------------------------------------------------
// deploy:

function modeOf(inputs: ServiceInputs, deploy: Json): ServiceMode {
  const mode = asString(deploy['mode']) ?? 'replicated';
  const replicas = integerOf(deploy['replicas'] ?? inputs.service['scale']);
  switch (mode) {
    case 'global':
      return { Global: {} };
    case 'global-job':
      return { GlobalJob: {} };
    case 'replicated-job':
      return { ReplicatedJob: { MaxConcurrent: replicas ?? 1, TotalCompletions: replicas ?? 1 } };
    default:
      return { Replicated: { Replicas: replicas ?? 1 } };
  }
}

function cpus(value: unknown): number | undefined {
  const number = Number(scalarText(value) ?? NaN);
  return Number.isFinite(number) ? Math.round(number * 1e9) : undefined;
}

/** deploy.resources, with `cpus`, `mem_limit`, `mem_reservation` and `pids_limit` where it leaves them unset, as Compose reads them. */
function resourcesOf(inputs: ServiceInputs, deploy: Json): ResourceRequirements | undefined {
  const s = inputs.service;
  const resources = asRecord(deploy['resources']);
  const limits = asRecord(resources?.['limits']) ?? {};
  const reservations = asRecord(resources?.['reservations']) ?? {};
  const limit = dropUndefined({
    NanoCPUs: cpus(limits['cpus'] ?? s['cpus']),
    MemoryBytes: byteCount(limits['memory'] ?? s['mem_limit']),
    Pids: integerOf(limits['pids'] ?? s['pids_limit']),
  });
  const generic = Array.isArray(reservations['generic_resources'])
    ? (reservations['generic_resources'] as unknown[]).flatMap((entry) => {
        const spec = asRecord(asRecord(entry)?.['discrete_resource_spec']);
        const kind = asString(spec?.['kind']);
        const value = integerOf(spec?.['value']);
        return kind !== undefined && value !== undefined ? [{ DiscreteResourceSpec: { Kind: kind, Value: value } }] : [];
      })
    : [];
  const reservation = dropUndefined({
    NanoCPUs: cpus(reservations['cpus']),
    MemoryBytes: byteCount(reservations['memory'] ?? s['mem_reservation']),
    GenericResources: nonEmpty(generic),
  });
  const result: ResourceRequirements = {};
  if (Object.keys(limit).length) result.Limits = limit;
  if (Object.keys(reservation).length) result.Reservations = reservation;
  return Object.keys(result).length ? result : undefined;
}

const RESTART_CONDITIONS = new Set(['none', 'on-failure', 'any']);

/** deploy.restart_policy, or the service's `restart` carried the way docker stack carries it. */
function restartPolicyOf(inputs: ServiceInputs, deploy: Json): RestartPolicy | undefined {
  const policy = asRecord(deploy['restart_policy']);
  if (policy) {
    const condition = asString(policy['condition']);
    return dropUndefined({
      Condition: condition && RESTART_CONDITIONS.has(condition) ? (condition as RestartPolicy['Condition']) : undefined,
      Delay: policy['delay'] === undefined ? undefined : nanosecondsAt(inputs, policy['delay'], 'deploy', 'restart_policy', 'delay'),
      MaxAttempts: integerOf(policy['max_attempts']),
      Window: policy['window'] === undefined ? undefined : nanosecondsAt(inputs, policy['window'], 'deploy', 'restart_policy', 'window'),
    });
  }
  const restart = scalarText(inputs.service['restart']);
  if (restart === undefined) return undefined;
  const [name, retries] = restart.split(':');
  const attempts = retries === undefined ? undefined : integerOf(retries);
  const maxAttempts = attempts !== undefined && attempts > 0 ? { MaxAttempts: attempts } : {};
  if (name === 'no') return { Condition: 'none' };
  if (name === 'always' || name === 'unless-stopped') return { Condition: 'any', ...maxAttempts };
  if (name === 'on-failure') return { Condition: 'on-failure', ...maxAttempts };
  inputs.problems.push({
    path: at(inputs, 'restart'),
    message: `"${restart}" is not a restart policy (no, always, on-failure[:N], unless-stopped).`,
  });
  return undefined;
}

function placementOf(deploy: Json): ServiceSpec['TaskTemplate']['Placement'] {
  const placement = asRecord(deploy['placement']);
  if (!placement) return undefined;
  const constraints = stringList(placement['constraints']);
  const preferences = (Array.isArray(placement['preferences']) ? (placement['preferences'] as unknown[]) : []).flatMap((entry) => {
    const spread = asString(asRecord(entry)?.['spread']);
    return spread === undefined ? [] : [{ Spread: { SpreadDescriptor: spread } }];
  });
  const result = dropUndefined({
    Constraints: constraints && nonEmpty(constraints),
    Preferences: nonEmpty(preferences),
    MaxReplicas: integerOf(placement['max_replicas_per_node']),
  });
  return Object.keys(result).length ? result : undefined;
}

/** update_config / rollback_config; Parallelism defaults to 1 as in docker stack. */
function updateConfigOf(inputs: ServiceInputs, deploy: Json, key: 'update_config' | 'rollback_config'): UpdateConfig | undefined {
  const config = asRecord(deploy[key]);
  if (!config) return undefined;
  const duration = (field: string): number | undefined =>
    config[field] === undefined ? undefined : nanosecondsAt(inputs, config[field], 'deploy', key, field);
  const ratio = Number(scalarText(config['max_failure_ratio']) ?? NaN);
  return dropUndefined({
    Parallelism: integerOf(config['parallelism']) ?? 1,
    Delay: duration('delay'),
    FailureAction: asString(config['failure_action']),
    Monitor: duration('monitor'),
    MaxFailureRatio: Number.isFinite(ratio) ? ratio : undefined,
    Order: asString(config['order']),
  });
}

function logDriverOf(service: Json): ServiceSpec['TaskTemplate']['LogDriver'] {
  const logging = asRecord(service['logging']);
  if (!logging) return undefined;
  const options = labelsOf(logging['options']);
  return { Name: asString(logging['driver']) ?? 'json-file', ...(Object.keys(options).length ? { Options: options } : {}) };
}
