import { dirname, isAbsolute, resolve } from 'node:path';
import type { Finding, Path } from '../../types';
import type { ComposeRule } from '../../rules/context';
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

/** An `env_file` that is not there stops `docker compose up` (unless marked `required: false`). */
export const findMissingEnvFiles: ComposeRule = (ctx) => {
  if (!ctx.documentPath) return [];
  const folder = dirname(ctx.documentPath);
  return servicesOf(ctx.file).flatMap(([name, service]) =>
    envFilesOf(name, service['env_file']).flatMap((ref): Finding[] => {
      if (!ref.required || hasInterpolation(ref.file)) return [];
      const absolute = isAbsolute(ref.file) ? ref.file : resolve(folder, ref.file);
      if (ctx.host.fileExists(absolute)) return [];
      return [
        {
          code: 'compose/env-file-missing',
          severity: 'warning',
          message: `The env_file "${ref.file}" of service "${name}" does not exist (looked for ${absolute}). Create it, or use the long form with "required: false".`,
          span: ctx.span(ref.path, 'value'),
        },
      ];
    }),
  );
};
