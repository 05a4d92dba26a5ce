// A Compose project planned as a Swarm stack: what `docker stack deploy` creates — overlay networks,
// secrets and configs, one service per Compose service — each under its stack-scoped name with the
// stack's labels. Secrets and configs are named after their content (`<stack>_<key>-<digest>`), so new
// content is a new object and the services using it roll over to it; the old one is removed once no
// service (or the spec a rollback would return to) uses it. Pure but for reading secret files.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Json, Project, ProjectHost } from '@dockside/core';
import { asBoolean, asRecord, asString, resourceEngineName } from '@dockside/core';
import { labelsOf, type ModelPath, type PlanProblem, type ServiceInputs } from '../compose/serviceConfig';
import { scoped, STACK_LABEL, SWARM_LABEL } from './labels';
import { serviceSpecOf, type StackNames } from './serviceSpec';
import type { ServiceSpec } from './types';

export interface SwarmNetworkPlan {
  key: string;
  name: string;
  external: boolean;
  /** The network-create body (Driver overlay unless the file says otherwise). */
  options: {
    Name: string;
    Driver: string;
    Attachable?: boolean;
    Internal?: boolean;
    EnableIPv6?: boolean;
    Options?: Record<string, string>;
    Labels: Record<string, string>;
    IPAM?: { Driver: string; Config: Array<{ Subnet: string; Gateway?: string }> };
  };
}

export interface SwarmFilePlan {
  kind: 'secret' | 'config';
  key: string;
  name: string;
  external: boolean;
  /** The content (not for external ones); its sha256 is in `labels` and the name's end. */
  data?: Buffer;
  labels: Record<string, string>;
  /** `driver` / `template_driver`, passed through. */
  driver?: { Name: string; Options?: Record<string, string> };
  templating?: { Name: string };
}

export interface SwarmServicePlan {
  /** The Compose service name. */
  key: string;
  spec: ServiceSpec;
}

export interface SwarmPlan {
  namespace: string;
  networks: SwarmNetworkPlan[];
  secrets: SwarmFilePlan[];
  configs: SwarmFilePlan[];
  /** Engine names of the stack's own named volumes (each node creates them when a task needs one). */
  volumes: string[];
  services: SwarmServicePlan[];
  problems: PlanProblem[];
}

export interface SwarmPlanOptions {
  /** Reads env files, as for the Compose runner. */
  host: ProjectHost;
  /** The stack name (`docker stack deploy NAME`); the project name by default. */
  namespace?: string;
  /** Reads a secret or config file; the disk by default. */
  readBytes?: (path: string) => Buffer | undefined;
  /** The text a value of the model was written with, where it is known (see StackNames.written). */
  written?: (path: ModelPath) => string | undefined;
}

/** Swarm's limit on secret, config and service names. */
const NAME_LIMIT = 64;

