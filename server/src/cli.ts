import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isTaskDefinitionValue, LineIndex, matchesAnyGlob, parseText, validateCompose, validateTaskDefinition, type Finding } from './core';
import { DEFAULT_COMPOSE_GLOBS, DEFAULT_TASK_DEFINITION_GLOBS } from './settings';

declare const DOCKSIDE_VERSION: string;

const USAGE = `Usage: dockside validate FILE_OR_FOLDER... [--format text|json]

Checks Docker Compose files and Amazon ECS task definitions with Dockside's diagnostics. A JSON file
is checked as a task definition; any other file as Compose. A folder is searched for Compose files
(${DEFAULT_COMPOSE_GLOBS.slice(0, 4).join(', ')}, ...) and task definitions (${DEFAULT_TASK_DEFINITION_GLOBS.slice(0, 3).join(', ')},
..., or any JSON file with "containerDefinitions"). Exit status: 0 when no errors were found, 1 when
any error was found, 2 when the command line or a file could not be used.`;

interface FileReport {
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
  const options = { host: { fileExists: (path: string) => existsSync(path) }, documentPath: resolve(file) };
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

export function main(argv: string[]): number {
  const args = [...argv];
  if (args.includes('--version')) {
    process.stdout.write(`${DOCKSIDE_VERSION}\n`);
    return 0;
  }
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return args.length === 0 ? 2 : 0;
  }
  const [command, ...rest] = args;
  let format = 'text';
  const targets: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--format') format = rest[++i] ?? '';
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else targets.push(arg);
  }
  if (command !== 'validate' || targets.length === 0 || !['text', 'json'].includes(format)) {
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

process.exitCode = main(process.argv.slice(2));
