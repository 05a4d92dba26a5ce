/**
 * A small glob matcher for file settings (`compose.*.yaml`, `**\/.aws/*.json`): `*`, `**`, `?` and
 * `{a,b}`. A pattern without "/" matches the file name; one with "/" matches the end of the path.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) {
        source += '\\{';
        continue;
      }
      source += `(?:${glob
        .slice(i + 1, close)
        .split(',')
        .map(escape)
        .join('|')})`;
      i = close;
    } else {
      source += escape(c);
    }
  }
  return new RegExp(`(?:^|/)${source}$`);
}

function escape(text: string): string {
  return text
    .replace(/[.+^$()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
}

export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  const normalized = path.replace(/\\/g, '/');
  return globs.some((glob) => globToRegExp(glob).test(normalized));
}
