import { orList } from '../../schema/messages';
import type { Finding } from '../../types';
import type { TaskDefinitionContext, TaskDefinitionRule } from '../context';
import { cpusAllowing, describeMemoryChoices, FARGATE_TASK_SIZES, FARGATE_WINDOWS_CPUS } from '../fargate';
import { asRecord, fargateIndex, isWindows, taskCpu, taskMemory } from '../model';

function finding(ctx: TaskDefinitionContext, field: 'cpu' | 'memory', message: string): Finding {
  return { code: 'ecs/fargate-task-size', severity: 'error', message, span: ctx.span([field], 'value') };
}

/** Fargate needs task-level `cpu` and `memory`; says which of the two is missing. */
function missingSize(ctx: TaskDefinitionContext, fargate: number): Finding[] {
  const definition = asRecord(ctx.file)!;
  const missing = (['cpu', 'memory'] as const).filter((field) => definition[field] === undefined);
  if (missing.length === 0) return [];
  const what = missing.length === 2 ? 'neither "cpu" nor "memory"' : `no "${missing[0]}"`;
  return [
    {
      code: 'ecs/fargate-task-size',
      severity: 'error',
      message: `Fargate requires task-level "cpu" and "memory", and this task definition has ${what}. For example "cpu": "256" with "memory": "512".`,
      span: ctx.span(['requiresCompatibilities', fargate], 'value'),
    },
  ];
}

function cpuChoices(windows: boolean): string {
  const cpus = [...FARGATE_TASK_SIZES.keys()].filter((cpu) => !windows || FARGATE_WINDOWS_CPUS.has(cpu));
  return orList(cpus.map(String));
}

/** The pair must be one of Fargate's task sizes; the message lists what this cpu allows. */
function invalidPair(ctx: TaskDefinitionContext, cpu: number, memory: number | undefined): Finding[] {
  const windows = isWindows(ctx.file);
  const memories = FARGATE_TASK_SIZES.get(cpu);
  if (!memories || (windows && !FARGATE_WINDOWS_CPUS.has(cpu))) {
    const os = windows ? ' for Windows containers' : '';
    return [finding(ctx, 'cpu', `Fargate has no task size with cpu ${cpu}${os}. Use ${cpuChoices(windows)} CPU units.`)];
  }
  if (memory === undefined || memories.includes(memory)) return [];
  const others = cpusAllowing(memory);
  const alternative = others.length > 0 ? ` Memory ${memory} needs cpu ${orList(others.map(String))}.` : '';
  return [
    finding(
      ctx,
      'memory',
      `Fargate has no task size with cpu ${cpu} and memory ${memory}. With cpu ${cpu}, memory must be ${describeMemoryChoices(memories)} (MiB).${alternative}`,
    ),
  ];
}

/** Fargate bills and places tasks by fixed sizes: task-level cpu and memory must form one of them. */
export const findFargateTaskSize: TaskDefinitionRule = (ctx) => {
  const fargate = fargateIndex(ctx.file);
  if (fargate < 0 || !asRecord(ctx.file)) return [];
  const missing = missingSize(ctx, fargate);
  if (missing.length > 0) return missing;
  // Unreadable or templated values are the task-size rule's, or a deployment tool's, business.
  const cpu = taskCpu(ctx.file);
  return cpu === undefined ? [] : invalidPair(ctx, cpu, taskMemory(ctx.file));
};
