import { dirname, isAbsolute, resolve } from 'node:path';
import type { Finding, Path } from '../../types';
import type { ComposeRule, RuleContext } from '../../rules/context';
import { asRecord, hasInterpolation, servicesOf } from '../model';

interface EnvFileRef {
  file: string;
  required: boolean;
  path: Path;
}

function envFilesOf(name: string, value: unknown): EnvFileRef[] {
  const base = ['services', name, 'env_file'];
  if (typeof value === 'string') return [{ file: value, required: true, path: base }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry, i): EnvFileRef[] => {
    if (typeof entry === 'string') return [{ file: entry, required: true, path: [...base, i] }];
    const long = asRecord(entry);
    if (!long || typeof long['path'] !== 'string') return [];
    return [{ file: long['path'], required: long['required'] !== false && long['required'] !== 'false', path: [...base, i, 'path'] }];
  });
}

function labelFilesOf(name: string, value: unknown): EnvFileRef[] {
  const base = ['services', name, 'label_file'];
  if (typeof value === 'string') return [{ file: value, required: true, path: base }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry, i) => (typeof entry === 'string' ? [{ file: entry, required: true, path: [...base, i] }] : []));
}

/** Files a service reads that are not there, each with the sentence saying what to do. */
function missingFiles(
  ctx: RuleContext,
  refsOf: (name: string, service: Record<string, unknown>) => EnvFileRef[],
  finding: (ref: EnvFileRef, service: string, absolute: string) => Omit<Finding, 'span'>,
): Finding[] {
  if (!ctx.documentPath) return [];
  const folder = dirname(ctx.documentPath);
  return servicesOf(ctx.file).flatMap(([name, service]) =>
    refsOf(name, service).flatMap((ref): Finding[] => {
      if (!ref.required || hasInterpolation(ref.file)) return [];
      const absolute = isAbsolute(ref.file) ? ref.file : resolve(folder, ref.file);
      if (ctx.host.fileExists(absolute)) return [];
      return [{ ...finding(ref, name, absolute), span: ctx.span(ref.path, 'value') }];
    }),
  );
}

/** An `env_file` that is not there: Compose refuses the project (unless it is marked `required: false`). */
export const findMissingEnvFiles: ComposeRule = (ctx) =>
  missingFiles(
    ctx,
    (name, service) => envFilesOf(name, service['env_file']),
    (ref, name, absolute) => ({
      code: 'compose/env-file-missing',
      severity: 'error',
      message: `The env_file "${ref.file}" of service "${name}" does not exist (looked for ${absolute}), so Compose refuses the project. Create it, or use the long form with "required: false".`,
    }),
  );

/** A `label_file` that is not there: Compose refuses the project. */
export const findMissingLabelFiles: ComposeRule = (ctx) =>
  missingFiles(
    ctx,
    (name, service) => labelFilesOf(name, service['label_file']),
    (ref, name, absolute) => ({
      code: 'compose/label-file-missing',
      severity: 'error',
      message: `The label_file "${ref.file}" of service "${name}" does not exist (looked for ${absolute}), so Compose refuses the project. Create it, or remove the entry.`,
    }),
  );
