// The small JSON file the local ECS control plane keeps beside what the engine's labels say: clusters,
// registered task definition revisions, services (desired state, deployments, events, and which process
// schedules them), what a task was started with (overrides, tags) and why it stopped, log groups, tags.
// Tasks themselves live on the engine and are read back from their labels. The sidebar and
// `dockside ecs serve` may run at once in different processes: each change is a read-modify-write of the
// whole file under a lock file, written to a temporary file and renamed, so a reader never sees half a
// file and no writer loses another's change.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, unwatchFile, watchFile, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Json } from '@dockside/core';

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface StoredCluster {
  readonly name: string;
  readonly createdAt: string;
  status: 'ACTIVE' | 'INACTIVE';
  settings?: Json[];
  configuration?: Json;
}

export interface StoredRevision {
  readonly family: string;
  readonly revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  readonly registeredAt: string;
  deregisteredAt?: string;
  /** The definition as registered (no ARN, revision or status: those are added when it is described). */
  readonly definition: Json;
  /** The file it came from, when the sidebar registered it: relative environment files are read beside it. */
  readonly file?: string;
}

export type DeploymentStatus = 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface StoredDeployment {
  readonly id: string;
  /** `family:revision`. */
  readonly taskDefinition: string;
  status: DeploymentStatus;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  readonly createdAt: string;
  updatedAt: string;
  failedTasks: number;
  desiredCount: number;
  readonly launchType: string;
  readonly networkConfiguration?: Json;
}

export interface DeploymentConfiguration {
  readonly maximumPercent: number;
  readonly minimumHealthyPercent: number;
  readonly deploymentCircuitBreaker: { readonly enable: boolean; readonly rollback: boolean };
}

export interface StoredEvent {
  readonly id: string;
  readonly createdAt: string;
  readonly message: string;
}

/** A process that schedules services; `instance` tells two clusters of one process apart. */
export interface Owner {
  readonly pid: number;
  readonly instance: string;
}

export interface StoredService {
  readonly cluster: string;
  readonly name: string;
  readonly createdAt: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  deploymentConfiguration: DeploymentConfiguration;
  readonly launchType: string;
  networkConfiguration?: Json;
  deployments: StoredDeployment[];
  events: StoredEvent[];
  owner?: Owner;
  /** A local secrets file (its path, never a value) the service's tasks read. */
  readonly secretsFile?: string;
  readonly schedulingStrategy: 'REPLICA';
  readonly platformVersion?: string;
  readonly healthCheckGracePeriodSeconds?: number;
}

export interface StoredStop {
  readonly code: string;
  readonly reason: string;
  readonly at: string;
  readonly startedAt?: string;
}

export interface StoredTask {
  readonly cluster: string;
  readonly createdAt: string;
  /** `family:revision`. */
  readonly taskDefinition?: string;
  readonly startedBy?: string;
  readonly group?: string;
  readonly overrides?: Json;
  readonly networkConfiguration?: Json;
  readonly launchType?: string;
  readonly owner?: Owner;
  /** Started through the endpoint (forgotten an hour after it stops, as ECS does) or from the sidebar (kept). */
  readonly startedVia?: 'api' | 'sidebar';
  /** StopTask asked of a task another process runs: that process stops it with this reason. */
  stopRequest?: { readonly reason: string; readonly at: string };
  /** Set once the task has stopped: what any process describes it with afterwards. */
  stop?: StoredStop;
}

export interface EcsState {
  version: 1;
  clusters: Record<string, StoredCluster>;
  taskDefinitions: Record<string, StoredRevision[]>;
  /** By `cluster/name`. */
  services: Record<string, StoredService>;
  tasks: Record<string, StoredTask>;
  logGroups: Record<string, { readonly createdAt: string; retentionInDays?: number }>;
  /** By resource key (`cluster/web`, see arn.ts), in every region. */
  tags: Record<string, Tag[]>;
  /** Where `dockside ecs serve` listens, while it runs (the sidebar shows it). */
  endpoint?: { readonly url: string; readonly pid: number; readonly startedAt: string };
}

export const STATE_FILE = 'ecs-state.json';
const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 5_000;

