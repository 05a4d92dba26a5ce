/**
 * What Docker Swarm does with a Compose project, key by key: what a stack carries over, what Swarm
 * ignores (`build`, `depends_on`, `container_name`, …) and what it refuses (a service with no image,
 * `volumes_from`, a bridge network, a relative bind mount on a swarm of several nodes). The answer is a
 * loss report in the converter's form, each entry at the key in the Compose model, so the deploy can
 * print it with file and line before it starts and the validator can underline it in a file meant for
 * Swarm. Pure: the caller passes the model (and, deploying, what it knows of the swarm).
 *
 * The choices follow `docker stack deploy` (docker/cli cli/compose/convert and loader): its ignored
 * ("unsupported") keys are reported as dropped, its forbidden ones as errors; where Dockside carries a
 * key that `docker stack deploy` drops or refuses (`mem_limit`, `cpus`, `scale`, service-level `tmpfs`,
 * `network_mode: host`), the report says how it was carried.
 */
import { asRecord, asString, type Json } from '../json';
import { createReporter, type LossReport, type ReportPath, type Reporter } from '../convert/report';
import { parseLongPort, parseShortPort } from '../compose/ports';

export interface SwarmSupportOptions {
  /** The services to deploy (the active profiles'); every service of the model by default. */
  services?: readonly string[];
  /** How many nodes the swarm has, when it is known (deploying); the editor does not know. */
  nodes?: number;
  /**
   * The text a value was written with in its file, when the model holds another (the project loader
   * makes bind sources absolute); by default the model's own value is what was written.
   */
  written?: (path: ReportPath) => string | undefined;
  /** The whole project's model, when `model` is one of its files: whether a service has an image is judged on it. */
  project?: Json;
}

type SwarmKey =
  | { readonly kind: 'mapped' }
  | { readonly kind: 'error' | 'dropped' | 'approximated' | 'notes'; readonly reason: string; readonly action?: string };

const MAPPED: SwarmKey = { kind: 'mapped' };
const NO_SWARM_SETTING = 'A Swarm service has no such setting; its tasks run without it.';
const RESOURCES = 'Swarm sizes tasks with deploy.resources only.';

/**
 * Every service key of the Compose schema: carried to the service spec, or reported with why. A test
 * walks the schema and fails on a key that is in neither, so nothing is ignored silently.
 */
