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

/** Where the task definition runs: what a deploy knows and the converter could not. */
export interface PlaceholderValues {
  readonly region: string;
  readonly account: string;
}

const ARN_PLACEHOLDERS = /^(arn:aws[\w-]*:[\w-]+:)(REGION|[a-z]{2}(?:-[a-z]+)+-\d)?:(ACCOUNT_ID|\d{12})?:/;

/**
 * The task definition with the converter's Region and account placeholders filled in: `REGION` and
 * `ACCOUNT_ID` in ARNs, an awslogs-region of `REGION`, and `${ACCOUNT_ID}`/`${REGION}` in an image.
 * Anything else is left as written.
 */
export function fillPlaceholders<T>(value: T, values: PlaceholderValues, key?: string): T {
  if (typeof value === 'string') {
    if (key === 'awslogs-region' && value === REGION) return values.region as T;
    let text: string = value;
    const arn = ARN_PLACEHOLDERS.exec(text);
    if (arn && (arn[2] === REGION || arn[3] === ACCOUNT_ID))
      text = `${arn[1]}${arn[2] === REGION ? values.region : (arn[2] ?? '')}:${arn[3] === ACCOUNT_ID ? values.account : (arn[3] ?? '')}:${text.slice(arn[0].length)}`;
    if (key === 'image') text = text.replaceAll('${ACCOUNT_ID}', values.account).replaceAll('${REGION}', values.region);
    return text as T;
  }
  if (Array.isArray(value)) return value.map((item) => fillPlaceholders(item, values, key)) as T;
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillPlaceholders(v, values, k)])) as T;
  return value;
}

/**
 * Placeholders only the user can fill (an EFS file system, a template variable in an image), as
 * `path: value`; after fillPlaceholders, the Region and account are no longer among them.
 */
export function unfilledPlaceholders(value: unknown, path = ''): string[] {
  if (typeof value === 'string') {
    const key = path.split('.').at(-1);
    const unfilled =
      (key === 'fileSystemId' && value === EFS_FILE_SYSTEM_ID) ||
      (key === 'image' && value.includes('${')) ||
      ARN_PLACEHOLDERS.exec(value)
        ?.slice(2)
        .some((part) => part === REGION || part === ACCOUNT_ID) === true;
    return unfilled ? [`${path}: ${value}`] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => unfilledPlaceholders(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => unfilledPlaceholders(v, path ? `${path}.${k}` : k));
  return [];
}
