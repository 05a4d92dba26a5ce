import type { ErrorObject } from 'ajv';
import composeSchema from '../../../schemas/compose.schema.json';
import { errorsOf } from '../schema/validate';
import { asRecord } from './model';

/** Only a service whose name the schema accepts is checked against the service schema. */
const SERVICE_NAME = new RegExp(Object.keys(composeSchema.properties.services.patternProperties)[0] ?? '');

const shellErrors = errorsOf('composeShell');
const serviceErrors = errorsOf('composeService');

/** A service's errors (instance paths within the service), by the service's plain value. */
const byService = new WeakMap<object, readonly ErrorObject[]>();

/**
 * The Compose schema's errors for a whole file, found in parts: the file without its services' insides
 * (the shell), then each service. A service's errors are kept with its plain value, which an updated
 * parse shares with the last one for every service it did not read again (parse/reparse.ts): only the
 * services that changed are checked again. Ajv's errors are pure data of the value, so an unchanged
 * value has unchanged errors; their places in the text are found afresh on every check.
 */
export function composeSchemaErrors(value: unknown): ErrorObject[] {
  const errors = [...shellErrors(value)];
  const services = asRecord(asRecord(value)?.['services']);
  if (!services) return errors;
  for (const [name, service] of Object.entries(services)) {
    if (!SERVICE_NAME.test(name)) continue;
    const found = errorsOfService(service);
    if (found.length === 0) continue;
    const prefix = `/services/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    for (const error of found) errors.push({ ...error, instancePath: prefix + error.instancePath });
  }
  return errors;
}

function errorsOfService(service: unknown): readonly ErrorObject[] {
  if (typeof service !== 'object' || service === null) return serviceErrors(service);
  let found = byService.get(service);
  if (!found) byService.set(service, (found = [...serviceErrors(service)]));
  return found;
}