export const SWARM_SERVICE_KEYS: Readonly<Record<string, SwarmKey>> = {
  // Carried (some with conditions, checked below).
  build: MAPPED,
  cap_add: MAPPED,
  cap_drop: MAPPED,
  command: MAPPED,
  configs: MAPPED,
  cpus: MAPPED,
  deploy: MAPPED,
  dns: MAPPED,
  dns_opt: MAPPED,
  dns_search: MAPPED,
  entrypoint: MAPPED,
  env_file: MAPPED,
  environment: MAPPED,
  extends: MAPPED,
  extra_hosts: MAPPED,
  group_add: MAPPED,
  healthcheck: MAPPED,
  hostname: MAPPED,
  image: MAPPED,
  init: MAPPED,
  isolation: MAPPED,
  labels: MAPPED,
  logging: MAPPED,
  mem_limit: MAPPED,
  mem_reservation: MAPPED,
  network_mode: MAPPED,
  networks: MAPPED,
  oom_score_adj: MAPPED,
  pids_limit: MAPPED,
  ports: MAPPED,
  profiles: MAPPED,
  read_only: MAPPED,
  restart: MAPPED,
  scale: MAPPED,
  secrets: MAPPED,
  stdin_open: MAPPED,
  stop_grace_period: MAPPED,
  stop_signal: MAPPED,
  sysctls: MAPPED,
  tmpfs: MAPPED,
  tty: MAPPED,
  ulimits: MAPPED,
  user: MAPPED,
  volumes: MAPPED,
  working_dir: MAPPED,
  // Refused: `docker stack deploy` stops on these too.
  volumes_from: {
    kind: 'error',
    reason: 'Swarm services cannot share the volumes of another container.',
    action: 'Declare the volume under the top-level "volumes:" key and mount it in each service that shares it.',
  },
  // Ignored by Swarm.
  annotations: { kind: 'dropped', reason: 'Swarm services have no container annotations.', action: 'Use "labels".' },
  attach: { kind: 'dropped', reason: 'Whether "docker compose up" attaches to the logs is a local setting.' },
  blkio_config: { kind: 'dropped', reason: `Block IO weights and limits: ${NO_SWARM_SETTING}` },
  cgroup: { kind: 'dropped', reason: `The cgroup namespace: ${NO_SWARM_SETTING}` },
  cgroup_parent: { kind: 'dropped', reason: 'Swarm places tasks in its own cgroups.' },
  container_name: {
    kind: 'dropped',
    reason: 'Swarm names the containers of a service itself (<stack>_<service>.<slot>.<task id>).',
    action: 'Remove it; other services reach this one by its service name.',
  },
  cpu_count: { kind: 'dropped', reason: `The CPU count (Windows): ${RESOURCES}`, action: 'Use deploy.resources.limits.cpus.' },
  cpu_percent: { kind: 'dropped', reason: `The CPU percentage (Windows): ${RESOURCES}`, action: 'Use deploy.resources.limits.cpus.' },
  cpu_period: { kind: 'dropped', reason: `The CFS period: ${RESOURCES}`, action: 'Use deploy.resources.limits.cpus.' },
  cpu_quota: { kind: 'dropped', reason: `The CFS quota: ${RESOURCES}`, action: 'Use deploy.resources.limits.cpus.' },
  cpu_rt_period: { kind: 'dropped', reason: `The real-time CPU period: ${NO_SWARM_SETTING}` },
  cpu_rt_runtime: { kind: 'dropped', reason: `The real-time CPU runtime: ${NO_SWARM_SETTING}` },
  cpu_shares: { kind: 'dropped', reason: `CPU shares: ${RESOURCES}`, action: 'Use deploy.resources.reservations.cpus.' },
  cpuset: { kind: 'dropped', reason: 'Swarm does not pin tasks to CPUs.' },
  credential_spec: { kind: 'dropped', reason: 'Dockside does not carry gMSA credential specs (Windows) to Swarm.' },
  depends_on: {
    kind: 'dropped',
    reason: 'Swarm starts every service of a stack at once: there is no start order and no waiting for a healthy dependency.',
    action: 'Make the service retry until what it needs answers (its tasks are restarted until then).',
  },
  develop: { kind: 'dropped', reason: 'Compose Watch is a development feature; Swarm does not sync or rebuild.' },
  device_cgroup_rules: { kind: 'dropped', reason: `Device cgroup rules: ${NO_SWARM_SETTING}` },
  devices: { kind: 'dropped', reason: 'Swarm services cannot map host devices.' },
  domainname: { kind: 'dropped', reason: `The domain name: ${NO_SWARM_SETTING}` },
  expose: {
    kind: 'notes',
    reason: 'Exposing ports is not needed: services on the same network reach each other on any port.',
  },
  external_links: {
    kind: 'dropped',
    reason: 'Swarm services cannot link to containers outside the swarm.',
    action: 'Join the container to an attachable overlay network of the stack instead.',
  },
  gpus: {
    kind: 'dropped',
    reason: 'Swarm hands out GPUs as generic resources of the nodes, not with "gpus".',
    action: 'Advertise the GPUs as node generic resources and reserve them in deploy.resources.reservations.generic_resources.',
  },
  ipc: { kind: 'dropped', reason: `The IPC namespace: ${NO_SWARM_SETTING}` },
  label_file: { kind: 'dropped', reason: 'Label files are not read for a stack.', action: 'Copy their labels into "labels".' },
  links: {
    kind: 'dropped',
    reason: "Swarm has no links; every service answers to its name on the stack's networks.",
    action: 'Use the service name, or an alias under the service\'s "networks:".',
  },
  mac_address: { kind: 'dropped', reason: 'Swarm gives every task its own network interfaces and MAC addresses.' },
  mem_swappiness: { kind: 'dropped', reason: `Memory swappiness: ${RESOURCES}` },
  memswap_limit: { kind: 'dropped', reason: `The swap limit: ${RESOURCES}`, action: 'Use deploy.resources.limits.memory.' },
  models: { kind: 'dropped', reason: 'Swarm has no AI model runner.' },
  oom_kill_disable: { kind: 'dropped', reason: `The OOM killer setting: ${NO_SWARM_SETTING}` },
  pid: { kind: 'dropped', reason: `The PID namespace: ${NO_SWARM_SETTING}` },
  platform: {
    kind: 'dropped',
    reason: 'Swarm picks the image variant of each node itself.',
    action: 'To keep the service on some nodes, use deploy.placement.constraints (node.platform.arch == x86_64).',
  },
  post_start: { kind: 'dropped', reason: 'Swarm has no lifecycle hooks.', action: 'Run the command from the entrypoint instead.' },
  pre_start: { kind: 'dropped', reason: 'Swarm has no lifecycle hooks.', action: 'Run the command from the entrypoint instead.' },
  pre_stop: { kind: 'dropped', reason: 'Swarm has no lifecycle hooks.', action: 'Handle SIGTERM in the application.' },
  privileged: {
    kind: 'dropped',
    reason: 'Swarm services cannot run privileged.',
    action: 'Grant only the capabilities needed with cap_add.',
  },
  provider: { kind: 'dropped', reason: 'A provider service is run by a Compose plugin; Swarm has none.' },
  pull_policy: { kind: 'dropped', reason: 'Each node pulls the image when it runs a task and the image is missing.' },
  pull_refresh_after: { kind: 'dropped', reason: 'Each node pulls the image when it runs a task and the image is missing.' },
  runtime: { kind: 'dropped', reason: `The container runtime: ${NO_SWARM_SETTING}` },
  security_opt: { kind: 'dropped', reason: `Security options: ${NO_SWARM_SETTING}` },
  shm_size: {
    kind: 'dropped',
    reason: `The size of /dev/shm: ${NO_SWARM_SETTING}`,
    action: 'Mount a tmpfs at /dev/shm with a size (volumes: type tmpfs).',
  },
  storage_opt: { kind: 'dropped', reason: `Storage driver options: ${NO_SWARM_SETTING}` },
  use_api_socket: { kind: 'dropped', reason: 'Swarm does not give tasks the Docker API socket.' },
  userns_mode: { kind: 'dropped', reason: `The user namespace: ${NO_SWARM_SETTING}` },
  uts: { kind: 'dropped', reason: `The UTS namespace: ${NO_SWARM_SETTING}` },
};

