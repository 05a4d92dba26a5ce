// The files a local task reads instead of AWS: `environmentFiles` as local paths (beside the task
// definition), and one secrets file the user chooses — never Secrets Manager or Parameter Store.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { asList, asRecord, asString, containersOf } from '@dockside/core';
import { taskDefinitionShape } from '@dockside/core';

export class LocalFileError extends Error {}

/** `KEY=value` lines; `#` comments and blank lines skipped; one pair of surrounding quotes removed. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const key = line
      .slice(0, equals)
      .replace(/^export\s+/, '')
      .trim();
    env[key] = line
      .slice(equals + 1)
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2');
  }
  return env;
}

/** Every `environmentFiles[].value` of the definition, read from disk relative to `baseDir` (the task definition's folder). */
export function readEnvironmentFiles(definition: unknown, baseDir: string): Map<string, Record<string, string>> {
  const files = new Map<string, Record<string, string>>();
  for (const container of containersOf(taskDefinitionShape(definition).definition)) {
    for (const entry of asList(container.value['environmentFiles'])) {
      const value = asString(asRecord(entry)?.['value']);
      if (value === undefined || files.has(value)) continue;
      files.set(value, parseEnvFile(readLocal(value, baseDir, container.name ?? '?')));
    }
  }
  return files;
}

function readLocal(value: string, baseDir: string, container: string): string {
  if (value.startsWith('arn:')) {
    throw new LocalFileError(
      `Container "${container}": the environment file ${value} is on S3, which Dockside never reads; point "value" at a local .env file.`,
    );
  }
  const path = isAbsolute(value) ? value : resolve(baseDir, value);
  if (!existsSync(path)) throw new LocalFileError(`Container "${container}": the environment file ${path} does not exist.`);
  return readFileSync(path, 'utf8');
}

/** A JSON object of strings (keys: a secret's valueFrom or name), or a KEY=value file. */
export function readSecretsFile(path: string): Record<string, string> {
  if (!existsSync(path)) throw new LocalFileError(`The secrets file ${path} does not exist.`);
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.json')) return parseEnvFile(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LocalFileError(`The secrets file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const record = asRecord(value);
  if (!record || Object.values(record).some((v) => typeof v !== 'string')) {
    throw new LocalFileError(`The secrets file ${path} must be a JSON object of strings: { "name or valueFrom": "value" }.`);
  }
  return record as Record<string, string>;
}
