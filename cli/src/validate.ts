// `dockside validate`: Dockside's diagnostics for Compose files and task definitions, from a terminal or
// CI. Each Compose file is checked in its project, through the same core function as the editor and Up.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import {
  checkComposeProject,
  composeFilesIn,
  DEFAULT_COMPOSE_GLOBS,
  DEFAULT_TASK_DEFINITION_GLOBS,
  documentProject,
  isTaskDefinitionValue,
  LineIndex,
  matchesAnyGlob,
  parseText,
  validateTaskDefinition,
  type CheckedProject,
  type CheckProjectInput,
  type Finding,
  type ProjectHost,
} from '@dockside/core';
import { diskHost, shellEnvironment } from '@dockside/core/node';
import { HELP, parseArgs, UsageError, usageFailure } from './args';
import {
  chooseProject,
  COMPOSE_VARIABLES_HELP,
  PROJECT_OPTIONS,
  PROJECT_OPTIONS_HELP,
  projectProblem,
  type ProjectChoice,
} from './project';

export const VALIDATE_HELP = `Usage: dockside validate [FILE_OR_FOLDER...] [-f FILE]... [OPTIONS]

Checks Docker Compose files and Amazon ECS task definitions with Dockside's diagnostics. A Compose
file is checked as part of its project (override files, include, extends, .env, profiles), as the
editor and "dockside compose up" read it:

  (nothing)     the project "docker compose" would use here: COMPOSE_FILE, else compose.yaml (with
                compose.override.yaml) or docker-compose.yml, here or in the nearest folder above
  -f FILE...    one project of exactly these files, merged in order, as "docker compose -f"
  FILE          that file, with the files Compose merges it with (compose.yaml with its override
                file; compose.stage.yaml onto compose.yaml); a JSON file is checked as a task definition
  FOLDER        in it and every folder below: the project Compose would pick there, the other
                Compose files, and the task definitions

Options:
${PROJECT_OPTIONS_HELP}
      --format text|json     text: "file:line:column: severity code: message" and a summary (default);
                             json: an array of {file, range, severity, code, message}, 0-based positions
  -h, --help                 Print this help

${COMPOSE_VARIABLES_HELP}

Exit status: 0 when no error was found, 1 when one was, 2 when the command line or a file could not
be used.`;

const OPTIONS = { ...PROJECT_OPTIONS, format: { names: ['--format'], value: 'text|json' }, help: HELP } as const;

export interface FileReport {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: Finding['severity'];
  code: string;
  message: string;
}

const COMMAND = 'dockside validate';
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist']);

export function validateCommand(args: string[]): number {
  let parsed;
  try {
    parsed = parseArgs(args, OPTIONS);
    const format = parsed.options.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format takes text or json, not "${format}"`);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(COMMAND, error);
    throw error;
  }
  const { options, operands } = parsed;
  if (options.help) {
    process.stdout.write(`${VALIDATE_HELP}\n`);
    return 0;
  }
  const host = diskHost();
  const env = shellEnvironment();
  const report = new Report(host, operands);
  const choice = chooseProject(options, env, host);
  if (options.file.length > 0 || operands.length === 0) {
    const problem = projectProblem(choice, host, (path) => report.shown(path));
    if (problem) {
      process.stderr.write(
        `${COMMAND}: ${problem}.\n${choice.files.length === 0 ? 'Name the files with -f, or a file or folder to check.\n' : ''}`,
      );
      return 2;
    }
    report.project(checkComposeProject({ ...projectInput(choice, env, host), files: choice.files, projectDirectory: choice.workingDir }));
  }
  for (const operand of operands) {
    const target = resolve(operand);
    const stat = statSync(target, { throwIfNoEntry: false });
    if (!stat) {
      process.stderr.write(`${COMMAND}: ${operand}: no such file or folder\n`);
      return 2;
    }
    if (stat.isDirectory()) checkFolder(target, report, projectInput(choice, env, host));
    else if (target.toLowerCase().endsWith('.json')) report.taskDefinition(target);
    else report.document(target, projectInput(choice, env, host));
  }
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(report.reports, null, 2)}\n`);
  else report.print();
  return report.reports.some((r) => r.severity === 'error') ? 1 : 0;
}

