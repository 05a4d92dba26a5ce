/** How the process runs: `user`, `working_dir`, `tty`, `stdin_open`, `stop_grace_period`, `labels`. */
import { durationSeconds } from '../units';
import { asBoolean, asString, listOrDict, scalarText } from '../values';
import { at, has, isFargate, type ServiceContext, type ServiceMapper } from './context';

/** ECS's stop timeout: at most 120 seconds (the Fargate limit, and the documented maximum), at least 2 on Fargate. */
export const STOP_TIMEOUT = { min: 2, max: 120 };

function mapStopGracePeriod(ctx: ServiceContext): void {
  if (!has(ctx, 'stop_grace_period')) return;
  const path = at(ctx, 'stop_grace_period');
  const raw = ctx.service['stop_grace_period'];
  const seconds = durationSeconds(raw);
  if (seconds === undefined) {
    ctx.report.drop(path, `"${String(raw)}" is not a duration.`);
    return;
  }
  const min = isFargate(ctx) ? STOP_TIMEOUT.min : 0;
  const value = Math.min(STOP_TIMEOUT.max, Math.max(min, Math.ceil(seconds - 1e-9)));
  if (value !== seconds)
    ctx.report.approximate(
      path,
      `ECS waits whole seconds, from ${min} to ${STOP_TIMEOUT.max}, before it kills a container: ${String(raw)} becomes ${value} seconds.`,
    );
  ctx.container['stopTimeout'] = value;
}

function mapLabels(ctx: ServiceContext): void {
  const labels = listOrDict(ctx.service['labels']);
  if (labels.length === 0) return;
  // A label with no value is an empty label in Docker; ECS labels are strings.
  ctx.container['dockerLabels'] = Object.fromEntries(labels.map(({ name, value }) => [name, value ?? '']));
}

function mapProcess(ctx: ServiceContext): void {
  const user = scalarText(ctx.service['user']);
  if (user !== undefined && user !== '') ctx.container['user'] = user;
  const workingDir = asString(ctx.service['working_dir']);
  if (workingDir !== undefined && workingDir !== '') ctx.container['workingDirectory'] = workingDir;
  if (asBoolean(ctx.service['tty']) === true) ctx.container['pseudoTerminal'] = true;
  if (asBoolean(ctx.service['stdin_open']) === true) ctx.container['interactive'] = true;
}

export const runtimeMapper: ServiceMapper = {
  keys: ['user', 'working_dir', 'tty', 'stdin_open', 'stop_grace_period', 'labels'],
  map(ctx) {
    mapProcess(ctx);
    mapStopGracePeriod(ctx);
    mapLabels(ctx);
  },
};
