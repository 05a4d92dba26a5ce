/**
 * ECS task definition → a Compose file that runs it locally and converts back to the same task
 * definition.
 *
 * Each container becomes a service (ecs/ has one mapper per attribute family); task volumes become
 * top-level volumes. What Compose cannot say is kept in `x-ecs` extensions, which Compose ignores
 * and composeToTaskDefinitions reads back: container fields in the service's `x-ecs`, task fields
 * (family, roles, network mode, cpu, memory, …) in the top-level `x-ecs`, and each volume's ECS
 * configuration in the volume's `x-ecs`. A final check converts the result back and keeps in
 * `x-ecs` any field that would not come back the same, so ECS → Compose → ECS loses nothing.
 */
import { normalizeProjectName } from '../compose/project/loadProject';
import { READ_ONLY_FIELDS } from '../ecs/rules/readOnlyField';
import { effectiveNetworkMode } from '../ecs/model';
import { taskDefinitionShape } from '../ecs/validateTaskDefinition';
import { composeToTaskDefinitions } from './composeToTaskDef';
import { containerNameOf } from './compose/context';
import { CONTAINER_MAPPERS, MAPPED_CONTAINER_FIELDS } from './ecs';
import type { ContainerContext } from './ecs/context';
import { withoutDefaults } from './ecs/defaults';
import { composeVolume } from './ecs/volumes';
import { createReporter, type LossReport, type Reporter } from './report';
import { asList, asRecord, asString, deepEqual, mapStrings, type Json } from './values';

export interface TaskDefinitionConversion {
  compose: Record<string, unknown>;
  report: LossReport;
}

/** Why Compose cannot carry each container field that is kept in x-ecs; others get a general sentence. */
const KEPT_IN_EXTENSION: Readonly<Record<string, string>> = {
  repositoryCredentials: 'Compose pulls from private registries with the credentials of "docker login".',
  restartPolicy: 'ECS restarts containers inside the task; Compose\'s "restart" is a different policy.',
  startTimeout: 'Compose waits for dependencies without a time limit.',
  environmentFiles: 'The environment files are in S3, which Compose cannot read.',
  firelensConfiguration: 'FireLens is an ECS log router.',
  credentialSpecs: 'gMSA credential specs are an ECS feature.',
  versionConsistency: 'Compose always resolves the image tag when it pulls.',
};

export function taskDefinitionToCompose(input: unknown): TaskDefinitionConversion {
  const report = createReporter();
  const definition = asRecord(taskDefinitionShape(input).definition);
  if (!definition) {
    report.error([], 'This is not a task definition: a JSON object with "containerDefinitions" is expected.');
    return { compose: { services: {} }, report: report.report };
  }
  const topExtension = taskLevelExtension(definition, report);
  const names = serviceNamesOf(definition);
  const networkMode = asString(topExtension['networkMode']) ?? effectiveNetworkMode(definition);
  const secrets: Json = {};
  const services = composeServices(definition, names, networkMode, secrets, report);
  if (Object.keys(services).length > 1 && networkMode !== 'bridge') {
    report.note(
      ['containerDefinitions'],
      `In the task the containers share one network (${networkMode}) and reach each other on localhost; under Compose each service has its own, so a container that calls another on localhost must use the service's name instead.`,
      'Replace localhost with the service name where containers call each other, or give the services network_mode: "service:<name>" of one of them.',
    );
  }
  const volumes = composeVolumes(definition, report);
  const compose: Json = {
    name: normalizeProjectName(asString(definition['family']) ?? '') || 'default',
    services,
    ...(Object.keys(volumes).length > 0 ? { volumes } : {}),
    ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
    'x-ecs': topExtension,
  };
  keepWhatWouldNotComeBack(definition, compose, names, report);
  // Compose interpolates `$`; the task definition's `$` are literal, so they are written `$$`.
  return { compose: mapStrings(compose, (text) => text.replace(/\$/g, '$$$$')) as Json, report: report.report };
}

