/**
 * Profiles (15-profiles.md): which services a command works on. A service without `profiles` is
 * always active; one with profiles is active when one of them is (or `*` is given). Naming services
 * explicitly (`docker compose up web`) turns on their profiles and narrows the project to them and
 * what they depend on. A dependency is never switched on just because something needs it: that is a
 * problem to report, as Compose does.
 */
import type { Path } from '../../types';
import { asRecord, serviceDependencies, servicesOf, type Json } from '../model';

export interface ProfileSelection {
  /** Active profiles (`--profile`, or COMPOSE_PROFILES). `*` activates every profile. */
  profiles: readonly string[];
  /** Services named explicitly; when given, only they and their dependencies are active. */
  services?: readonly string[];
}

export interface ServiceSelectionProblem {
  /** The service whose reference fails (or the name that was asked for, for an unknown target). */
  service: string;
  /** The path of the reference in the merged model (empty for an unknown target). */
  path: Path;
  kind: 'unknown-service' | 'undefined-dependency' | 'disabled-dependency';
  /** The service that is referenced, for dependency problems. */
  dependency?: string;
  message: string;
}

export interface ServiceSelection {
  /** Active services, in the model's order. */
  active: string[];
  /** Services left out by profiles or by the explicit targets. */
  disabled: string[];
  /** The profiles in effect, with those switched on by explicit targets. */
  profiles: string[];
  problems: ServiceSelectionProblem[];
}

/** True when a service is active for these profiles. */
export function serviceHasProfile(service: Json, profiles: readonly string[]): boolean {
  const own = Array.isArray(service['profiles']) ? service['profiles'].filter((p): p is string => typeof p === 'string') : [];
  if (own.length === 0) return true;
  return profiles.includes('*') || own.some((profile) => profiles.includes(profile));
}

export function selectServices(model: unknown, selection: ProfileSelection): ServiceSelection {
  const services = servicesOf(model);
  const byName = new Map(services);
  const problems: ServiceSelectionProblem[] = [];
  const targets = [...new Set(selection.services ?? [])];
  for (const target of targets.filter((name) => !byName.has(name))) {
    problems.push({ service: target, path: [], kind: 'unknown-service', message: `No service is named "${target}".` });
  }
  const profiles = [...new Set([...selection.profiles, ...targets.flatMap((name) => profilesOf(byName.get(name)))])];
  const enabled = new Set(services.filter(([, service]) => serviceHasProfile(service, profiles)).map(([name]) => name));

  const wanted =
    targets.length > 0
      ? withDependencies(
          targets.filter((name) => byName.has(name)),
          byName,
          enabled,
        )
      : enabled;
  problems.push(...dependencyProblems([...wanted], byName, enabled));
  const active = services.map(([name]) => name).filter((name) => wanted.has(name) && enabled.has(name));
  const activeSet = new Set(active);
  const disabled = services.map(([name]) => name).filter((name) => !activeSet.has(name));
  return { active, disabled, profiles, problems };
}

function profilesOf(service: Json | undefined): string[] {
  const profiles = service?.['profiles'];
  return Array.isArray(profiles) ? profiles.filter((p): p is string => typeof p === 'string') : [];
}

/** The targets and, transitively, the enabled services they depend on. */
function withDependencies(targets: string[], byName: Map<string, Json>, enabled: Set<string>): Set<string> {
  const wanted = new Set<string>();
  const queue = [...targets];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (wanted.has(name)) continue;
    wanted.add(name);
    const service = byName.get(name);
    if (!service) continue;
    for (const dependency of requiredDependencies(name, service)) if (enabled.has(dependency.name)) queue.push(dependency.name);
  }
  return wanted;
}

/** depends_on (unless `required: false`), links, volumes_from and `network_mode: service:…`. */
function requiredDependencies(name: string, service: Json): ReturnType<typeof serviceDependencies> {
  const dependsOn = asRecord(service['depends_on']);
  return serviceDependencies(name, service).filter((dependency) => {
    const isDependsOn = dependency.path[2] === 'depends_on';
    return !(isDependsOn && dependsOn && asRecord(dependsOn[dependency.name])?.['required'] === false);
  });
}

function dependencyProblems(active: string[], byName: Map<string, Json>, enabled: Set<string>): ServiceSelectionProblem[] {
  const problems: ServiceSelectionProblem[] = [];
  for (const name of active) {
    const service = byName.get(name);
    if (!service || !enabled.has(name)) continue;
    for (const dependency of requiredDependencies(name, service)) {
      if (!byName.has(dependency.name)) {
        problems.push({
          service: name,
          path: dependency.path,
          kind: 'undefined-dependency',
          dependency: dependency.name,
          message: `Service "${name}" depends on "${dependency.name}", which no file of the project defines.`,
        });
      } else if (!enabled.has(dependency.name)) {
        const needed = profilesOf(byName.get(dependency.name));
        problems.push({
          service: name,
          path: dependency.path,
          kind: 'disabled-dependency',
          dependency: dependency.name,
          message: `Service "${name}" depends on "${dependency.name}", which is not active: it needs the profile ${needed.map((p) => `"${p}"`).join(' or ')}.`,
        });
      }
    }
  }
  return problems;
}
