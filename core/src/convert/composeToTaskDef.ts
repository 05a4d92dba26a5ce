/**
 * Compose → ECS task definitions.
 *
 * The input is a merged, interpolated Compose model (`loadProject(...).model`). By default the whole
 * project becomes one task definition (family = project name, each service a container, `awsvpc`),
 * as ecs-cli did: the services then share one network and reach each other on localhost, start in
 * `depends_on` order, and scale together. `perService` makes one task definition per service
 * (`<project>-<service>`), as docker compose-cli did; then nothing orders or links the services.
 *
 * Each attribute family is mapped by its own module in compose/; this file picks the topology,
 * runs the mappers, settles what needs every container (dependencies, essential, task size),
 * applies the `x-ecs` extensions, and reports every key nobody mapped. See README.md.
 */
import { SERVICE_MAPPERS } from './compose';
import {
  containerNameOf,
  type ComposeConversionOptions,
  type LaunchType,
  type ServiceContext,
  type TaskParts,
  type TaskTarget,
} from './compose/context';
import { settleDependencies } from './compose/dependencies';
import { taskSize } from './compose/taskSize';
import { addUnusedVolumes } from './compose/volumes';
import {
  MAPPED_SERVICE_KEYS,
  MAPPED_TOP_LEVEL_KEYS,
  REPORTED_SERVICE_KEY_REASONS,
  REPORTED_TOP_LEVEL_KEY_REASONS,
  type ReportedKey,
} from './keys';
import { createReporter, mergeReports, type LossReport, type Reporter, type ReportPath } from './report';
import { asRecord, asString, isExtensionKey, type Json } from './values';

export type { ComposeConversionOptions, LaunchType } from './compose/context';

export interface ConvertedTaskDefinition {
  /** The family, which also names the task definition. */
  name: string;
  /** A register-task-definition input. */
  definition: Record<string, unknown>;
  /** What a deploy needs besides the task definition: it belongs to the ECS service that runs it. */
  service: EcsServiceHints;
}

/**
 * What the Compose file says about the ECS *service* a task definition runs as, which the task
 * definition cannot hold: the Compose services it is made of, the copies they ask for (`deploy.replicas`,
 * `scale`), and the top-level `x-ecs.service` (CreateService members such as `networkConfiguration`).
 */
export interface EcsServiceHints {
  readonly composeServices: readonly string[];
  /** Compose service → the number of copies it asks for, for those that ask. */
  readonly replicas: Readonly<Record<string, number>>;
  readonly settings?: Record<string, unknown>;
}

export interface ComposeConversion {
  taskDefinitions: ConvertedTaskDefinition[];
  report: LossReport;
}

/** The most containers a task definition may have (a fixed ECS quota). */
const MAX_CONTAINERS = 10;

/** Task-level fields an `x-ecs` cannot set: they are built from the services and volumes. */
const DERIVED_ONLY = new Set(['containerDefinitions', 'volumes']);
/** The top-level `x-ecs` key that holds the ECS service's settings, for a deploy: never a task definition field. */
const SERVICE_SETTINGS_KEY = 'service';

