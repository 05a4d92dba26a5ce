import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { runEcsCli } from './ecs';
import { join, relative, resolve } from 'node:path';
import { convertFile, isTaskDefinitionValue, LineIndex, matchesAnyGlob, parseText, validateCompose, validateTaskDefinition, type Finding } from '@dockside/core';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import { runComposeCli } from './compose';
import { DEFAULT_COMPOSE_GLOBS, DEFAULT_TASK_DEFINITION_GLOBS } from '@dockside/core';

declare const DOCKSIDE_VERSION: string;

const USAGE = `Usage: dockside validate FILE_OR_FOLDER... [--format text|json]
       dockside convert FILE --to ecs|compose [--per-service] [--launch-type FARGATE|EC2]
                             [-o OUT] [--report REPORT.json] [--force]
       dockside compose up|down|ps|logs [-f FILE]... [-p PROJECT] [--profile NAME] [--volumes] [--follow]
       dockside ecs run-task FILE [options]       ("dockside ecs" alone lists the options)

Checks Docker Compose files and Amazon ECS task definitions with Dockside's diagnostics. A JSON file
is checked as a task definition; any other file as Compose. A folder is searched for Compose files
(${DEFAULT_COMPOSE_GLOBS.slice(0, 4).join(', ')}, ...) and task definitions (${DEFAULT_TASK_DEFINITION_GLOBS.slice(0, 3).join(', ')},
..., or any JSON file with "containerDefinitions"). Exit status: 0 when no errors were found, 1 when
any error was found, 2 when the command line or a file could not be used.

convert turns a Compose file (with the override and .env files beside it) into ECS task definitions,
or a task definition into a Compose file, and lists what could not be carried over exactly. The result
goes to standard output, or to OUT (a file; with --per-service, a folder); an existing file is not
overwritten without --force. Exit status: 0 when converted, 1 when the result needs work before it
runs (e.g. a service with only "build"), 2 when the command line or a file could not be used.`;

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

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index >= 0) return args[index + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

/** Writes a result unless that would silently replace a file the user has. */
function writeResult(path: string, text: string, force: boolean): boolean {
  if (existsSync(path) && !force) {
    process.stderr.write(`dockside: ${path} exists; not overwriting it (use --force to replace it)\n`);
    return false;
  }
  writeFileSync(path, text);
  process.stderr.write(`wrote ${path}\n`);
  return true;
}

function convertCommand(args: string[]): number {
  const source = args.find((a, i) => !a.startsWith('-') && !['--to', '--launch-type', '-o', '--report'].includes(args[i - 1] ?? ''));
  const to = option(args, '--to');
  const launchType = option(args, '--launch-type')?.toUpperCase();
  const out = option(args, '-o');
  const reportPath = option(args, '--report');
  const force = args.includes('--force');
  const perService = args.includes('--per-service');
  if (!source || (to !== 'ecs' && to !== 'compose') || (launchType !== undefined && launchType !== 'FARGATE' && launchType !== 'EC2')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!existsSync(source) || statSync(source).isDirectory()) {
    process.stderr.write(`dockside: ${source}: no such file\n`);
    return 2;
  }
  const result = convertFile({ path: resolve(source), to, perService, launchType: launchType as 'FARGATE' | 'EC2' | undefined, host: diskHost(), env: shellEnvironment() });
  for (const loss of result.losses) {
    const where = loss.file ? `${relative(process.cwd(), loss.file) || loss.file}:${loss.line ?? 1}: ` : '';
    process.stderr.write(`${where}${loss.kind} ${loss.path}: ${loss.reason}${loss.action ? ` ${loss.action}` : ''}\n`);
  }
  if (reportPath) {
    const pick = (kind: string) => result.losses.filter((l) => l.kind === kind).map(({ path, reason, action, file, line }) => ({ path, reason, action, file, line }));
    const report = { errors: pick('error'), dropped: pick('dropped'), approximated: pick('approximated'), notes: pick('note') };
    if (!writeResult(reportPath, `${JSON.stringify(report, null, 2)}\n`, force)) return 2;
  }
  if (!out) {
    process.stdout.write(result.files.length === 1 ? result.files[0]!.text : `${JSON.stringify(result.files.map((f) => JSON.parse(f.text) as unknown), null, 2)}\n`);
  } else if (result.files.length === 1 && !perService) {
    if (!writeResult(out, result.files[0]!.text, force)) return 2;
  } else {
    mkdirSync(out, { recursive: true });
    for (const file of result.files) if (!writeResult(join(out, file.name), file.text, force)) return 2;
  }
  return result.losses.some((l) => l.kind === 'error') ? 1 : 0;
}

/** Exit status, or a promise of it for the commands that talk to the Docker Engine. */
export function main(argv: string[]): number | Promise<number> {
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
  if (command === 'convert') return convertCommand(rest);
  if (command === 'compose') return runComposeCli(rest);
  if (command === 'ecs') return runEcsCli(rest);
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

void Promise.resolve(main(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`dockside: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
