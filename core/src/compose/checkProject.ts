/**
 * One answer for every entry point — the editor, `dockside validate`, Up and convert: a Compose
 * project loaded as Compose loads it (files in order, include, extends, `.env`, profiles), each of
 * its Compose files checked against the merged project, and every finding placed in the file that
 * holds it.
 *
 * Pure: files are read through the host.
 */
import { parseText, type ParsedText } from '../parse/parseText';
import type { Finding, Span } from '../types';
import { environmentLookup, type EnvironmentVariable } from './project/env';
import { loadProject, type LoadProjectInput, type Project } from './project/loadProject';
import type { ProjectFinding } from './project/types';
import { validateCompose } from './validateCompose';

export interface CheckProjectInput extends LoadProjectInput {
  /**
   * False for a partial file checked alone (an override file with no base beside it, see
   * documentProject): the rules that judge a whole project are then skipped.
   */
  wholeProject?: boolean;
  /** Only these files' findings are wanted (the editor checks one document); every file's by default. */
  only?: readonly string[];
}

export interface CheckedProject {
  project: Project;
  /**
   * Findings by absolute path, sorted by position: every Compose file checked (those given, then
   * those `include` brought in), each present even when clean, then any other file a finding is in
   * (an env file with a bad line).
   */
  findings: Map<string, Finding[]>;
}

export function checkComposeProject(input: CheckProjectInput): CheckedProject {
  const parse = parseOnce(input.parse);
  const project = loadProject({ ...input, parse });
  const wanted = (file: string): boolean => input.only === undefined || input.only.includes(file);
  // In an untrusted workspace `.env` is not read, so nothing is claimed about which variables are set.
  const trusted = input.host.readsEnvFiles !== false;
  const wholeProject = input.wholeProject !== false;
  const findings = new Map<string, Finding[]>();
  const composeFiles: Array<{ file: string; environment: ReadonlyMap<string, EnvironmentVariable> }> = [
    ...project.files.map((file) => ({ file, environment: project.environment })),
    ...project.included,
  ];
  for (const { file, environment } of composeFiles) {
    if (!wanted(file) || findings.has(file)) continue;
    const text = input.host.readFile(file);
    if (text === undefined) continue; // the loader says it cannot be read
    const options = {
      host: input.host,
      documentPath: file,
      ...(wholeProject ? { project: project.model } : {}),
      ...(trusted ? { variables: environmentLookup(environment) } : {}),
    };
    findings.set(file, validateCompose(text, options, parse(file, text)));
  }
  for (const finding of project.findings) {
    if (!wanted(finding.file) || !claimed(finding, trusted, wholeProject)) continue;
    const list = findings.get(finding.file) ?? [];
    if (list.some((other) => restates(other, finding))) continue;
    list.push(withoutFile(finding));
    findings.set(finding.file, list);
  }
  for (const list of findings.values()) list.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  return { project, findings };
}

/** Each file is parsed once per check, whether the loader or the rules ask first. */
function parseOnce(parse: ((path: string, text: string) => ParsedText) | undefined): (path: string, text: string) => ParsedText {
  const parsed = new Map<string, ParsedText>();
  return (path, text) => {
    const hit = parsed.get(path);
    if (hit?.text === text) return hit;
    const fresh = parse ? parse(path, text) : parseText(text);
    parsed.set(path, fresh);
    return fresh;
  };
}

/**
 * The loader and the rules speak one vocabulary of codes: where both find the same problem at the
 * same place, the rule's finding is the one kept (it often carries a quick fix). The loader's
 * "not a mapping" is the schema's finding in other words.
 */
const RESTATED_BY: Readonly<Record<string, readonly string[]>> = {
  'project/not-a-mapping': ['compose/schema', 'compose/not-compose'],
};

function restates(rule: Finding, loader: ProjectFinding): boolean {
  return (rule.code === loader.code || (RESTATED_BY[loader.code] ?? []).includes(rule.code)) && overlap(rule.span, loader.span);
}

function overlap(a: Span, b: Span): boolean {
  return (a[0] < b[1] && b[0] < a[1]) || (a[0] === b[0] && a[1] === b[1]);
}

/** Loader findings that make a claim the check cannot stand behind in this setting. */
function claimed(finding: ProjectFinding, trusted: boolean, wholeProject: boolean): boolean {
  if (!trusted && (finding.code === 'compose/unset-variable' || finding.code === 'compose/required-variable')) return false;
  // A partial file's dependencies may be defined by the base file it completes.
  if (!wholeProject && finding.code === 'compose/undefined-service') return false;
  return true;
}

function withoutFile(finding: ProjectFinding): Finding {
  const { file: _file, ...rest } = finding;
  return rest;
}