/** Each container → a service, by the mappers in ecs/; fields none of them reads go to the service's x-ecs. */
function composeServices(definition: Json, names: ServiceNames, networkMode: string, secrets: Json, report: Reporter): Json {
  const services: Json = {};
  const publishedPorts = new Set<string>();
  asList(definition['containerDefinitions']).forEach((entry, index) => {
    const container = asRecord(entry);
    if (!container) {
      report.drop(['containerDefinitions', index], 'This container definition is not an object.');
      return;
    }
    const service: Json = {};
    const extension: Json = {};
    const ctx: ContainerContext = {
      container,
      path: ['containerDefinitions', index],
      service,
      extension,
      definition,
      networkMode,
      secrets,
      publishedPorts,
      serviceNames: names.byContainerName,
      report,
    };
    for (const mapper of CONTAINER_MAPPERS) mapper.map(ctx);
    keepUnmappedFields(ctx);
    addTaskNamespaces(definition, service);
    if (Object.keys(extension).length > 0) service['x-ecs'] = extension;
    services[names.byIndex[index]!] = service;
  });
  return services;
}

interface ServiceNames {
  /** The service of each entry of containerDefinitions. */
  byIndex: string[];
  /** The service named by a container name (in dependsOn, links, volumesFrom). */
  byContainerName: Map<string, string>;
}

/** Compose service names for the containers: their ECS names (a valid subset), made unique. */
function serviceNamesOf(definition: Json): ServiceNames {
  const names: ServiceNames = { byIndex: [], byContainerName: new Map() };
  const taken = new Set<string>();
  asList(definition['containerDefinitions']).forEach((entry, index) => {
    const containerName = asString(asRecord(entry)?.['name']);
    const base = (containerName ?? '').replace(/[^A-Za-z0-9._-]+/g, '-') || `container-${index + 1}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    names.byIndex[index] = name;
    if (containerName !== undefined && !names.byContainerName.has(containerName)) names.byContainerName.set(containerName, name);
  });
  return names;
}

/**
 * Task-level fields go to the top-level x-ecs, except what ECS sets itself at registration. The
 * network mode and compatibilities decide how the services convert back, so they are written even
 * when the task definition leaves them to ECS's defaults: as null, which converts back to leaving
 * them out again (a Windows task never gets "bridge", a task never gets a compatibility it lacked).
 */
function taskLevelExtension(definition: Json, report: Reporter): Json {
  const extension: Json = {};
  for (const [key, value] of Object.entries(definition)) {
    if (key === 'containerDefinitions' || key === 'volumes') continue;
    if (READ_ONLY_FIELDS.includes(key)) {
      report.drop([key], `"${key}" is set by ECS when the task definition is registered; it is not part of what is registered.`);
      continue;
    }
    extension[key] = value;
  }
  const defaulted = (['networkMode', 'requiresCompatibilities'] as const).filter((key) => extension[key] === undefined);
  for (const key of defaulted) extension[key] = null;
  report.note(
    [],
    `The task's own settings (family, roles, network mode, size, …) are kept in the top-level x-ecs, which Compose ignores.${
      defaulted.length > 0 ? ` ${defaulted.join(' and ')}: null there means "left to ECS's default", as in the task definition.` : ''
    }`,
  );
  return extension;
}

function composeVolumes(definition: Json, report: Reporter): Json {
  const volumes: Json = {};
  asList(definition['volumes']).forEach((entry, index) => {
    const volume = asRecord(entry);
    const name = asString(volume?.['name']);
    if (!volume || name === undefined) {
      report.drop(['volumes', index], 'This volume has no name, so nothing can mount it.');
      return;
    }
    volumes[name] = composeVolume(volume, ['volumes', index], report);
  });
  return volumes;
}

function keepUnmappedFields(ctx: ContainerContext): void {
  for (const [field, value] of Object.entries(ctx.container)) {
    if (MAPPED_CONTAINER_FIELDS.has(field) || value === undefined) continue;
    ctx.extension[field] = value;
    ctx.report.note(
      [...ctx.path, field],
      `${KEPT_IN_EXTENSION[field] ?? `Compose has no counterpart for "${field}".`} The service's x-ecs keeps it; docker compose ignores it.`,
    );
  }
}

