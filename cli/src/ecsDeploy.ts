// `dockside ecs deploy`: a Compose file or a task definition onto an ECS cluster — converted first (the
// report shown), what would change shown and confirmed (the account, Region, cluster, service, desired
// count, the task definition's differences), then the changes, and the rollout followed to its end.
// Exit status: 0 deployed and stable, 1 the deployment failed, 2 usage or input error (nothing changed).
import { createInterface } from 'node:readline/promises';
import { relative, resolve } from 'node:path';
import { formatLoss, type LocatedLoss } from '@dockside/core';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import {
  applyDeploy,
  AwsSetupError,
  connectAws,
  describeAwsError,
  describeOutcome,
  describePreview,
  loadDeploySource,
  previewDeploy,
  type AwsConnection,
  type DeployPreview,
  type DeployRequest,
  type ServiceOutcome,
} from '@dockside/engine';
import { HELP, parseArgs, UsageError, usageFailure, type ParsedOptions } from './args';
import { onInterrupt, wholeNumber, type CliOutput } from './ecsArgs';

export const DEPLOY_USAGE = `Usage: dockside ecs deploy FILE --cluster NAME [--service NAME] [--desired-count N]
                           [--launch-type FARGATE|EC2] [--subnets a,b] [--security-groups sg-1,sg-2]
                           [--assign-public-ip] [--aws-profile P] [--region R] [--endpoint-url URL]
                           [--per-service] [--profile NAME]... [--yes] [--no-wait] [--timeout 15m]

Deploys FILE to an Amazon ECS cluster: a task definition (JSON) as it is, or a Compose file converted
as "dockside convert" converts it (with its override and .env files; --profile picks Compose profiles,
--per-service makes one task definition and ECS service per Compose service). It registers a new
revision only when the content changed, creates every awslogs log group, creates the service or updates
it, and waits until the deployment is COMPLETED with every desired task running, printing the service's
events as they come. Before the first change it shows the account, Region, cluster, service, desired
count and the differences from the registered revision, and asks (--yes answers for you; without a
terminal it is required). A conversion that dropped something a container needs asks first too.

  -h, --help              print this help
  --cluster NAME          the ECS cluster (it must exist)
  --service NAME          the service's name (default: the task definition's family)
  --desired-count N       tasks to run (default: the Compose file's deploy.replicas, else what the
                          service runs now, else 1)
  --launch-type TYPE      FARGATE or EC2, for a new service (default: what the definition requires)
  --subnets a,b           awsvpc subnets; with --security-groups and --assign-public-ip they win over
  --security-groups a,b   the Compose file's x-ecs.service.networkConfiguration. A new awsvpc service
  --assign-public-ip      needs subnets.
  --aws-profile P         a profile of ~/.aws/config (default: AWS_PROFILE, else the SDK's chain:
                          environment, config files, SSO, credential process)
  --region R              default: AWS_REGION, AWS_DEFAULT_REGION, else the profile's region
  --endpoint-url URL      another ECS API endpoint, such as "dockside ecs serve" (http://127.0.0.1:4566)
  --per-service           one task definition and ECS service per Compose service
  --profile NAME          a Compose profile to deploy (repeatable; default: COMPOSE_PROFILES)
  --no-wait               return once the changes are made
  --timeout DURATION      how long to wait for the rollout (90s, 15m, 1h; default 15m)
  -y, --yes               answer yes to every question

Exit status: 0 deployed and stable (with --no-wait: the changes made), 1 the deployment failed (a task
stopped, the circuit breaker, a rollback, the timeout; the tasks' stop reasons, exit codes, the last
events and log lines say why), 2 a usage or input error, or the deploy could not start (no credentials,
no such cluster, missing network settings): then nothing was changed.`;

export interface DeployOptions {
  readonly file: string;
  readonly request: DeployRequest;
  readonly profile?: string;
  readonly region?: string;
  readonly endpoint?: string;
  readonly perService: boolean;
  readonly profiles?: string[];
  readonly yes: boolean;
  readonly wait: boolean;
  readonly timeoutMs: number;
}