export function composeToTaskDefinitions(model: unknown, options: ComposeConversionOptions): ComposeConversion {
  const file = asRecord(model) ?? {};
  const report = createReporter();
  reportKeys(file, [], MAPPED_TOP_LEVEL_KEYS, REPORTED_TOP_LEVEL_KEY_REASONS, report, 'top-level');
  const extension = readExtension(file['x-ecs'], ['x-ecs'], report) ?? {};
  const services = selectedServices(file, options, report);
  if (services.length === 0) {
    report.error(
      ['services'],
      Object.keys(asRecord(file['services']) ?? {}).length > 0
        ? 'No service is active, so there is nothing to convert.'
        : 'The Compose file has no services to convert.',
      Object.keys(asRecord(file['services']) ?? {}).length > 0 ? 'Activate a profile of the services to convert.' : undefined,
    );
    return { taskDefinitions: [], report: report.report };
  }
  const launchType = launchTypeOf(extension, options, report);
  const networkMode = networkModeOf(extension, launchType);
  if (launchType === 'FARGATE' && networkMode !== 'awsvpc') {
    report.error(
      ['x-ecs', 'networkMode'],
      `Fargate requires the awsvpc network mode, not "${networkMode}".`,
      'Remove networkMode from x-ecs, or convert for EC2.',
    );
  }
  const prefix = asString(extension['family']) ?? options.projectName;
  const groups = options.perService ? services.map((service) => [service]) : [services];
  const reports: LossReport[] = [report.report];
  const taskDefinitions = groups.map((group) => {
    const family = options.perService ? familyName(`${prefix}-${group[0]![0]}`) : familyName(prefix);
    const target: TaskTarget = {
      launchType,
      networkMode,
      family,
      members: group.map(([name]) => name),
      perService: options.perService === true,
      model: file,
    };
    const taskReport = createReporter();
    reports.push(taskReport.report);
    const definition = buildTaskDefinition(group, target, extension, options, taskReport);
    return { name: family, definition, service: serviceHints(group, extension, report) };
  });
  reportTopology(services, options, launchType, networkMode, report);
  return { taskDefinitions, report: mergeReports(reports) };
}

/** The replicas each service of `group` asks for, and the ECS service settings of the top-level x-ecs. */
function serviceHints(group: Array<[string, Json]>, extension: Json, report: Reporter): EcsServiceHints {
  const replicas: Record<string, number> = {};
  for (const [name, service] of group) {
    const count = asRecord(service['deploy'])?.['replicas'] ?? service['scale'];
    const number = typeof count === 'string' && /^\d+$/.test(count) ? Number(count) : count;
    if (typeof number === 'number' && Number.isInteger(number) && number >= 0) replicas[name] = number;
  }
  const raw = extension[SERVICE_SETTINGS_KEY];
  const settings = raw === undefined || raw === null ? undefined : asRecord(raw);
  if (raw !== undefined && raw !== null && !settings)
    report.drop(
      ['x-ecs', SERVICE_SETTINGS_KEY],
      'x-ecs "service" must be a mapping of ECS CreateService members (networkConfiguration, …).',
    );
  return { composeServices: group.map(([name]) => name), replicas, ...(settings ? { settings } : {}) };
}

/** ECS families: letters, digits, hyphens and underscores, up to 255. */
function familyName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 255) || 'default';
}

function selectedServices(file: Json, options: ComposeConversionOptions, report: Reporter): Array<[string, Json]> {
  const all = Object.entries(asRecord(file['services']) ?? {});
  const wanted = options.services ? new Set(options.services) : undefined;
  return all.flatMap(([name, value]): Array<[string, Json]> => {
    if (wanted && !wanted.has(name)) {
      reportLeftOut(name, asRecord(value), report);
      return [];
    }
    const service = asRecord(value);
    if (!service) {
      report.drop(['services', name], `Service "${name}" is not a mapping.`);
      return [];
    }
    return [[name, service]];
  });
}

/** A service the active profiles (or the caller's choice of services) leave out is said to be left out, and why. */
function reportLeftOut(name: string, service: Json | undefined, report: Reporter): void {
  const profiles = Array.isArray(service?.['profiles']) ? service['profiles'].filter((p): p is string => typeof p === 'string') : [];
  if (profiles.length === 0) {
    report.note(['services', name], `"${name}" is not converted: it was not among the services asked for.`);
    return;
  }
  const list = profiles.map((p) => `"${p}"`).join(', ');
  report.note(
    ['services', name, 'profiles'],
    `"${name}" is not converted: its profile${profiles.length > 1 ? 's' : ''} ${list} ${profiles.length > 1 ? 'are' : 'is'} not active.`,
    `To convert it too, activate ${profiles.length > 1 ? 'one of them' : 'it'} (dockside convert --profile ${profiles[0]}, COMPOSE_PROFILES, or the profile pick in VS Code).`,
  );
}

