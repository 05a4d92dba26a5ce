/**
 * Converts one file as a user asks for it (the CLI, the server, the editor): a Compose file together
 * with the project it belongs to, or a task definition; the loss report comes back with each entry
 * located in the source file, so the editor can link to the line and the CLI can print it.
 */
import { isAlias } from 'yaml';
import { documentProject } from '../compose/projectFiles';
import { loadProject, type ProjectHost } from '../compose/project';
import { sourceOf } from '../compose/project/sources';
import { taskDefinitionShape } from '../ecs/validateTaskDefinition';
import { locate } from '../parse/locate';
import { parseText } from '../parse/parseText';
import { LineIndex } from '../text/lineIndex';
import type { Path, Span } from '../types';
import { composeToTaskDefinitions, type LaunchType } from './composeToTaskDef';
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
}

export interface ConvertedFile {
  /** A file name for the result (`shop.task-definition.json`, `compose.from-ecs.yaml`). */
  name: string;
  text: string;
  language: 'json' | 'yaml';
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
  files: ConvertedFile[];
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
  return request.to === 'ecs' ? composeFileToEcs(request) : taskDefinitionFileToCompose(request);
}

function composeFileToEcs(request: ConvertFileRequest): ConvertFileResult {
  // The same files the editor and `dockside validate FILE` check this file with.
  const project = loadProject({ files: documentProject(request.path, request.host).files, host: request.host, env: request.env ?? {} });
  const conversion = composeToTaskDefinitions(project.model, {
    projectName: project.name,
    launchType: request.launchType,
    perService: request.perService,
    readFile: request.host.readsEnvFiles === false ? undefined : (path) => request.host.readFile(path),
    envFilesRefused: request.host.readsEnvFiles === false,
    services: project.services,
  });
  const files = conversion.taskDefinitions.map((td): ConvertedFile => ({
    name: `${td.name}.task-definition.json`,
    text: renderTaskDefinition(td.definition),
    language: 'json',
  }));
  const losses = flatten(conversion.report, (path) => {
    const source = sourceOf(project.sources, path);
    return source ? { file: source.file, span: source.span } : undefined;
  });
  return { files, losses: withLines(losses, request.host) };
}

function taskDefinitionFileToCompose(request: ConvertFileRequest): ConvertFileResult {
  const text = request.host.readFile(request.path) ?? '';
  const parsed = parseText(text);
  const conversion = taskDefinitionToCompose(parsed.value);
  const basePath = taskDefinitionShape(parsed.value).basePath;
  const losses = flatten(conversion.report, (path) => {
    const found = locate(parsed.doc, [...basePath, ...path]);
    const node = found.key ?? (isAlias(found.value) ? undefined : found.value);
    return node?.range ? { file: request.path, span: [node.range[0], node.range[1]] } : undefined;
  });
  return {
    files: [{ name: 'compose.from-ecs.yaml', text: renderCompose(conversion.compose), language: 'yaml' }],
    losses: withLines(losses, request.host),
  };
}
