// The goals of issue 17 ("Performance near the limit"), checked against this run's figures: one row per
// goal with what was measured, the peer's figure from the same run where the goal is a ratio, and whether
// it is met. Goals whose figures were not measured in this run (a part skipped, a size left out) say so.
import { fmtInt, fmtMb, fmtMs, median, percentile, type Section } from './common';
import type { CliResult } from './cli';
import { coldFirst, foundCount, freshMedians, type FreshSize } from './fresh';
import type { LatencySize } from './latency';

interface Row {
  goal: string;
  measured: string;
  met: boolean | undefined;
}

const NOT_MEASURED: Pick<Row, 'measured' | 'met'> = { measured: 'not measured in this run', met: undefined };

function ratioGoal(
  goal: string,
  fresh: FreshSize[],
  services: number,
  field: 'firstMs' | 'editMs' | 'rssKb',
  limit: number,
  absolute?: number,
): Row {
  const r = fresh.find((x) => x.services === services);
  const d = r && freshMedians(r, 'dockside');
  const p = r && freshMedians(r, 'peer');
  if (!d || !p) return { goal, ...NOT_MEASURED };
  const fmt = (v: number): string => (field === 'rssKb' ? `${fmtMb(v)} MB` : `${fmtMs(v)} ms`);
  const ratio = d[field] / p[field];
  const okRatio = ratio <= limit;
  const okAbsolute = absolute === undefined || d[field] <= absolute;
  const cold = field === 'firstMs' && r ? coldFirst(r) : undefined;
  return {
    goal,
    measured: `${fmt(d[field])} vs ${fmt(p[field])}: ${ratio.toFixed(2)}×${cold === undefined ? '' : ` (without a code cache ${fmtMs(cold)} ms: ${(cold / p[field]).toFixed(2)}×)`}`,
    met: okRatio && okAbsolute,
  };
}

function absoluteGoal(goal: string, fresh: FreshSize[], services: number, field: 'firstMs' | 'editMs', limitMs: number): Row {
  const r = fresh.find((x) => x.services === services);
  const d = r && freshMedians(r, 'dockside');
  if (!d) return { goal, ...NOT_MEASURED };
  const p = freshMedians(r, 'peer');
  const cold = field === 'firstMs' ? coldFirst(r) : undefined;
  return {
    goal,
    measured: `${fmtMs(d[field])} ms${cold === undefined ? '' : ` (without a code cache ${fmtMs(cold)} ms)`}${p ? ` (peer ${fmtMs(p[field])} ms)` : ''}`,
    met: d[field] <= limitMs,
  };
}

function latencyGoal(goal: string, latency: LatencySize[], services: number, completionMs: number, hoverMs: number): Row {
  const r = latency.find((x) => x.services === services);
  const d = r?.dockside;
  if (!d) return { goal, ...NOT_MEASURED };
  const key = percentile(d.key, 95);
  const value = percentile(d.value, 95);
  const hover = percentile(d.hover, 95);
  const p = r.peer;
  const peer = p
    ? ` (peer ${fmtMs(percentile(p.key, 95))} / ${fmtMs(percentile(p.value, 95))} / ${fmtMs(percentile(p.hover, 95))} ms)`
    : '';
  return {
    goal,
    measured: `completion key ${fmtMs(key)} ms, value ${fmtMs(value)} ms; hover ${fmtMs(hover)} ms${peer}`,
    met: Math.max(key, value) < completionMs && hover < hoverMs,
  };
}

function mistakesGoal(fresh: FreshSize[]): Row {
  const goal = 'mistakes found: all (40 of 40 at 1,000 services)';
  if (fresh.length === 0 || !fresh.some((r) => r.samples.dockside)) return { goal, ...NOT_MEASURED };
  const parts = fresh.map((r) => {
    const d = foundCount(r, 'dockside');
    const p = foundCount(r, 'peer');
    return `${fmtInt(r.services)}: ${d ?? '—'}/${r.mistakes.length}${p === undefined ? '' : ` (peer ${p})`}`;
  });
  return { goal, measured: parts.join('; '), met: fresh.every((r) => foundCount(r, 'dockside') === r.mistakes.length) };
}

function cliGoal(cli: CliResult | undefined): Row {
  const goal = '`dockside validate` of one small file, whole process: ≤ 150 ms';
  const validate = cli?.samples.get('dockside validate compose.yaml');
  const floor = cli?.samples.get('node -e 0');
  if (!validate || !floor) return { goal, ...NOT_MEASURED };
  const v = median(validate);
  const cold = cli?.samples.get('dockside validate compose.yaml, no code cache');
  const first = cold ? `, without a code cache ${fmtMs(median(cold))} ms` : '';
  return { goal, measured: `${fmtMs(v)} ms${first} (\`node -e 0\` ${fmtMs(median(floor))} ms)`, met: v <= 150 };
}

/** The goals table, from whichever parts ran. */
export function goalsSection(fresh: FreshSize[], latency: LatencySize[], cli: CliResult | undefined): Section {
  const rows: Row[] = [
    ratioGoal('fresh server, first diagnostics, 1,000 services: ≤ 0.3× yaml-language-server', fresh, 1000, 'firstMs', 0.3),
    absoluteGoal('fresh server, first diagnostics, 10 services: ≤ 120 ms', fresh, 10, 'firstMs', 120),
    ratioGoal(
      'edit → diagnostics (the configured delay included), 1,000 services: ≤ 0.15× yaml-language-server',
      fresh,
      1000,
      'editMs',
      0.15,
    ),
    absoluteGoal('edit → diagnostics, 5,000 services: ≤ 500 ms', fresh, 5000, 'editMs', 500),
    latencyGoal('completion p95 < 20 ms, hover p95 < 10 ms, 1,000 services', latency, 1000, 20, 10),
    latencyGoal('completion p95 < 30 ms, hover p95 < 15 ms, 5,000 services', latency, 5000, 30, 15),
    ratioGoal('RSS, 1,000 services: ≤ 0.8× yaml-language-server', fresh, 1000, 'rssKb', 0.8),
    ratioGoal('RSS, 10 services: ≤ yaml-language-server', fresh, 10, 'rssKb', 1),
    mistakesGoal(fresh),
    cliGoal(cli),
  ];
  const mark = (met: boolean | undefined): string => (met === undefined ? '—' : met ? 'met' : '**not met**');
  return {
    title: 'Goals (issue 17)',
    intro: [
      'Each goal against this run\'s figures: the fresh-server part for first diagnostics, the edit, RSS and mistakes found; the latency part for completion and hover p95 ("key" and "value" completion, the worse must meet the goal); the CLI part for `dockside validate`. "vs" is yaml-language-server in the same run.',
    ],
    table: ['| goal | measured | |', '| :--- | :--- | :--- |', ...rows.map((r) => `| ${r.goal} | ${r.measured} | ${mark(r.met)} |`)].join(
      '\n',
    ),
    after: [],
    details: [],
  };
}
