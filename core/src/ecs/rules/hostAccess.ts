import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { asList, asRecord, capitalize, containerLabel, containersOf, requiresFargate } from '../model';

const HOST_MODES: ReadonlyArray<{ key: string; what: string; instead: string }> = [
  {
    key: 'networkMode',
    what: "the instance's network stack: every container can bind any port of the instance and reach what listens on its loopback, such as the ECS agent's introspection API",
    instead: 'Use "awsvpc" or "bridge" unless the task truly needs it.',
  },
  {
    key: 'pidMode',
    what: "the instance's process table: containers see, and as root signal, every process on the instance",
    instead: 'Use "task" if the task\'s containers need to see each other\'s processes, or remove "pidMode" to keep each container\'s own.',
  },
  {
    key: 'ipcMode',
    what: "the instance's shared memory and semaphores",
    instead:
      'Use "task" if the task\'s containers share memory with each other, "none" for none, or remove "ipcMode" to keep each container\'s own.',
  },
];

/** `networkMode`, `pidMode` or `ipcMode` set to "host": the task's containers leave their isolation. */
export const findHostModes: TaskDefinitionRule = (ctx) => {
  // Fargate refuses these outright; its own rule says so as an error.
  if (requiresFargate(ctx.file)) return [];
  const task = asRecord(ctx.file) ?? {};
  return HOST_MODES.flatMap(({ key, what, instead }): Finding[] =>
    task[key] !== 'host'
      ? []
      : [
          {
            code: 'ecs/host-namespace',
            severity: 'warning',
            message: `"${key}": "host" shares ${what}. ${instead}`,
            span: ctx.span([key], 'value'),
          },
        ],
  );
};

/** `linuxParameters.capabilities.add` with "ALL" is `privileged` by another name. */
export const findAllCapabilities: TaskDefinitionRule = (ctx) =>
  containersOf(ctx.file).flatMap((container) => {
    const capabilities = asRecord(asRecord(container.value['linuxParameters'])?.['capabilities']);
    return asList(capabilities?.['add']).flatMap((capability, index): Finding[] =>
      typeof capability !== 'string' || !/^(CAP_)?ALL$/i.test(capability)
        ? []
        : [
            {
              code: 'ecs/cap-add-all',
              severity: 'warning',
              message: `${capitalize(containerLabel(container))} adds every Linux capability, which is almost as much as "privileged". List only the ones it needs.`,
              span: ctx.span([...container.path, 'linuxParameters', 'capabilities', 'add', index], 'value'),
            },
          ],
    );
  });
