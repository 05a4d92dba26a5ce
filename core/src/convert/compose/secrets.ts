/**
 * `secrets` → `secrets: [{name, valueFrom}]`. The two differ in kind: Compose mounts a secret as the
 * file /run/secrets/<target>, ECS sets an environment variable from Secrets Manager or SSM. The
 * variable is named after the target (or the secret), and `valueFrom` comes from the top-level
 * secret's `x-ecs.valueFrom`, or is a placeholder ARN the user must replace.
 */
import { secretArn } from '../placeholders';
import { asList, asRecord, asString, type Json } from '../values';
import { at, type ServiceContext, type ServiceMapper } from './context';
import { describeFileUses, fileUses } from './fileUses';

function mapSecrets(ctx: ServiceContext): void {
  const secrets: Json[] = [];
  const names = new Set<string>();
  const definitions = asRecord(ctx.target.model['secrets']);
  asList(ctx.service['secrets']).forEach((entry, index) => {
    const path = at(ctx, 'secrets', index);
    const long = asRecord(entry);
    const source = typeof entry === 'string' ? entry : asString(long?.['source']);
    if (source === undefined || source === '') {
      ctx.report.drop(path, 'This secret names no source.');
      return;
    }
    const target = asString(long?.['target']);
    const name = target !== undefined && target !== '' && !target.includes('/') ? target : source;
    if (names.has(name)) {
      ctx.report.drop(path, `The environment variable ${name} is already set from another secret.`);
      return;
    }
    names.add(name);
    const definition = asRecord(definitions?.[source]);
    const known = asString(asRecord(definition?.['x-ecs'])?.['valueFrom']);
    const valueFrom = known ?? secretArn(asString(definition?.['name']) ?? source);
    secrets.push({ name, valueFrom });
    const file = target?.startsWith('/') ? target : `/run/secrets/${target ?? source}`;
    const where = `the file ${file}`;
    const readers = fileUses(ctx.service, file);
    if (readers.length > 0) {
      // The container reads the file, which the ECS container does not have: the secret arrives, but not where it is read.
      ctx.report.approximate(
        path,
        `The secret "${source}" becomes the environment variable ${name}${known ? ` (from ${known})` : `, read from the placeholder "${valueFrom}"`}, but ${describeFileUses(readers)} ${readers.length > 1 ? 'read' : 'reads'} ${where}, which the ECS container does not have.`,
        `Make ${readers.length > 1 ? 'them' : 'it'} read the variable ${name} instead (an image that reads X_FILE usually reads X too: give the secret "target: X" and drop X_FILE)${known ? '' : '; store the secret in AWS Secrets Manager and replace REGION and ACCOUNT_ID in the ARN (or set "valueFrom" in the top-level secret\'s x-ecs)'}.`,
      );
    } else if (known) {
      ctx.report.note(
        path,
        `The secret "${source}" becomes the environment variable ${name} (from ${known}); Compose gives it to the container as ${where}.`,
        `Make the application read ${name} from its environment.`,
      );
    } else {
      ctx.report.note(
        path,
        `The secret "${source}" becomes the environment variable ${name}, read from the placeholder "${valueFrom}"; Compose gives it to the container as ${where}.`,
        `Store the secret in AWS Secrets Manager, replace REGION and ACCOUNT_ID in the ARN (or set "valueFrom" in the top-level secret's x-ecs), let the execution role read it, and make the application read ${name}.`,
      );
    }
    for (const key of ['uid', 'gid', 'mode']) {
      if (long?.[key] !== undefined)
        ctx.report.drop([...path, key], `An environment variable has no ${key === 'mode' ? 'file mode' : 'owner'}.`);
    }
  });
  if (secrets.length > 0) ctx.container['secrets'] = secrets;
}

export const secretsMapper: ServiceMapper = {
  keys: ['secrets'],
  map: mapSecrets,
};
