/**
 * `logConfiguration` → `logging` for drivers Docker runs locally. awslogs and awsfirelens need AWS
 * (credentials, a FireLens router), so their configuration is kept in the service's x-ecs and the
 * service logs with Docker's default driver locally, as ecs-cli's local mode did.
 */
import { asRecord, asString, scalarText, type Json } from '../values';
import { at, type ContainerContext, type ContainerMapper } from './context';

const AWS_ONLY_DRIVERS = new Set(['awslogs', 'awsfirelens']);

function mapLogging(ctx: ContainerContext): void {
  const configuration = asRecord(ctx.container['logConfiguration']);
  if (!configuration) return;
  const driver = asString(configuration['logDriver']);
  if (driver === undefined || AWS_ONLY_DRIVERS.has(driver)) {
    ctx.extension['logConfiguration'] = configuration;
    ctx.report.note(
      at(ctx, 'logConfiguration'),
      `The ${driver ?? 'unnamed'} log driver works only on AWS; its configuration is kept in the service's x-ecs, and locally Docker's default log driver is used.`,
    );
    return;
  }
  const logging: Json = { driver };
  const options = Object.entries(asRecord(configuration['options']) ?? {}).flatMap(([name, value]) => {
    const text = scalarText(value);
    return text === undefined ? [] : [[name, text] as const];
  });
  if (options.length > 0) logging['options'] = Object.fromEntries(options);
  ctx.service['logging'] = logging;
}

export const loggingMapper: ContainerMapper = {
  fields: ['logConfiguration'],
  map: mapLogging,
};
