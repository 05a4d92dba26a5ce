// One Compose service's settings as the engine's container-create fields. Pure: the caller supplies
// what needs the outside world (variables, env files, the engine names of volumes), and each problem
// comes back with the model path it is about, so the loader can say which file and line wrote it.
import type Docker from 'dockerode';
import { parseLongPort, parseShortPort, type PortMapping } from '@dockside/core';
import { readServiceEnvFiles } from '@dockside/core';
import { splitShellWords } from '@dockside/core';
import { byteCount, durationSeconds } from '@dockside/core';
import { asBoolean, asRecord, asString, listOrDict, scalarText, stringOrList, type Json } from '@dockside/core';

export type ModelPath = Array<string | number>;
export interface PlanProblem {
  path: ModelPath;
  message: string;
  /** Something Compose runs but Dockside's runner cannot yet, rather than a mistake in the project. */
  unsupported?: true;
}

export interface ServiceInputs {
  name: string;
  service: Json;
  /** A variable from the shell or `.env`, for `environment` entries written without a value. */
  variable: (name: string) => string | undefined;
  readFile: (path: string) => string | undefined;
  /** The engine name of a top-level volume, or undefined when the project does not declare it. */
  volumeName: (key: string) => string | undefined;
  /** The host file behind a top-level secret or config, or why there is none a local engine can mount. */
  grantFile: (kind: 'secrets' | 'configs', name: string) => { file: string } | { problem: string; unsupported?: true };
  problems: PlanProblem[];
}

const at = (inputs: ServiceInputs, ...rest: ModelPath): ModelPath => ['services', inputs.name, ...rest];

