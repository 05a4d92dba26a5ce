/**
 * `depends_on` and `links`, and who is `essential`.
 *
 * depends_on conditions map one to one when both services are containers of the same task:
 * service_started → START, service_healthy → HEALTHY, service_completed_successfully → SUCCESS.
 * ECS adds two constraints, settled once every container is known (settleDependencies): HEALTHY
 * needs the target to have a healthCheck, and a target waited on with SUCCESS must not be essential
 * (its exit would stop the task).
 *
 * `essential` keeps Compose's meaning, by one rule for an explicit `restart: "no"` and for no restart
 * policy at all (the same thing to Compose): a container Compose does not restart stops without
 * stopping the others, so it is not essential, unless another container needs it (waits for it to
 * start or be healthy, or links to it), whose work would stop with it: then it is essential, and ECS
 * replaces the task when it exits. With a restart policy (`always`, `unless-stopped`, `on-failure`)
 * the container is essential: ECS's nearest to restarting it is replacing the task. A task needs one
 * essential container; when the rule leaves none, the containers that are not one-shot jobs are.
 */
import type { Reporter, ReportPath } from '../report';
import { asBoolean, asList, asRecord, asString, type Json } from '../values';
import { at, containerNameOf, has, type ServiceContext, type ServiceMapper, type TaskParts } from './context';

const CONDITIONS: Record<string, string> = {
  service_started: 'START',
  service_healthy: 'HEALTHY',
  service_completed_successfully: 'SUCCESS',
};

interface Dependency {
  target: string;
  condition: string;
  path: ReportPath;
  options?: Json;
}

function readDependsOn(ctx: ServiceContext): Dependency[] {
  const value = ctx.service['depends_on'];
  if (Array.isArray(value)) {
    return value.flatMap((target, index) =>
      typeof target === 'string' ? [{ target, condition: 'service_started', path: at(ctx, 'depends_on', index) }] : [],
    );
  }
  return Object.entries(asRecord(value) ?? {}).map(([target, options]) => {
    const record = asRecord(options);
    return {
      target,
      condition: asString(record?.['condition']) ?? 'service_started',
      path: at(ctx, 'depends_on', target),
      ...(record ? { options: record } : {}),
    };
  });
}

function mapDependsOn(ctx: ServiceContext): void {
  const dependsOn: Json[] = [];
  for (const dependency of readDependsOn(ctx)) {
    const { target, path } = dependency;
    if (!ctx.target.members.includes(target)) {
      if (ctx.target.perService) {
        ctx.report.drop(
          path,
          `"${ctx.name}" waits for "${target}", which is in another task definition: ECS orders containers only within one task.`,
          `Deploy "${target}" first (e.g. a DependsOn between the ECS services in CloudFormation), and make "${ctx.name}" retry until "${target}" answers.`,
        );
      } else {
        ctx.report.drop(path, `"${target}" is not a service of this task, so the dependency is left out.`);
      }
      continue;
    }
    const condition = CONDITIONS[dependency.condition];
    if (!condition) {
      ctx.report.drop(path, `The condition "${dependency.condition}" is not one Compose defines.`);
      continue;
    }
    if (asBoolean(dependency.options?.['required']) === false) {
      ctx.report.approximate(
        [...path, 'required'],
        `ECS has no optional dependencies: "${ctx.name}" waits for "${target}" as if it were required.`,
      );
    }
    if (asBoolean(dependency.options?.['restart']) === true) {
      ctx.report.drop([...path, 'restart'], `ECS does not restart "${ctx.name}" when "${target}" restarts.`);
    }
    const entry: Json = { containerName: containerNameOf(target), condition };
    dependsOn.push(entry);
    ctx.task.dependencies.push({ service: ctx.name, entry, path });
  }
  if (dependsOn.length > 0) ctx.container['dependsOn'] = dependsOn;
}

/** links work only in bridge mode; in awsvpc and host mode the containers of a task share localhost. */
function mapLinks(ctx: ServiceContext): void {
  const links = asList(ctx.service['links']);
  if (links.length === 0) return;
  if (ctx.target.networkMode !== 'bridge') {
    ctx.report.drop(
      at(ctx, 'links'),
      `Links need "bridge" network mode. In ${ctx.target.networkMode} mode the containers of a task share one network: "${ctx.name}" reaches the linked services on localhost, not by their names or aliases.`,
      "Use localhost (and the linked service's port) where the link name was used.",
    );
    return;
  }
  const kept: string[] = [];
  links.forEach((link, index) => {
    const name = typeof link === 'string' ? (link.split(':')[0] ?? '') : '';
    if (typeof link === 'string' && ctx.target.members.includes(name))
      kept.push([containerNameOf(name), ...link.split(':').slice(1)].join(':'));
    else ctx.report.drop(at(ctx, 'links', index), `"${name}" is not a container of this task, so it cannot be linked.`);
  });
  if (kept.length > 0) ctx.container['links'] = kept;
}

/** Where a service says it is not restarted: `restart: "no"` or `deploy.restart_policy.condition: none`. */
function noRestartPath(ctx: ServiceContext): ReportPath | undefined {
  const restart = ctx.service['restart'];
  if (restart === 'no' || restart === false) return at(ctx, 'restart');
  const condition = asRecord(asRecord(ctx.service['deploy'])?.['restart_policy'])?.['condition'];
  if (condition === 'none' || condition === 'no') return at(ctx, 'deploy', 'restart_policy', 'condition');
  return undefined;
}

