// Types of scripts/start.mjs for the TypeScript tests that start what `npm start` starts.
import type { CodeServer } from './code-server.mjs';

/** The repository's examples/ folder. */
export const examples: string;
/** dist/dockside.vsix, which `npm start` installs. */
export const vsix: string;

/** A fresh copy of examples/ (dotfiles and override files included) in a new temp folder; returns its path. */
export function copyExamples(): string;

/** What `npm start` opens: code-server with dist/dockside.vsix on a fresh copy of examples/. */
export function startOnExamples(options?: {
  port?: number;
  log?: (message: string) => void;
  env?: Record<string, string>;
}): Promise<{ folder: string; server: CodeServer }>;
