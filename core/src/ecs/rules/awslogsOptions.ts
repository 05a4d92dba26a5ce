import type { Finding, Severity } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { asRecord, containerLabel, containersOf, requiresFargate } from '../model';

interface Requirement {
  option: string;
  severity: Severity;
  why: string;
}

/**
 * What the awslogs driver needs (API model, LogConfiguration.options): without a group the driver
 * refuses to start the container; without a region it has to guess one from the instance, which
 * Fargate does not offer; Fargate also requires a stream prefix.
 */
function requirements(fargate: boolean): Requirement[] {
  const list: Requirement[] = [
    {
      option: 'awslogs-group',
      severity: 'error',
      why: 'the log group to send logs to: without it the driver does not start the container',
    },
    { option: 'awslogs-region', severity: 'warning', why: 'the Region of the log group, which ECS documents as required' },
  ];
  if (fargate)
    list.push({
      option: 'awslogs-stream-prefix',
      severity: 'warning',
      why: 'required on Fargate; it names the log streams after the container and task',
    });
  return list;
}

/**
 * Options the awslogs log driver needs and a container's log configuration leaves out, in one finding
 * per container (they share one place): an error when the group is missing, else a warning.
 */
export const findAwslogsOptions: TaskDefinitionRule = (ctx) => {
  const fargate = requiresFargate(ctx.file);
  return containersOf(ctx.file).flatMap((container): Finding[] => {
    const logging = asRecord(container.value['logConfiguration']);
    if (logging?.['logDriver'] !== 'awslogs') return [];
    const options = asRecord(logging['options']);
    const missing = requirements(fargate).filter(({ option }) => options?.[option] === undefined);
    if (missing.length === 0) return [];
    const base = [...container.path, 'logConfiguration'];
    const list = missing.map(({ option, why }) => `"${option}" (${why})`);
    return [
      {
        code: 'ecs/awslogs-options',
        severity: missing.some((m) => m.severity === 'error') ? 'error' : 'warning',
        message: `The awslogs log driver of ${containerLabel(container)} is missing ${list.join(' and ')}.`,
        span: options ? ctx.span([...base, 'options'], 'key') : ctx.span([...base, 'logDriver'], 'value'),
      },
    ];
  });
};
