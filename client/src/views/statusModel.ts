// What the status-bar item and the views' welcome content say about the engine. No `vscode` import.
import type { EngineState } from '@dockside/engine';

export interface StatusView {
  readonly text: string;
  /** Markdown. */
  readonly tooltip: string;
  /** Clicking retries when the engine is away, and shows the output when it is there. */
  readonly command: 'dockside.docker.retry' | 'dockside.output.show';
  readonly warning: boolean;
}

export function engineStatus(state: EngineState): StatusView {
  switch (state.kind) {
    case 'connected':
      return {
        text: `$(vm-running) Docker ${state.info.version}`,
        tooltip: `Docker Engine ${state.info.version} (API ${state.info.apiVersion}, ${state.info.os}/${state.info.arch}) at \`${state.address}\`\n\nClick to show Dockside's output.`,
        command: 'dockside.output.show',
        warning: false,
      };
    case 'connecting':
      return {
        text: '$(loading~spin) Docker',
        tooltip: `Connecting to the Docker Engine${state.address ? ` at \`${state.address}\`` : ''}…`,
        command: 'dockside.output.show',
        warning: false,
      };
    case 'disconnected': {
      const retry =
        state.retryInMs !== undefined ? 'Dockside retries by itself; click to retry now.' : 'Fix the setting, then click to retry.';
      return {
        text: '$(debug-disconnect) Docker',
        tooltip: `Docker Engine not connected: ${state.reason}\n\n${retry}`,
        command: 'dockside.docker.retry',
        warning: true,
      };
    }
  }
}

/**
 * The reason, as the value of the `dockside.engine.problem` context key: each has its own welcome text
 * in the views (welcome content is static, so the sentence is chosen by this key).
 */
export type EngineProblem = 'none' | 'missing' | 'permission' | 'refused' | 'timeout' | 'setting' | 'lost' | 'other';

export function engineProblem(state: EngineState): EngineProblem {
  if (state.kind !== 'disconnected') return 'none';
  const reason = state.reason;
  if (/^No Docker Engine socket/.test(reason)) return 'missing';
  if (/^Permission denied/.test(reason)) return 'permission';
  if (/refused the connection/.test(reason)) return 'refused';
  if (/did not answer in time/.test(reason)) return 'timeout';
  if (/closed the connection|was lost/.test(reason)) return 'lost';
  if (state.retryInMs === undefined) return 'setting';
  return 'other';
}
