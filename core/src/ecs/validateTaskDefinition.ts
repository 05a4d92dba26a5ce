import { parseText, type ParsedText } from '../parse/parseText';
import { createContext } from '../rules/context';
import { createSchemaChecker } from '../schema/validate';
import { LineIndex } from '../text/lineIndex';
import { noHost, type Finding, type Host, type Path } from '../types';
import type { TaskDefinitionContext, TaskDefinitionKind, TaskDefinitionRule } from './context';
import { taskDefinitionJsonFinding } from './jsonSyntax';
import { asRecord } from './model';
import { taskDefinitionRules } from './rules';
import { ecsVocabulary } from './vocabulary';

export interface TaskDefinitionOptions {
  host?: Host;
  /** Absolute path of the file, when it has one. */
  documentPath?: string;
}

export interface TaskDefinitionShape {
  kind: TaskDefinitionKind;
  /** Where the definition sits in the document. */
  basePath: Path;
  definition: unknown;
}

/**
 * What a JSON value is: a `register-task-definition` input (top-level `containerDefinitions`),
 * `describe-task-definition` output (`{"taskDefinition": {"containerDefinitions": …}}`), or other.
 */
export function taskDefinitionShape(value: unknown): TaskDefinitionShape {
  const record = asRecord(value);
  if (record && 'containerDefinitions' in record) return { kind: 'register', basePath: [], definition: record };
  const wrapped = asRecord(record?.['taskDefinition']);
  if (wrapped && 'containerDefinitions' in wrapped) return { kind: 'describe', basePath: ['taskDefinition'], definition: wrapped };
  return { kind: 'other', basePath: [], definition: value };
}

/** True for values that are recognisably task definitions (either shape), for picking a checker. */
export function isTaskDefinitionValue(value: unknown): boolean {
  return taskDefinitionShape(value).kind !== 'other';
}

const CODE = 'ecs/schema';

/**
 * Checks the definition against the schema; the describe output is checked whole, so a typo beside
 * `taskDefinition` is caught too. The vocabulary names containers and volumes from this very value, so
 * a checker is made per call; the validators are compiled once.
 */
function checkSchema(parsed: ParsedText, shape: TaskDefinitionShape, lineEnd: (offset: number) => number): Finding[] {
  if (shape.kind === 'describe') {
    const checker = createSchemaChecker('ecsDescribe', ecsVocabulary(shape.definition, shape.basePath), CODE);
    return checker.check(parsed.doc, parsed.value, lineEnd, [], parsed.text);
  }
  const checker = createSchemaChecker('ecs', ecsVocabulary(shape.definition), CODE);
  return checker.check(parsed.doc, shape.definition, lineEnd, shape.basePath, parsed.text);
}

/** Compiles both schemas now rather than on the first keystroke (the server calls this at start-up). */
export function warmUpTaskDefinition(): void {
  validateTaskDefinition('{"family": "a", "containerDefinitions": []}');
  validateTaskDefinition('{"taskDefinition": {"family": "a", "containerDefinitions": []}}');
}

/**
 * A value that is neither shape is checked as a register input when it is an object (the file was
 * opened as a task definition, so say what it lacks); `{"taskDefinition": {...}}` still being written
 * counts as describe output.
 */
function shapeToCheck(value: unknown): TaskDefinitionShape {
  const shape = taskDefinitionShape(value);
  if (shape.kind !== 'other') return shape;
  const record = asRecord(value);
  const wrapped = asRecord(record?.['taskDefinition']);
  if (wrapped) return { kind: 'describe', basePath: ['taskDefinition'], definition: wrapped };
  return shape;
}

/**
 * Every finding for one task-definition file: strict JSON first (ECS reads nothing else, so text that
 * is not JSON gets that one finding and no other), then the schema and the semantic rules, whose
 * ranges come from the same text parsed as YAML (a superset of JSON, with exact node ranges).
 */
export function validateTaskDefinition(text: string, options: TaskDefinitionOptions = {}, parsed: ParsedText = parseText(text)): Finding[] {
  if (parsed.unreadable) return [...parsed.findings];
  const syntax = taskDefinitionJsonFinding(text);
  if (syntax) return [syntax];
  const findings = [...parsed.findings];
  if (parsed.value === undefined) return findings;
  const early = describeNonObject(parsed.value, text);
  if (early) return [...findings, early];

  const lines = new LineIndex(text);
  const lineEnd = (offset: number): number => lines.lineEndAt(offset);
  const shape = shapeToCheck(parsed.value);
  const schemaFindings = checkSchema(parsed, shape, lineEnd);
  const base = createContext(shape.definition, parsed.doc, text, options.host ?? noHost, lineEnd, options.documentPath, shape.basePath);
  const ctx: TaskDefinitionContext = { ...base, kind: shape.kind, basePath: shape.basePath };
  const ruleFindings = runRules(taskDefinitionRules, ctx);
  // A rule's message is more specific than the schema's for the same place: keep one per place.
  const ruleSpans = new Set(ruleFindings.map((f) => `${f.span[0]}:${f.span[1]}`));
  const all = [...findings, ...schemaFindings.filter((f) => !ruleSpans.has(`${f.span[0]}:${f.span[1]}`)), ...ruleFindings];
  return all.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
}

/** Runs each rule; one broken rule must not take the others' findings (or the server) down with it. */
export function runRules(rules: readonly TaskDefinitionRule[], ctx: TaskDefinitionContext): Finding[] {
  return rules.flatMap((rule) => {
    try {
      return rule(ctx);
    } catch {
      return [];
    }
  });
}

/** Empty files, bare container lists and scalars get one sentence instead of schema noise. */
function describeNonObject(value: unknown, text: string): Finding | undefined {
  if (asRecord(value)) return undefined;
  const firstLine: [number, number] = [0, Math.min(text.length, Math.max(1, text.search(/\r?\n|$/)))];
  const message = Array.isArray(value)
    ? 'This is a list, not a task definition: ECS registers an object such as {"family": "web", "containerDefinitions": [...]}, with this list as its "containerDefinitions".'
    : value === null || value === ''
      ? 'This task definition is empty. Start it with {"family": "web", "containerDefinitions": [...]}.'
      : 'This is not a task definition: ECS registers a JSON object with "family" and "containerDefinitions".';
  return { code: 'ecs/not-task-definition', severity: 'warning', message, span: firstLine };
}
