// The engine's status-bar item and the context keys the views' welcome content and menus read.
import * as vscode from 'vscode';
import type { EngineSession, EngineState } from '@dockside/engine';
import { engineProblem, engineStatus } from './statusModel';

export function registerEngineStatus(session: EngineSession): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('dockside.engine', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Dockside: Docker Engine';
  const show = (state: EngineState): void => {
    const view = engineStatus(state);
    item.text = view.text;
    item.tooltip = new vscode.MarkdownString(view.tooltip, true);
    item.command = view.command;
    item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    void vscode.commands.executeCommand('setContext', 'dockside.engine.state', state.kind);
    void vscode.commands.executeCommand('setContext', 'dockside.engine.problem', engineProblem(state));
  };
  show(session.state);
  item.show();
  const subscription = session.onDidChangeState(show);
  return vscode.Disposable.from(item, { dispose: () => subscription.dispose() });
}
