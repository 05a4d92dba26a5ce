// What a deploy deploys, read from the user's file before anything reaches AWS: a task definition (strict
// JSON, as ECS reads it) or a Compose file, converted as `dockside convert` converts it (the project
// around it, its profiles), with the report. What the report says decides whether the deploy may go on:
// an error stops it; a dropped value a container needs (a bind mount, a config, a device) makes it ask
// first. No AWS call here.
import { basename } from 'node:path';
import {
  asRecord,
  convertFile,
  formatLoss,
  READ_ONLY_FIELDS,
  taskDefinitionJsonFinding,
  taskDefinitionShape,
  validateTaskDefinition,
  LineIndex,
  type Json,
  type LocatedLoss,
  type ProjectHost,
} from '@dockside/core';

export interface DeploySourceRequest {
  /** Absolute path of a Compose file or a task definition. */
  readonly file: string;
  readonly host: ProjectHost;
  /** The environment Compose interpolates with. */
  readonly env: Record<string, string>;
  /** Compose: one task definition (and ECS service) per Compose service. */
  readonly perService?: boolean;
  readonly launchType?: 'FARGATE' | 'EC2';
  /** Compose profiles to deploy; undefined: COMPOSE_PROFILES, as Compose does. */
  readonly profiles?: readonly string[];
}

/** One task definition to register and the ECS service that runs it. */
export interface DeployTarget {
  readonly family: string;
  /** A RegisterTaskDefinition input (placeholders not filled yet). */
  readonly definition: Json;
  /** The Compose services it holds (none for a task definition file). */
  readonly composeServices: readonly string[];
  /** Compose service → the copies it asks for (deploy.replicas, scale). */
  readonly replicas: Readonly<Record<string, number>>;
  /** The top-level x-ecs.service of the Compose file: CreateService members (networkConfiguration, …). */
  readonly serviceSettings?: Json;
}

export interface DeploySource {
  readonly file: string;
  readonly kind: 'compose' | 'taskDefinition';
  readonly targets: readonly DeployTarget[];
  /** The conversion's report (Compose only). */
  readonly losses: readonly LocatedLoss[];
  /** Dropped values a container needs: the deploy asks before it goes on. */
  readonly needsConfirmation: readonly LocatedLoss[];
  /** What keeps the file from being deployed, each said in full; none when it may go on. */
  readonly errors: readonly string[];
}

/**
 * The service keys whose loss leaves a container without something it uses: its files, its variables,
 * its devices and privileges, who it reaches and how it starts. Sizing and tuning (`cpu_period`,
 * `oom_score_adj`), orchestration (`deploy.replicas` is the deploy's desired count; `update_config`
 * belongs to the ECS service) and development settings (`develop`, `attach`) do not stop it working.
 */
const NEEDED_SERVICE_KEYS = new Set([
  'image',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'secrets',
  'configs',
  'volumes',
  'volumes_from',
  'tmpfs',
  'devices',
  'cap_add',
  'privileged',
  'sysctls',
  'ulimits',
  'security_opt',
  'user',
  'working_dir',
  'init',
  'healthcheck',
  'depends_on',
  'links',
  'external_links',
  'ports',
  'network_mode',
  'extra_hosts',
  'dns',
  'dns_search',
  'hostname',
  'gpus',
  'shm_size',
]);

/** Reads and, for Compose, converts the file; errors and questions are in the result, nothing throws for bad input. */
export function loadDeploySource(request: DeploySourceRequest): DeploySource {
  const text = request.host.readFile(request.file);
  if (text === undefined) return refused(request.file, 'compose', [`${request.file}: no such file.`]);
  return isTaskDefinitionFile(request.file, text) ? loadTaskDefinition(request.file, text) : loadCompose(request);
}

