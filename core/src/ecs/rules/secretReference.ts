import type { Finding, Path } from '../../types';
import type { TaskDefinitionRule } from '../context';
import { asList, asRecord, asString, capitalize, containerLabel, containersOf, isTemplated } from '../model';

const PARTITION = 'aws(?:-[a-z]+)*';
// Region and account are not pinned down further: placeholders such as REGION are common in templates.
const SECRETS_MANAGER_ARN = new RegExp(
  `^arn:${PARTITION}:secretsmanager:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:secret:[^:]+(?::[^:]*:[^:]*:[^:]*)?$`,
);
const SSM_PARAMETER_ARN = new RegExp(`^arn:${PARTITION}:ssm:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:parameter/[A-Za-z0-9_.\\-/]+$`);
// SSM parameter names: letters, digits, "_", ".", "-"; a hierarchy starts with "/".
const SSM_PARAMETER_NAME = /^(?:[A-Za-z0-9_.-]+|(?:\/[A-Za-z0-9_.-]+)+)$/;

/** Why `valueFrom` cannot be resolved, or undefined when it looks like something ECS can fetch. */
export function secretSourceProblem(valueFrom: string): string | undefined {
  if (valueFrom.startsWith('arn:')) {
    if (SECRETS_MANAGER_ARN.test(valueFrom) || SSM_PARAMETER_ARN.test(valueFrom)) return undefined;
    if (/^arn:[^:]*:secretsmanager:/.test(valueFrom)) {
      return 'a Secrets Manager ARN reads "arn:aws:secretsmanager:region:account:secret:name", optionally followed by ":json-key:version-stage:version-id"';
    }
    if (/^arn:[^:]*:ssm:/.test(valueFrom)) return 'an SSM parameter ARN reads "arn:aws:ssm:region:account:parameter/name"';
    return 'ECS reads secrets only from Secrets Manager and SSM Parameter Store ARNs, or parameter names';
  }
  if (SSM_PARAMETER_NAME.test(valueFrom)) return undefined;
  return 'use a Secrets Manager secret ARN, an SSM parameter ARN, or a parameter name such as "/app/db-password" (letters, digits, "_", ".", "-", with "/" between levels)';
}

interface SecretSource {
  valueFrom: string;
  path: Path;
  owner: string;
}

/** `secrets[].valueFrom` of each container and of its log configuration's `secretOptions`. */
function secretSources(definition: unknown): SecretSource[] {
  return containersOf(definition).flatMap((container) => {
    const lists: Array<[unknown, Path]> = [
      [container.value['secrets'], [...container.path, 'secrets']],
      [asRecord(container.value['logConfiguration'])?.['secretOptions'], [...container.path, 'logConfiguration', 'secretOptions']],
    ];
    return lists.flatMap(([list, base]) =>
      asList(list).flatMap((entry, i): SecretSource[] => {
        const valueFrom = asString(asRecord(entry)?.['valueFrom']);
        return valueFrom === undefined ? [] : [{ valueFrom, path: [...base, i, 'valueFrom'], owner: containerLabel(container) }];
      }),
    );
  });
}

/** A secret ECS cannot fetch fails the task at start, with an error far from the typo. */
export const findSecretReferenceErrors: TaskDefinitionRule = (ctx) =>
  secretSources(ctx.file).flatMap(({ valueFrom, path, owner }): Finding[] => {
    if (isTemplated(valueFrom)) return [];
    const problem = secretSourceProblem(valueFrom);
    if (!problem) return [];
    return [
      {
        code: 'ecs/secret-reference',
        severity: 'error',
        message: `${capitalize(owner)} takes a secret from "${valueFrom}", which ECS cannot fetch: ${problem}.`,
        span: ctx.span(path, 'value'),
      },
    ];
  });
