// The one command-line parser every `dockside` command uses, with the conventions of `docker compose`:
// options before, between or after operands; `--opt value`, `--opt=value` and `-fVALUE`; repeatable
// options; `--` ends the options. A mistake is a UsageError whose message names it.
import { closest } from '@dockside/core';

/** One option: its names (`-f`, `--file`) and, when it takes a value, the value's name for messages. */
export interface OptionSpec {
  readonly names: readonly string[];
  readonly value?: string;
  /** Given again, it adds a value (`-f a -f b`); otherwise the last one wins. */
  readonly repeatable?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Repeatable options come back as lists, other value options as their last value, flags as booleans. */
export type ParsedOptions<S extends OptionSpecs> = {
  -readonly [K in keyof S]: S[K] extends { value: string } ? (S[K] extends { repeatable: true } ? string[] : string | undefined) : boolean;
};

export interface ParsedArgs<S extends OptionSpecs> {
  options: ParsedOptions<S>;
  /** Everything that is not an option, in order. */
  operands: string[];
}

/** A command line that cannot be used; the message says what is wrong (and how to put it right). */
export class UsageError extends Error {}

/** `-h, --help`, which every command takes. */
export const HELP: OptionSpec = { names: ['-h', '--help'] };

export function parseArgs<S extends OptionSpecs>(args: readonly string[], specs: S): ParsedArgs<S> {
  const byName = new Map<string, [string, OptionSpec]>();
  for (const [key, spec] of Object.entries(specs)) for (const name of spec.names) byName.set(name, [key, spec]);
  const options: Record<string, string[] | string | boolean | undefined> = {};
  for (const [key, spec] of Object.entries(specs)) options[key] = spec.value === undefined ? false : spec.repeatable ? [] : undefined;
  const operands: string[] = [];

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    const { name, attached } = split(arg, byName);
    const found = byName.get(name);
    if (!found) {
      // A one-letter option is too short to guess from.
      const suggestion = name.startsWith('--')
        ? closest(
            name,
            [...byName.keys()].filter((known) => known.startsWith('--')),
          )
        : undefined;
      throw new UsageError(`unknown option "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`);
    }
    const [key, spec] = found;
    if (spec.value === undefined) {
      if (attached !== undefined) throw new UsageError(`option "${name}" takes no value`);
      options[key] = true;
      continue;
    }
    const value = attached ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`option "${name}" needs a value (${spec.value})`);
    options[key] = spec.repeatable ? [...(options[key] as string[]), value] : value;
  }
  return { options: options as ParsedOptions<S>, operands };
}

/** `--name=value`, `-fVALUE` (`-f=VALUE`) or a bare name. */
function split(arg: string, byName: ReadonlyMap<string, [string, OptionSpec]>): { name: string; attached?: string } {
  if (arg.startsWith('--')) {
    const equals = arg.indexOf('=');
    return equals < 0 ? { name: arg } : { name: arg.slice(0, equals), attached: arg.slice(equals + 1) };
  }
  const short = arg.slice(0, 2);
  if (arg.length > 2 && byName.get(short)?.[1].value !== undefined) return { name: short, attached: arg.slice(2).replace(/^=/, '') };
  return { name: arg };
}

/**
 * The subcommand a command line names first (`compose up`, `swarm deploy`), checked against the
 * subcommands the group has and the options only one of them takes; the operands after it.
 */
export function readSubcommand<S extends OptionSpecs, C extends string>(
  group: string,
  parsed: ParsedArgs<S>,
  subcommands: readonly C[],
  onlyFor: Partial<Record<keyof S, C>>,
  specs: S,
): { subcommand: C; rest: string[] } {
  const [command, ...rest] = parsed.operands;
  if (command === undefined) throw new UsageError(`name what to do: ${choices(subcommands)}`);
  if (!(subcommands as readonly string[]).includes(command))
    throw new UsageError(`unknown command "${command}"; use ${choices(subcommands)}`);
  const subcommand = command as C;
  for (const [key, only] of Object.entries(onlyFor) as Array<[keyof S & string, C]>) {
    const value = parsed.options[key] as unknown;
    if (only !== subcommand && value !== false && value !== undefined)
      throw new UsageError(`"${specs[key]!.names.at(-1)}" is an option of "${group} ${only}", not of "${group} ${subcommand}"`);
  }
  return { subcommand, rest };
}

/** `a, b or c`, for a message listing the choices. */
export function choices(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}

/** Writes a usage mistake as one line with the way out, and gives the exit status for it. */
export function usageFailure(command: string, error: UsageError, err: NodeJS.WritableStream = process.stderr): 2 {
  const sentence = /[.?]$/.test(error.message) ? error.message : `${error.message}.`;
  err.write(`${command}: ${sentence} Run "${command} --help" for the options.\n`);
  return 2;
}
