// `dockside validate`: Dockside's diagnostics for Compose files and task definitions, from a terminal or CI.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  DEFAULT_COMPOSE_GLOBS,
  DEFAULT_TASK_DEFINITION_GLOBS,
  isTaskDefinitionValue,
  LineIndex,
  matchesAnyGlob,
  parseText,
  validateCompose,
  validateTaskDefinition,
  type Finding,
} from '@dockside/core';
import { diskHost } from '@dockside/core/node';
import { USAGE } from './usage';

export interface FileReport {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: Finding['severity'];
  code: string;
  message: string;
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist']);

function composeFilesIn(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      if (!SKIPPED_FOLDERS.has(name)) found.push(...composeFilesIn(path));
    } else if (matchesAnyGlob(path, DEFAULT_COMPOSE_GLOBS) || isTaskDefinitionFile(path)) {
      found.push(path);
    }
  }
  return found;
}

/** In a folder: JSON files named like task definitions, or holding one. */
function isTaskDefinitionFile(path: string): boolean {
  if (!path.endsWith('.json')) return false;
  if (matchesAnyGlob(path, DEFAULT_TASK_DEFINITION_GLOBS)) return true;
  const text = readFileSync(path, 'utf8');
  return /"containerDefinitions"\s*:/.test(text) && isTaskDefinitionValue(parseText(text).value);
}

function check(file: string): FileReport[] {
  const text = readFileSync(file, 'utf8');
  const lines = new LineIndex(text);
  const options = { host: diskHost(), documentPath: resolve(file) };
  const findings = file.toLowerCase().endsWith('.json') ? validateTaskDefinition(text, options) : validateCompose(text, options);
  return findings.map((f) => ({
    file,
    range: { start: lines.positionAt(f.span[0]), end: lines.positionAt(f.span[1]) },
    severity: f.severity,
    code: f.code,
    message: f.message,
  }));
}

function printText(reports: FileReport[], fileCount: number): void {
  for (const r of reports) {
    process.stdout.write(`${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.severity} ${r.code}: ${r.message}\n`);
  }
  const count = (s: Finding['severity']): number => reports.filter((r) => r.severity === s).length;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const notes = count('information') + count('hint');
  process.stdout.write(
    `${plural(fileCount, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(notes, 'note')}.\n`,
  );
}

export function validateCommand(rest: string[]): number {
  let format = 'text';
  const targets: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--format') format = rest[++i] ?? '';
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else targets.push(arg);
  }
  if (targets.length === 0 || !['text', 'json'].includes(format)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const files: string[] = [];
  for (const target of targets) {
    if (!existsSync(target)) {
      process.stderr.write(`dockside: ${target}: no such file or folder\n`);
      return 2;
    }
    if (statSync(target).isDirectory()) files.push(...composeFilesIn(target).map((f) => relative(process.cwd(), f) || f));
    else files.push(target);
  }
  const reports = files.flatMap(check);
  if (format === 'json') process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
  else printText(reports, files.length);
  return reports.some((r) => r.severity === 'error') ? 1 : 0;
}
