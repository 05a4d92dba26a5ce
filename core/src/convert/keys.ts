/**
 * Which Compose keys the converter carries to ECS, and which it reports as not carried (with why).
 * A test walks every service property of schemas/compose.schema.json and fails when one is in
 * neither set, so a key added to Compose cannot be dropped silently.
 */
import { SERVICE_MAPPERS } from './compose';

export interface ReportedKey {
  kind: 'dropped' | 'notes';
  reason: string;
  action?: string;
}

/** Service keys with a mapper (see compose/index.ts); each mapper reports what it cannot carry of them. */
/** What the mappers carry over, plus the service's own `x-ecs`, which is applied to its container. */
export const MAPPED_SERVICE_KEYS: ReadonlySet<string> = new Set([...SERVICE_MAPPERS.flatMap((mapper) => mapper.keys), 'x-ecs']);

const NO_ECS_LIMIT = 'ECS has no setting for it; the container runs with the default.';

/** Service keys ECS has no counterpart for, and what the report says about each. */
export const REPORTED_SERVICE_KEY_REASONS: Readonly<Record<string, ReportedKey>> = {
  annotations: { kind: 'dropped', reason: 'ECS has no container annotations.', action: 'Use "labels" (dockerLabels) instead.' },
  attach: { kind: 'dropped', reason: 'Whether "docker compose up" attaches to the logs is a local setting.' },
  blkio_config: { kind: 'dropped', reason: `Block IO weights and limits: ${NO_ECS_LIMIT}` },
  cgroup: { kind: 'dropped', reason: `The cgroup namespace: ${NO_ECS_LIMIT}` },
  cgroup_parent: { kind: 'dropped', reason: 'ECS places containers in its own cgroups.' },
  configs: {
    kind: 'dropped',
    reason: 'ECS has no configs: nothing mounts the file into the container.',
    action: 'Build the file into the image, or keep it on an EFS volume, or pass it as an environment variable.',
  },
  container_name: { kind: 'notes', reason: 'ECS names containers after the service; container_name is not used.' },
  cpu_count: { kind: 'dropped', reason: `The CPU count (Windows): ${NO_ECS_LIMIT}`, action: 'Use "cpus" to size the container.' },
  cpu_percent: { kind: 'dropped', reason: `The CPU percentage (Windows): ${NO_ECS_LIMIT}`, action: 'Use "cpus" to size the container.' },
  cpu_period: { kind: 'dropped', reason: `The CFS period: ${NO_ECS_LIMIT}`, action: 'Use "cpus" to size the container.' },
  cpu_quota: { kind: 'dropped', reason: `The CFS quota: ${NO_ECS_LIMIT}`, action: 'Use "cpus" to size the container.' },
  cpu_rt_period: { kind: 'dropped', reason: `The real-time CPU period: ${NO_ECS_LIMIT}` },
  cpu_rt_runtime: { kind: 'dropped', reason: `The real-time CPU runtime: ${NO_ECS_LIMIT}` },
  cpuset: { kind: 'dropped', reason: 'ECS does not pin containers to CPUs.' },
  credential_spec: {
    kind: 'dropped',
    reason: 'A gMSA credential spec is written differently in ECS.',
    action: 'Set "credentialSpecs" in the per-service x-ecs.',
  },
  develop: { kind: 'dropped', reason: 'Compose Watch is a development feature with no meaning in ECS.' },
  device_cgroup_rules: { kind: 'dropped', reason: 'ECS has no device cgroup rules.', action: 'Use "devices" (EC2 only).' },
  dns_opt: { kind: 'dropped', reason: 'ECS can set DNS servers and search domains, not resolver options.' },
  domainname: { kind: 'dropped', reason: 'ECS has no domain name setting.' },
  expose: {
    kind: 'notes',
    reason: 'ECS needs no declaration for ports used only inside the task: its containers reach each other on localhost on any port.',
    action: 'Add a port mapping if something outside the task must reach the port.',
  },
  extends: { kind: 'notes', reason: 'extends is resolved when the project is loaded; the converter reads the result.' },
  external_links: {
    kind: 'dropped',
    reason: 'ECS links only containers of the same task.',
    action: 'Reach the outside container through its address or service discovery.',
  },
  group_add: {
    kind: 'dropped',
    reason: 'ECS has no supplementary groups setting.',
    action: 'Add the groups in the image, or use "user": "uid:gid".',
  },
  isolation: { kind: 'dropped', reason: 'ECS chooses the Windows isolation itself.' },
  label_file: { kind: 'dropped', reason: 'The labels of label files are not read by the converter.', action: 'Copy them into "labels".' },
  mac_address: { kind: 'dropped', reason: 'ECS gives tasks their network interface and MAC address.' },
  models: { kind: 'dropped', reason: 'ECS has no AI model runner.' },
  networks: {
    kind: 'notes',
    reason:
      "In ECS the task's network is chosen when it runs (subnets and security groups); the containers of one task share it, so the Compose networks, aliases and addresses are not used.",
    action: 'Choose subnets and security groups when running the task or creating the service.',
  },
  oom_kill_disable: { kind: 'dropped', reason: `The OOM killer setting: ${NO_ECS_LIMIT}` },
  oom_score_adj: { kind: 'dropped', reason: `The OOM score: ${NO_ECS_LIMIT}` },
  pids_limit: { kind: 'dropped', reason: `The process limit: ${NO_ECS_LIMIT}`, action: 'Use the "nproc" ulimit (EC2).' },
  post_start: { kind: 'dropped', reason: 'ECS has no lifecycle hooks.', action: 'Run the command from the entrypoint instead.' },
  pre_start: {
    kind: 'dropped',
    reason: 'ECS has no lifecycle hooks.',
    action: 'Use a non-essential container that the service waits on (dependsOn SUCCESS).',
  },
  pre_stop: { kind: 'dropped', reason: 'ECS has no lifecycle hooks.', action: 'Handle SIGTERM in the application.' },
  profiles: {
    kind: 'notes',
    reason: 'ECS has no profiles: this service is converted because one of its profiles is active.',
  },
  provider: { kind: 'dropped', reason: 'A provider service is run by a Compose plugin; ECS has none.' },
  pull_policy: {
    kind: 'dropped',
    reason: 'ECS pulls the image itself.',
    action: 'ECS_IMAGE_PULL_BEHAVIOR on EC2 instances controls pulling.',
  },
  pull_refresh_after: { kind: 'dropped', reason: 'ECS pulls the image itself.' },
  runtime: { kind: 'dropped', reason: 'ECS chooses the container runtime.' },
  scale: {
    kind: 'dropped',
    reason: "The number of copies is the ECS service's desired count.",
    action: 'Set desiredCount when creating the ECS service.',
  },
  stop_signal: {
    kind: 'dropped',
    reason: "ECS stops containers with the image's stop signal (SIGTERM by default).",
    action: 'Set STOPSIGNAL in the Dockerfile.',
  },
  storage_opt: {
    kind: 'dropped',
    reason: 'ECS has no storage driver options.',
    action: 'On Fargate, size the task\'s storage with x-ecs "ephemeralStorage".',
  },
  use_api_socket: { kind: 'dropped', reason: 'ECS does not give containers the Docker API socket.' },
  userns_mode: { kind: 'dropped', reason: 'ECS has no user namespace setting.' },
  uts: { kind: 'dropped', reason: 'ECS has no UTS namespace setting.' },
};

export const REPORTED_SERVICE_KEYS: ReadonlySet<string> = new Set(Object.keys(REPORTED_SERVICE_KEY_REASONS));

/** Top-level keys read by the converter. */
export const MAPPED_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(['name', 'services', 'volumes', 'secrets', 'x-ecs']);

export const REPORTED_TOP_LEVEL_KEY_REASONS: Readonly<Record<string, ReportedKey>> = {
  version: { kind: 'notes', reason: 'The version is obsolete; Compose ignores it, and so does the converter.' },
  include: {
    kind: 'notes',
    reason: 'The included files were not read, so their services are not converted.',
    action: 'Convert the Compose file itself (Convert to Task Definition, or dockside convert), which reads the files it includes.',
  },
  networks: {
    kind: 'notes',
    reason: "The task's network is chosen when it runs (awsvpc: subnets and security groups); Compose networks are not used.",
  },
  configs: { kind: 'dropped', reason: 'ECS has no configs.', action: 'Build the files into the image, or keep them on an EFS volume.' },
  models: { kind: 'dropped', reason: 'ECS has no AI model runner.' },
};

export const REPORTED_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set(Object.keys(REPORTED_TOP_LEVEL_KEY_REASONS));
