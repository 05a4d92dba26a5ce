import type { Finding } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { replaceValue } from '../edits';
import { asRecord } from '../model';

/**
 * The API types task-level `cpu` and `memory` as strings. ECS itself converts a number, but the AWS
 * CLI and boto3 check types before sending: `register-task-definition --cli-input-json` refuses
 * `"cpu": 256` ("Invalid type for parameter cpu"). Other tools accept it, hence information only.
 */
export const findTaskSizeNumbers: TaskDefinitionRule = (ctx) => {
  const definition = asRecord(ctx.file);
  if (!definition) return [];
  return (['cpu', 'memory'] as const).flatMap((field): Finding[] => {
    const value = definition[field];
    if (typeof value !== 'number') return [];
    const span = ctx.span([field], 'value');
    return [
      {
        code: 'ecs/task-size-number',
        severity: 'information',
        message: `The task's "${field}" is a string in the ECS API: the AWS CLI and SDKs reject the number ${value}. Write "${value}".`,
        span,
        fixes: [{ title: `Write "${field}" as a string`, edits: [replaceValue(span, JSON.stringify(String(value)))], preferred: true }],
      },
    ];
  });
};
