// The AWS JSON 1.1 protocol as the AWS CLI and SDKs speak it: `POST /` with `X-Amz-Target:
// <prefix>.<Operation>`, a JSON object in, a JSON object out, errors as HTTP 400 with `__type` and
// `message`. Timestamps go out as seconds since the epoch. The request's SigV4 `Authorization` header
// names the caller's access key and region; the signature itself is not checked (a local tool).
import { EcsError } from '../errors';

export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113';
export const LOGS_TARGET_PREFIX = 'Logs_20140328';
export const STS_TARGET_PREFIX = 'AWSSecurityTokenServiceV20110615';
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
export const DEFAULT_REGION = 'us-east-1';

/** An error as AWS sends it: its name (`__type`), a message, and the HTTP status (400 unless said). */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** The model's errors keep their names; anything unexpected is the service's fault (500). */
export function toAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  if (error instanceof EcsError) return new AwsError(error.code, error.message);
  return new AwsError('ServerException', `Dockside could not do this: ${error instanceof Error ? error.message : String(error)}`, 500);
}

export interface Caller {
  readonly region: string;
  readonly accessKeyId?: string;
  /** The service the request was signed for (`ecs`, `logs`, `sts`, `ec2`). */
  readonly service?: string;
}

/** Region, service and access key from `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ecs/aws4_request, …`. */
export function callerOf(authorization: string | undefined): Caller {
  const credential = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\//.exec(authorization ?? '');
  return credential ? { accessKeyId: credential[1], region: credential[2]!, service: credential[3] } : { region: DEFAULT_REGION };
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

/** `Prefix.Operation`, or undefined when the header is missing or malformed. */
export function parseTarget(target: string | undefined): { prefix: string; operation: string } | undefined {
  const match = /^([A-Za-z0-9_]+)\.([A-Za-z0-9]+)$/.exec(target?.trim() ?? '');
  return match ? { prefix: match[1]!, operation: match[2]! } : undefined;
}

/** The request body as an object: empty means `{}`; anything else that is not a JSON object is refused. */
export function parseBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AwsError('SerializationException', `The request body is not valid JSON: ${(error as Error).message}.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new AwsError('SerializationException', 'The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

/** What goes on the wire: Dates as epoch seconds, undefined members left out. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toWire(v)]),
    );
  }
  return value;
}

interface PageToken {
  readonly offset: number;
}

/** One page of `items`: list operations take `maxResults` (or `limit`) and `nextToken`, opaque to the caller. */
export function paginate<T>(
  items: readonly T[],
  request: { nextToken?: unknown; maxResults?: unknown },
  limits: { defaultSize: number; maxSize: number },
): { page: T[]; nextToken?: string } {
  const size = request.maxResults === undefined ? limits.defaultSize : Number(request.maxResults);
  if (!Number.isInteger(size) || size < 1 || size > limits.maxSize)
    throw invalidParameter(`maxResults must be between 1 and ${limits.maxSize}, not ${String(request.maxResults)}.`);
  const offset = request.nextToken === undefined || request.nextToken === '' ? 0 : readToken(String(request.nextToken));
  const page = items.slice(offset, offset + size);
  const next =
    offset + size < items.length
      ? Buffer.from(JSON.stringify({ offset: offset + size } satisfies PageToken)).toString('base64url')
      : undefined;
  return { page, nextToken: next };
}

function readToken(token: string): number {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<PageToken>;
    if (Number.isInteger(value.offset) && value.offset! >= 0) return value.offset!;
  } catch {
    // Reported below.
  }
  throw invalidParameter('The nextToken is not one this endpoint gave out.');
}
