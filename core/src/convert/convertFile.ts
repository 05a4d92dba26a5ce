/**
 * Converts one file as a user asks for it (the CLI, the server, the editor): a Compose file together
 * with the project it belongs to, or a task definition; the loss report comes back with each entry
 * located in the source file, so the editor can link to the line and the CLI can print it.
 */
import { isAlias } from 'yaml';
import { documentProject } from '../compose/projectFiles';
import { environmentLookup, loadProject, type Project, type ProjectHost } from '../compose/project';
import { sourceOf } from '../compose/project/sources';
import { validateCompose } from '../compose/validateCompose';
import { taskDefinitionJsonFinding } from '../ecs/jsonSyntax';
import { isTaskDefinitionValue, taskDefinitionShape, validateTaskDefinition } from '../ecs/validateTaskDefinition';
import { locate } from '../parse/locate';
import { parseText } from '../parse/parseText';
import { LineIndex } from '../text/lineIndex';
import type { Path, Span } from '../types';
import { composeToTaskDefinitions, type EcsServiceHints, type LaunchType } from './composeToTaskDef';
import { renderCompose, renderTaskDefinition } from './render';
import { formatPath, type LossReport } from './report';
import { taskDefinitionToCompose } from './taskDefToCompose';

export interface ConvertFileRequest {
  /** Absolute path of the source file. */
  path: string;
  to: 'ecs' | 'compose';
  perService?: boolean;
  launchType?: LaunchType;
  host: ProjectHost;
  /** The environment Compose would interpolate with. */
  env?: Record<string, string>;
  /** Active profiles (`--profile`); when absent, COMPOSE_PROFILES from the environment or `.env`, as Compose does. */
  profiles?: string[];
}

export interface ConvertedFile {
  /** A file name for the result (`shop.task-definition.json`, `compose.from-ecs.yaml`). */
  name: string;
  text: string;
  language: 'json' | 'yaml';
  /** Compose → ECS: what the file says about the ECS service this task definition runs as (replicas, x-ecs.service). */
  ecsService?: EcsServiceHints;
}

export type LossSeverity = 'error' | 'dropped' | 'approximated' | 'note';

export interface LocatedLoss {
  kind: LossSeverity;
  /** The key in the source, as `services.web.ports[0]`. */
  path: string;
  reason: string;
  action?: string;
  /** Where it is written, when it could be found. */
  file?: string;
  span?: Span;
  /** 1-based, for people and for terminals that turn `file:line` into a link. */
  line?: number;
}

export interface ConvertFileResult {
  /** The results; none when there is nothing to convert (no active service, a file that is not a task definition). */
  files: ConvertedFile[];
  /** The report, and an error for each finding Dockside's own checks make on a result. */
  losses: LocatedLoss[];
}

const KINDS: Array<[keyof LossReport, LossSeverity]> = [
  ['errors', 'error'],
  ['dropped', 'dropped'],
  ['approximated', 'approximated'],
  ['notes', 'note'],
];

function flatten(report: LossReport, locate: (path: Path) => { file: string; span: Span } | undefined): LocatedLoss[] {
  return KINDS.flatMap(([list, kind]) =>
    report[list].map((entry) => ({
      kind,
      path: formatPath(entry.path),
      reason: entry.reason,
      action: entry.action,
      ...locate(entry.path),
    })),
  );
}

function withLines(losses: LocatedLoss[], host: ProjectHost): LocatedLoss[] {
  const indexes = new Map<string, LineIndex | undefined>();
  return losses.map((loss) => {
    if (!loss.file || !loss.span) return loss;
    if (!indexes.has(loss.file)) {
      const text = host.readFile(loss.file);
      indexes.set(loss.file, text === undefined ? undefined : new LineIndex(text));
    }
    const index = indexes.get(loss.file);
    return index ? { ...loss, line: index.positionAt(loss.span[0]).line + 1 } : loss;
  });
}

export function convertFile(request: ConvertFileRequest): ConvertFileResult {
  const result = request.to === 'ecs' ? composeFileToEcs(request) : taskDefinitionFileToCompose(request);
  return { files: result.files, losses: [...result.losses, ...resultErrors(result.files)] };
}

/**
 * Every result is checked as Dockside checks a file the user writes; what it finds wrong is an error
 * of the conversion (so the CLI exits 1), never a result that looks fine and is not.
 */
function resultErrors(files: readonly ConvertedFile[]): LocatedLoss[] {
  return files.flatMap((file) => {
    const findings = file.language === 'json' ? validateTaskDefinition(file.text) : validateCompose(file.text);
    const lines = new LineIndex(file.text);
    return findings
      .filter((finding) => finding.severity === 'error')
      .map((finding): LocatedLoss => {
        const position = lines.positionAt(finding.span[0]);
        return {
          kind: 'error',
          path: `${file.name}:${position.line + 1}:${position.character + 1}`,
          reason: `The result does not pass Dockside's checks: ${finding.message} (${finding.code})`,
          action: 'Fix the source so the result is valid, or fix the result before using it.',
        };
      });
  });
}