/** pidMode/ipcMode "host" and the runtime platform are task-wide in ECS and per service in Compose. */
function addTaskNamespaces(definition: Json, service: Json): void {
  if (definition['pidMode'] === 'host') service['pid'] = 'host';
  if (definition['ipcMode'] === 'host') service['ipc'] = 'host';
  const platform = asRecord(definition['runtimePlatform']);
  const architecture = asString(platform?.['cpuArchitecture']);
  const os = asString(platform?.['operatingSystemFamily']);
  if (architecture !== undefined && (os === undefined || os === 'LINUX'))
    service['platform'] = architecture === 'ARM64' ? 'linux/arm64' : 'linux/amd64';
}

function sameField(a: unknown, b: unknown, key: string): boolean {
  return deepEqual(withoutDefaults({ [key]: a }), withoutDefaults({ [key]: b }));
}

/**
 * Converts the Compose result back and compares: every container or task field that would come back
 * different (rounded, defaulted, or not expressible) is pinned in x-ecs, as its ECS value, or as null
 * where converting back would add a field the original does not have.
 */
function keepWhatWouldNotComeBack(original: Json, compose: Json, names: ServiceNames, report: Reporter): void {
  const topExtension = compose['x-ecs'] as Json;
  const launchType = asList(topExtension['requiresCompatibilities']).includes('FARGATE') ? 'FARGATE' : 'EC2';
  const back = composeToTaskDefinitions(compose, { projectName: String(compose['name']), launchType }).taskDefinitions[0]?.definition;
  if (!back) return;
  const produced = new Map(
    asList(back['containerDefinitions']).flatMap((c) =>
      asRecord(c) ? [[asString(asRecord(c)!['name']) ?? '', asRecord(c)!] as const] : [],
    ),
  );
  const services = compose['services'] as Json;
  asList(original['containerDefinitions']).forEach((entry, index) => {
    const container = asRecord(entry);
    if (!container) return;
    const serviceName = names.byIndex[index]!;
    const service = services[serviceName] as Json;
    const again = produced.get(containerNameOf(serviceName)) ?? {};
    const pinned = pin(container, again, new Set(['name']), asRecord(service['x-ecs']) ?? {});
    if (pinned.fields.length === 0) return;
    service['x-ecs'] = pinned.extension;
    const added = pinned.fields.filter((field) => container[field] === undefined);
    const changed = pinned.fields.filter((field) => container[field] !== undefined);
    const parts = [
      ...(changed.length > 0
        ? [
            `would not give the same ${changed.join(', ')}, so the service's x-ecs keeps the task definition's value${changed.length > 1 ? 's' : ''}`,
          ]
        : []),
      ...(added.length > 0
        ? [`would add ${added.join(', ')} (a default), so the service's x-ecs sets ${added.length > 1 ? 'them' : 'it'} to null`]
        : []),
    ];
    report.note(['containerDefinitions', index], `Converting back ${parts.join('; and it ')}.`);
  });
  // Task fields as written: one left to ECS's default must come back left out, not as the default.
  const skip = new Set(['containerDefinitions', 'volumes', ...READ_ONLY_FIELDS]);
  const task = pin(original, back, skip, topExtension);
  compose['x-ecs'] = task.extension;
}

function pin(original: Json, again: Json, skip: ReadonlySet<string>, extension: Json): { extension: Json; fields: string[] } {
  const fields: string[] = [];
  const keys = new Set([...Object.keys(original), ...Object.keys(again)]);
  for (const key of keys) {
    if (skip.has(key) || sameField(original[key], again[key], key)) continue;
    extension[key] = original[key] === undefined ? null : original[key];
    fields.push(key);
  }
  return { extension, fields };
}
