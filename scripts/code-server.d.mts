// Types of scripts/code-server.mjs for the TypeScript tests that start VS Code through it.
import type { ChildProcess } from 'node:child_process';

export const CODE_SERVER_VERSION: string;
export const codeServerHome: string;
export const USER_SETTINGS: Record<string, unknown>;
export function ensureCodeServer(log?: (message: string) => void): string;
/** The same, waiting without blocking: installs code-server when it is missing, saying how far it is. */
export function installCodeServer(log?: (message: string) => void): Promise<string>;
export function ensureChromium(log?: (message: string) => void): string;
export function freePort(): Promise<number>;

export interface CodeServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The URL that opens the workbench on the folder it was started with. */
  folderUrl: string;
  dataDir: string;
  /** code-server's own log file (inside dataDir). */
  log: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function startCodeServer(options: {
  folder: string;
  vsix: string;
  settings?: Record<string, unknown>;
  port?: number;
  log?: (message: string) => void;
  /** Added to the environment code-server (and so the extension host) runs in. */
  env?: Record<string, string>;
}): Promise<CodeServer>;

/** Prints the address to open and keeps code-server running until Ctrl+C or SIGTERM. */
export function keepServing(server: CodeServer): void;
