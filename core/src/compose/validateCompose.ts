import { parseText, type ParsedText } from '../parse/parseText';
import { createSchemaChecker } from '../schema/validate';
import { LineIndex } from '../text/lineIndex';
import { noHost, type Finding, type Host } from '../types';
import { createContext } from '../rules/context';
import type { VariableLookup } from './project/interpolate';
import { reportAnchorsOnce } from './anchorFindings';
import { asRecord } from './model';
import { composeRules } from './rules';
import { composeSchemaErrors } from './schemaCheck';
import { composeVocabulary } from './vocabulary';

export interface ComposeOptions {
  host?: Host;
  /** Absolute path of the file, used to resolve relative paths such as `env_file`. */
  documentPath?: string;
  /**
   * The project's merged model when this file is one of several (a base with overrides): names and
   * usage are then judged across the project, and override files get every rule.
   */
  project?: unknown;
  /** Which interpolation variables are set (environment and `.env`); unset ones are then reported. */
  variables?: VariableLookup;
}

const BASE_FILE_NAMES = new Set(['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml']);

/**
 * A base file (`compose.yaml`) describes a whole project; any other Compose file (`compose.override.yaml`,
 * `docker-compose.prod.yml`) is usually partial, completed by the base file it is merged onto.
 */
export function isPartialComposeFile(documentPath: string | undefined): boolean {
  if (!documentPath) return false;
  const name = documentPath.replace(/\\/g, '/').split('/').pop() ?? '';
  return !BASE_FILE_NAMES.has(name.toLowerCase()) && /^(docker-compose[.-]|compose\.)/i.test(name);
}

const composeChecker = createSchemaChecker(composeSchemaErrors, composeVocabulary, 'compose/schema');

/** Loads the schema's validators now rather than on the first keystroke (the server calls this at start-up). */
export function warmUpCompose(): void {
  composeChecker.check(parseText('{}').doc, { services: { a: {} } }, () => 0);
}

/** Every finding for one Compose file: YAML syntax, schema, then the semantic rules. */
export function validateCompose(text: string, options: ComposeOptions = {}, parsed: ParsedText = parseText(text)): Finding[] {
  const findings = [...parsed.findings];
  if (parsed.unreadable || parsed.value === undefined) return findings;
  const lines = new LineIndex(text);
  const lineEnd = (offset: number): number => lines.lineEndAt(offset);
  const value = parsed.value;

  const early = describeUnusualDocument(value, text, options);
  if (early) return [...findings, early];

  const schemaFindings = composeChecker.check(parsed.doc, value, lineEnd, [], text);
  const ctx = createContext(value, parsed.doc, text, options.host ?? noHost, lineEnd, options.documentPath);
  ctx.project = options.project;
  ctx.variables = options.variables;
  const partial = isPartialComposeFile(options.documentPath) && options.project === undefined;
  const ruleFindings = composeRules.flatMap(({ rule, wholeProject }) => (partial && wholeProject ? [] : runSafely(rule, ctx)));
  // A rule's message is more specific than the schema's for the same place: keep one per place.
  const ruleSpans = new Set(ruleFindings.map((f) => `${f.span[0]}:${f.span[1]}`));
  const all = [...findings, ...schemaFindings.filter((f) => !ruleSpans.has(`${f.span[0]}:${f.span[1]}`)), ...ruleFindings];
  return reportAnchorsOnce(all, parsed.doc, text).sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
}

/** One broken rule must not take the others' findings (or the server) down with it. */
function runSafely(rule: (ctx: ReturnType<typeof createContext>) => Finding[], ctx: ReturnType<typeof createContext>): Finding[] {
  try {
    return rule(ctx);
  } catch {
    return [];
  }
}

/**
 * Empty files and ECS task definitions opened as Compose get one clear sentence instead of schema
 * noise. Compose refuses a project with nothing in it, but an empty override file merely adds nothing.
 */
function describeUnusualDocument(value: unknown, text: string, options: ComposeOptions): Finding | undefined {
  const firstLine: [number, number] = [0, Math.min(text.length, Math.max(1, text.search(/\r?\n|$/)))];
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    // Alone: the whole project, or with other files that hold nothing either. A partial file
    // (compose.override.yaml) checked without its project is judged as one of several.
    const others = Object.keys(asRecord(options.project) ?? {}).filter((key) => key !== 'name');
    const alone = options.project === undefined ? !isPartialComposeFile(options.documentPath) : others.length === 0;
    return {
      code: 'compose/empty-file',
      severity: alone ? 'error' : 'warning',
      message: alone
        ? 'This Compose file is empty, and Compose refuses an empty project. Start it with a "services:" section.'
        : 'This Compose file is empty, so it adds nothing to the project. Remove it, or add what it should change.',
      span: [0, Math.min(text.length, 1)],
    };
  }
  const record = asRecord(value);
  if (record && ('containerDefinitions' in record || 'taskDefinition' in record)) {
    return {
      code: 'compose/not-compose',
      severity: 'information',
      message: 'This is an Amazon ECS task definition, not a Compose file, so it is not checked as Compose.',
      span: firstLine,
    };
  }
  return undefined;
}
