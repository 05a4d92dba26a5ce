import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asRecord } from '../model';
import { resolvedValue, serviceViews, UNKNOWN } from './serviceView';

/** Actions that copy files into the container (sync, sync+restart, sync+exec) need to know where. */
const NEEDS_NO_TARGET = new Set(['rebuild', 'restart']);

function watchEntries(own: Record<string, unknown>): Array<{ index: number; rule: Record<string, unknown> }> {
  const watch = asRecord(own['develop'])?.['watch'];
  if (!Array.isArray(watch)) return [];
  return watch.flatMap((entry, index) => {
    const rule = asRecord(entry);
    return rule ? [{ index, rule }] : [];
  });
}

/** `develop.watch` rules Compose refuses: a sync without `target`, a `path` that is empty. */
export const findWatchProblems: ComposeRule = (ctx) =>
  serviceViews(ctx).flatMap(({ name, own }) =>
    watchEntries(own).flatMap(({ index, rule }): Finding[] => {
      const base = ['services', name, 'develop', 'watch', index];
      const findings: Finding[] = [];
      const path = resolvedValue(ctx, rule['path']);
      if (path === '') {
        findings.push({
          code: 'compose/watch-path',
          severity: 'error',
          message: `A "develop.watch" rule of service "${name}" has an empty "path"; give the file or folder to watch, relative to the project.`,
          span: ctx.span([...base, 'path'], 'value'),
        });
      }
      const action = resolvedValue(ctx, rule['action']);
      const target = resolvedValue(ctx, rule['target']);
      if (typeof action === 'string' && !NEEDS_NO_TARGET.has(action) && target !== UNKNOWN && (target === undefined || target === '')) {
        findings.push({
          code: 'compose/watch-target',
          severity: 'error',
          message: `The "${action}" watch rule of service "${name}" has no "target": Compose copies the changed files into the container and needs to know where. Add "target:" with the path in the container.`,
          span: ctx.span([...base, 'action'], 'value'),
        });
      }
      return findings;
    }),
  );
