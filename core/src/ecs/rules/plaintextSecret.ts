import type { Finding, Fix } from '../../types';
import { docPath, type TaskDefinitionContext, type TaskDefinitionRule } from '../context';
import { appendItem, appendProperty, jsonArrayOf, removeProperties } from '../edits';
import { asList, asRecord, asString, capitalize, containerLabel, containersOf, type Container } from '../model';

import { looksLikeSecret, looksLikeSecretName } from '../../rules/secretNames';

export { looksLikeSecretName };

/** The secret a new `secrets` entry points at: a placeholder ARN for the user to complete. */
export function placeholderArn(name: string): string {
  return `arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:${name}`;
}

/** Removes the environment entry and adds a `secrets` entry for it (creating `secrets` if needed). JSON only. */
function moveToSecrets(ctx: TaskDefinitionContext, container: Container, index: number, name: string): Fix | undefined {
  const entry = `{ "name": ${JSON.stringify(name)}, "valueFrom": ${JSON.stringify(placeholderArn(name))} }`;
  const containerPath = docPath(ctx, container.path);
  const add = Array.isArray(container.value['secrets'])
    ? appendItem(ctx.doc, ctx.text, [...containerPath, 'secrets'], entry)
    : container.value['secrets'] === undefined
      ? appendProperty(ctx.doc, ctx.text, containerPath, 'secrets', jsonArrayOf(ctx.doc, ctx.text, containerPath, entry))
      : undefined;
  const remove = removeProperties(ctx.doc, ctx.text, [[...containerPath, 'environment', index]]);
  if (!add || remove.length === 0) return undefined;
  return { title: `Move ${name} to secrets`, edits: [...remove, add], preferred: true };
}

/**
 * Environment values are stored in the task definition in clear text, shown in the console and
 * returned by `describe-task-definition`. Credentials belong in `secrets`, fetched at start-up.
 */
export const findPlaintextSecrets: TaskDefinitionRule = (ctx) =>
  containersOf(ctx.file).flatMap((container) =>
    asList(container.value['environment']).flatMap((entry, index): Finding[] => {
      const record = asRecord(entry);
      const name = asString(record?.['name']);
      const value = record?.['value'];
      if (name === undefined || !looksLikeSecret(name, value)) return [];
      const fix = moveToSecrets(ctx, container, index, name);
      return [
        {
          code: 'ecs/plaintext-secret',
          severity: 'warning',
          message: `${capitalize(containerLabel(container))} sets ${name} in plain text: anyone who can read the task definition sees it. Store it in Secrets Manager or SSM Parameter Store and reference it from "secrets".`,
          span: ctx.span([...container.path, 'environment', index, 'value'], 'value'),
          fixes: fix ? [fix] : undefined,
        },
      ];
    }),
  );
