/**
 * Fixtures with their expected squiggles marked inline: `[[imgae]]: nginx` means a diagnostic is
 * expected exactly on `imgae`. Returns the text without markers and the marked spans in order.
 */
export function marked(source: string): { text: string; spans: Array<[number, number]> } {
  const spans: Array<[number, number]> = [];
  let text = '';
  let open = -1;
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('[[', i) && open < 0) {
      open = text.length;
      i++;
    } else if (source.startsWith(']]', i) && open >= 0 && source[i + 2] !== ']') {
      spans.push([open, text.length]);
      open = -1;
      i++;
    } else {
      text += source[i];
    }
  }
  return { text, spans };
}

/** Removes the common leading indentation of a template literal, so fixtures can be indented in code. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n');
}
