/**
 * How deeply a YAML or JSON text nests, estimated in one pass without parsing: block indentation
 * levels, "- " sequence markers and open flow brackets. The parser recurses once per level, and deep
 * enough recursion can abort the whole process (not just throw), so very deep texts are refused
 * before they reach it. Compose files and task definitions nest a dozen levels at most.
 */
export function exceedsNesting(text: string, limit: number): boolean {
  const indents: number[] = [];
  let flow = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end < 0) end = text.length;
    let i = lineStart;
    while (i < end && text[i] === ' ') i++;
    const blank = i >= end || text[i] === '#' || text[i] === '\r';
    if (!blank && flow === 0) {
      const column = i - lineStart;
      while (indents.length > 0 && indents[indents.length - 1]! >= column) indents.pop();
      indents.push(column);
      // "- - - x" nests one level per marker on the same line.
      while (text[i] === '-' && text[i + 1] === ' ') {
        i += 2;
        while (text[i] === ' ') i++;
        indents.push(i - lineStart);
      }
    }
    const { delta, peak } = flowChange(text, i, end);
    if (indents.length + flow + peak > limit) return true;
    flow = Math.max(0, flow + delta);
    lineStart = end + 1;
  }
  return false;
}

/** Net change of open `[`/`{` on a line, and the most open at once, ignoring quoted text and comments. */
function flowChange(text: string, from: number, to: number): { delta: number; peak: number } {
  let delta = 0;
  let peak = 0;
  let quote = '';
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === from || text[i - 1] === ' ')) {
      break;
    } else if (c === '[' || c === '{') {
      delta++;
      peak = Math.max(peak, delta);
    } else if (c === ']' || c === '}') {
      delta--;
    }
  }
  return { delta, peak };
}
