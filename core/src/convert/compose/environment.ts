/**
 * `environment` and `env_file` → `environment: [{name, value}]`. Compose reads the env files first
 * (later files win), then `environment` wins over them; the result is one list. Env files are read
 * through the caller's `readFile`, since the core does no I/O.
 */
import { envFileReferences, readServiceEnvFiles } from '../../compose/project/env';
import type { ReportPath } from '../report';
import { asRecord, listOrDict } from '../values';
import { at, has, type ServiceContext, type ServiceMapper } from './context';

function readEnvFiles(ctx: ServiceContext, own: ReadonlyMap<string, string>, into: Map<string, string>): void {
  if (!has(ctx, 'env_file')) return;
  const entryPath = (index: number | undefined): ReportPath => (index === undefined ? at(ctx, 'env_file') : at(ctx, 'env_file', index));
  const { references, invalid } = envFileReferences(ctx.service['env_file']);
  for (const index of invalid) ctx.report.drop(entryPath(index), 'This env_file entry has no path.');
  if (references.length === 0) return;
  const readFile = ctx.options.readFile;
  if (!readFile) {
    for (const reference of references) {
      ctx.report.drop(
        entryPath(reference.index),
        ctx.options.envFilesRefused
          ? `The variables of ${reference.path} were not read: env files are read only in a trusted workspace.`
          : `The variables of ${reference.path} were not read.`,
        ctx.options.envFilesRefused
          ? 'Trust the workspace (Workspaces: Manage Workspace Trust) and convert again.'
          : 'Convert the Compose file itself (Convert to Task Definition, or dockside convert), so its env files are read; or upload the file to S3 and list it in the per-service x-ecs "environmentFiles".',
      );
    }
    return;
  }
  const envFiles = readServiceEnvFiles(ctx.service['env_file'], { readFile, lookup: ctx.options.environment, environment: own });
  for (const { reference, read, problems } of envFiles.files) {
    const path = entryPath(reference.index);
    if (!read) {
      if (reference.required)
        ctx.report.drop(
          path,
          `The env_file ${reference.path} cannot be read, so its variables are missing from the task definition.`,
          'Create the file, or remove it from env_file.',
        );
      else ctx.report.note(path, `The optional env_file ${reference.path} does not exist; it adds nothing, as in Compose.`);
      continue;
    }
    const unreadable = problems.find((problem) => problem.severity === 'error');
    if (unreadable)
      ctx.report.approximate(
        path,
        `${reference.path} has a line Compose cannot read (${unreadable.message}); only the lines before it were inlined.`,
      );
    for (const unset of problems.filter((problem) => problem.severity === 'warning'))
      ctx.report.approximate(path, `In ${reference.path}: ${unset.message}`, 'Set the variable (in the shell or .env) and convert again.');
  }
  for (const [name, value] of envFiles.values) into.set(name, value);
  if (envFiles.files.some((file) => file.read))
    ctx.report.note(
      at(ctx, 'env_file'),
      'The variables of the env_file(s) are inlined into "environment" as they are now; later edits of the files do not reach the task definition.',
    );
}

/** Words in a variable's name that say its value is a host (DB_HOST, REDIS_SERVER, KAFKA_BROKERS, API_ADDR). */
const HOST_NAME_WORDS = new Set(['HOST', 'HOSTS', 'HOSTNAME', 'SERVER', 'SERVERS', 'ADDR', 'ADDRESS', 'ENDPOINT', 'BROKER', 'BROKERS']);
const URL_HOST = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\s]*@)?([^:/?#\s]+)(?::\d+)?(?:[/?#]\S*)?$/i;
const HOST_PORT = /^([A-Za-z0-9._-]+):\d{1,5}$/;
const HOST = /^[A-Za-z0-9._-]+$/;

/**
 * The hosts a value names, when it parses as a URL (`postgres://u@db:5432/app`), `host:port`
 * (`db:5432`), a list of those (`kafka:9092,zk:2181`), or a bare host where the variable's name says
 * it is one (`DB_HOST=db`). A password, a database name or a path names no host.
 */
function hostsIn(name: string, value: string): string[] {
  const bareIsHost = name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .some((word) => HOST_NAME_WORDS.has(word));
  return value.split(',').flatMap((part) => {
    const text = part.trim();
    const host = URL_HOST.exec(text)?.[1] ?? HOST_PORT.exec(text)?.[1] ?? (bareIsHost && HOST.test(text) ? text : undefined);
    return host === undefined ? [] : [host];
  });
}

/** Another service of the same task that the value names as a host. */
function namedService(ctx: ServiceContext, name: string, value: string): string | undefined {
  if (ctx.target.perService) return undefined;
  const hosts = hostsIn(name, value);
  return ctx.target.members.find((other) => other !== ctx.name && hosts.includes(other));
}

function mapEnvironment(ctx: ServiceContext): void {
  const values = new Map<string, string>();
  const own = new Map(
    listOrDict(ctx.service['environment']).flatMap(({ name, value }) => (value === undefined ? [] : [[name, value] as const])),
  );
  readEnvFiles(ctx, own, values);
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
    const other = namedService(ctx, name, value);
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
