// Reaching AWS (or an endpoint that speaks its API, such as `dockside ecs serve`): the ECS, CloudWatch
// Logs, STS and EC2 clients for one profile and Region, with credentials from the SDK's default chain
// (environment, shared config and credentials files, SSO, a credential process, container and instance
// roles). Dockside stores no credential and never shows one: errors are said by their AWS name and
// message only, and only profile names and Regions are read from the config files here.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { STSClient } from '@aws-sdk/client-sts';
import * as sdk from './sdk';

export interface AwsTarget {
  /** A profile of the shared config files; undefined: AWS_PROFILE, else the default chain. */
  readonly profile?: string;
  readonly region?: string;
  /** Another address for every service (`dockside ecs serve`, a proxy); undefined: AWS's own. */
  readonly endpoint?: string;
}

export interface AwsProfile {
  readonly name: string;
  /** The profile's `region`, when its config says. */
  readonly region?: string;
  /** Which file names it: the config file, the credentials file, or both. */
  readonly files: ReadonlyArray<'config' | 'credentials'>;
  /** Signs in through IAM Identity Center (`aws sso login --profile NAME` first). */
  readonly sso: boolean;
}

/** What keeps Dockside from reaching AWS before any call (no Region, no credentials): said as is. */
export class AwsSetupError extends Error {}

export class AwsConnection {
  readonly ecs: ECSClient;
  readonly sts: STSClient;
  readonly ec2: EC2Client;
  private readonly logClients = new Map<string, CloudWatchLogsClient>();
  private readonly credentials: ReturnType<typeof sdk.credentialProviders.fromNodeProviderChain>;

  constructor(
    readonly region: string,
    readonly profile: string | undefined,
    readonly endpoint: string | undefined,
  ) {
    // One provider for all clients: SSO and credential processes are asked once, and refreshed as they expire.
    this.credentials = sdk.credentialProviders.fromNodeProviderChain(profile ? { profile } : {});
    const config = { region, credentials: this.credentials, ...(endpoint ? { endpoint } : {}) };
    this.ecs = new sdk.ecs.ECSClient(config);
    this.sts = new sdk.sts.STSClient(config);
    this.ec2 = new sdk.ec2.EC2Client(config);
  }

  /** CloudWatch Logs in `region` (awslogs may name another Region than the deploy's). */
  logs(region = this.region): CloudWatchLogsClient {
    let client = this.logClients.get(region);
    if (!client) {
      client = new sdk.cloudWatchLogs.CloudWatchLogsClient({
        region,
        credentials: this.credentials,
        ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      });
      this.logClients.set(region, client);
    }
    return client;
  }

  /** `profile dev, eu-west-1` or `default credentials, us-east-1`, plus the endpoint when not AWS's. */
  describe(): string {
    return `${this.profile ? `profile ${this.profile}` : 'default credentials'}, ${this.region}${this.endpoint ? `, at ${this.endpoint}` : ''}`;
  }

  dispose(): void {
    for (const client of [this.ecs, this.sts, this.ec2, ...this.logClients.values()]) client.destroy();
    this.logClients.clear();
  }
}

/**
 * Clients for `target`: the Region from the target, AWS_REGION, AWS_DEFAULT_REGION (as the AWS CLI
 * reads it) or the profile's config, in that order; none is an AwsSetupError saying how to give one.
 */
export function connectAws(target: AwsTarget, env: NodeJS.ProcessEnv = process.env): AwsConnection {
  const profile = target.profile ?? (env['AWS_PROFILE'] || undefined);
  if (target.profile && !listAwsProfiles(env).some((p) => p.name === target.profile))
    throw new AwsSetupError(`No AWS profile "${target.profile}" in ${configFile(env)} or ${credentialsFile(env)}.`);
  const region = target.region || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || profileRegion(profile ?? 'default', env);
  if (!region)
    throw new AwsSetupError(
      `No AWS Region: name one (--region, or the Region picker), set AWS_REGION, or give the ${profile ? `"${profile}"` : 'default'} profile a region in ${configFile(env)}.`,
    );
  return new AwsConnection(region, profile, target.endpoint);
}

/** The profiles of the shared config and credentials files, by name; nothing but names and Regions is read. */
export function listAwsProfiles(env: NodeJS.ProcessEnv = process.env): AwsProfile[] {
  const found = new Map<string, { region?: string; files: Set<'config' | 'credentials'>; sso: boolean }>();
  const add = (name: string, file: 'config' | 'credentials', values: Map<string, string>) => {
    const entry = found.get(name) ?? { files: new Set(), sso: false };
    entry.files.add(file);
    entry.region ??= values.get('region');
    entry.sso ||= values.has('sso_session') || values.has('sso_start_url');
    found.set(name, entry);
  };
  for (const [section, values] of readIni(configFile(env))) {
    const name = section === 'default' ? 'default' : /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
    if (name) add(name, 'config', values);
  }
  for (const [section, values] of readIni(credentialsFile(env))) add(section, 'credentials', values);
  return [...found]
    .map(([name, entry]) => ({ name, region: entry.region, files: [...entry.files], sso: entry.sso }))
    .sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

function profileRegion(profile: string, env: NodeJS.ProcessEnv): string | undefined {
  return listAwsProfiles(env).find((p) => p.name === profile)?.region;
}

function configFile(env: NodeJS.ProcessEnv): string {
  return env['AWS_CONFIG_FILE'] || join(homedir(), '.aws', 'config');
}

function credentialsFile(env: NodeJS.ProcessEnv): string {
  return env['AWS_SHARED_CREDENTIALS_FILE'] || join(homedir(), '.aws', 'credentials');
}

/** Sections of an INI file with the values Dockside reads (`region`, the SSO markers); secret keys are skipped unread. */
function readIni(path: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return sections;
  }
  let current: Map<string, string> | undefined;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1]!.trim(), current);
      continue;
    }
    const setting = /^\s*([A-Za-z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (current && setting && ['region', 'sso_session', 'sso_start_url'].includes(setting[1]!)) current.set(setting[1]!, setting[2]!);
  }
  return sections;
}

/**
 * An AWS failure in one line a user can act on: its name and message, with the next step for the
 * usual ones (no credentials, expired SSO, access denied). Never any credential: the SDK's errors hold none.
 */
export function describeAwsError(error: unknown): string {
  const e = error as { name?: string; message?: string; Code?: string };
  const name = e?.Code ?? e?.name ?? 'Error';
  const message = e?.message ?? String(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message))
    return `No AWS credentials found (${message.split('\n')[0]}). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pick a profile from your AWS config (run "aws sso login --profile NAME" first for an SSO profile).`;
  if (/Token is expired|sso.*expired|refresh.*token/i.test(message))
    return `The AWS sign-in has expired (${message}). Run "aws sso login" for the profile, then try again.`;
  if (/AccessDenied|UnauthorizedOperation|not authorized/i.test(`${name} ${message}`))
    return `${name}: ${message} (the README's "Deploying to Amazon ECS" lists the permissions a deploy needs).`;
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up/i.test(`${name} ${message}`))
    return `Cannot reach the AWS endpoint (${message}).`;
  return name && !message.startsWith(name) ? `${name}: ${message}` : message;
}
