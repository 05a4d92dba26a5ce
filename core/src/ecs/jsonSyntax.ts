/**
 * Where text stops being strict JSON, and why. ECS reads task definitions as JSON only, so a task
 * definition is strict JSON or it is nothing: the first offence is the one finding. YAML (the parser
 * that gives every other finding its range) forgives trailing commas, comments, single quotes,
 * unquoted keys and a missing comma, and `JSON.parse` says where only on some Node versions, so this
 * small scanner finds the first offence itself. It loops over an explicit stack, so no nesting depth
 * can overflow the call stack.
 */
import type { Finding } from '../types';

export interface JsonProblem {
  offset: number;
  length: number;
  message: string;
}

type Frame = 'object' | 'array';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

class Scanner {
  pos: number;
  readonly stack: Frame[] = [];
  /** Just after the last value read whole (a scalar, or a closed object or array). */
  valueEnd = 0;

  constructor(readonly text: string) {
    this.pos = text.startsWith('\uFEFF') ? 1 : 0;
  }

  skipSpace(): void {
    while (/[ \t\r\n]/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  problem(message: string, length = 1): JsonProblem {
    const offset = Math.min(this.pos, Math.max(0, this.text.length - 1));
    return { offset, length: Math.max(1, Math.min(length, this.text.length - offset)), message };
  }

  /** What is wrong with a character where JSON wanted something else. */
  unexpected(wanted: string): JsonProblem {
    const c = this.text[this.pos];
    if (c === undefined) return this.problem(`the text ends where ${wanted} should follow`);
    if (c === '/' || c === '#') return this.problem('JSON has no comments', this.lineRest());
    if (c === "'") return this.problem('JSON strings need double quotes, not single quotes');
    return this.problem(`expected ${wanted}, found "${c}"`);
  }

  lineRest(): number {
    const end = this.text.indexOf('\n', this.pos);
    return (end < 0 ? this.text.length : end) - this.pos;
  }

  matchAt(pattern: RegExp): number {
    pattern.lastIndex = this.pos;
    return pattern.exec(this.text) ? pattern.lastIndex - this.pos : 0;
  }

  string(): JsonProblem | undefined {
    const start = this.pos++;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) return { ...this.problem('this string is never closed'), offset: start };
      if (c === '"') break;
      if (c === '\\') {
        const length = this.matchAt(ESCAPE);
        if (!length) return this.problem('this escape is not valid JSON (use \\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)', 2);
        this.pos += length;
        continue;
      }
      if (c < ' ') return this.problem('a string cannot hold a raw line break or control character; write it as \\n or \\uXXXX');
      this.pos++;
    }
    this.pos++;
    return undefined;
  }

  /** Where the scan goes after a value or a close: the rest of the enclosing frame, or the end. */
  afterValue(): State {
    this.valueEnd = this.pos;
    return this.stack.length > 0 ? 'next' : 'end';
  }

  /** A value: a scalar is read whole; an object or array opens a frame. */
  value(): State | JsonProblem {
    const c = this.text[this.pos];
    if (c === '{' || c === '[') {
      this.stack.push(c === '{' ? 'object' : 'array');
      this.pos++;
      return 'open';
    }
    if (c === '"') return this.string() ?? this.afterValue();
    const length = this.matchAt(NUMBER) || this.matchAt(LITERAL);
    if (length && !/[\w.$-]/.test(this.text[this.pos + length] ?? '')) {
      this.pos += length;
      return this.afterValue();
    }
    const word = this.matchAt(/[\w.+-]+/y);
    if (c !== undefined && /[\d.+-]/.test(c))
      return this.problem(`"${this.text.slice(this.pos, this.pos + word)}" is not a JSON number`, word);
    if (word)
      return this.problem(
        `"${this.text.slice(this.pos, this.pos + word)}" is not a JSON value: write a string in double quotes, a number, true, false or null`,
        word,
      );
    return this.unexpected('a value');
  }