/** The launch type: the file's own `x-ecs.requiresCompatibilities` wins over the caller's choice. */
function launchTypeOf(extension: Json, options: ComposeConversionOptions, report: Reporter): LaunchType {
  // An empty list is still a choice: no Fargate requirement, so EC2 (ECS's default); so is null,
  // which leaves the field out of the task definition (as one converted from ECS without it says).
  const compatibilities = extension['requiresCompatibilities'];
  const fromFile: LaunchType | undefined = Array.isArray(compatibilities)
    ? compatibilities.includes('FARGATE')
      ? 'FARGATE'
      : 'EC2'
    : compatibilities === null
      ? 'EC2'
      : undefined;
  if (fromFile && options.launchType && fromFile !== options.launchType) {
    report.note(
      ['x-ecs', 'requiresCompatibilities'],
      `The file's x-ecs asks for ${fromFile}, which wins over the requested ${options.launchType}.`,
    );
  }
  return fromFile ?? options.launchType ?? 'FARGATE';
}

/**
 * The network mode the containers are mapped for: x-ecs's, else awsvpc. An x-ecs `networkMode: null`
 * leaves the field out, so the task runs in ECS's default mode: awsvpc on Fargate, otherwise bridge
 * (on Windows "default", whose NAT publishes host ports as bridge does).
 */
function networkModeOf(extension: Json, launchType: LaunchType): string {
  if (extension['networkMode'] === null) return launchType === 'FARGATE' ? 'awsvpc' : 'bridge';
  return asString(extension['networkMode']) ?? 'awsvpc';
}

function readExtension(value: unknown, path: ReportPath, report: Reporter): Json | undefined {
  if (value === undefined || value === null) return undefined;
  const record = asRecord(value);
  if (!record) report.drop(path, 'x-ecs must be a mapping of ECS fields.');
  return record;
}

function buildTaskDefinition(
  group: Array<[string, Json]>,
  target: TaskTarget,
  extension: Json,
  options: ComposeConversionOptions,
  report: Reporter,
): Json {
  const task: TaskParts = {
    volumes: new Map(),
    volumeNames: new Map(),
    mountedVolumes: new Set(),
    settings: new Map(),
    ports: [],
    dependencies: [],
    notRestarted: new Map(),
  };
  const containers = new Map<string, Json>();
  for (const [name, service] of group) {
    const container: Json = { name: containerNameOf(name) };
    if (container['name'] !== name)
      report.approximate(
        ['services', name],
        `ECS container names take letters, digits, "-" and "_": the container is named "${String(container['name'])}".`,
      );
    const ctx: ServiceContext = { name, service, path: ['services', name], target, task, container, report, options };
    for (const mapper of SERVICE_MAPPERS) mapper.map(ctx);
    reportKeys(service, ['services', name], MAPPED_SERVICE_KEYS, REPORTED_SERVICE_KEY_REASONS, report, 'service');
    containers.set(containerNameOf(name), container);
  }
  settleDependencies(containers, task, report);
  reportTaskWideSettings(task, target, report);
  for (const [name, service] of group)
    applyContainerExtension(containers.get(containerNameOf(name))!, service['x-ecs'], ['services', name, 'x-ecs'], report);
  addUnusedVolumes(target.model, target.members, target.perService, task, report.note);
  const containerDefinitions = [...containers.values()];
  const size = taskSize(containerDefinitions, target.launchType, report);
  const definition: Json = {
    family: target.family,
    networkMode: target.networkMode,
    containerDefinitions,
    ...(task.volumes.size > 0 ? { volumes: [...task.volumes.values()] } : {}),
    requiresCompatibilities: [target.launchType],
    ...size,
    ...Object.fromEntries([...task.settings].map(([key, { value }]) => [key, value])),
  };
  for (const [key, value] of Object.entries(extension)) {
    if (DERIVED_ONLY.has(key))
      report.drop(
        ['x-ecs', key],
        `The task's ${key} are built from the services and volumes; x-ecs cannot set them.`,
        key === 'volumes' ? 'Put an ECS volume in the x-ecs of a top-level volume.' : 'Put container fields in the x-ecs of each service.',
      );
    else if ((key === 'family' && target.perService) || key === SERVICE_SETTINGS_KEY)
      continue; // the prefix of each family, used above; the ECS service's settings, for a deploy
    else setOrRemove(definition, key, value);
  }
  return definition;
}

