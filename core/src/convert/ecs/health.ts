/** `healthCheck` → `healthcheck`, durations as "30s". ECS's default timeout (5s) is written out, since Docker's is 30s. */
import { formatSeconds } from '../units';
import { asList, asNumber, asRecord, scalarText, type Json } from '../values';
import { at, type ContainerContext, type ContainerMapper } from './context';

const ECS_DEFAULT_TIMEOUT = 5;

function mapHealth(ctx: ContainerContext): void {
  const check = asRecord(ctx.container['healthCheck']);
  if (!check) return;
  const command = asList(check['command']).map(scalarText);
  if (command.length === 0 || !command.every((w): w is string => w !== undefined)) {
    ctx.report.drop(at(ctx, 'healthCheck', 'command'), 'The health check has no command.');
    return;
  }
  const health: Json = { test: command };
  const interval = asNumber(check['interval']);
  if (interval !== undefined) health['interval'] = formatSeconds(interval);
  health['timeout'] = formatSeconds(asNumber(check['timeout']) ?? ECS_DEFAULT_TIMEOUT);
  const retries = asNumber(check['retries']);
  if (retries !== undefined) health['retries'] = retries;
  const startPeriod = asNumber(check['startPeriod']);
  if (startPeriod !== undefined) health['start_period'] = formatSeconds(startPeriod);
  ctx.service['healthcheck'] = health;
}

export const healthMapper: ContainerMapper = {
  fields: ['healthCheck'],
  map: mapHealth,
};
