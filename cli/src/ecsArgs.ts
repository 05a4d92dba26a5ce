// What the `dockside ecs …` commands share: reading their options, reaching the engine, and Ctrl-C.
import type Docker from 'dockerode';
import { createDocker, probeEngine, resolveEngineAddress } from '@dockside/engine';

export interface CliOutput {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

export class UsageError extends Error {}

/** Options with values (repeatable: each value kept), flags, and the other arguments. */
export function parseArgs(
  args: string[],
  valueOptions: readonly string[],
  flags: readonly string[],
): { values: Map<string, string[]>; positional: string[] } {
  const values = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] =
      arg.includes('=') && arg.startsWith('--') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (valueOptions.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value.`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (flags.includes(arg)) {
      values.set(arg, ['']);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg}.`);
    } else {
      positional.push(arg);
    }
  }
  return { values, positional };
}

export function parseLabel(text: string): [string, string] {
  const equals = text.indexOf('=');
  if (equals <= 0) throw new UsageError(`--label wants KEY=VALUE, not "${text}".`);
  return [text.slice(0, equals), text.slice(equals + 1)];
}

export function wholeNumber(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`${name} wants a whole number, not "${text}".`);
  return Number(text);
}

export class EngineUnavailable extends Error {}

export async function connect(): Promise<Docker> {
  const address = resolveEngineAddress({ env: process.env, platform: process.platform });
  const docker = createDocker(address);
  const probe = await probeEngine(docker, address);
  if (!probe.connected) throw new EngineUnavailable(probe.reason);
  return docker;
}

/** Ctrl-C (or SIGTERM) calls `onStop` once; the returned function stops listening. */
export function onInterrupt(onStop: () => void): () => void {
  const handler = (): void => onStop();
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
