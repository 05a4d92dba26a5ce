// The two dialogs every Docker command uses: a modal confirmation naming what will be lost, and a
// cancellable progress notification whose cancel aborts the engine work.
import * as vscode from 'vscode';
import { signalOf } from '../ctx';
import { formatBytes } from '../views/itemView';
import type { Confirmation } from '../views/safetyModel';

/** Asks with a modal warning; true only when the user pressed the one button that goes ahead. */
export async function confirmModal(confirmation: Confirmation): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    confirmation.message,
    { modal: true, detail: confirmation.detail },
    confirmation.confirm,
  );
  return answer === confirmation.confirm;
}

export interface ProgressReport {
  message(text: string): void;
  /** For helper transfers: "12 MB". */
  bytes(count: number): void;
}

export type EngineWork<T> = (signal: AbortSignal, report: ProgressReport) => Promise<T>;

/** Runs engine work under a cancellable progress notification. */
export function withEngineProgress<T>(title: string, work: EngineWork<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
    work(signalOf(token), {
      message: (text) => progress.report({ message: text }),
      bytes: (count) => progress.report({ message: formatBytes(count) }),
    }),
  );
}
