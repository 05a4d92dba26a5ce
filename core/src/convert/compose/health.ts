/**
 * `healthcheck` → `healthCheck`. The test forms carry over: ["CMD", …] and ["CMD-SHELL", "…"] as
 * they are, a string as ["CMD-SHELL", string] (that is what Compose does with it). Durations become
 * whole seconds within ECS's limits; Docker's default timeout (30s) is written out, because ECS's
 * default is 5 seconds.
 */
import type { ReportPath } from '../report';
import { durationSeconds } from '../units';
import { asBoolean, asRecord, scalarText, type Json } from '../values';
import { at, has, type ServiceContext, type ServiceMapper } from './context';

/** ECS's accepted ranges (API model, HealthCheck). */
export const HEALTH_LIMITS = {
  interval: { min: 5, max: 300 },
  timeout: { min: 2, max: 60 },
  retries: { min: 1, max: 10 },
  startPeriod: { min: 0, max: 300 },
} as const;

/** Docker's defaults where the Compose file says nothing. Only the timeout differs from ECS's (5). */
const DOCKER_TIMEOUT_SECONDS = 30;

type Reading = { command: string[] } | { disabled: true } | { unreadable: string } | undefined;

/** The ECS command for a Compose test, or why there is none. */
export function healthCommand(healthcheck: Json): Reading {
  if (asBoolean(healthcheck['disable']) === true) return { disabled: true };
  const test = healthcheck['test'];
  if (test === undefined || test === null) return undefined;
  if (typeof test === 'string') return test.trim() === '' ? { unreadable: 'an empty test' } : { command: ['CMD-SHELL', test] };
  if (!Array.isArray(test)) return { unreadable: 'a test that is neither a string nor a list' };
  const words = test.map(scalarText);
  if (!words.every((w): w is string => w !== undefined) || words.length === 0) return { unreadable: 'a test list with non-string entries' };
  const [kind] = words;
  if (kind === 'NONE') return { disabled: true };
  if (kind === 'CMD' || kind === 'CMD-SHELL') return words.length > 1 ? { command: words } : { unreadable: `"${kind}" with no command` };
  return { unreadable: `a test list that starts with "${kind}" rather than CMD, CMD-SHELL or NONE` };
}

function seconds(ctx: ServiceContext, health: Json, key: string, field: keyof typeof HEALTH_LIMITS, path: ReportPath): number | undefined {
  const raw = health[key];
  if (raw === undefined || raw === null) return undefined;
  const value = field === 'retries' ? (typeof raw === 'number' ? raw : Number(scalarText(raw))) : durationSeconds(raw);
  if (value === undefined || !Number.isFinite(value)) {
    ctx.report.drop(path, `"${String(raw)}" cannot be read as ${field === 'retries' ? 'a number' : 'a duration'}.`);
    return undefined;
  }
  const { min, max } = HEALTH_LIMITS[field];
  const whole = Math.ceil(value - 1e-9);
  const clamped = Math.min(max, Math.max(min, whole));
  if (clamped !== value) {
    const unit = field === 'retries' ? '' : ' seconds';
    ctx.report.approximate(
      path,
      `ECS takes ${field === 'retries' ? 'whole retries' : 'whole seconds'} from ${min} to ${max}${unit}: ${String(raw)} becomes ${clamped}${unit}.`,
    );
  }
  return clamped;
}

function mapHealthcheck(ctx: ServiceContext): void {
  const path = at(ctx, 'healthcheck');
  const health = asRecord(ctx.service['healthcheck']);
  if (!health) {
    ctx.report.drop(path, 'The healthcheck is not a mapping.');
    return;
  }
  const reading = healthCommand(health);
  if (reading === undefined) {
    ctx.report.drop(
      path,
      "The healthcheck has no test: it only changes the timing of the image's HEALTHCHECK, and ECS health checks need a command.",
      'Add the test (copy it from the Dockerfile).',
    );
    return;
  }
  if ('disabled' in reading) {
    ctx.report.drop(
      path,
      "The healthcheck turns off the image's HEALTHCHECK; ECS cannot turn an image's health check off.",
      'Remove HEALTHCHECK from the image if it must not run.',
    );
    return;
  }
  if ('unreadable' in reading) {
    ctx.report.drop(at(ctx, 'healthcheck', 'test'), `The healthcheck has ${reading.unreadable}.`);
    return;
  }
  const check: Json = { command: reading.command };
  const interval = seconds(ctx, health, 'interval', 'interval', at(ctx, 'healthcheck', 'interval'));
  if (interval !== undefined) check['interval'] = interval;
  check['timeout'] = seconds(ctx, health, 'timeout', 'timeout', at(ctx, 'healthcheck', 'timeout')) ?? DOCKER_TIMEOUT_SECONDS;
  const retries = seconds(ctx, health, 'retries', 'retries', at(ctx, 'healthcheck', 'retries'));
  if (retries !== undefined) check['retries'] = retries;
  const startPeriod = seconds(ctx, health, 'start_period', 'startPeriod', at(ctx, 'healthcheck', 'start_period'));
  if (startPeriod !== undefined) check['startPeriod'] = startPeriod;
  if (health['start_interval'] !== undefined) {
    ctx.report.drop(
      at(ctx, 'healthcheck', 'start_interval'),
      'ECS has no separate interval for the start period; it checks at the normal interval.',
    );
  }
  for (const key of Object.keys(health)) {
    if (key.startsWith('x-')) ctx.report.drop(at(ctx, 'healthcheck', key), `The extension ${key} has no meaning for ECS.`);
  }
  ctx.container['healthCheck'] = check;
}

export const healthMapper: ServiceMapper = {
  keys: ['healthcheck'],
  map(ctx) {
    if (has(ctx, 'healthcheck')) mapHealthcheck(ctx);
  },
};
