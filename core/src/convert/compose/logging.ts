/**
 * `logging` → `logConfiguration`. A service without logging gets the awslogs driver (what ECS
 * users expect, and the only built-in way to see the logs of a Fargate task), with placeholders for
 * the Region; the same happens where the launch type does not support the driver.
 */
import { logGroup, REGION } from '../placeholders';
import { asRecord, asString, scalarText, type Json } from '../values';
import { at, isFargate, type ServiceContext, type ServiceMapper } from './context';

const ECS_DRIVERS = new Set(['json-file', 'syslog', 'journald', 'gelf', 'fluentd', 'awslogs', 'splunk', 'awsfirelens']);
const FARGATE_DRIVERS = new Set(['awslogs', 'splunk', 'awsfirelens']);

function awslogsDefaults(ctx: ServiceContext): Record<string, string> {
  return { 'awslogs-group': logGroup(ctx.target.family), 'awslogs-region': REGION, 'awslogs-stream-prefix': ctx.name };
}

const AWSLOGS_ACTION = `Create the log group, replace ${REGION} with the Region, and give the task an execution role that may write to CloudWatch Logs (x-ecs "executionRoleArn").`;

function defaultLogging(ctx: ServiceContext): Json {
  return { logDriver: 'awslogs', options: awslogsDefaults(ctx) };
}

function mapLogging(ctx: ServiceContext): void {
  const path = at(ctx, 'logging');
  const logging = asRecord(ctx.service['logging']);
  if (!logging) {
    ctx.container['logConfiguration'] = defaultLogging(ctx);
    ctx.report.note(
      at(ctx),
      `"${ctx.name}" sends its logs to CloudWatch Logs (awslogs, log group "${logGroup(ctx.target.family)}"), since it names no log driver.`,
      AWSLOGS_ACTION,
    );
    return;
  }
  // Docker's default driver is json-file, also when only options are given.
  const driver = asString(logging['driver']) ?? 'json-file';
  if (driver === 'none') {
    // ECS has no "none" driver: a container without a log configuration gets the launch type's default.
    if (isFargate(ctx))
      ctx.report.note(path, `"${ctx.name}" keeps no logs: the task definition has no log configuration, so Fargate discards its output.`);
    else
      ctx.report.approximate(
        [...path, 'driver'],
        `ECS has no "none" log driver: without a log configuration, "${ctx.name}" logs with the Docker daemon's default driver on the EC2 instance (json-file unless the instance is set up otherwise).`,
        'If its output must not be kept, set the log driver on the instances ("log-driver": "none" in /etc/docker/daemon.json).',
      );
    return;
  }
  const allowed = isFargate(ctx) ? FARGATE_DRIVERS : ECS_DRIVERS;
  if (!allowed.has(driver)) {
    ctx.container['logConfiguration'] = defaultLogging(ctx);
    ctx.report.approximate(
      [...path, 'driver'],
      `ECS${isFargate(ctx) ? ' on Fargate' : ''} has no "${driver}" log driver; the logs go to CloudWatch Logs (awslogs) instead, and the driver's options are not used.`,
      AWSLOGS_ACTION,
    );
    return;
  }
  const options: Record<string, string> = {};
  for (const [name, value] of Object.entries(asRecord(logging['options']) ?? {})) {
    const text = scalarText(value);
    if (text !== undefined) options[name] = text;
    else ctx.report.drop([...path, 'options', name], `The log option ${name} has no value.`);
  }
  if (driver === 'awslogs') {
    const missing = Object.entries(awslogsDefaults(ctx)).filter(
      ([name]) => options[name] === undefined && (name !== 'awslogs-stream-prefix' || isFargate(ctx)),
    );
    for (const [name, value] of missing) options[name] = value;
    if (missing.length > 0)
      ctx.report.note(
        [...path, 'options'],
        `The awslogs driver needs ${missing.map(([name]) => name).join(', ')}; the task definition sets ${missing.map(([name, value]) => `${name}: ${value}`).join(', ')}.`,
        AWSLOGS_ACTION,
      );
  }
  const configuration: Json = { logDriver: driver };
  if (Object.keys(options).length > 0) configuration['options'] = options;
  ctx.container['logConfiguration'] = configuration;
  for (const key of Object.keys(logging)) {
    if (key !== 'driver' && key !== 'options') ctx.report.drop([...path, key], `logging.${key} has no ECS counterpart.`);
  }
}

export const loggingMapper: ServiceMapper = {
  keys: ['logging'],
  map: mapLogging,
};
