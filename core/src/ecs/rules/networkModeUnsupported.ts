import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { capitalize, containerLabel, containersOf, effectiveNetworkMode, type Container } from '../model';

function isSet(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
}

/** Settings each network mode cannot honour (API model: ContainerDefinition links, hostname, extraHosts; NetworkMode none). */
function conflicts(mode: string, container: Container): Array<{ key: string; message: string }> {
  const who = capitalize(containerLabel(container));
  const value = container.value;
  const found: Array<{ key: string; message: string }> = [];
  if (mode !== 'bridge' && isSet(value['links'])) {
    found.push({
      key: 'links',
      message: `${who} uses "links", which work only in "bridge" network mode; in "${mode}" mode containers of a task reach each other on localhost.`,
    });
  }
  if (mode === 'awsvpc' && isSet(value['hostname'])) {
    found.push({
      key: 'hostname',
      message: `${who} sets "hostname", which "awsvpc" network mode does not support: the task takes the name of its network interface.`,
    });
  }
  if (mode === 'awsvpc' && isSet(value['extraHosts'])) {
    found.push({ key: 'extraHosts', message: `${who} sets "extraHosts", which "awsvpc" network mode does not support.` });
  }
  if (mode === 'none' && isSet(value['portMappings'])) {
    found.push({
      key: 'portMappings',
      message: `${who} has "portMappings", but a task in "none" network mode has no network to map ports on.`,
    });
  }
  return found;
}

/** Container settings that the task's network mode rejects, on the setting's key. */
export const findNetworkModeUnsupported: TaskDefinitionRule = (ctx) => {
  const mode = effectiveNetworkMode(ctx.file);
  return containersOf(ctx.file).flatMap((container) =>
    conflicts(mode, container).map(({ key, message }): Finding => ({
      code: 'ecs/network-mode-unsupported',
      severity: 'error',
      message,
      span: ctx.span([...container.path, key], 'key'),
    })),
  );
};
