/**
 * The profile pick offered before a Compose project is converted: each profile with the services it
 * adds, those active now (COMPOSE_PROFILES) picked, and the services that are always converted.
 */
import type { Project } from '../compose/project';
import { asRecord } from './values';

export interface ProfileChoice {
  profile: string;
  /** The services this profile brings in. */
  services: string[];
  /** Active now, so picked by default (as the CLI would convert without --profile). */
  picked: boolean;
}

export interface ProfileChoices {
  /** Services without a profile: always converted. */
  always: string[];
  /** In name order; empty when the project has no profiles. */
  profiles: ProfileChoice[];
}

export function profileChoices(project: Pick<Project, 'model' | 'profiles'>): ProfileChoices {
  const always: string[] = [];
  const byProfile = new Map<string, string[]>();
  for (const [name, value] of Object.entries(asRecord(project.model['services']) ?? {})) {
    const own = asRecord(value)?.['profiles'];
    const profiles = Array.isArray(own) ? own.filter((p): p is string => typeof p === 'string') : [];
    if (profiles.length === 0) always.push(name);
    for (const profile of profiles) byProfile.set(profile, [...(byProfile.get(profile) ?? []), name]);
  }
  const active = new Set(project.profiles);
  const profiles = [...byProfile]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([profile, services]) => ({ profile, services, picked: active.has(profile) || active.has('*') }));
  return { always, profiles };
}