/** Keys of a service's network entry that Swarm has no counterpart for. */
const NETWORK_ENTRY_DROPPED: Readonly<Record<string, string>> = {
  ipv4_address: 'Swarm gives tasks their addresses itself; a fixed address is not possible.',
  ipv6_address: 'Swarm gives tasks their addresses itself; a fixed address is not possible.',
  link_local_ips: 'Swarm gives tasks their addresses itself.',
  mac_address: 'Swarm gives every task its own network interfaces and MAC addresses.',
  priority: 'Swarm attaches a service to its networks in no particular order.',
  gw_priority: 'Swarm chooses the default gateway itself.',
  interface_name: 'Swarm names the interfaces of a task itself.',
};

const DEPLOY_MODES = new Set(['replicated', 'global', 'replicated-job', 'global-job']);

/** Which top-level keys carry into a stack; `include` and `extends` are resolved by the project loader first. */
export const SWARM_TOP_LEVEL_KEYS: Readonly<Record<string, SwarmKey>> = {
  name: MAPPED,
  services: MAPPED,
  networks: MAPPED,
  volumes: MAPPED,
  secrets: MAPPED,
  configs: MAPPED,
  include: MAPPED,
  version: MAPPED,
  models: { kind: 'dropped', reason: 'Swarm has no AI model runner.' },
};

/** The report for deploying `model` as a stack. */
export function swarmSupport(model: Json, options: SwarmSupportOptions = {}): LossReport {
  const reporter = createReporter();
  const services = asRecord(model['services']) ?? {};
  const active = options.services ?? Object.keys(services);
  const whole = asRecord(options.project?.['services']) ?? services;
  for (const name of active) {
    const service = asRecord(services[name]);
    if (service) checkService(reporter, name, service, asRecord(whole[name]) ?? service, options);
  }
  for (const [key, entry] of Object.entries(SWARM_TOP_LEVEL_KEYS)) {
    if (entry.kind !== 'mapped' && model[key] !== undefined) report(reporter, entry.kind, [key], entry.reason, entry.action);
  }
  checkNetworks(reporter, model);
  checkVolumes(reporter, model, options);
  return reporter.report;
}

function report(reporter: Reporter, kind: Exclude<SwarmKey['kind'], 'mapped'>, path: ReportPath, reason: string, action?: string): void {
  const method = { error: reporter.error, dropped: reporter.drop, approximated: reporter.approximate, notes: reporter.note }[kind];
  method(path, reason, action);
}

