// A Compose project read through the shared core (files, overrides, `.env`, profiles, extends,
// include — what the language server checks) and planned for the engine: networks, volumes, and per
// service the container-create options, their config hash and what the service waits for. Pure but
// for the host it reads files through, so planning is unit-tested without an engine.
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import type Docker from 'dockerode';
import { checkComposeProject, defaultProjectFiles, type CheckedProject, type Project, type ProjectHost } from '@dockside/core';
import { sourceOf } from '@dockside/core';
import { serviceDependencies } from '@dockside/core';
import { asBoolean, asRecord, asString, scalarText, type Json } from '@dockside/core';
import { findCycles } from '@dockside/core';
import { LineIndex } from '@dockside/core';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import { COMPOSE_VERSION, LABEL } from './labels';
import { networkPlans, serviceNetworkKeys, volumePlans, type NetworkAttachment, type NetworkPlan, type VolumePlan } from './resources';
import {
  commandWords,
  dropUndefined,
  environmentOf,
  healthcheckOf,
  hostSettingsOf,
  integerOf,
  labelsOf,
  portsOf,
  restartPolicyOf,
  stopTimeoutOf,
  storageOf,
  type PlanProblem,
  type ServiceInputs,
} from './serviceConfig';

export interface StackSource {
  workingDir: string;
  /** Compose files, relative to workingDir or absolute; by default those `docker compose` picks (COMPOSE_FILE, else by name). */
  files?: string[];
  projectName?: string;
  profiles?: string[];
  /** `--env-file` files, relative to workingDir or absolute; by default `.env` in workingDir. */
  envFiles?: string[];
  /** The environment Compose would run in; the process's by default. */
  env?: Record<string, string>;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  service: string;
  condition: DependencyCondition;
  /** `required: false`: a missing or failed dependency does not stop this service. */
  required: boolean;
  restart: boolean;
}

export interface BuildPlan {
  context: string;
  dockerfile: string;
  args: Record<string, string>;
  target?: string;
  labels: Record<string, string>;
}

export interface ServicePlan {
  name: string;
  image: string;
  build?: BuildPlan;
  pullPolicy: 'missing' | 'always' | 'never' | 'build';
  replicas: number;
  containerName?: string;
  dependsOn: Dependency[];
  /** `network_mode` as written (`host`, `none`, `service:db`, `container:x`). */
  networkMode?: string;
  /** Highest priority first: the first is given at create time, the others connected before start. */
  networks: NetworkAttachment[];
  hasHealthcheck: boolean;
  /** The create options every replica shares: not yet its name, number or networks. */
  config: Docker.ContainerCreateOptions;
  /** sha256 of everything above that shapes a container; a change means recreate. */
  configHash: string;
}

export interface LoadedStack {
  projectName: string;
  workingDir: string;
  files: string[];
  profiles: string[];
  /** The services the active profiles select, in the file's order. */
  services: string[];
  volumes: { name: string; engineName: string; external: boolean }[];
  /** Findings that stop Up, as sentences with file:line. */
  errors: string[];
  /** `definedServices`: every service of the files, also those the profiles leave out (they are not orphans). */
  plan: { services: ServicePlan[]; networks: NetworkPlan[]; volumes: VolumePlan[]; definedServices: string[] };
}

/** A project read for the engine: the loaded and checked project, from the files `docker compose` would read. */
export interface ReadProject {
  checked: CheckedProject;
  project: Project;
  workingDir: string;
  files: string[];
}

/**
 * Reads a project as `docker compose` does (files, overrides, `.env` or `--env-file`, profiles,
 * extends, include) and checks it as `dockside validate` does: the one way the runner and the Swarm
 * deploy read it.
 */
