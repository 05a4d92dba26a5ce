/**
 * Offsets ↔ 0-based line/character positions, counted in UTF-16 code units as LSP does by default.
 * The one place where the core turns offsets into positions (the CLI and tests use it; the server
 * uses the same offsets through its TextDocument).
 */
export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    if (!text.includes('\r')) {
      // The common case, by the native search: a check right after the server starts runs this
      // before the loop below would be compiled (800 KB of text: 2 ms instead of 25).
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        starts.push(i + 1);
      } else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - (this.starts[low] ?? 0) };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, position.line)] ?? 0;
    const next = this.starts[position.line + 1] ?? this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  /** End of the line that holds `offset`, before its line break. */
  lineEndAt(offset: number): number {
    const { line } = this.positionAt(offset);
    let end = this.starts[line + 1] ?? this.text.length;
    while (end > 0 && end > (this.starts[line] ?? 0) && /[\r\n]/.test(this.text[end - 1] ?? '')) end--;
    return end;
  }
}