export const DEPLOY_OPTIONS = {
  cluster: { names: ['--cluster'], value: 'NAME' },
  service: { names: ['--service'], value: 'NAME' },
  desiredCount: { names: ['--desired-count'], value: 'N' },
  launchType: { names: ['--launch-type'], value: 'FARGATE|EC2' },
  subnets: { names: ['--subnets'], value: 'a,b', repeatable: true },
  securityGroups: { names: ['--security-groups'], value: 'sg-1,sg-2', repeatable: true },
  assignPublicIp: { names: ['--assign-public-ip'] },
  awsProfile: { names: ['--aws-profile'], value: 'P' },
  region: { names: ['--region'], value: 'R' },
  endpointUrl: { names: ['--endpoint-url'], value: 'URL' },
  perService: { names: ['--per-service'] },
  profile: { names: ['--profile'], value: 'NAME', repeatable: true },
  yes: { names: ['--yes', '-y'] },
  noWait: { names: ['--no-wait'] },
  timeout: { names: ['--timeout'], value: 'DURATION' },
  help: HELP,
} as const;

const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/** `dockside ecs deploy ARGS…` (ARGS begin with `deploy`); resolves with the exit status. */
export async function deployCommand(args: readonly string[], io: CliOutput): Promise<number> {
  let options: DeployOptions;
  try {
    const parsed = parseArgs(args, DEPLOY_OPTIONS);
    if (parsed.options.help) {
      io.out.write(`${DEPLOY_USAGE}\n`);
      return 0;
    }
    options = deployOptionsFrom(parsed.operands.slice(1), parsed.options);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure('dockside ecs deploy', error, io.err);
    throw error;
  }
  return deploy(options, io);
}

/** The options of `dockside ecs deploy ARGS…` (without `deploy`), as the tests read them. */
export function parseDeployOptions(args: readonly string[]): DeployOptions {
  const parsed = parseArgs(args, DEPLOY_OPTIONS);
  return deployOptionsFrom(parsed.operands, parsed.options);
}

export function deployOptionsFrom(files: readonly string[], values: ParsedOptions<typeof DEPLOY_OPTIONS>): DeployOptions {
  if (files.length !== 1)
    throw new UsageError(files.length === 0 ? 'Name the Compose file or task definition to deploy.' : `One file, not ${files.length}.`);
  const list = (name: string, given: readonly string[]): string[] | undefined => {
    const items = given.flatMap((v) => v.split(',')).map((v) => v.trim());
    if (items.some((item) => item === '')) throw new UsageError(`${name} wants names separated by commas, such as ${name} a,b.`);
    return items.length > 0 ? items : undefined;
  };
  const cluster = values.cluster;
  if (!cluster) throw new UsageError('Name the cluster to deploy to with --cluster NAME.');
  const launchType = values.launchType?.toUpperCase();
  if (launchType !== undefined && launchType !== 'FARGATE' && launchType !== 'EC2')
    throw new UsageError(`--launch-type is FARGATE or EC2, not "${values.launchType}".`);
  if (values.profile.some((p) => p.startsWith('-'))) throw new UsageError('--profile needs a Compose profile name.');
  const endpoint = values.endpointUrl;
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint))
    throw new UsageError(`--endpoint-url wants an address such as http://127.0.0.1:4566, not "${endpoint}".`);
  return {
    file: resolve(files[0]!),
    request: {
      cluster,
      service: values.service,
      desiredCount: wholeNumber(values.desiredCount, '--desired-count'),
      launchType: launchType as 'FARGATE' | 'EC2' | undefined,
      network: {
        subnets: list('--subnets', values.subnets),
        securityGroups: list('--security-groups', values.securityGroups),
        assignPublicIp: values.assignPublicIp ? true : undefined,
      },
    },
    profile: values.awsProfile,
    region: values.region,
    endpoint,
    perService: values.perService,
    profiles: values.profile.length > 0 ? values.profile : undefined,
    yes: values.yes,
    wait: !values.noWait,
    timeoutMs: parseDuration(values.timeout) ?? DEFAULT_TIMEOUT_MS,
  };
}

/** `90s`, `15m`, `1h`, or seconds. */
function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+)(s|m|h)?$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) throw new UsageError(`--timeout wants a duration such as 90s, 15m or 1h, not "${text}".`);
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[match[2] ?? 's']!;
}