export function emptyState(): EcsState {
  return { version: 1, clusters: {}, taskDefinitions: {}, services: {}, tasks: {}, logGroups: {}, tags: {} };
}

/** `XDG_DATA_HOME/dockside`, else `~/.local/share/dockside`. */
export function defaultStateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_DATA_HOME?.trim() || join(homedir(), '.local', 'share');
  return join(base, 'dockside');
}

/** Tags by key, the later ones replacing earlier ones of the same key. */
export function mergeTags(existing: readonly Tag[] | undefined, added: readonly Tag[]): Tag[] {
  const byKey = new Map((existing ?? []).map((t) => [t.key, t]));
  for (const tag of added) byKey.set(tag.key, tag);
  return [...byKey.values()];
}

export function serviceKey(cluster: string, name: string): string {
  return `${cluster}/${name}`;
}

/** True while the process runs (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class StateError extends Error {}

export class StateStore {
  readonly file: string;
  private cache?: { mtimeMs: number; size: number; state: EcsState };
  private watching = false;

  constructor(readonly dir: string) {
    this.file = join(dir, STATE_FILE);
  }

  /** The state as last written (a fresh copy: changing it changes nothing on disk). */
  read(): EcsState {
    return structuredClone(this.current());
  }

  /**
   * Changes the state under the lock: `change` gets the state as on disk now and edits it in place;
   * what it returns is returned. Nothing is written when it throws.
   */
  update<T>(change: (state: EcsState) => T): T {
    mkdirSync(this.dir, { recursive: true });
    const release = this.lock();
    try {
      this.cache = undefined;
      const state = this.read();
      const result = change(state);
      this.write(state);
      return result;
    } finally {
      release();
    }
  }

  /** Calls `listener` when another process (or this one) changes the file; polled, so within about half a second. */
  watch(listener: () => void): () => void {
    const onChange = (now: { mtimeMs: number }, before: { mtimeMs: number }): void => {
      if (now.mtimeMs !== before.mtimeMs) listener();
    };
    watchFile(this.file, { interval: 500, persistent: false }, onChange);
    this.watching = true;
    return () => {
      unwatchFile(this.file, onChange);
      this.watching = false;
    };
  }

  get isWatching(): boolean {
    return this.watching;
  }

  private current(): EcsState {
    let stat: { mtimeMs: number; size: number };
    try {
      stat = statSync(this.file);
    } catch {
      return emptyState();
    }
    if (this.cache && this.cache.mtimeMs === stat.mtimeMs && this.cache.size === stat.size) return this.cache.state;
    const state = parseState(readFileSync(this.file, 'utf8'), this.file);
    this.cache = { mtimeMs: stat.mtimeMs, size: stat.size, state };
    return state;
  }

  private write(state: EcsState): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(state, null, 1)}\n`);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.file);
  }

  /** An exclusive lock file holding the owner's pid; a stale one (its process gone, or old) is taken over. */
  private lock(): () => void {
    const lockFile = `${this.file}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const fd = openSync(lockFile, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return () => {
          try {
            unlinkSync(lockFile);
          } catch {
            // Taken over as stale: nothing to release.
          }
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (lockIsStale(lockFile)) {
        try {
          unlinkSync(lockFile);
        } catch {
          // Another process took it first.
        }
        continue;
      }
      if (Date.now() > deadline) throw new StateError(`${lockFile} stays locked; if no Dockside process is running, remove it.`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

function lockIsStale(lockFile: string): boolean {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    const age = Date.now() - statSync(lockFile).mtimeMs;
    return age > LOCK_STALE_MS || (Number.isInteger(pid) && pid > 0 && !processAlive(pid));
  } catch {
    return false;
  }
}

/** A file that is not what this version writes is refused with its path, never overwritten. */
function parseState(text: string, file: string): EcsState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StateError(`${file} is not valid JSON (${(error as Error).message}); move it away to start afresh.`);
  }
  const record = value as Partial<EcsState> | null;
  if (!record || typeof record !== 'object' || record.version !== 1)
    throw new StateError(`${file} is not a Dockside ECS state file of version 1; move it away to start afresh.`);
  return { ...emptyState(), ...record };
}
