/**
 * The loss report every conversion returns: what could not be carried over, what was carried over
 * only approximately, and what the user should know. Nothing is dropped silently; each entry points
 * at the key in the *source* model (the Compose model for Compose → ECS, the task definition for
 * ECS → Compose) and, where there is one, says what to do.
 */

export type ReportPath = Array<string | number>;

export interface LossEntry {
  /** Where the value sits in the source model, e.g. ["services", "web", "ports", 0]. */
  path: ReportPath;
  reason: string;
  /** What the user should do about it. */
  action?: string;
}

export interface LossReport {
  /** The output will not work until the user acts (e.g. a service with only `build` has no image). */
  errors: LossEntry[];
  /** Values that have no counterpart and were left out. */
  dropped: LossEntry[];
  /** Values carried over with a change of meaning or precision (rounded, clamped, replaced). */
  approximated: LossEntry[];
  /** Carried over, but something differs that the user should know (placeholders, defaults, topology). */
  notes: LossEntry[];
}

export type LossKind = keyof LossReport;

export interface Reporter {
  error(path: ReportPath, reason: string, action?: string): void;
  drop(path: ReportPath, reason: string, action?: string): void;
  approximate(path: ReportPath, reason: string, action?: string): void;
  note(path: ReportPath, reason: string, action?: string): void;
  readonly report: LossReport;
}

export function emptyReport(): LossReport {
  return { errors: [], dropped: [], approximated: [], notes: [] };
}

function entry(path: ReportPath, reason: string, action: string | undefined): LossEntry {
  return action === undefined ? { path: [...path], reason } : { path: [...path], reason, action };
}

export function createReporter(): Reporter {
  const report = emptyReport();
  return {
    report,
    error: (path, reason, action) => void report.errors.push(entry(path, reason, action)),
    drop: (path, reason, action) => void report.dropped.push(entry(path, reason, action)),
    approximate: (path, reason, action) => void report.approximated.push(entry(path, reason, action)),
    note: (path, reason, action) => void report.notes.push(entry(path, reason, action)),
  };
}

const KINDS: readonly LossKind[] = ['errors', 'dropped', 'approximated', 'notes'];

/**
 * One report from several (one per task definition in per-service mode). Entries about the same
 * key for the same reason, such as a top-level key seen by every task definition, appear once.
 */
export function mergeReports(reports: readonly LossReport[]): LossReport {
  const merged = emptyReport();
  for (const kind of KINDS) {
    const seen = new Set<string>();
    for (const report of reports) {
      for (const item of report[kind]) {
        const key = JSON.stringify([item.path, item.reason]);
        if (seen.has(key)) continue;
        seen.add(key);
        merged[kind].push(item);
      }
    }
  }
  return merged;
}

/** "services.web.ports[0]": how messages and tests name a path. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}
