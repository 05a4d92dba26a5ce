import type { SpanPart } from '../../parse/locate';
import type { Finding, Path } from '../../types';
import type { TaskDefinitionRule } from '../context';
import {
  asList,
  asNumber,
  asRecord,
  capitalize,
  asString,
  containerLabel,
  containersOf,
  requiresFargate,
  volumesOf,
  type Container,
  type Json,
} from '../model';
import { describeTaskDefinitionPath } from '../vocabulary';

interface Unsupported {
  path: Path;
  part: SpanPart;
  /** Why, or what to do instead, when it is not obvious. */
  advice?: string;
  /** A whole sentence, where "X is not supported" would not say what is wrong. */
  message?: string;
}

const FARGATE_LOG_DRIVERS = ['awslogs', 'splunk', 'awsfirelens'];

function isSet(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
}

/** Linux parameters Fargate refuses (API model: devices, sharedMemorySize, maxSwap, swappiness; only SYS_PTRACE may be added). */
function linuxParameters(container: Container, label: string): Unsupported[] {
  const base = [...container.path, 'linuxParameters'];
  const linux = asRecord(container.value['linuxParameters']);
  if (!linux) return [];
  const found: Unsupported[] = ['devices', 'sharedMemorySize', 'maxSwap', 'swappiness']
    .filter((key) => isSet(linux[key]))
    .map((key) => ({ path: [...base, key], part: 'key' }));
  asList(asRecord(linux['capabilities'])?.['add']).forEach((capability, i) => {
    if (capability !== 'SYS_PTRACE') {
      const message = `${label} adds the ${JSON.stringify(capability)} capability, which Fargate does not allow: only "SYS_PTRACE" can be added.`;
      found.push({ path: [...base, 'capabilities', 'add', i], part: 'value', message });
    }
  });
  return found;
}

/** Container settings Fargate refuses (API model and developer guide, "Task definition differences for Fargate"). */
function containerSettings(container: Container): Unsupported[] {
  const label = capitalize(containerLabel(container));
  const value = container.value;
  const found: Unsupported[] = [];
  const at = (key: string, advice?: string): void => void found.push({ path: [...container.path, key], part: 'key', advice });
  if (value['privileged'] === true) at('privileged', 'Fargate tasks get no privileged access to their host.');
  if (value['disableNetworking'] === true) at('disableNetworking');
  for (const key of ['dnsServers', 'dnsSearchDomains', 'dockerSecurityOptions']) if (isSet(value[key])) at(key);
  asList(value['resourceRequirements']).forEach((requirement, i) => {
    if (asRecord(requirement)?.['type'] === 'GPU')
      found.push({ path: [...container.path, 'resourceRequirements', i], part: 'auto', advice: 'Fargate has no GPUs.' });
  });
  for (const key of ['startTimeout', 'stopTimeout']) {
    const seconds = asNumber(value[key]);
    if (seconds !== undefined && (seconds < 2 || seconds > 120)) {
      const message = `"${key}" in ${containerLabel(container)} is ${seconds} seconds; on Fargate it must be 2 to 120.`;
      found.push({ path: [...container.path, key], part: 'value', message });
    }
  }
  const driver = asString(asRecord(value['logConfiguration'])?.['logDriver']);
  if (driver !== undefined && !FARGATE_LOG_DRIVERS.includes(driver)) {
    found.push({
      path: [...container.path, 'logConfiguration', 'logDriver'],
      part: 'value',
      advice: 'Fargate supports the "awslogs", "splunk" and "awsfirelens" log drivers.',
    });
  }
  return [...found, ...linuxParameters(container, label)];
}

function taskSettings(definition: Json): Unsupported[] {
  const found: Unsupported[] = [];
  if (isSet(definition['ipcMode'])) found.push({ path: ['ipcMode'], part: 'key' });
  if (definition['pidMode'] === 'host')
    found.push({ path: ['pidMode'], part: 'value', advice: 'On Fargate the only process namespace mode is "task".' });
  if (isSet(definition['placementConstraints']))
    found.push({ path: ['placementConstraints'], part: 'key', advice: 'Fargate places tasks itself.' });
  for (const volume of volumesOf(definition)) {
    if (asRecord(volume.value['host'])?.['sourcePath'] !== undefined) {
      found.push({
        path: [...volume.path, 'host', 'sourcePath'],
        part: 'key',
        advice: 'Fargate has no host paths: omit "sourcePath" for a task-scoped volume, or use EFS.',
      });
    }
    if (isSet(volume.value['dockerVolumeConfiguration']))
      found.push({
        path: [...volume.path, 'dockerVolumeConfiguration'],
        part: 'key',
        advice: 'Use EFS for persistent storage on Fargate.',
      });
  }
  return found;
}

/** Parameters Fargate rejects, each where it is set. */
export const findFargateUnsupported: TaskDefinitionRule = (ctx) => {
  const definition = asRecord(ctx.file);
  if (!definition || !requiresFargate(definition)) return [];
  const found = [...taskSettings(definition), ...containersOf(definition).flatMap(containerSettings)];
  return found.map(({ path, part, advice, message }): Finding => ({
    code: 'ecs/fargate-unsupported',
    severity: 'error',
    message:
      message ?? `${capitalize(describeTaskDefinitionPath(path, definition))} is not supported on Fargate.${advice ? ` ${advice}` : ''}`,
    span: ctx.span(path, part),
  }));
};