function readFromDisk(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

export function planSwarm(project: Project, options: SwarmPlanOptions): SwarmPlan {
  const namespace = options.namespace ?? project.name;
  const model = project.model as Json;
  const problems: PlanProblem[] = [];
  const services = asRecord(model['services']) ?? {};
  const networks = networkPlans(namespace, model, project.services, services);
  const secrets = filePlans(project, namespace, 'secrets', options.readBytes ?? readFromDisk, problems);
  const configs = filePlans(project, namespace, 'configs', options.readBytes ?? readFromDisk, problems);
  const volumes = Object.entries(asRecord(model['volumes']) ?? {}).map(([key, value]) => {
    const declared = asRecord(value);
    const { engineName, external } = resourceEngineName(namespace, key, declared);
    return {
      key,
      name: engineName,
      external,
      labels: labelsOf(declared?.['labels']),
      driver: asString(declared?.['driver']),
      driverOpts: labelsOf(declared?.['driver_opts']),
    };
  });
  const names: StackNames = {
    namespace,
    network: (key) => networks.find((network) => network.key === key)?.name,
    volume: (key) => volumes.find((volume) => volume.key === key),
    secret: (key) => secrets.find((secret) => secret.key === key)?.name,
    config: (key) => configs.find((config) => config.key === key)?.name,
    written: options.written ?? (() => undefined),
  };
  const planned = project.services.map((name): SwarmServicePlan => {
    const inputs: ServiceInputs = {
      name,
      service: asRecord(services[name]) ?? {},
      variable: (variable) => project.environment.get(variable)?.value,
      readFile: (path) => options.host.readFile(path),
      // The runner's mount and grant readers are not used for Swarm (serviceSpec maps mounts itself).
      volumeName: () => undefined,
      grantFile: () => ({ problem: '' }),
      problems,
    };
    const spec = serviceSpecOf(inputs, names);
    if (spec.Name.length > NAME_LIMIT)
      problems.push({
        path: ['services', name],
        message: `The service name ${spec.Name} is longer than Swarm's ${NAME_LIMIT} characters; use a shorter stack or service name.`,
        unsupported: true,
      });
    // A service without "image" is refused by the report (build) or the rules (neither image nor build).
    return { key: name, spec };
  });
  return {
    namespace,
    networks,
    secrets,
    configs,
    volumes: volumes.filter((volume) => !volume.external).map((volume) => volume.name),
    services: planned,
    problems,
  };
}

/** The networks the active services join (`default` when one joins none), overlay unless the file names a driver. */
function networkPlans(namespace: string, model: Json, active: readonly string[], services: Json): SwarmNetworkPlan[] {
  const used = new Set<string>();
  for (const name of active) {
    const service = asRecord(services[name]) ?? {};
    const mode = asString(service['network_mode']);
    if (mode === 'host' || mode === 'none') continue;
    const value = service['networks'];
    if (value === undefined || value === null) used.add('default');
    else for (const key of Array.isArray(value) ? value.map(String) : Object.keys(asRecord(value) ?? {})) used.add(key);
  }
  const declared = asRecord(model['networks']) ?? {};
  return [...used].flatMap((key): SwarmNetworkPlan[] => {
    if (!(key in declared) && key !== 'default') return [];
    const network = asRecord(declared[key]);
    const { engineName, external } = resourceEngineName(namespace, key, network);
    const subnets = (
      Array.isArray(asRecord(network?.['ipam'])?.['config']) ? (asRecord(network?.['ipam'])?.['config'] as unknown[]) : []
    ).map(asRecord);
    const driverOpts = labelsOf(network?.['driver_opts']);
    const options: SwarmNetworkPlan['options'] = {
      Name: engineName,
      Driver: asString(network?.['driver']) ?? 'overlay',
      Labels: { ...labelsOf(network?.['labels']), [STACK_LABEL.namespace]: namespace },
      ...(asBoolean(network?.['attachable']) ? { Attachable: true } : {}),
      ...(asBoolean(network?.['internal']) ? { Internal: true } : {}),
      ...(asBoolean(network?.['enable_ipv6']) ? { EnableIPv6: true } : {}),
      ...(Object.keys(driverOpts).length ? { Options: driverOpts } : {}),
      ...(subnets.length > 0
        ? {
            IPAM: {
              Driver: asString(asRecord(network?.['ipam'])?.['driver']) ?? 'default',
              Config: subnets.map((entry) => ({
                Subnet: asString(entry?.['subnet']) ?? '',
                ...(asString(entry?.['gateway']) ? { Gateway: asString(entry?.['gateway']) } : {}),
              })),
            },
          }
        : {}),
    };
    return [{ key, name: engineName, external, options }];
  });
}

/**
 * The top-level secrets or configs, with their content from `file`, `environment` or (configs)
 * `content`. A name the file gives is kept as it is; otherwise the name carries the content's digest.
 */
function filePlans(
  project: Project,
  namespace: string,
  kind: 'secrets' | 'configs',
  readBytes: (path: string) => Buffer | undefined,
  problems: PlanProblem[],
): SwarmFilePlan[] {
  const what = kind === 'secrets' ? 'secret' : 'config';
  return Object.entries(asRecord(project.model[kind]) ?? {}).flatMap(([key, value]): SwarmFilePlan[] => {
    const declared = asRecord(value) ?? {};
    const labels = labelsOf(declared['labels']);
    const given = asString(declared['name']);
    if (declared['external'] !== undefined && asBoolean(declared['external']) !== false)
      return [{ kind: what, key, name: given ?? key, external: true, labels }];
    const data = contentOf(project, declared, readBytes);
    if ('problem' in data) {
      problems.push({ path: [kind, key], message: `The ${what} "${key}" ${data.problem}`, unsupported: true });
      return [];
    }
    const digest = createHash('sha256').update(data.bytes).digest('hex');
    const name = given ?? `${scoped(namespace, key)}-${digest.slice(0, 10)}`;
    if (name.length > NAME_LIMIT)
      problems.push({
        path: [kind, key],
        message: `The ${what} name ${name} is longer than Swarm's ${NAME_LIMIT} characters; give it a shorter "name:".`,
        unsupported: true,
      });
    const driver = asString(declared['driver']);
    const templateDriver = asString(declared['template_driver']);
    const driverOpts = labelsOf(declared['driver_opts']);
    return [
      {
        kind: what,
        key,
        name,
        external: false,
        data: data.bytes,
        labels: { ...labels, [STACK_LABEL.namespace]: namespace, [SWARM_LABEL.key]: key, [SWARM_LABEL.digest]: digest },
        ...(driver ? { driver: { Name: driver, ...(Object.keys(driverOpts).length ? { Options: driverOpts } : {}) } } : {}),
        ...(templateDriver ? { templating: { Name: templateDriver } } : {}),
      },
    ];
  });
}

function contentOf(
  project: Project,
  declared: Json,
  readBytes: (path: string) => Buffer | undefined,
): { bytes: Buffer } | { problem: string } {
  const file = asString(declared['file']);
  if (file !== undefined) {
    const bytes = readBytes(file);
    return bytes ? { bytes } : { problem: `reads ${file}, which does not exist or cannot be read.` };
  }
  const variable = asString(declared['environment']);
  if (variable !== undefined) {
    const found = project.environment.get(variable)?.value;
    return found === undefined
      ? { problem: `comes from the variable ${variable}, which is not set (in the shell or .env).` }
      : { bytes: Buffer.from(found) };
  }
  const content = asString(declared['content']);
  if (content !== undefined) return { bytes: Buffer.from(content) };
  return { problem: 'has no "file", "environment" or "content", and is not external.' };
}
