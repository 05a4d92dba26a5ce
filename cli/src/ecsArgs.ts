// What the `dockside ecs …` commands share: reading their option values, reaching the engine, and Ctrl-C.
import type Docker from 'dockerode';
import { UsageError } from './args';
import { connectEngine } from './engine';

export interface CliOutput {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
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

/** The engine DOCKER_HOST names (else the default socket), or EngineUnavailable saying which was tried. */
export async function connect(): Promise<Docker> {
  const engine = await connectEngine();
  if ('problem' in engine) throw new EngineUnavailable(engine.problem);
  return engine.docker;
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
