/**
 * `environment` and `env_file` → `environment: [{name, value}]`. Compose reads the env files first
 * (later files win), then `environment` wins over them; the result is one list. Env files are read
 * through the caller's `readFile`, since the core does no I/O.
 */
import { parseEnvFile } from '../../compose/project/env';
import type { ReportPath } from '../report';
import { asBoolean, asRecord, asString, listOrDict, stringOrList } from '../values';
import { at, has, type ServiceContext, type ServiceMapper } from './context';

interface EnvFileRef {
  path: string;
  required: boolean;
  raw: boolean;
  at: ReportPath;
}

function envFileRefs(ctx: ServiceContext): EnvFileRef[] {
  return stringOrList(ctx.service['env_file']).flatMap((item, index): EnvFileRef[] => {
    const entryPath = Array.isArray(ctx.service['env_file']) ? at(ctx, 'env_file', index) : at(ctx, 'env_file');
    if (typeof item === 'string') return [{ path: item, required: true, raw: false, at: entryPath }];
    const record = asRecord(item);
    const path = asString(record?.['path']);
    if (!record || path === undefined) {
      ctx.report.drop(entryPath, 'This env_file entry has no path.');
      return [];
    }
    return [{ path, required: asBoolean(record['required']) ?? true, raw: record['format'] === 'raw', at: entryPath }];
  });
}

/** `format: raw`: every line is KEY=VALUE taken literally, with no quotes, escapes or interpolation. */
function readRawEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals > 0) values.set(line.slice(0, equals).trim(), line.slice(equals + 1));
  }
  return values;
}

function readEnvFiles(ctx: ServiceContext, into: Map<string, string>): void {
  const refs = envFileRefs(ctx);
  if (refs.length === 0) return;
  const readFile = ctx.options.readFile;
  if (!readFile && ctx.options.envFilesRefused) {
    for (const ref of refs) {
      ctx.report.drop(
        ref.at,
        `The variables of ${ref.path} were not read: env files are read only in a trusted workspace.`,
        'Trust the workspace (Workspaces: Manage Workspace Trust) and convert again.',
      );
    }
    return;
  }
  if (!readFile) {
    for (const ref of refs) {
      ctx.report.drop(
        ref.at,
        `The variables of ${ref.path} were not read: the conversion was given no way to read files.`,
        'Convert with a readFile function so they are inlined, or upload the file to S3 and list it in the per-service x-ecs "environmentFiles".',
      );
    }
    return;
  }
  let read = 0;
  for (const ref of refs) {
    const text = readFile(ref.path);
    if (text === undefined) {
      if (ref.required)
        ctx.report.drop(
          ref.at,
          `The env_file ${ref.path} cannot be read, so its variables are missing from the task definition.`,
          'Create the file, or remove it from env_file.',
        );
      else ctx.report.note(ref.at, `The optional env_file ${ref.path} does not exist; it adds nothing, as in Compose.`);
      continue;
    }
    read++;
    if (ref.raw) {
      for (const [name, value] of readRawEnvFile(text)) into.set(name, value);
      continue;
    }
    const parsed = parseEnvFile(text, { file: ref.path });
    for (const [name, entry] of parsed.entries) into.set(name, entry.value);
    if (parsed.problems.length > 0) {
      ctx.report.approximate(
        ref.at,
        `${ref.path} has ${parsed.problems.length} line(s) Compose cannot read (first: ${parsed.problems[0]!.message}); only the lines before it were inlined.`,
      );
    }
  }
  if (read > 0)
    ctx.report.note(
      at(ctx, 'env_file'),
      'The variables of the env_file(s) are inlined into "environment" as they are now; later edits of the files do not reach the task definition.',
    );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Another service of the same task named as a host (`db`, `db:5432`, `postgres://u@db/x`). */
function namedService(ctx: ServiceContext, value: string): string | undefined {
  if (ctx.target.perService) return undefined;
  return ctx.target.members.find(
    (other) => other !== ctx.name && (value === other || new RegExp(`(^|[/@=,\\s])${escapeRegExp(other)}(?=[:/,\\s]|$)`).test(value)),
  );
}

function mapEnvironment(ctx: ServiceContext): void {
  const values = new Map<string, string>();
  readEnvFiles(ctx, values);
  for (const { name, value, key } of listOrDict(ctx.service['environment'])) {
    if (value === undefined) {
      ctx.report.drop(
        at(ctx, 'environment', key),
        `${name} has no value here: Compose takes it from the shell that runs "docker compose", which a task definition cannot do.`,
        `Give ${name} a value, or store it as a secret.`,
      );
      continue;
    }
    values.set(name, value);
  }
  if (has(ctx, 'environment') && !Array.isArray(ctx.service['environment']) && !asRecord(ctx.service['environment'])) {
    ctx.report.drop(at(ctx, 'environment'), 'The environment is neither a list nor a mapping.');
  }
  if (values.size === 0) return;
  ctx.container['environment'] = [...values].map(([name, value]) => ({ name, value }));
  for (const [name, value] of values) {
    const other = namedService(ctx, value);
    if (other === undefined) continue;
    const key = listOrDict(ctx.service['environment']).find((entry) => entry.name === name)?.key;
    ctx.report.note(
      key === undefined ? at(ctx, 'env_file') : at(ctx, 'environment', key),
      `${name} ("${withoutPassword(value)}") seems to name service "${other}". In one task the containers share a network: "${other}" is reached on localhost, not by its service name.`,
      `Replace "${other}" with "localhost" in ${name}.`,
    );
  }
}

/** The report lands in an output channel: a password inside a URL (`postgres://app:secret@db`) stays out of it. */
function withoutPassword(value: string): string {
  return value.replace(/(\/\/[^:@/\s]+):[^@/\s]+@/g, '$1:***@');
}

export const environmentMapper: ServiceMapper = {
  keys: ['environment', 'env_file'],
  map: mapEnvironment,
};
