// Which engine events change what the Docker views show. The views refresh on these alone: not on the
// exec of every healthcheck, nor on the helper containers the Volumes view itself starts to browse a
// volume (refreshing on those would browse again, and again). No `vscode` import.
import type { ChangeScope, EngineChange } from '@dockside/engine';
import { HELPER_LABEL } from '@dockside/engine';

const RELEVANT: Record<Exclude<ChangeScope, 'engine'>, ReadonlySet<string>> = {
  container: new Set(['create', 'start', 'die', 'destroy', 'rename', 'pause', 'unpause', 'health_status', 'update']),
  // mount/unmount come with every container start, which its own event already reports.
  volume: new Set(['create', 'destroy', 'prune']),
  network: new Set(['create', 'destroy', 'prune']),
  // A Swarm manager's: services created, updated (scaled, rolled over) or removed; nodes joining, drained or leaving.
  service: new Set(['create', 'update', 'remove']),
  node: new Set(['create', 'update', 'remove']),
};

export function refreshesViews(change: EngineChange, scopes: readonly ChangeScope[]): boolean {
  if (change.scope === 'engine') return true;
  if (!scopes.includes(change.scope) || !RELEVANT[change.scope].has(change.action)) return false;
  return change.attributes[HELPER_LABEL] === undefined;
}

/**
 * What a container event says by itself, before the view has re-read the engine: `destroy` that the
 * container is gone, `die` that it no longer runs. The views show it at once, so a stack taken down
 * does not look running until the (debounced, and for volumes slow) re-read lands.
 */
export type ContainerFact =
  { readonly containerId: string; readonly removed: true } | { readonly containerId: string; readonly running: false };

export function containerFact(change: EngineChange): ContainerFact | undefined {
  if (change.scope !== 'container' || !change.id || change.attributes[HELPER_LABEL] !== undefined) return undefined;
  if (change.action === 'destroy') return { containerId: change.id, removed: true };
  if (change.action === 'die') return { containerId: change.id, running: false };
  return undefined;
}
