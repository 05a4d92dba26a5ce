import type { ParsedText } from '../parseText';

/**
 * Counts the texts read and those the fast reader left to yaml's parser, by reason, so a long-running
 * process (the language server) can say how often the fast path is missed and what for.
 */
export class FastPathCounter {
  reads = 0;
  fallbacks = 0;
  /** Fallbacks that were a failure of the fast reader, not a refusal: each is a bug to report. */
  faults = 0;
  readonly reasons = new Map<string, number>();

  /** Counts one read; returns why yaml's parser read it, or undefined when the fast reader did (or nothing was read). */
  count(parsed: Pick<ParsedText, 'reader'>): Extract<ParsedText['reader'], { fast: false }> | undefined {
    const reader = parsed.reader;
    if (!reader) return undefined;
    this.reads++;
    if (reader.fast) return undefined;
    this.fallbacks++;
    if (reader.fault !== undefined) this.faults++;
    this.reasons.set(reader.reason, (this.reasons.get(reader.reason) ?? 0) + 1);
    return reader;
  }

  /** `2 of 57 reads by yaml's parser (anchor "&" 1, tag "!" 1)`, the most frequent reason first. */
  summary(): string {
    const reasons = [...this.reasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const detail = reasons.length > 0 ? ` (${reasons.map(([reason, n]) => `${reason} ${n}`).join(', ')})` : '';
    return `${this.fallbacks} of ${this.reads} reads by yaml's parser${detail}`;
  }
}