function checkService(reporter: Reporter, name: string, service: Json, whole: Json, options: SwarmSupportOptions): void {
  const at = (...rest: ReportPath): ReportPath => ['services', name, ...rest];
  for (const key of Object.keys(service)) {
    const entry = SWARM_SERVICE_KEYS[key];
    if (entry && entry.kind !== 'mapped') report(reporter, entry.kind, at(key), entry.reason, entry.action);
  }
  if (whole['image'] === undefined && service['build'] !== undefined)
    reporter.error(
      at('build'),
      `Swarm runs images and does not build them: service "${name}" has "build" and no "image".`,
      'Build and push the image to a registry every node can pull from, and name it in "image".',
    );
  else if (service['build'] !== undefined)
    reporter.drop(
      at('build'),
      'Swarm does not build: every node runs the image named in "image", pulled from its registry or found on the node.',
      'Build and push the image before deploying.',
    );
  checkNetworkMode(reporter, name, service);
  checkResources(reporter, name, service);
  checkPorts(reporter, name, service);
  checkServiceNetworks(reporter, name, service);
  checkMounts(reporter, name, service, options);
  const deploy = asRecord(service['deploy']);
  const mode = asString(deploy?.['mode']) ?? 'replicated';
  if (deploy && DEPLOY_MODES.has(mode) && mode.startsWith('global') && deploy['replicas'] !== undefined)
    reporter.error(
      at('deploy', 'replicas'),
      `A service in "${mode}" mode runs one task on every node; it cannot also ask for replicas.`,
      'Remove "replicas", or use mode: replicated.',
    );
  if (service['scale'] !== undefined && deploy?.['replicas'] !== undefined)
    reporter.drop(at('scale'), 'deploy.replicas sets the number of tasks; "scale" is not used beside it.');
  else if (service['scale'] !== undefined) reporter.approximate(at('scale'), 'Carried as deploy.replicas, the number of tasks.');
  if (service['restart'] !== undefined && deploy?.['restart_policy'] !== undefined)
    reporter.drop(at('restart'), 'deploy.restart_policy decides when Swarm restarts tasks; "restart" is not used beside it.');
  else if (service['restart'] !== undefined)
    reporter.approximate(
      at('restart'),
      'Carried as deploy.restart_policy (no → none, on-failure → on-failure, always and unless-stopped → any); a task Swarm stops is replaced, not restarted.',
    );
  if (service['tmpfs'] !== undefined) reporter.approximate(at('tmpfs'), 'Carried as tmpfs mounts of the service.');
}

/** `host` and `none` join the engine's network of that name, as `docker service create --network host`; sharing a namespace is refused. */
function checkNetworkMode(reporter: Reporter, name: string, service: Json): void {
  const mode = asString(service['network_mode']);
  if (mode === undefined || mode === 'host' || mode === 'none') return;
  if (mode === 'bridge' || mode === 'default') {
    reporter.drop(['services', name, 'network_mode'], "Swarm services join the stack's networks, not the engine's default bridge.");
    return;
  }
  reporter.error(
    ['services', name, 'network_mode'],
    `Swarm tasks cannot share the network namespace of another service or container ("${mode}").`,
    "Put both services on one of the stack's networks and reach the other by its name.",
  );
}

/** `mem_limit`, `cpus`, `mem_reservation` and `pids_limit` become the service's resources when deploy.resources leaves them unset. */
function checkResources(reporter: Reporter, name: string, service: Json): void {
  const resources = asRecord(asRecord(service['deploy'])?.['resources']);
  const pairs: Array<[string, 'limits' | 'reservations', string]> = [
    ['cpus', 'limits', 'cpus'],
    ['mem_limit', 'limits', 'memory'],
    ['mem_reservation', 'reservations', 'memory'],
    ['pids_limit', 'limits', 'pids'],
  ];
  for (const [key, group, field] of pairs) {
    if (service[key] === undefined) continue;
    if (asRecord(resources?.[group])?.[field] !== undefined)
      reporter.drop(['services', name, key], `deploy.resources.${group}.${field} sizes the tasks; "${key}" is not used beside it.`);
    else reporter.approximate(['services', name, key], `Carried as deploy.resources.${group}.${field}.`);
  }
  const devices = asRecord(resources?.['reservations'])?.['devices'];
  if (devices !== undefined)
    reporter.drop(
      ['services', name, 'deploy', 'resources', 'reservations', 'devices'],
      'Swarm reserves devices as generic resources of the nodes, not as device requests.',
      'Use deploy.resources.reservations.generic_resources.',
    );
}

function checkPorts(reporter: Reporter, name: string, service: Json): void {
  const ports = service['ports'];
  if (!Array.isArray(ports)) return;
  ports.forEach((entry, index) => {
    const record = asRecord(entry);
    const parsed = record ? parseLongPort(record) : typeof entry === 'string' ? parseShortPort(entry) : undefined;
    const path: ReportPath = ['services', name, 'ports', index];
    if (parsed?.ok && parsed.mapping.hostIp !== undefined && !['', '0.0.0.0', '::'].includes(parsed.mapping.hostIp))
      reporter.drop(
        record ? [...path, 'host_ip'] : path,
        `Swarm publishes on every address of a node; the host address ${parsed.mapping.hostIp} is not used.`,
        'Restrict access with a firewall, or publish in mode: host on chosen nodes.',
      );
    for (const key of ['name', 'app_protocol']) {
      if (record?.[key] !== undefined)
        reporter.drop([...path, key], `A published port of a Swarm service has no ${key.replace('_', ' ')}.`);
    }
  });
}

