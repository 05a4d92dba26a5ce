import type { TaskDefinitionRule } from '../context';
import { asNumber, containerLabel, containersOf, taskCpu } from '../model';

/** The containers' CPU reservations share the task's CPU: together they cannot ask for more. */
export const findContainerCpuExceedsTask: TaskDefinitionRule = (ctx) => {
  const task = taskCpu(ctx.file);
  if (task === undefined) return [];
  const reserving = containersOf(ctx.file).flatMap((c) => {
    const cpu = asNumber(c.value['cpu']);
    return cpu !== undefined && cpu > 0 ? [{ container: c, cpu }] : [];
  });
  const total = reserving.reduce((sum, r) => sum + r.cpu, 0);
  if (total <= task) return [];
  const parts = reserving.map((r) => `${containerLabel(r.container)}: ${r.cpu}`).join(', ');
  return [
    {
      code: 'ecs/container-cpu-exceeds-task',
      severity: 'error',
      message: `The containers reserve ${total} CPU units in all (${parts}), more than the task's "cpu" of ${task}.`,
      span: ctx.span(['cpu'], 'value'),
      related: reserving.map((r) => ({
        span: ctx.span([...r.container.path, 'cpu'], 'value'),
        message: `${containerLabel(r.container)} reserves ${r.cpu} CPU units.`,
      })),
    },
  ];
};