/** Whether the service names a restart policy that restarts it (`restart` or `deploy.restart_policy`). */
function restarts(ctx: ServiceContext): boolean {
  const restart = asString(ctx.service['restart']);
  if (restart !== undefined && restart !== '' && restart !== 'no') return true;
  const condition = asRecord(asRecord(ctx.service['deploy'])?.['restart_policy'])?.['condition'];
  return condition === 'any' || condition === 'on-failure';
}

function mapRestart(ctx: ServiceContext): void {
  if (!restarts(ctx)) {
    // Settled once every container is known (settleDependencies): whether another one needs it.
    ctx.container['essential'] = false;
    ctx.task.notRestarted.set(containerNameOf(ctx.name), noRestartPath(ctx) ?? ctx.path);
    return;
  }
  ctx.container['essential'] = true;
  const restart = asString(ctx.service['restart']);
  if (restart !== undefined && restart !== '') {
    const onFailure = /^on-failure(:\d+)?$/.exec(restart);
    if (onFailure?.[1])
      ctx.report.approximate(
        at(ctx, 'restart'),
        `ECS does not count restarts: "${restart}" becomes an essential container that ECS replaces, with the whole task, whenever it stops.`,
      );
    else
      ctx.report.note(
        at(ctx, 'restart'),
        `"${ctx.name}" is essential: when it stops, ECS stops the task, and an ECS service starts a new one, rather than restarting just this container.`,
        'For per-container restarts, set "restartPolicy" in the per-service x-ecs.',
      );
  }
}

export const dependenciesMapper: ServiceMapper = {
  keys: ['depends_on', 'links', 'restart'],
  map(ctx) {
    mapRestart(ctx);
    if (has(ctx, 'depends_on')) mapDependsOn(ctx);
    mapLinks(ctx);
  },
};

/**
 * Once every container of the task exists: HEALTHY on a container without a healthCheck becomes
 * START, targets of SUCCESS stop being essential, a container Compose does not restart is essential
 * only when another one needs it, and at least one container stays essential.
 */
export function settleDependencies(containers: ReadonlyMap<string, Json>, task: TaskParts, report: Reporter): void {
  const completionTargets = new Set<string>();
  /** Who needs each container running: the containers that wait for it to start or be healthy, or link to it. */
  const neededBy = new Map<string, string[]>();
  const need = (target: string, by: string): void => {
    if (target !== by && !(neededBy.get(target) ?? []).includes(by)) neededBy.set(target, [...(neededBy.get(target) ?? []), by]);
  };
  for (const { service, entry, path } of task.dependencies) {
    const target = asString(entry['containerName']) ?? '';
    const container = containers.get(target);
    if (!container) continue;
    if (entry['condition'] === 'HEALTHY' && container['healthCheck'] === undefined) {
      entry['condition'] = 'START';
      report.approximate(
        path,
        `ECS can wait for "${target}" to be healthy only if its task definition has a health check, and it has none here: the dependency waits for it to start.`,
        `Add a healthcheck to "${target}".`,
      );
    }
    if (entry['condition'] === 'SUCCESS' || entry['condition'] === 'COMPLETE') {
      completionTargets.add(target);
      if (container['essential'] !== false) {
        container['essential'] = false;
        report.note(path, `"${target}" is waited on until it exits, so it is not essential: its exit must not stop the task.`);
      }
    } else {
      need(target, containerNameOf(service));
    }
  }
  for (const [name, container] of containers)
    for (const link of asList(container['links'])) if (typeof link === 'string') need(link.split(':')[0] ?? '', name);
  settleNotRestarted(containers, task, completionTargets, neededBy, report);
  const all = [...containers.values()];
  if (all.length === 0 || all.some((c) => c['essential'] !== false)) return;
  // ECS needs one essential container: the ones that are not one-shot jobs, else the last one.
  const candidates = [...containers].filter(([name]) => !completionTargets.has(name));
  const chosen = candidates.length > 0 ? candidates : [[...containers].pop()!];
  for (const [name, container] of chosen) {
    container['essential'] = true;
    // A task of one container ends when it exits, as the project would: nothing to say.
    if (containers.size > 1)
      report.approximate(
        task.notRestarted.get(name) ?? ['services', name],
        `ECS needs at least one essential container and none is by the rule, so "${name}" is essential: when it exits, ECS stops the whole task, where Compose would keep the other services running.`,
      );
  }
}

/** The one rule for containers Compose does not restart (`restart: "no"`, or no policy): essential only when another needs it. */
function settleNotRestarted(
  containers: ReadonlyMap<string, Json>,
  task: TaskParts,
  completionTargets: ReadonlySet<string>,
  neededBy: ReadonlyMap<string, string[]>,
  report: Reporter,
): void {
  if (containers.size < 2) return;
  for (const [name, path] of task.notRestarted) {
    const container = containers.get(name);
    if (!container || completionTargets.has(name)) continue;
    const dependents = neededBy.get(name) ?? [];
    if (dependents.length > 0) {
      container['essential'] = true;
      const who = dependents.map((d) => `"${d}"`).join(', ');
      report.note(
        path,
        `Compose does not restart "${name}", but ${who} ${dependents.length > 1 ? 'need' : 'needs'} it, so it is essential: when it exits, ECS stops the task (an ECS service then starts a new one).`,
      );
    } else {
      report.note(
        path,
        `Compose does not restart "${name}", and its exit does not stop the other services, so it is not essential: when it exits, the other containers of the task keep running.`,
      );
    }
  }
}
