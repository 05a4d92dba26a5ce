import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { asList, asRecord, capitalize, containerLabel, containersOf } from '../model';

/**
 * ECS runs a container health check only as ["CMD", executable, args…] or ["CMD-SHELL", "line"];
 * registration refuses anything else, Docker's "NONE" included.
 */
export const findHealthcheckCommandErrors: TaskDefinitionRule = (ctx) =>
  containersOf(ctx.file).flatMap((container): Finding[] => {
    const check = asRecord(container.value['healthCheck']);
    const command = check?.['command'];
    if (!Array.isArray(command)) return [];
    const first: unknown = asList(command)[0];
    if (first === 'CMD' || first === 'CMD-SHELL') return [];
    const base = [...container.path, 'healthCheck', 'command'];
    const label = capitalize(containerLabel(container));
    const message =
      first === 'NONE'
        ? `${label} has a "healthCheck" of "NONE", which ECS refuses: its health checks start with "CMD" or "CMD-SHELL". To have no health check, remove "healthCheck" (ECS ignores a HEALTHCHECK built into the image).`
        : first === undefined
          ? `${label} has an empty "healthCheck.command"; ECS needs ["CMD-SHELL", "a shell line"] or ["CMD", "executable", "arg", …].`
          : `The "healthCheck.command" of ${containerLabel(container)} starts with ${JSON.stringify(first)}; ECS needs "CMD" (run the executable directly) or "CMD-SHELL" (run the line through the shell) first, as in ["CMD-SHELL", ${JSON.stringify(command.join(' '))}].`;
    return [
      {
        code: 'ecs/healthcheck-command',
        severity: 'error',
        message,
        span: first === undefined ? ctx.span(base, 'value') : ctx.span([...base, 0], 'value'),
      },
    ];
  });
