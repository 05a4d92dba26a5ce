// A task definition file made ready to run: read and parsed once, its environment files and the chosen
// secrets file read once, and a plan made for each task started from it (each task has its own id).
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { asRecord, asString } from '@dockside/core';
import { LineIndex, taskDefinitionJsonFinding, taskDefinitionShape } from '@dockside/core';
import { LocalFileError, readEnvironmentFiles, readSecretsFile } from './localFiles';
import { planTask, type PlanInputs, type SandboxSpec, type TaskPlan } from './taskPlan';

export interface TaskSourceOptions {
  readonly file: string;
  readonly secretsFile?: string;
  readonly sandbox?: SandboxSpec;
  readonly cluster?: string;
  readonly publishAddress?: string;
  /** Off unless the user turns it on: then the AWS_* variables of `env` go into every container. */
  readonly forwardAwsCredentials?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly metadata?: PlanInputs['metadata'];
}

export interface TaskSource {
  /** The task definition file, when the definition came from one. */
  readonly file?: string;
  readonly family: string;
  readonly definition: unknown;
  /** A plan for one new task; throws PlanError when the definition cannot run here. */
  planFor(
    extra?: Pick<PlanInputs, 'service' | 'desiredCount' | 'dynamicHostPorts' | 'metadata' | 'deployment' | 'region' | 'cluster'>,
  ): TaskPlan;
}

/** A definition already in hand (registered through the endpoint): environment files are read from `baseDir`. */
export interface DefinitionSourceOptions extends Omit<TaskSourceOptions, 'file'> {
  readonly baseDir: string;
  readonly file?: string;
}

const CREDENTIAL_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION'];

export function loadTaskSource(options: TaskSourceOptions): TaskSource {
  const file = resolve(options.file);
  return taskSourceFrom(readTaskDefinitionFile(file), { ...options, file, baseDir: dirname(file) });
}

export function taskSourceFrom(definition: unknown, options: DefinitionSourceOptions): TaskSource {
  const file = options.file;
  const environmentFiles = readEnvironmentFiles(definition, options.baseDir);
  const secrets = options.secretsFile ? readSecretsFile(resolve(options.secretsFile)) : undefined;
  const family = asString(asRecord(taskDefinitionShape(definition).definition)?.['family']) ?? 'local-task';
  const base: Omit<PlanInputs, 'taskId'> = {
    definition,
    environmentFiles,
    secrets,
    secretsFile: options.secretsFile ? resolve(options.secretsFile) : undefined,
    sandbox: options.sandbox,
    cluster: options.cluster,
    publishAddress: options.publishAddress,
    awsCredentials: options.forwardAwsCredentials ? credentialsFrom(options.env ?? {}) : undefined,
    labels: options.labels ? { ...options.labels } : undefined,
    metadata: options.metadata,
    hostCpus: cpus().length,
    source: file,
  };
  return { file, family, definition, planFor: (extra = {}) => planTask({ ...base, ...extra, taskId: newTaskId() }) };
}

export function readTaskDefinitionFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new LocalFileError(`${file}: no such file.`);
  }
  // ECS reads strict JSON only; the first place this is not is named, as the editor and `dockside validate` name it.
  if (text.trim() === '') throw new LocalFileError(`${file} is empty; a task definition is a JSON object with "containerDefinitions".`);
  const problem = taskDefinitionJsonFinding(text);
  if (problem) {
    const { line, character } = new LineIndex(text).positionAt(problem.span[0]);
    throw new LocalFileError(`${file}:${line + 1}:${character + 1}: ${problem.message}`);
  }
  return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
}

function credentialsFrom(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(CREDENTIAL_VARIABLES.flatMap((name) => (env[name] ? [[name, env[name]!]] : [])));
}

/** 32 hex digits, like an ECS task id. */
export function newTaskId(): string {
  return randomBytes(16).toString('hex');
}