/** Runs the deploy; resolves with the exit status. */
export async function deploy(options: DeployOptions, io: CliOutput, ask: Ask = terminalQuestion): Promise<number> {
  const say = (line: string) => io.err.write(`${line}\n`);
  const source = loadDeploySource({
    file: options.file,
    host: diskHost(),
    env: shellEnvironment(),
    perService: options.perService,
    launchType: options.request.launchType,
    profiles: options.profiles,
  });
  if (source.kind === 'compose' && source.losses.length > 0) {
    say(`Converted ${shown(options.file)}; what could not be carried over exactly:`);
    for (const loss of source.losses) say(`  ${lossLine(loss)}`);
  }
  if (source.errors.length > 0) {
    for (const error of source.errors) say(`dockside: ${error}`);
    say('dockside: nothing was deployed.');
    return 2;
  }
  if (source.needsConfirmation.length > 0) {
    const what = `The conversion dropped ${source.needsConfirmation.length === 1 ? 'something a container needs' : `${source.needsConfirmation.length} things containers need`} (above: ${source.needsConfirmation.map((l) => l.path).join(', ')}).`;
    if (!(await confirm(options, io, ask, `${what} Deploy anyway?`, 'deploy what the conversion could carry over'))) return 2;
  }

  let aws: AwsConnection;
  try {
    aws = connectAws({ profile: options.profile, region: options.region, endpoint: options.endpoint });
  } catch (error) {
    if (!(error instanceof AwsSetupError)) throw error;
    say(`dockside: ${error.message}`);
    return 2;
  }
  try {
    let preview: DeployPreview;
    try {
      preview = await previewDeploy(source, options.request, aws);
    } catch (error) {
      say(`dockside: could not read what is deployed: ${describeAwsError(error)}`);
      say('dockside: nothing was changed.');
      return 2;
    }
    for (const line of describePreview(preview)) say(line);
    if (preview.problems.length > 0) {
      for (const problem of preview.problems) say(`dockside: ${problemText(problem)}`);
      say('dockside: nothing was changed.');
      return 2;
    }
    const changes = preview.services.some((s) => s.action !== 'none');
    if (changes && !(await confirm(options, io, ask, 'Deploy?', 'deploy'))) return 2;
    return await apply(preview, aws, options, io);
  } finally {
    aws.dispose();
  }
}

async function apply(preview: DeployPreview, aws: AwsConnection, options: DeployOptions, io: CliOutput): Promise<number> {
  const say = (line: string) => io.err.write(`${line}\n`);
  const abort = new AbortController();
  const stopListening = onInterrupt(() => abort.abort());
  let outcomes: ServiceOutcome[];
  try {
    outcomes = await applyDeploy(
      preview,
      aws,
      {
        step: (message) => say(message),
        status: (service, text) => say(`${service}: ${text}`),
        event: (service, at, message) => say(`${service}: ${at.toISOString()} ${message}`),
      },
      { wait: options.wait, timeoutMs: options.timeoutMs, signal: abort.signal },
    );
  } catch (error) {
    say(`dockside: the deploy failed: ${describeAwsError(error)}`);
    return 1;
  } finally {
    stopListening();
  }
  let failed = false;
  for (const outcome of outcomes) {
    const report = describeOutcome(outcome, preview);
    if (report.result === 'deployed' || report.result === 'started') {
      io.out.write(`${report.message}\n`);
      continue;
    }
    failed = true;
    say(report.result === 'failed' ? `dockside: ${report.message}` : report.message);
    for (const line of report.details) say(line);
  }
  return failed ? 1 : 0;
}

function problemText(problem: DeployPreview['problems'][number]): string {
  if (problem.code !== 'network') return problem.message;
  return `${problem.message} Give them with --subnets subnet-… [--security-groups sg-…] [--assign-public-ip], or in the Compose file's x-ecs.service.networkConfiguration.awsvpcConfiguration.`;
}

export type Ask = (question: string, io: CliOutput) => Promise<boolean>;

/** Yes with --yes; else the answer on a terminal; with no terminal to ask on, no (and says how to say yes). */
async function confirm(options: DeployOptions, io: CliOutput, ask: Ask, question: string, doing: string): Promise<boolean> {
  if (options.yes) return true;
  if (!process.stdin.isTTY) {
    io.err.write(`dockside: ${question.replace(/\?$/, '')}: not without --yes when there is no terminal to ask on. Nothing was changed.\n`);
    return false;
  }
  const yes = await ask(question, io);
  if (!yes) io.err.write(`Not going to ${doing}; nothing was changed.\n`);
  return yes;
}

async function terminalQuestion(question: string, io: CliOutput): Promise<boolean> {
  const readline = createInterface({ input: process.stdin, output: io.err });
  try {
    return /^y(es)?$/i.test((await readline.question(`${question} [y/N] `)).trim());
  } finally {
    readline.close();
  }
}

function shown(file: string): string {
  return relative(process.cwd(), file) || file;
}

function lossLine(loss: LocatedLoss): string {
  return formatLoss(loss, loss.file && shown(loss.file));
}