  /** Just inside "{" or "[": the close of an empty one, or the first entry. */
  open(): State {
    this.skipSpace();
    const frame = this.stack[this.stack.length - 1]!;
    if (this.text[this.pos] === (frame === 'object' ? '}' : ']')) {
      this.stack.pop();
      this.pos++;
      return this.afterValue();
    }
    return frame === 'object' ? 'member' : 'value';
  }

  /** `"key":` inside an object; its value follows. */
  member(): State | JsonProblem {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === "'") return this.problem('JSON keys need double quotes, not single quotes');
    if (c !== undefined && /[A-Za-z_$]/.test(c)) return this.problem('JSON keys need double quotes', this.matchAt(/[\w$-]+/y));
    if (c !== '"') return this.unexpected('a key in double quotes');
    const bad = this.string();
    if (bad) return bad;
    this.skipSpace();
    if (this.text[this.pos] !== ':') return this.unexpected('":"');
    this.pos++;
    this.skipSpace();
    return 'value';
  }

  /** After an entry: a comma and the next entry, or the close of the frame. */
  next(): State | JsonProblem {
    this.skipSpace();
    const frame = this.stack[this.stack.length - 1]!;
    const close = frame === 'object' ? '}' : ']';
    const c = this.text[this.pos];
    if (c === close) {
      this.stack.pop();
      this.pos++;
      return this.afterValue();
    }
    if (c !== undefined && /["{[\dtfn-]/.test(c))
      return { offset: this.valueEnd - 1, length: 1, message: 'a "," is missing after this value' };
    if (c !== ',') return this.unexpected(`"," or "${close}"`);
    const comma = this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === close) return { offset: comma, length: 1, message: 'JSON allows no comma before a closing bracket' };
    return frame === 'object' ? 'member' : 'value';
  }

  end(): JsonProblem | undefined {
    this.skipSpace();
    return this.pos < this.text.length ? this.unexpected('the end of the text after the JSON value') : undefined;
  }
}

type State = 'value' | 'open' | 'member' | 'next' | 'end';

/** The first place where `text` is not strict JSON, or undefined when JSON.parse would accept it. */
export function firstJsonProblem(text: string): JsonProblem | undefined {
  const scanner = new Scanner(text);
  scanner.skipSpace();
  let state: State | JsonProblem = 'value';
  while (typeof state === 'string' && state !== 'end') state = scanner[state]();
  return typeof state === 'string' ? scanner.end() : state;
}

/** `$$$NAME$$$` (ecs-agent's templates also write `$$$$NAME$$$$`): a token a tool replaces before registering. */
const TEMPLATE_TOKEN = /\$\$\$+[A-Za-z0-9_]+\$\$\$+/g;

/**
 * The one finding for a task definition that is not strict JSON: where it first stops being JSON,
 * or, when that is a `$$$NAME$$$` token standing for a value or a whole member, that the file is a
 * template (which cannot be checked until it is filled in). Undefined for strict JSON, and for an
 * empty text (which is described elsewhere).
 */
export function taskDefinitionJsonFinding(text: string): Finding | undefined {
  if (text.trim() === '') return undefined;
  const problem = firstJsonProblem(text);
  if (!problem) return undefined;
  const tokens = [...text.matchAll(TEMPLATE_TOKEN)];
  const first = tokens.find((token) => token.index <= problem.offset && problem.offset < token.index + token[0].length);
  if (!first) {
    return {
      code: 'ecs/json-syntax',
      severity: 'error',
      message: `This is not strict JSON, which ECS requires: ${problem.message}.`,
      span: [problem.offset, problem.offset + problem.length],
    };
  }
  const others = new Set(tokens.map((token) => token[0]).filter((token) => token !== first[0])).size;
  return {
    code: 'ecs/template',
    severity: 'warning',
    message: `This is a template, not JSON: ECS can read it only once ${first[0]}${others > 0 ? ` and ${others} other $$$…$$$ token${others > 1 ? 's' : ''} are` : ' is'} filled in. Dockside checks the task definition that results.`,
    span: [first.index, first.index + first[0].length],
  };
}
