/**
 * `secrets: [{name, valueFrom}]` → a top-level Compose secret per variable, read from the host
 * environment variable of the same name (`environment: NAME`), with the ARN kept in the secret's
 * x-ecs. Compose gives the container a file /run/secrets/NAME where ECS gives a variable, so each is
 * reported: locally the application must read the file, or the user exports NAME for it.
 */
import { asList, asRecord, asString, type Json } from '../values';
import { at, type ContainerContext, type ContainerMapper } from './context';

function secretKey(ctx: ContainerContext, name: string, valueFrom: string): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, '_') || 'secret';
  for (let n = 1; ; n++) {
    const key = n === 1 ? base : `${base}_${n}`;
    const existing = asRecord(ctx.secrets[key]);
    if (!existing) {
      ctx.secrets[key] = { environment: name, 'x-ecs': { valueFrom } };
      return key;
    }
    if (asRecord(existing['x-ecs'])?.['valueFrom'] === valueFrom && existing['environment'] === name) return key;
  }
}

function mapSecrets(ctx: ContainerContext): void {
  const grants: Array<string | Json> = [];
  asList(ctx.container['secrets']).forEach((entry, index) => {
    const record = asRecord(entry);
    const name = asString(record?.['name']);
    const valueFrom = asString(record?.['valueFrom']);
    if (name === undefined || valueFrom === undefined) {
      ctx.report.drop(at(ctx, 'secrets', index), 'This secret has no name or no valueFrom.');
      return;
    }
    const key = secretKey(ctx, name, valueFrom);
    grants.push(key === name ? key : { source: key, target: name });
    ctx.report.note(
      at(ctx, 'secrets', index),
      `The secret ${name} (${valueFrom}) becomes the Compose secret "${key}", read from the environment variable ${name} where Compose runs; the container gets it as the file /run/secrets/${name}, not as a variable.`,
      `Export ${name} before "docker compose up", and let the application read the file (or set ${name} in "environment" for local runs).`,
    );
  });
  if (grants.length > 0) ctx.service['secrets'] = grants;
}

export const secretsMapper: ContainerMapper = {
  fields: ['secrets'],
  map: mapSecrets,
};
