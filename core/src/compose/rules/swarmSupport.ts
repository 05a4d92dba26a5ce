import type { Finding, Severity } from '../../types';
import type { ComposeRule } from '../../rules/context';
import type { LossKind } from '../../convert/report';
import { isMeantForSwarm } from '../../swarm/meantForSwarm';
import { swarmSupport } from '../../swarm/swarmSupport';
import { asRecord } from '../model';

const FINDING: Record<LossKind, { code: string; severity: Severity }> = {
  errors: { code: 'swarm/unsupported', severity: 'error' },
  dropped: { code: 'swarm/ignored', severity: 'warning' },
  approximated: { code: 'swarm/changed', severity: 'information' },
  notes: { code: 'swarm/note', severity: 'information' },
};

/**
 * In a file meant for Swarm (see isMeantForSwarm), what `docker stack deploy` would ignore or refuse,
 * as Dockside's Swarm deploy reports it before deploying: the same report, on this file's own keys.
 */
export const findSwarmSupport: ComposeRule = (ctx) => {
  const file = asRecord(ctx.file);
  if (!file || !isMeantForSwarm(ctx.documentPath, file, ctx.project)) return [];
  const report = swarmSupport(file, { project: asRecord(ctx.project) ?? file });
  return (Object.keys(FINDING) as LossKind[]).flatMap((kind) =>
    report[kind].map((entry): Finding => ({
      ...FINDING[kind],
      message: `Swarm: ${entry.reason}${entry.action ? ` ${entry.action}` : ''}`,
      // What Swarm ignores is marked on its key; anything else on the value it is about.
      span: ctx.span(entry.path, kind === 'dropped' ? 'key' : 'auto'),
    })),
  );
};