export function readProject(source: StackSource, host: ProjectHost = diskHost()): ReadProject {
  const workingDir = resolve(source.workingDir);
  const env = source.env ?? shellEnvironment();
  const absolute = (file: string): string => (isAbsolute(file) ? file : resolve(workingDir, file));
  const envFiles = source.envFiles?.map(absolute);
  const files = source.files?.length
    ? source.files.map(absolute)
    : defaultProjectFiles({ workingDir, env, host, ...(envFiles ? { envFiles } : {}) }).files;
  const checked = checkComposeProject({
    files,
    host,
    env,
    projectDirectory: workingDir,
    ...(envFiles ? { envFiles } : {}),
    ...(source.projectName ? { projectName: source.projectName } : {}),
    ...(source.profiles?.length ? { profiles: source.profiles } : {}),
  });
  return { checked, project: checked.project, workingDir, files };
}

/** Why a project with no file cannot be read. */
export function noComposeFile(workingDir: string): string {
  return `No Compose file (compose.yaml, docker-compose.yml, …) in ${workingDir} or a folder above it.`;
}

/** Reads and plans a stack. Never throws for a bad project: what is wrong is in `errors`. */
export function loadStack(source: StackSource, host: ProjectHost = diskHost()): LoadedStack {
  const { checked, project, workingDir, files } = readProject(source, host);
  const plan = planProject(project, host);
  return {
    projectName: project.name,
    workingDir,
    files,
    profiles: project.profiles,
    services: project.services,
    volumes: plan.volumes.map((volume) => ({ name: volume.key, engineName: volume.engineName, external: volume.external })),
    errors: files.length === 0 ? [noComposeFile(workingDir)] : refusal(checked, plan.problems, host),
    plan: {
      services: plan.services,
      networks: plan.networks,
      volumes: plan.volumes,
      definedServices: [...project.services, ...project.disabledServices],
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Errors, with the file and line that wrote them

/**
 * Why Up will not start the project: exactly the error findings `dockside validate` and the editor
 * report for these files and this environment, as `file:line: message`, and what the runner cannot do
 * yet. Planning finds some mistakes again in its own words; those are said only if no rule found any
 * error (a gap in the rules), never twice.
 */
export function refusal(
  checked: CheckedProject,
  problems: readonly PlanProblem[],
  host: ProjectHost,
  target: ProjectTarget = 'compose',
): string[] {
  const fileLine = lineFinder(host);
  const errors: string[] = [];
  for (const [file, findings] of checked.findings) {
    for (const finding of findings)
      if (finding.severity === 'error' && stops(finding.code, target)) errors.push(`${fileLine(file, finding.span[0])}${finding.message}`);
  }
  const locate = lineLocator(checked.project, fileLine);
  const planned = problems
    .filter((problem) => errors.length === 0 || problem.unsupported)
    .map((problem) => `${locate(problem.path)}${problem.message}`);
  return [...new Set([...errors, ...planned])];
}

/** Where the project is to run: the local runner, or a Swarm. */
export type ProjectTarget = 'compose' | 'swarm';

/**
 * Whether an error finding stops the project on this target. The swarm/* findings are about a Swarm
 * deploy, which reports them itself (a docker-stack.yml may still be run locally); Swarm names the
 * containers of a service itself, so container_name beside replicas does not stop a stack.
 */
function stops(code: string, target: ProjectTarget): boolean {
  if (code.startsWith('swarm/')) return false;
  return !(target === 'swarm' && code === 'compose/container-name-replicas');
}

type FileLine = (file: string, offset: number) => string;

/** `file:line: ` for an offset; each file's line index is built once per load (files change between loads). */
function lineFinder(host: ProjectHost): FileLine {
  const indexes = new Map<string, LineIndex>();
  return (file, offset) => {
    let index = indexes.get(file);
    if (!index) {
      index = new LineIndex(host.readFile(file) ?? '');
      indexes.set(file, index);
    }
    return `${file}:${index.positionAt(offset).line + 1}: `;
  };
}

function lineLocator(project: Project, fileLine: FileLine): (path: PlanProblem['path']) => string {
  return (path) => {
    const source = sourceOf(project.sources, path);
    return source ? fileLine(source.file, (source.valueSpan ?? source.span)[0]) : `${project.files[0] ?? project.workingDir}: `;
  };
}

// ---------------------------------------------------------------------------------------------------
// Planning

interface ProjectPlan {
  services: ServicePlan[];
  networks: NetworkPlan[];
  volumes: VolumePlan[];
  problems: PlanProblem[];
}

export function planProject(project: Project, host: ProjectHost): ProjectPlan {
  const problems: PlanProblem[] = [];
  const model = project.model;
  const volumes = volumePlans(project.name, model);
  const servicesModel = asRecord(model['services']) ?? {};
  const attachments = new Map(
    project.services.map((name) => [name, serviceNetworkKeys(name, asRecord(servicesModel[name]) ?? {}, problems)]),
  );
  const usedNetworks = new Set([...attachments.values()].flatMap((list) => list.map((entry) => entry.key)));
  const networks = networkPlans(project.name, model, usedNetworks);
  const services = project.services.map((name) => {
    const service = asRecord(servicesModel[name]) ?? {};
    const joined = (attachments.get(name) ?? []).flatMap((entry): NetworkAttachment[] => {
      const network = networks.find((candidate) => candidate.key === entry.key);
      if (!network) {
        problems.push({
          path: ['services', name, 'networks', entry.key],
          message: `Service "${name}" joins network "${entry.key}", which the top-level "networks:" key does not declare.`,
        });
        return [];
      }
      return [
        {
          key: entry.key,
          engineName: network.engineName,
          aliases: entry.aliases,
          ...(entry.ipv4Address ? { ipv4Address: entry.ipv4Address } : {}),
          ...(entry.ipv6Address ? { ipv6Address: entry.ipv6Address } : {}),
        },
      ];
    });
    const inputs: ServiceInputs = {
      name,
      service,
      variable: (variable) => project.environment.get(variable)?.value,
      readFile: (path) => host.readFile(path),
      volumeName: (key) => volumes.find((volume) => volume.key === key)?.engineName,
      grantFile: (kind, grant) => grantFileOf(model, kind, grant),
      problems,
    };
    return planService(project, inputs, joined);
  });
  problems.push(...dependencyProblems(services));
  return { services, networks, volumes, problems };
}

function grantFileOf(model: Json, kind: 'secrets' | 'configs', name: string): { file: string } | { problem: string; unsupported?: true } {
  const declared = asRecord(asRecord(model[kind])?.[name]);
  const what = kind === 'secrets' ? 'secret' : 'config';
  if (!declared) return { problem: `The ${what} "${name}" is not declared under the top-level "${kind}:" key.` };
  const file = asString(declared['file']);
  if (file !== undefined) return { file };
  return {
    problem: `The ${what} "${name}" is not a file; Dockside runs only file-based ${kind} (external and environment ones need Swarm or are not supported yet).`,
    unsupported: true,
  };
}

function planService(project: Project, inputs: ServiceInputs, networks: NetworkAttachment[]): ServicePlan {
  const { name, service } = inputs;
  const build = buildPlanOf(project, inputs);
  const image = asString(service['image']) ?? (build ? `${project.name}-${name}` : '');
  if (image === '')
    inputs.problems.push({
      path: ['services', name],
      message: `Service "${name}" has neither "image" nor "build": there is nothing to run.`,
    });
  const replicas = replicasOf(service);
  const containerName = asString(service['container_name']);
  if (containerName && replicas > 1)
    inputs.problems.push({
      path: ['services', name, 'container_name'],
      message: `Service "${name}" sets container_name but runs ${replicas} replicas; container names must be unique.`,
    });
  const dependsOn = dependenciesOf(name, service, project.services);
  const config = containerConfig(project, inputs, image, dependsOn);
  const networkMode = asString(service['network_mode']);
  const configHash = hashOf({ config, networks, networkMode });
  return {
    name,
    image,
    ...(build ? { build } : {}),
    pullPolicy: pullPolicyOf(service),
    replicas,
    ...(containerName ? { containerName } : {}),
    dependsOn,
    ...(networkMode ? { networkMode } : {}),
    networks,
    hasHealthcheck: config.Healthcheck !== undefined && config.Healthcheck.Test?.[0] !== 'NONE',
    config,
    configHash,
  };
}

function replicasOf(service: Json): number {
  const replicas = integerOf(asRecord(service['deploy'])?.['replicas'] ?? service['scale']);
  return replicas !== undefined && replicas >= 0 ? replicas : 1;
}

function pullPolicyOf(service: Json): ServicePlan['pullPolicy'] {
  const policy = asString(service['pull_policy']);
  if (policy === 'always' || policy === 'never' || policy === 'build' || policy === 'missing') return policy;
  return 'missing';
}

function buildPlanOf(project: Project, inputs: ServiceInputs): BuildPlan | undefined {
  const value = inputs.service['build'];
  if (value === undefined || value === null) return undefined;
  const build = typeof value === 'string' ? { context: value } : (asRecord(value) ?? {});
  const context = asString(build['context']) ?? project.workingDir;
  const args = Object.fromEntries(
    Object.entries(labelsOf(build['args'])).map(([key, text]) => [key, text === '' ? (project.environment.get(key)?.value ?? '') : text]),
  );
  return {
    context,
    dockerfile: asString(build['dockerfile']) ?? 'Dockerfile',
    args,
    ...(asString(build['target']) ? { target: asString(build['target']) } : {}),
    labels: labelsOf(build['labels']),
  };
}

const CONDITIONS = new Set<DependencyCondition>(['service_started', 'service_healthy', 'service_completed_successfully']);

/** depends_on with its conditions; links, volumes_from and `network_mode: service:` wait for a start. */
function dependenciesOf(name: string, service: Json, active: readonly string[]): Dependency[] {
  const found = new Map<string, Dependency>();
  const dependsOn = service['depends_on'];
  for (const [target, options] of Array.isArray(dependsOn)
    ? dependsOn.map((entry) => [String(entry), undefined] as const)
    : Object.entries(asRecord(dependsOn) ?? {})) {
    const record = asRecord(options);
    const condition = asString(record?.['condition']) as DependencyCondition | undefined;
    found.set(target, {
      service: target,
      condition: condition && CONDITIONS.has(condition) ? condition : 'service_started',
      required: asBoolean(record?.['required']) ?? true,
      restart: asBoolean(record?.['restart']) ?? false,
    });
  }
  for (const reference of serviceDependencies(name, service)) {
    if (!found.has(reference.name))
      found.set(reference.name, { service: reference.name, condition: 'service_started', required: true, restart: false });
  }
  // A dependency outside the active profiles is not started; an optional one is simply skipped.
  return [...found.values()].filter((dependency) => active.includes(dependency.service) || dependency.required);
}

function dependencyProblems(services: ServicePlan[]): PlanProblem[] {
  const names = new Set(services.map((service) => service.name));
  const problems: PlanProblem[] = [];
  for (const service of services) {
    for (const dependency of service.dependsOn) {
      if (!names.has(dependency.service))
        problems.push({
          path: ['services', service.name, 'depends_on'],
          message: `Service "${service.name}" depends on "${dependency.service}", which is not among the services to start (not defined, or left out by the profiles).`,
        });
    }
  }
  const graph = new Map(services.map((service) => [service.name, service.dependsOn.map((dependency) => ({ name: dependency.service }))]));
  for (const cycle of findCycles(graph)) {
    const first = cycle[0]?.name ?? '';
    problems.push({
      path: ['services', first, 'depends_on'],
      message: `Services wait on each other in a circle: ${[...cycle.map((edge) => edge.name), first].join(' → ')}.`,
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Container options

function containerConfig(project: Project, inputs: ServiceInputs, image: string, dependsOn: Dependency[]): Docker.ContainerCreateOptions {
  const service = inputs.service;
  const ports = portsOf(inputs);
  const storage = storageOf(inputs);
  const labels: Record<string, string> = {
    ...labelsOf(service['labels']),
    [LABEL.project]: project.name,
    [LABEL.service]: inputs.name,
    [LABEL.oneoff]: 'False',
    [LABEL.workingDir]: project.workingDir,
    [LABEL.configFiles]: project.files.join(','),
    [LABEL.version]: COMPOSE_VERSION,
    [LABEL.dependsOn]: dependsOn.map((dependency) => `${dependency.service}:${dependency.condition}:${dependency.restart}`).join(','),
    [LABEL.image]: image,
  };
  const hostConfig: Docker.HostConfig = {
    ...hostSettingsOf(inputs),
    ...(storage.binds.length ? { Binds: storage.binds } : {}),
    ...(storage.mounts.length ? { Mounts: storage.mounts as unknown as Docker.MountConfig } : {}),
    ...(Object.keys(storage.tmpfs).length ? { Tmpfs: storage.tmpfs } : {}),
    ...(Object.keys(ports.bindings).length ? { PortBindings: ports.bindings } : {}),
  };
  const restart = restartPolicyOf(inputs);
  if (restart) hostConfig.RestartPolicy = restart;
  return dropUndefined({
    Image: image,
    Cmd: commandWords(inputs, 'command'),
    Entrypoint: commandWords(inputs, 'entrypoint'),
    Env: environmentOf(inputs),
    User: scalarText(service['user']),
    WorkingDir: asString(service['working_dir']),
    Hostname: asString(service['hostname']),
    Domainname: asString(service['domainname']),
    Tty: asBoolean(service['tty']),
    OpenStdin: asBoolean(service['stdin_open']),
    StopSignal: asString(service['stop_signal']),
    StopTimeout: stopTimeoutOf(inputs),
    Healthcheck: healthcheckOf(inputs),
    ExposedPorts: Object.keys(ports.exposed).length ? ports.exposed : undefined,
    Labels: labels,
    HostConfig: hostConfig,
  });
}

/** A stable digest: the same settings in any key order give the same hash. */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Json)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Json)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

// ---------------------------------------------------------------------------------------------------
// One container of a service

/** `<project>-<service>-<n>`, or `container_name`. */
export function containerNameOf(projectName: string, service: ServicePlan, number: number): string {
  return service.containerName ?? `${projectName}-${service.name}-${number}`;
}

/**
 * The create options of replica `number`. `networkMode` is the engine form of a `service:x` mode
 * (`container:<id>`), which only the runner can know.
 */
export function containerCreateOptions(
  projectName: string,
  service: ServicePlan,
  number: number,
  networkMode?: string,
): Docker.ContainerCreateOptions {
  const [primary] = service.networks;
  const labels = { ...service.config.Labels, [LABEL.containerNumber]: String(number), [LABEL.configHash]: service.configHash };
  const mode = networkMode ?? service.networkMode ?? primary?.engineName;
  return {
    ...service.config,
    name: containerNameOf(projectName, service, number),
    Labels: labels,
    HostConfig: { ...service.config.HostConfig, ...(mode ? { NetworkMode: mode } : {}) },
    ...(primary && !service.networkMode ? { NetworkingConfig: { EndpointsConfig: { [primary.engineName]: endpointOf(primary) } } } : {}),
  };
}

export function endpointOf(attachment: NetworkAttachment): Docker.EndpointSettings {
  const ipam =
    attachment.ipv4Address || attachment.ipv6Address
      ? { IPAMConfig: dropUndefined({ IPv4Address: attachment.ipv4Address, IPv6Address: attachment.ipv6Address }) }
      : {};
  return { Aliases: attachment.aliases, ...ipam };
}

/** Services in an order that starts every dependency before what depends on it (for Down: reversed). */
export function startOrder(services: readonly ServicePlan[]): string[] {
  const ordered: string[] = [];
  const visit = (name: string, trail: Set<string>): void => {
    if (ordered.includes(name) || trail.has(name)) return;
    trail.add(name);
    for (const dependency of services.find((service) => service.name === name)?.dependsOn ?? []) visit(dependency.service, trail);
    ordered.push(name);
  };
  for (const service of services) visit(service.name, new Set());
  return ordered.filter((name) => services.some((service) => service.name === name));
}