/** A JSON file, or any file whose text starts as a JSON object does: deployed as it is. */
function isTaskDefinitionFile(file: string, text: string): boolean {
  return file.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{');
}

function refused(file: string, kind: DeploySource['kind'], errors: string[], losses: LocatedLoss[] = []): DeploySource {
  return { file, kind, targets: [], losses, needsConfirmation: [], errors };
}

function loadTaskDefinition(file: string, text: string): DeploySource {
  const syntax = taskDefinitionJsonFinding(text);
  if (syntax) return refused(file, 'taskDefinition', [`${where(file, text, syntax.span[0])}: ${syntax.message}`]);
  const value = JSON.parse(text) as unknown;
  const shape = taskDefinitionShape(value);
  const definition = asRecord(shape.definition);
  if (shape.kind === 'other' || !definition)
    return refused(file, 'taskDefinition', [`${file} is not an ECS task definition (it has no "containerDefinitions").`]);
  const errors = validateTaskDefinition(text)
    .filter((finding) => finding.severity === 'error')
    .map((finding) => `${where(file, text, finding.span[0])}: ${finding.message} (${finding.code})`);
  if (errors.length > 0) return refused(file, 'taskDefinition', errors);
  const input: Json = Object.fromEntries(Object.entries(definition).filter(([key]) => !READ_ONLY_FIELDS.includes(key)));
  // A describe-task-definition output keeps its tags beside the definition.
  const tags = asRecord(value)?.['tags'];
  if (input['tags'] === undefined && Array.isArray(tags) && tags.length > 0) input['tags'] = tags;
  const family = typeof input['family'] === 'string' ? input['family'] : '';
  if (!family) return refused(file, 'taskDefinition', [`${file} names no "family": ECS registers revisions by family.`]);
  return {
    file,
    kind: 'taskDefinition',
    targets: [{ family, definition: input, composeServices: [], replicas: {} }],
    losses: [],
    needsConfirmation: [],
    errors: [],
  };
}

function loadCompose(request: DeploySourceRequest): DeploySource {
  const result = convertFile({
    path: request.file,
    to: 'ecs',
    perService: request.perService,
    launchType: request.launchType,
    host: request.host,
    env: request.env,
    ...(request.profiles ? { profiles: [...request.profiles] } : {}),
  });
  const errors = result.losses.filter((loss) => loss.kind === 'error').map((loss) => formatLoss(loss));
  if (result.files.length === 0 && errors.length === 0) errors.push(`${basename(request.file)}: nothing to deploy.`);
  const targets = result.files.map((file): DeployTarget => {
    const definition = JSON.parse(file.text) as Json;
    return {
      family: String(definition['family']),
      definition,
      composeServices: file.ecsService?.composeServices ?? [],
      replicas: file.ecsService?.replicas ?? {},
      ...(file.ecsService?.settings ? { serviceSettings: file.ecsService.settings as Json } : {}),
    };
  });
  const losses = result.losses.map(carriedByDeploy);
  return {
    file: request.file,
    kind: 'compose',
    targets: errors.length > 0 ? [] : targets,
    losses,
    needsConfirmation: losses.filter(isNeededByContainer),
    errors,
  };
}

/** The copies a service asks for are no loss to a deploy: they become the ECS service's desired count. */
function carriedByDeploy(loss: LocatedLoss): LocatedLoss {
  if (loss.kind !== 'dropped' || !/^services\.[^.[]+\.(deploy\.replicas|scale)$/.test(loss.path)) return loss;
  return {
    ...loss,
    kind: 'note',
    reason: "Not in the task definition: the deploy makes it the ECS service's desired count.",
    action: undefined,
  };
}

/** A dropped value of a service that its container uses (see NEEDED_SERVICE_KEYS). */
export function isNeededByContainer(loss: LocatedLoss): boolean {
  if (loss.kind !== 'dropped') return false;
  const match = /^services\.[^.[]+(?:\.([^.[]+))?/.exec(loss.path);
  if (!match) return false;
  // A whole service dropped (not a mapping) takes its containers with it.
  return match[1] === undefined || NEEDED_SERVICE_KEYS.has(match[1]);
}

function where(file: string, text: string, offset: number): string {
  const position = new LineIndex(text).positionAt(offset);
  return `${file}:${position.line + 1}:${position.character + 1}`;
}
