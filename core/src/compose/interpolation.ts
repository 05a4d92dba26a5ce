/**
 * Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`,
 * `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, nested inside defaults, and `$$` for a literal dollar.
 */

export type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';

export interface Interpolation {
  name: string;
  operator?: Operator;
  /** The default, error message or replacement text, itself possibly holding interpolations. */
  argument?: string;
  start: number;
  end: number;
}

export interface InterpolationProblem {
  message: string;
  start: number;
  end: number;
}

export interface ScanResult {
  interpolations: Interpolation[];
  problems: InterpolationProblem[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Finds the `}` that closes the `${` at `open`, counting nested `${ … }`. */
function findClose(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '$') {
      i++;
    } else if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function scanInterpolations(text: string, offset = 0): ScanResult {
  const result: ScanResult = { interpolations: [], problems: [] };
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') continue;
    const next = text[i + 1];
    if (next === '$') {
      i++;
      continue;
    }
    if (next !== '{') {
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (name) {
        result.interpolations.push({ name, start: offset + i, end: offset + i + 1 + name.length });
        i += name.length;
      }
      continue;
    }
    const close = findClose(text, i);
    if (close < 0) {
      result.problems.push({
        message: '"${" is never closed with "}"; write "$${" for a literal "${"',
        start: offset + i,
        end: offset + text.length,
      });
      break;
    }
    const body = text.slice(i + 2, close);
    const name = NAME.exec(body)?.[0];
    if (!name) {
      const shown =
        body === ''
          ? '"${}" names no variable'
          : `"\${${body}}" does not start with a variable name (letters, digits and "_", not starting with a digit)`;
      result.problems.push({ message: shown, start: offset + i, end: offset + close + 1 });
    } else {
      const rest = body.slice(name.length);
      const operator = (['/:-', '/:?', '/:+', '/-', '/?', '/+'].map((o) => o.slice(1)) as Operator[]).find((o) => rest.startsWith(o));
      if (rest !== '' && !operator) {
        result.problems.push({
          message: `"\${${body}}" has "${rest[0]}" after the name; use ":-", "-", ":?", "?", ":+" or "+"`,
          start: offset + i,
          end: offset + close + 1,
        });
      } else {
        const argument = operator ? rest.slice(operator.length) : undefined;
        result.interpolations.push({ name, operator, argument, start: offset + i, end: offset + close + 1 });
        if (argument) {
          const inner = scanInterpolations(argument, offset + i + 2 + name.length + (operator?.length ?? 0));
          result.interpolations.push(...inner.interpolations);
          result.problems.push(...inner.problems);
        }
      }
    }
    i = close;
  }
  return result;
}