/** A whole number, also when interpolation made it a string (`replicas: ${N}`), as Compose casts it. */
export function integerOf(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : undefined;
  return number !== undefined && Number.isInteger(number) ? number : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Environment

/** `env_file` first (later files win, read as the converter reads them), then `environment` over it, as Compose merges them. */
export function environmentOf(inputs: ServiceInputs): string[] {
  const own = new Map<string, string>();
  for (const { name, value } of listOrDict(inputs.service['environment'])) {
    // `- NAME` alone passes the variable through from where Compose runs; left out when unset.
    const resolved = value ?? inputs.variable(name);
    if (resolved !== undefined) own.set(name, resolved);
  }
  const envFiles = readServiceEnvFiles(inputs.service['env_file'], {
    readFile: inputs.readFile,
    lookup: (name) => {
      const value = inputs.variable(name);
      return value === undefined ? undefined : { value, source: 'environment' };
    },
    environment: own,
  });
  for (const { reference, read } of envFiles.files) {
    if (!read && reference.required)
      inputs.problems.push({
        path: at(inputs, 'env_file', ...(reference.index === undefined ? [] : [reference.index])),
        message: `The env_file ${reference.path} does not exist or cannot be read.`,
      });
  }
  const values = new Map(envFiles.values);
  for (const { name } of listOrDict(inputs.service['environment'])) {
    const resolved = own.get(name);
    if (resolved === undefined) values.delete(name);
    else values.set(name, resolved);
  }
  return [...values].map(([name, value]) => `${name}=${value}`);
}

// ---------------------------------------------------------------------------------------------------
// Process

/** `command`/`entrypoint`: a list as it is, a string split into words as Compose does (no shell runs). */
export function commandWords(inputs: ServiceInputs, key: 'command' | 'entrypoint'): string[] | undefined {
  const value = inputs.service[key];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((word) => scalarText(word) ?? '');
  const text = scalarText(value) ?? '';
  const split = splitShellWords(text);
  if (!split) inputs.problems.push({ path: at(inputs, key), message: `The ${key} "${text}" has a quote that is never closed.` });
  return split?.words ?? [];
}

export function labelsOf(value: unknown): Record<string, string> {
  return Object.fromEntries(listOrDict(value).map(({ name, value: text }) => [name, text ?? '']));
}

// ---------------------------------------------------------------------------------------------------
// Ports

export interface PortSettings {
  exposed: Record<string, Record<string, never>>;
  bindings: Record<string, Array<{ HostIp: string; HostPort: string }>>;
}

export function portsOf(inputs: ServiceInputs): PortSettings {
  const settings: PortSettings = { exposed: {}, bindings: {} };
  for (const exposed of stringOrList(inputs.service['expose'])) {
    const text = scalarText(exposed) ?? '';
    settings.exposed[text.includes('/') ? text : `${text}/tcp`] = {};
  }
  for (const [index, entry] of stringOrList(inputs.service['ports']).entries()) {
    const record = asRecord(entry);
    const parsed = record ? parseLongPort(record) : parseShortPort(scalarText(entry) ?? '');
    if (!parsed.ok) {
      inputs.problems.push({ path: at(inputs, 'ports', index), message: `The port mapping cannot be used: ${parsed.problem}.` });
      continue;
    }
    addPortMapping(settings, parsed.mapping);
  }
  return settings;
}

function addPortMapping(settings: PortSettings, mapping: PortMapping): void {
  const count = mapping.target.end - mapping.target.start + 1;
  const publishedRange = mapping.published && mapping.published.end - mapping.published.start + 1 === count;
  for (let i = 0; i < count; i++) {
    const key = `${mapping.target.start + i}/${mapping.protocol}`;
    settings.exposed[key] = {};
    // A single container port with a host range lets the engine pick one port of the range.
    const hostPort = !mapping.published
      ? ''
      : publishedRange
        ? String(mapping.published.start + i)
        : `${mapping.published.start}-${mapping.published.end}`;
    (settings.bindings[key] ??= []).push({ HostIp: mapping.hostIp ?? '', HostPort: hostPort });
  }
}

// ---------------------------------------------------------------------------------------------------
// Health and restart

/** A Compose duration in nanoseconds, the unit the engine's health checks and services take. */
export const nanoseconds = (value: unknown): number | undefined => {
  const seconds = durationSeconds(value);
  return seconds === undefined ? undefined : Math.round(seconds * 1e9);
};

export function healthcheckOf(inputs: ServiceInputs): Docker.HealthConfig | undefined {
  const health = asRecord(inputs.service['healthcheck']);
  if (!health) return undefined;
  if (asBoolean(health['disable']) === true) return { Test: ['NONE'] };
  const test = health['test'];
  const config: Docker.HealthConfig = {};
  if (typeof test === 'string') config.Test = ['CMD-SHELL', test];
  else if (Array.isArray(test)) config.Test = test.map((word) => scalarText(word) ?? '');
  for (const [key, field] of [
    ['interval', 'Interval'],
    ['timeout', 'Timeout'],
    ['start_period', 'StartPeriod'],
    ['start_interval', 'StartInterval'],
  ] as const) {
    if (health[key] === undefined) continue;
    const value = nanoseconds(health[key]);
    if (value === undefined)
      inputs.problems.push({
        path: at(inputs, 'healthcheck', key),
        message: `"${String(health[key])}" is not a duration (write 10s, 1m30s).`,
      });
    else (config as Record<string, unknown>)[field] = value;
  }
  const retries = integerOf(health['retries']);
  if (retries !== undefined) config.Retries = retries;
  return config;
}

export function restartPolicyOf(inputs: ServiceInputs): Docker.HostRestartPolicy | undefined {
  const text = scalarText(inputs.service['restart']);
  if (text === undefined) return undefined;
  const [name, retries] = text.split(':');
  if (name === 'on-failure') return { Name: 'on-failure', ...(retries ? { MaximumRetryCount: Number(retries) } : {}) };
  if (name === 'always' || name === 'unless-stopped' || name === 'no') return { Name: name };
  inputs.problems.push({
    path: at(inputs, 'restart'),
    message: `"${text}" is not a restart policy (no, always, on-failure[:N], unless-stopped).`,
  });
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Volumes, bind mounts, tmpfs

/** The engine's mount object; dockerode's type demands fields the engine treats as optional. */
export interface EngineMount {
  Type: 'bind' | 'volume' | 'tmpfs';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  TmpfsOptions?: { SizeBytes: number };
  VolumeOptions?: { NoCopy: boolean };
}

export interface StorageSettings {
  /** Short-syntax bind mounts: the engine creates a missing host folder, as Compose asks it to. */
  binds: string[];
  mounts: EngineMount[];
  tmpfs: Record<string, string>;
  /** Keys of the project's volumes this service mounts. */
  volumeKeys: string[];
}

export function storageOf(inputs: ServiceInputs): StorageSettings {
  const storage: StorageSettings = { binds: [], mounts: [], tmpfs: {}, volumeKeys: [] };
  for (const path of stringOrList(inputs.service['tmpfs'])) {
    const [target, ...options] = (scalarText(path) ?? '').split(':');
    storage.tmpfs[target ?? ''] = options.join(':');
  }
  for (const [index, entry] of stringOrList(inputs.service['volumes']).entries()) {
    const mount = typeof entry === 'string' ? shortVolume(entry) : asRecord(entry);
    if (mount) addMount(inputs, storage, mount, at(inputs, 'volumes', index), typeof entry === 'string');
  }
  for (const kind of ['secrets', 'configs'] as const) addGrants(inputs, storage, kind);
  return storage;
}

/**
 * File-based secrets and configs, as Compose runs them without Swarm: the file bind-mounted read-only
 * at /run/secrets/<name> (a secret) or /<name> (a config), or at the `target` given.
 */
function addGrants(inputs: ServiceInputs, storage: StorageSettings, kind: 'secrets' | 'configs'): void {
  for (const [index, entry] of stringOrList(inputs.service[kind]).entries()) {
    const record = asRecord(entry);
    const name = typeof entry === 'string' ? entry : asString(record?.['source']);
    if (name === undefined) continue;
    const found = inputs.grantFile(kind, name);
    if ('problem' in found) {
      inputs.problems.push({ path: at(inputs, kind, index), message: found.problem, ...(found.unsupported ? { unsupported: true } : {}) });
      continue;
    }
    const target = asString(record?.['target']) ?? name;
    const path = target.startsWith('/') ? target : kind === 'secrets' ? `/run/secrets/${target}` : `/${target}`;
    storage.mounts.push({ Type: 'bind', Source: found.file, Target: path, ReadOnly: true });
  }
}

/** `SOURCE:TARGET[:MODE]` in the long form's terms; sources were made absolute by the loader. */
export function shortVolume(spec: string): Json {
  const parts = spec.split(':');
  if (parts.length === 1) return { type: 'volume', target: spec };
  const [source = '', target = '', mode = ''] = parts;
  const isPath = /^[./~]/.test(source);
  return { type: isPath ? 'bind' : 'volume', source, target, read_only: mode.split(',').includes('ro'), mode };
}

function addMount(inputs: ServiceInputs, storage: StorageSettings, mount: Json, path: ModelPath, short: boolean): void {
  const type = asString(mount['type']) ?? 'volume';
  const source = asString(mount['source']);
  const target = asString(mount['target']) ?? '';
  const readOnly = asBoolean(mount['read_only']) === true;
  if (type === 'bind' && source !== undefined) {
    if (short) storage.binds.push(`${source}:${target}${asString(mount['mode']) ? `:${asString(mount['mode'])}` : ''}`);
    else storage.mounts.push({ Type: 'bind', Source: source, Target: target, ReadOnly: readOnly });
    return;
  }
  if (type === 'tmpfs') {
    const size = byteCount(asRecord(mount['tmpfs'])?.['size']);
    storage.mounts.push({ Type: 'tmpfs', Target: target, ...(size !== undefined ? { TmpfsOptions: { SizeBytes: size } } : {}) });
    return;
  }
  if (type !== 'volume') {
    inputs.problems.push({ path, message: `Mounts of type "${type}" are not supported by Dockside's runner yet.`, unsupported: true });
    return;
  }
  if (source === undefined || source === '') {
    storage.mounts.push({ Type: 'volume', Target: target, ReadOnly: readOnly });
    return;
  }
  const engineName = inputs.volumeName(source);
  if (engineName === undefined) {
    inputs.problems.push({
      path,
      message: `Service "${inputs.name}" mounts volume "${source}", which the top-level "volumes:" key does not declare.`,
    });
    return;
  }
  storage.volumeKeys.push(source);
  const noCopy = asBoolean(asRecord(mount['volume'])?.['nocopy']) === true;
  storage.mounts.push({
    Type: 'volume',
    Source: engineName,
    Target: target,
    ReadOnly: readOnly,
    ...(noCopy ? { VolumeOptions: { NoCopy: true } } : {}),
  });
}

// ---------------------------------------------------------------------------------------------------
// The rest of HostConfig

export function ulimitsOf(value: unknown): Array<{ Name: string; Soft: number; Hard: number }> {
  return Object.entries(asRecord(value) ?? {}).map(([name, limit]) => {
    const record = asRecord(limit);
    const soft = Number(record ? record['soft'] : limit);
    const hard = Number(record ? record['hard'] : limit);
    return { Name: name, Soft: soft, Hard: hard };
  });
}

/** `extra_hosts` as list (`host:ip` or `host=ip`) or mapping, in the engine's `host:ip` form. */
export function extraHostsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((entry) => (scalarText(entry) ?? '').replace(/^([^:=]+)=/, '$1:'));
  return Object.entries(asRecord(value) ?? {}).map(([host, ip]) => `${host}:${scalarText(ip) ?? ''}`);
}

/** A string-or-list setting (`dns`, `cap_add`) as a list of strings, or undefined when it is not set. */
export const stringList = (value: unknown): string[] | undefined =>
  value === undefined || value === null ? undefined : stringOrList(value).map((item) => scalarText(item) ?? '');

/** HostConfig fields that are plain renames of Compose keys. */
export function hostSettingsOf(inputs: ServiceInputs): Docker.HostConfig {
  const s = inputs.service;
  const limits = asRecord(asRecord(asRecord(s['deploy'])?.['resources'])?.['limits']);
  const memory = byteCount(s['mem_limit'] ?? limits?.['memory']);
  const cpus = Number(scalarText(s['cpus'] ?? limits?.['cpus']) ?? NaN);
  const config: Docker.HostConfig = {
    Init: asBoolean(s['init']),
    Privileged: asBoolean(s['privileged']),
    ReadonlyRootfs: asBoolean(s['read_only']),
    CapAdd: stringList(s['cap_add']),
    CapDrop: stringList(s['cap_drop']),
    Dns: stringList(s['dns']),
    DnsSearch: stringList(s['dns_search']),
    DnsOptions: stringList(s['dns_opt']),
    ExtraHosts: s['extra_hosts'] === undefined ? undefined : extraHostsOf(s['extra_hosts']),
    Ulimits: s['ulimits'] === undefined ? undefined : ulimitsOf(s['ulimits']),
    ShmSize: byteCount(s['shm_size']),
    SecurityOpt: stringList(s['security_opt']),
    GroupAdd: stringList(s['group_add']),
    Sysctls: s['sysctls'] === undefined ? undefined : labelsOf(s['sysctls']),
    PidMode: asString(s['pid']),
    IpcMode: asString(s['ipc']),
    Memory: memory,
    NanoCpus: Number.isFinite(cpus) ? Math.round(cpus * 1e9) : undefined,
    CpuShares: integerOf(s['cpu_shares']),
    Devices: stringList(s['devices'])?.map(deviceMapping),
  };
  const logging = asRecord(s['logging']);
  if (logging) config.LogConfig = { Type: asString(logging['driver']) ?? 'json-file', Config: labelsOf(logging['options']) };
  return dropUndefined(config);
}

function deviceMapping(spec: string): Docker.DeviceMapping {
  const [host = '', container = host, permissions = 'rwm'] = spec.split(':');
  return { PathOnHost: host, PathInContainer: container, CgroupPermissions: permissions };
}

export function dropUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/** `stop_grace_period` in whole seconds for the engine's StopTimeout. */
export function stopTimeoutOf(inputs: ServiceInputs): number | undefined {
  const value = inputs.service['stop_grace_period'];
  if (value === undefined) return undefined;
  const seconds = durationSeconds(value);
  if (seconds === undefined)
    inputs.problems.push({ path: at(inputs, 'stop_grace_period'), message: `"${String(value)}" is not a duration (write 10s, 1m30s).` });
  return seconds === undefined ? undefined : Math.ceil(seconds);
}