type ProjectSettings = Omit<CheckProjectInput, 'files'>;

/**
 * What every project checked here shares: the host, the environment and the project options. Each
 * project's directory is its first file's unless --project-directory says otherwise.
 */
function projectInput(choice: ProjectChoice, env: Record<string, string>, host: ProjectHost): ProjectSettings {
  return {
    host,
    env,
    ...(choice.envFiles ? { envFiles: choice.envFiles } : {}),
    ...(choice.profiles ? { profiles: choice.profiles } : {}),
    ...(choice.projectName ? { projectName: choice.projectName } : {}),
    ...(choice.projectDirectory ? { projectDirectory: choice.projectDirectory } : {}),
  };
}

/** Every folder below `folder`: the project Compose picks there, the other Compose files, the task definitions. */
function checkFolder(folder: string, report: Report, settings: ProjectSettings): void {
  const names = readdirSync(folder).sort();
  const project = composeFilesIn(folder, report.host);
  if (project.length > 0) report.project(checkComposeProject({ ...settings, files: project }));
  for (const name of names) {
    const path = join(folder, name);
    if (project.includes(path)) continue;
    if (statSync(path).isDirectory()) {
      if (!SKIPPED_FOLDERS.has(name)) checkFolder(path, report, settings);
    } else if (matchesAnyGlob(path, DEFAULT_COMPOSE_GLOBS)) {
      report.document(path, settings);
    } else if (isTaskDefinitionFile(path)) {
      report.taskDefinition(path);
    }
  }
}

/** In a folder: JSON files named like task definitions, or holding one. */
function isTaskDefinitionFile(path: string): boolean {
  if (!path.endsWith('.json')) return false;
  if (matchesAnyGlob(path, DEFAULT_TASK_DEFINITION_GLOBS)) return true;
  const text = readFileSync(path, 'utf8');
  return /"containerDefinitions"\s*:/.test(text) && isTaskDefinitionValue(parseText(text).value);
}

/** The findings gathered, each file once, with paths as the user wrote them (else relative to here). */
class Report {
  readonly reports: FileReport[] = [];
  private readonly done = new Set<string>();
  private readonly given = new Map<string, string>();

  constructor(
    readonly host: ProjectHost,
    operands: string[],
  ) {
    for (const operand of operands) this.given.set(resolve(operand), operand);
  }

  shown(path: string): string {
    return this.given.get(path) ?? (isAbsolute(path) ? relative(process.cwd(), path) || path : path);
  }

  /** Every file of a project: its Compose files, the files it includes, an env file with a bad line. */
  project(checked: CheckedProject): void {
    for (const [file, findings] of checked.findings) this.add(file, findings);
  }

  /** One Compose file, checked in the project Compose merges it into; only its own findings. */
  document(path: string, settings: ProjectSettings): void {
    if (this.done.has(path)) return;
    const { files, wholeProject } = documentProject(path, this.host);
    const checked = checkComposeProject({ ...settings, files, wholeProject, only: [path] });
    this.add(path, checked.findings.get(path) ?? []);
  }

  taskDefinition(path: string): void {
    if (this.done.has(path)) return;
    this.add(path, validateTaskDefinition(this.host.readFile(path) ?? '', { host: this.host, documentPath: path }));
  }

  private add(file: string, findings: Finding[]): void {
    if (this.done.has(file)) return;
    this.done.add(file);
    const lines = new LineIndex(this.host.readFile(file) ?? '');
    for (const f of findings) {
      this.reports.push({
        file: this.shown(file),
        range: { start: lines.positionAt(f.span[0]), end: lines.positionAt(f.span[1]) },
        severity: f.severity,
        code: f.code,
        message: f.message,
      });
    }
  }

  print(): void {
    for (const r of this.reports) {
      process.stdout.write(`${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.severity} ${r.code}: ${r.message}\n`);
    }
    const count = (s: Finding['severity']): number => this.reports.filter((r) => r.severity === s).length;
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    const notes = count('information') + count('hint');
    process.stdout.write(
      `${plural(this.done.size, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(notes, 'note')}.\n`,
    );
  }
}
