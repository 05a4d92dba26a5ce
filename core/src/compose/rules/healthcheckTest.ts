import type { Finding } from '../../types';
import type { ComposeRule } from '../../rules/context';
import { asRecord } from '../model';
import { resolvedValue, serviceViews } from './serviceView';

const TEST_KINDS = new Set(['CMD', 'CMD-SHELL', 'NONE']);

/**
 * `healthcheck.test` as a list says how to run the rest: "CMD", "CMD-SHELL" or "NONE" first
 * (a string is run through the shell). And Docker needs `start_period` for `start_interval`.
 */
export const findHealthcheckTestProblems: ComposeRule = (ctx) =>
  serviceViews(ctx).flatMap(({ name, own }): Finding[] => {
    const check = asRecord(own['healthcheck']);
    if (!check) return [];
    const base = ['services', name, 'healthcheck'];
    const findings: Finding[] = [];
    const test = check['test'];
    const first = Array.isArray(test) ? resolvedValue(ctx, test[0]) : undefined;
    if (Array.isArray(test) && test.length > 0 && typeof first === 'string' && !TEST_KINDS.has(first)) {
      const rest = (test as unknown[]).map((part) => JSON.stringify(part)).join(', ');
      findings.push({
        code: 'compose/healthcheck-test',
        severity: 'error',
        message: `"healthcheck.test" of service "${name}" is a list, so it must start with "CMD" (run the command directly), "CMD-SHELL" (run it through the shell) or "NONE" (no check): write ["CMD", ${rest}].`,
        span: ctx.span([...base, 'test', 0], 'value'),
      });
    }
    if (check['start_interval'] !== undefined && check['start_period'] === undefined) {
      findings.push({
        code: 'compose/healthcheck-start-interval',
        severity: 'error',
        message: `"healthcheck.start_interval" of service "${name}" applies during "start_period", which is not set, so "docker compose up" refuses to create the container. Add "start_period" (for example 30s).`,
        span: ctx.span([...base, 'start_interval'], 'key'),
      });
    }
    return findings;
  });