function composeFileToEcs(request: ConvertFileRequest): ConvertFileResult {
  // The same files the editor and `dockside validate FILE` check this file with.
  const project = loadProject({
    files: documentProject(request.path, request.host).files,
    host: request.host,
    env: request.env ?? {},
    ...(request.profiles ? { profiles: request.profiles } : {}),
  });
  const conversion = composeToTaskDefinitions(project.model, {
    projectName: project.name,
    launchType: request.launchType,
    perService: request.perService,
    readFile: request.host.readsEnvFiles === false ? undefined : (path) => request.host.readFile(path),
    envFilesRefused: request.host.readsEnvFiles === false,
    environment: environmentLookup(project.environment),
    services: project.services,
  });
  const files = conversion.taskDefinitions.map((td): ConvertedFile => ({
    name: `${td.name}.task-definition.json`,
    text: renderTaskDefinition(td.definition),
    language: 'json',
    ecsService: td.service,
  }));
  const converted = new Set(project.services);
  const losses = [...locateInProject(conversion.report, project), ...emptiedVariables(project, converted)];
  return { files, losses: withLines(losses, request.host) };
}

/** A report about a project's merged model, each entry at the key in the file that wrote it. */
function locateInProject(report: LossReport, project: Project): LocatedLoss[] {
  return flatten(report, (path) => {
    const source = sourceOf(project.sources, path);
    return source ? { file: source.file, span: source.span } : undefined;
  });
}

/** The same, with 1-based lines: the located form the CLI prints and the editor links to. */
export function locatedLosses(report: LossReport, project: Project, host: ProjectHost): LocatedLoss[] {
  return withLines(locateInProject(report, project), host);
}

/**
 * A variable that is not set becomes an empty string where it is used, as in Compose; the task
 * definition keeps that empty value for good, so each such use in a converted service (or outside
 * the services) is said, at the reference.
 */
function emptiedVariables(project: Project, converted: ReadonlySet<string>): LocatedLoss[] {
  const seen = new Set<string>();
  return project.variables.flatMap((use): LocatedLoss[] => {
    if (use.source !== 'unset' || (use.path[0] === 'services' && !converted.has(String(use.path[1])))) return [];
    const finding = project.findings.find(
      (f) =>
        (f.code === 'compose/unset-variable' || f.code === 'compose/required-variable') &&
        f.file === use.file &&
        f.span[0] === use.fileSpan[0] &&
        f.span[1] === use.fileSpan[1],
    );
    const key = `${use.file}:${use.fileSpan[0]}`;
    if (!finding || seen.has(key)) return [];
    seen.add(key);
    const required = finding.code === 'compose/required-variable';
    return [
      {
        kind: required ? 'error' : 'approximated',
        path: formatPath(use.path),
        reason: required
          ? `${use.name} must be set (Compose refuses the file without it), and it is not: the task definition has an empty value here.`
          : `${use.name} is not set, so it became an empty string here, as in Compose; the task definition keeps that empty value.`,
        action: `Set ${use.name} (in the shell or .env) and convert again${required ? '' : `, or give it a default (\${${use.name}:-value})`}.`,
        file: use.file,
        span: use.fileSpan,
      },
    ];
  });
}

function taskDefinitionFileToCompose(request: ConvertFileRequest): ConvertFileResult {
  const text = request.host.readFile(request.path) ?? '';
  // ECS reads JSON only: a file that is not JSON is not converted, whatever YAML could make of it.
  const syntax = taskDefinitionJsonFinding(text);
  if (syntax) {
    const loss: LocatedLoss = { kind: 'error', path: '', reason: syntax.message, file: request.path, span: syntax.span };
    return { files: [], losses: withLines([loss], request.host) };
  }
  const parsed = parseText(text);
  const conversion = taskDefinitionToCompose(parsed.value);
  const basePath = taskDefinitionShape(parsed.value).basePath;
  const losses = flatten(conversion.report, (path) => {
    const found = locate(parsed.doc, [...basePath, ...path]);
    const node = found.key ?? (isAlias(found.value) ? undefined : found.value);
    return node?.range ? { file: request.path, span: [node.range[0], node.range[1]] } : undefined;
  });
  return {
    files: isTaskDefinitionValue(parsed.value)
      ? [{ name: 'compose.from-ecs.yaml', text: renderCompose(conversion.compose), language: 'yaml' }]
      : [],
    losses: withLines(losses, request.host),
  };
}

/**
 * One report entry as a terminal shows it: `compose.yaml:12: dropped services.web.volumes[0]: reason
 * action` (a `file:line` terminals and VS Code's output turn into a link). `shownFile` replaces the
 * absolute path (e.g. with one relative to the working folder).
 */
export function formatLoss(loss: LocatedLoss, shownFile = loss.file): string {
  const where = shownFile ? `${shownFile}:${loss.line ?? 1}: ` : '';
  return `${where}${loss.kind}${loss.path ? ` ${loss.path}` : ''}: ${loss.reason}${loss.action ? ` ${loss.action}` : ''}`;
}
