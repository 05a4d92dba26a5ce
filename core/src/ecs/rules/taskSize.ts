import type { Finding } from '../../types';
import type { TaskDefinitionContext, TaskDefinitionRule } from '../context';
import { asRecord, isTemplated, parseTaskSize, requiresFargate } from '../model';

/** Task CPU outside Fargate: 128 (0.125 vCPU) to 196608 (192 vCPU) CPU units, per the 2026 API model. */
export const EC2_TASK_CPU = { min: 128, max: 196608 };

const FORMS = {
  cpu: 'CPU units ("1024") or vCPUs ("1 vCPU")',
  memory: 'MiB ("2048") or GB ("2 GB")',
};

function unreadable(ctx: TaskDefinitionContext, field: 'cpu' | 'memory', value: unknown): Finding[] {
  if (typeof value !== 'string' || isTemplated(value) || parseTaskSize(value, field) !== undefined) return [];
  return [
    {
      code: 'ecs/task-size',
      severity: 'error',
      message: `ECS cannot read "${value}" as the task's "${field}": write it in ${FORMS[field]}.`,
      span: ctx.span([field], 'value'),
    },
  ];
}

function cpuOutOfRange(ctx: TaskDefinitionContext, value: unknown): Finding[] {
  const cpu = parseTaskSize(value, 'cpu');
  if (cpu === undefined || (cpu >= EC2_TASK_CPU.min && cpu <= EC2_TASK_CPU.max)) return [];
  return [
    {
      code: 'ecs/task-size',
      severity: 'error',
      message: `The task's "cpu" is ${cpu} CPU units; ECS accepts ${EC2_TASK_CPU.min} (0.125 vCPU) to ${EC2_TASK_CPU.max} (192 vCPU).`,
      span: ctx.span(['cpu'], 'value'),
    },
  ];
}

/** Task-level `cpu` and `memory` that ECS could not convert, or a CPU size no instance offers. */
export const findTaskSizeErrors: TaskDefinitionRule = (ctx) => {
  const definition = asRecord(ctx.file);
  if (!definition) return [];
  const findings = [...unreadable(ctx, 'cpu', definition['cpu']), ...unreadable(ctx, 'memory', definition['memory'])];
  // Fargate's own sizes are checked by the Fargate rule, with a better message.
  if (!requiresFargate(definition)) findings.push(...cpuOutOfRange(ctx, definition['cpu']));
  return findings;
};
