// A Compose project read for Swarm: through the same loader as everything else (files, overrides,
// `.env` or --env-file, profiles, extends, include), planned as a stack, with the report of what Swarm
// ignores or refuses located at the file and line that wrote it. Reading never throws for a bad
// project: what stops the deploy is in `errors` and in the report's errors.
import { locate, locatedLosses, parseText, sourceOf, swarmSupport, type LocatedLoss, type Project, type ProjectHost } from '@dockside/core';
import { diskHost } from '@dockside/core/node';
import { noComposeFile, readProject, refusal, type StackSource } from '../compose/stack';
import { planSwarm, type SwarmPlan } from './plan';

export interface LoadedSwarmStack {
  /** The stack name: `-p`, else the project's name (its `name:`, else its folder's). */
  namespace: string;
  workingDir: string;
  files: string[];
  /** The services the active profiles select. */
  services: string[];
  plan: SwarmPlan;
  /** What stops the deploy, as `file:line: message`: what Compose would refuse, and what cannot be planned. */
  errors: string[];
  /** What Swarm ignores, changes or refuses, in the converter's located form; its errors stop the deploy too. */
  report: LocatedLoss[];
}

export interface SwarmContext {
  /** The swarm's node count, when known: relative bind mounts are refused on several nodes. */
  nodes?: number;
}

export function loadSwarmStack(source: StackSource, context: SwarmContext = {}, host: ProjectHost = diskHost()): LoadedSwarmStack {
  const { checked, project, workingDir, files } = readProject(source, host);
  const written = writtenText(project, host);
  const plan = planSwarm(project, { host, written });
  const report = swarmSupport(project.model, {
    services: project.services,
    ...(context.nodes !== undefined ? { nodes: context.nodes } : {}),
    written,
  });
  return {
    namespace: plan.namespace,
    workingDir,
    files,
    services: project.services,
    plan,
    errors: files.length === 0 ? [noComposeFile(workingDir)] : refusal(checked, plan.problems, host, 'swarm'),
    report: locatedLosses(report, project, host),
  };
}

/**
 * The text a value of the model was written with, found in the file that wrote it; undefined where
 * that file has no value at the same path (a list merged from several files, a service's `extends`).
 * The loader rewrites some values (bind sources made absolute) and YAML 1.2 reads `0440` as a decimal
 * number, where Compose reads the text: an octal mode, a relative folder.
 */
function writtenText(project: Project, host: ProjectHost): (path: Array<string | number>) => string | undefined {
  const parsed = new Map<string, ReturnType<typeof parseText> | undefined>();
  return (path) => {
    const file = sourceOf(project.sources, path)?.file;
    if (file === undefined) return undefined;
    if (!parsed.has(file)) {
      const text = host.readFile(file);
      parsed.set(file, text === undefined ? undefined : parseText(text));
    }
    const document = parsed.get(file);
    const found = document ? locate(document.doc, path) : undefined;
    const range = found?.value?.range;
    return found && range && found.depth === path.length ? document!.text.slice(range[0], range[1]) : undefined;
  };
}

/** Whether the deploy may go ahead: nothing Compose refuses, nothing Swarm refuses. */
export function deployable(stack: LoadedSwarmStack): boolean {
  return stack.errors.length === 0 && !stack.report.some((loss) => loss.kind === 'error');
}
