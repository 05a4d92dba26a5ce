// Generated edits of a text, as a user makes them while typing in a Compose file: a character typed or
// deleted, a word replaced, a line added, removed, duplicated or indented, a key renamed. Seeded, so a
// failure names the seed that reproduces it. For the differential tests of incremental checking.

/** `[start, end)` of the text replaced by `text`. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** A small, fast, seeded generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function applyEdit(text: string, edit: Edit): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

const TYPED = ['x', 'e', ':', ' ', '-', '"', "'", '#', '1', '\n', '{', '[', '&', '*', '!', '\t', '  '];
const LINES = [
  '    restart: always',
  '    image: busybox',
  '  extra:',
  '    ports: ["80:80"]',
  '      - "9000:9000"',
  '# a comment',
  '',
  '    x-note: &a 1',
];

/**
 * Mostly what typing does inside a value or key (a letter added, removed or replaced in a word), which
 * keeps the YAML readable; now and then any of randomEdit's edits.
 */
export function typingEdit(text: string, next: () => number): Edit {
  if (next() < 0.05) return randomEdit(text, next);
  const words = [...text.matchAll(/[A-Za-z0-9_.-]{2,}/g)];
  const word = words[Math.floor(next() * words.length)];
  if (!word) return randomEdit(text, next);
  const at = word.index + Math.floor(next() * (word[0].length + 1));
  const letter = 'abcdefgx-_0123'[Math.floor(next() * 14)] as string;
  const choice = next();
  if (choice < 0.5) return { start: at, end: at, text: letter };
  if (choice < 0.75 && at < word.index + word[0].length) return { start: at, end: at + 1, text: '' };
  return { start: Math.max(word.index, at - 1), end: at, text: letter };
}

/** One edit at a random place in `text`. */
export function randomEdit(text: string, next: () => number): Edit {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const at = Math.floor(next() * (text.length + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEndAt = text.indexOf('\n', at);
  const lineEnd = lineEndAt < 0 ? text.length : lineEndAt;
  const line = text.slice(lineStart, lineEnd);
  switch (Math.floor(next() * 9)) {
    case 0:
    case 1:
      return { start: at, end: at, text: pick(TYPED) };
    case 2:
      return { start: at, end: Math.min(text.length, at + 1 + Math.floor(next() * 3)), text: '' };
    case 3: {
      // A word replaced by another.
      const word = /[\w.-]+/.exec(text.slice(at, lineEnd));
      if (!word) return { start: at, end: at, text: pick(TYPED) };
      const start = at + word.index;
      return {
        start,
        end: start + word[0].length,
        text: pick(['always', 'web', 'backend', '8080', 'true', 'imgae', 'restart', 'depends_on']),
      };
    }
    case 4:
      // A line added after this one.
      return { start: lineEnd, end: lineEnd, text: `\n${pick(LINES)}` };
    case 5:
      // This line removed (with its newline).
      return { start: lineStart, end: Math.min(text.length, lineEnd + 1), text: '' };
    case 6:
      // This line duplicated: often a duplicate key.
      return { start: lineEnd, end: lineEnd, text: `\n${line}` };
    case 7:
      // Indentation changed.
      return next() < 0.5
        ? { start: lineStart, end: lineStart, text: '  ' }
        : { start: lineStart, end: Math.min(lineEnd, lineStart + 2), text: '' };
    default: {
      // A key renamed: the text before the colon gets a letter.
      const colon = line.indexOf(':');
      if (colon <= 0) return { start: at, end: at, text: pick(TYPED) };
      return { start: lineStart + colon, end: lineStart + colon, text: pick(['x', 's', '_2']) };
    }
  }
}