function checkServiceNetworks(reporter: Reporter, name: string, service: Json): void {
  const networks = asRecord(service['networks']);
  for (const [network, value] of Object.entries(networks ?? {})) {
    for (const key of Object.keys(asRecord(value) ?? {})) {
      const reason = NETWORK_ENTRY_DROPPED[key];
      if (reason) reporter.drop(['services', name, 'networks', network, key], reason);
    }
  }
}

/** A bind source that names a folder of the deploying machine: relative to the Compose file, or under `~`. */
function machineFolder(source: string, short: boolean): boolean {
  if (/^(\.|~)/.test(source)) return true;
  // A long-syntax bind source without ./ is relative too; an absolute or interpolated path is not.
  return !short && !/^([\\/]|[A-Za-z]:[\\/]|\$)/.test(source);
}

/** The value as written, without the quotes around it. */
function unquoted(text: string): string {
  return /^(["']).*\1$/s.test(text) ? text.slice(1, -1) : text;
}

function checkMounts(reporter: Reporter, name: string, service: Json, options: SwarmSupportOptions): void {
  const volumes = service['volumes'];
  if (!Array.isArray(volumes)) return;
  volumes.forEach((entry, index) => {
    const path: ReportPath = ['services', name, 'volumes', index];
    const record = asRecord(entry);
    let source: string | undefined;
    let where = path;
    if (record) {
      const type = asString(record['type']) ?? 'volume';
      if (!['volume', 'bind', 'tmpfs'].includes(type)) {
        reporter.error([...path, 'type'], `Dockside deploys volume, bind and tmpfs mounts to Swarm; "${type}" mounts are not supported.`);
        return;
      }
      where = [...path, 'source'];
      // The text found at the same place in the file counts only if it is this entry (same target).
      const target = options.written?.([...path, 'target']);
      const written = target !== undefined && unquoted(target) === asString(record['target']) ? options.written?.(where) : undefined;
      source = type === 'bind' ? (written === undefined ? asString(record['source']) : unquoted(written)) : undefined;
    } else if (typeof entry === 'string') {
      const found = options.written?.(path);
      const written = found === undefined ? undefined : unquoted(found);
      const text = written !== undefined && entry.endsWith(written.slice(written.indexOf(':'))) ? written : entry;
      const parts = text.split(':');
      source = parts.length > 1 ? parts[0] : undefined;
    }
    if (source === undefined || !machineFolder(source, !record)) return;
    const why = `The bind mount's source ${source} is a folder of the machine that deploys; a task can mount it only on a node where that folder exists, and Swarm does not create it.`;
    if (options.nodes !== undefined && options.nodes > 1)
      reporter.error(
        where,
        `${why} This swarm has ${options.nodes} nodes.`,
        'Use a named volume or a config, or an absolute path that exists on every node (and keep the service there with deploy.placement.constraints).',
      );
    else if (options.nodes === undefined)
      reporter.note(
        where,
        `${why} On a swarm of one node that is this machine's own folder.`,
        'On several nodes, use a named volume or a config.',
      );
  });
}

function checkNetworks(reporter: Reporter, model: Json): void {
  for (const [key, value] of Object.entries(asRecord(model['networks']) ?? {})) {
    const network = asRecord(value);
    if (!network || network['external'] !== undefined) continue;
    const driver = asString(network['driver']);
    if (driver === 'bridge' || driver === 'host' || driver === 'none')
      reporter.error(
        ['networks', key, 'driver'],
        `A "${driver}" network belongs to one engine; Swarm services need a swarm-wide network.`,
        'Remove "driver" (a stack network is an overlay network), or use driver: overlay.',
      );
  }
}

function checkVolumes(reporter: Reporter, model: Json, options: SwarmSupportOptions): void {
  if (options.nodes === undefined || options.nodes < 2) return;
  for (const [key, value] of Object.entries(asRecord(model['volumes']) ?? {})) {
    const volume = asRecord(value);
    if (volume?.['external'] !== undefined) continue;
    const driver = asString(volume?.['driver']) ?? 'local';
    if (driver === 'local')
      reporter.note(
        ['volumes', key],
        `Each of the ${options.nodes} nodes that runs a task gets its own "${key}" volume, created empty; they do not share data.`,
        'Use a volume driver that shares storage between nodes, or keep the service on one node with deploy.placement.constraints.',
      );
  }
}
