/**
 * Values the converter cannot know and writes as placeholders for the user to fill in. Each use is
 * reported with what to replace. The Region and account are the words REGION and ACCOUNT_ID, except
 * in the ECR image, where a registry host cannot contain "_": there they are `${ACCOUNT_ID}` and
 * `${REGION}`, which the task-definition checker treats as a template and `envsubst` can fill.
 */

export const REGION = 'REGION';
export const ACCOUNT_ID = 'ACCOUNT_ID';
export const EFS_FILE_SYSTEM_ID = 'fs-PLACEHOLDER';

/** The ECR repository an image built from `build` would be pushed to: lowercase, as ECR requires. */
export function ecrImage(service: string): string {
  const repository =
    service
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'app';
  return `\${ACCOUNT_ID}.dkr.ecr.\${REGION}.amazonaws.com/${repository}:latest`;
}

export function secretArn(name: string): string {
  return `arn:aws:secretsmanager:${REGION}:${ACCOUNT_ID}:secret:${name}`;
}

export function logGroup(family: string): string {
  return `/ecs/${family}`;
}