/**
 * What one service asks for and ECS sets for the whole task (the platform, a host pid or ipc
 * namespace) reaches the services that did not ask too: said once, where it was asked for.
 */
function reportTaskWideSettings(task: TaskParts, target: TaskTarget, report: Reporter): void {
  for (const setting of task.settings.values()) {
    // "task" namespaces are shared among the containers by definition; their mapper says so.
    if (setting.value === 'task') continue;
    const others = target.members.filter((name) => !setting.services.has(name));
    if (others.length === 0) continue;
    report.approximate(
      setting.path,
      `${setting.what} is one setting for the whole task in ECS: ${setting.shown} applies to ${others.map((name) => `"${name}"`).join(', ')} too, which ${others.length > 1 ? 'ask' : 'asks'} for none.`,
      'Convert with one task definition per service (--per-service), or give every service the same value.',
    );
  }
}

/**
 * A service's `x-ecs` holds container-definition fields; each replaces what was derived, and a
 * field set to null removes a derived one (e.g. `logConfiguration: null`: no default awslogs).
 */
function applyContainerExtension(container: Json, value: unknown, path: ReportPath, report: Reporter): void {
  const extension = readExtension(value, path, report);
  for (const [key, field] of Object.entries(extension ?? {})) {
    if (key === 'name') report.drop([...path, key], 'The container is named after the service; x-ecs cannot rename it.');
    else setOrRemove(container, key, field);
  }
}

function setOrRemove(record: Json, key: string, value: unknown): void {
  if (value === null) delete record[key];
  else record[key] = value;
}

/**
 * Every key that no mapper reads gets an entry: the known ones with their reason (keys.ts),
 * extensions as ignored, and anything else as unknown. Nothing is dropped silently.
 */
function reportKeys(
  record: Json,
  base: ReportPath,
  mapped: ReadonlySet<string>,
  reported: Readonly<Record<string, ReportedKey>>,
  report: Reporter,
  where: string,
): void {
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || value === null || mapped.has(key) || key === 'x-ecs') continue;
    const path = [...base, key];
    const known = Object.prototype.hasOwnProperty.call(reported, key) ? reported[key] : undefined;
    if (known) {
      if (known.kind === 'notes') report.note(path, known.reason, known.action);
      else report.drop(path, known.reason, known.action);
    } else if (isExtensionKey(key)) {
      report.note(path, `The extension ${key} is for other tools; only x-ecs is read.`);
    } else {
      report.drop(path, `"${key}" is not a ${where} key the converter knows.`);
    }
  }
}

function reportTopology(
  services: ReadonlyArray<[string, Json]>,
  options: ComposeConversionOptions,
  launchType: LaunchType,
  networkMode: string,
  report: Reporter,
): void {
  if (options.perService) {
    if (services.length > 1) {
      report.note(
        ['services'],
        `Each service is its own task definition: they no longer share a network, start in order, or lend each other volumes; a service reaches another by name only through ECS Service Connect or Cloud Map service discovery.`,
        'Set up Service Connect (or service discovery) on the ECS services.',
      );
    }
    return;
  }
  if (services.length > MAX_CONTAINERS) {
    report.error(
      ['services'],
      `One task definition can hold at most ${MAX_CONTAINERS} containers, and the project has ${services.length} services.`,
      'Convert with one task definition per service, or convert fewer services.',
    );
  }
  if (services.length > 1) {
    const reach =
      networkMode === 'bridge'
        ? 'a service reaches another through links'
        : 'they share one network, so a service reaches another on localhost (not by its service name)';
    report.note(
      ['services'],
      `All ${services.length} services run as containers of one ${launchType} task in ${networkMode} mode: ${reach}, and they always run and scale together.`,
      networkMode === 'bridge'
        ? 'Link the containers that talk to each other.'
        : 'Point service-name hostnames (e.g. "db:5432") to localhost, or convert with one task definition per service.',
    );
  }
}
