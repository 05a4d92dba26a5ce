// Save Beside the Source: a conversion's result opens as an Untitled document, and this writes it next to
// the file it came from (asking before it replaces one) and puts the saved file where the Untitled editor
// was, closing that without a "save changes?" prompt: its text is on disk now. Offered where it stays
// while the result is open — the result's editor title and a CodeLens on its first line — as well as in
// the conversion's notification.
import * as vscode from 'vscode';

/** The context key listing the open results (their `untitled:` URIs); the editor-title entry matches `resource in` it. */
const RESULTS_KEY = 'dockside.conversionResults';

interface Result {
  readonly document: vscode.TextDocument;
  readonly source: vscode.Uri;
  /** The file name the converter gave it (`shop.task-definition.json`, `compose.from-ecs.yaml`). */
  readonly name: string;
}

export class ConversionResults implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly results = new Map<string, Result>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly disposable: vscode.Disposable;

  constructor() {
    this.disposable = vscode.Disposable.from(
      this.lensesChanged,
      vscode.languages.registerCodeLensProvider({ scheme: 'untitled' }, this),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget([document.uri])),
      vscode.commands.registerCommand('dockside.conversion.saveBeside', (target?: vscode.Uri) => this.saveFromEditor(target)),
    );
  }

  /** Offers Save Beside the Source on `document`, a result converted from `source`. */
  add(document: vscode.TextDocument, source: vscode.Uri, name: string): void {
    this.results.set(document.uri.toString(), { document, source, name });
    this.changed();
  }

  /** Saves every result of `documents` that is still open and unsaved (the notification's button). */
  async saveAll(documents: readonly vscode.TextDocument[]): Promise<void> {
    for (const document of documents) {
      const result = this.results.get(document.uri.toString());
      if (result) await this.save(result);
    }
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const result = this.results.get(document.uri.toString());
    if (!result) return [];
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: `$(save) Save Beside the Source as ${result.name}`,
        tooltip: `Writes ${vscode.workspace.asRelativePath(targetOf(result))} and opens it in place of this Untitled editor`,
        command: 'dockside.conversion.saveBeside',
        arguments: [document.uri],
      }),
    ];
  }

  dispose(): void {
    this.results.clear();
    void vscode.commands.executeCommand('setContext', RESULTS_KEY, []);
    this.disposable.dispose();
  }

  /** From the editor title (the editor's resource), the CodeLens (the document) or the palette (the active editor). */
  private async saveFromEditor(target: vscode.Uri | undefined): Promise<void> {
    const uri = target ?? vscode.window.activeTextEditor?.document.uri;
    const result = uri && this.results.get(uri.toString());
    if (!result) {
      void vscode.window.showInformationMessage(
        'Save Beside the Source saves the Untitled result of Convert to Task Definition or Convert to Compose File; this editor is not one.',
      );
      return;
    }
    try {
      await this.save(result);
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Dockside could not save ${result.name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async save(result: Result): Promise<void> {
    const target = targetOf(result);
    const exists = await vscode.workspace.fs.stat(target).then(
      () => true,
      () => false,
    );
    if (exists) {
      const replace = 'Replace';
      const answer = await vscode.window.showWarningMessage(
        `${result.name} already exists beside ${basename(result.source)}. Replace it?`,
        { modal: true },
        replace,
      );
      if (answer !== replace) return;
    }
    // What the editor holds, with any change made to the result since it opened.
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.document.getText()));
    await this.replaceEditors(result.document, target);
  }

  /** Opens `target` in the Untitled document's column, right beside it, then closes the Untitled editors unprompted. */
  private async replaceEditors(document: vscode.TextDocument, target: vscode.Uri): Promise<void> {
    const tabs = tabsOf(document.uri);
    const column = (tabs.find((t) => t.group.isActive) ?? tabs[0])?.group.viewColumn ?? vscode.ViewColumn.Active;
    this.forget([document.uri]);
    await vscode.window.showTextDocument(document, { viewColumn: column, preview: false });
    await vscode.window.showTextDocument(target, { viewColumn: column, preview: false });
    // Closing asks "save changes?" for an Untitled document that has text; reverting it first does not.
    await vscode.window.showTextDocument(document, { viewColumn: column, preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    // The same document split into other columns: reverted above, so these close without asking too.
    const rest = tabsOf(document.uri);
    if (rest.length > 0) await vscode.window.tabGroups.close(rest);
    await vscode.window.showTextDocument(target, { viewColumn: column, preview: false });
  }

  private forget(uris: readonly vscode.Uri[]): void {
    let removed = false;
    for (const uri of uris) removed = this.results.delete(uri.toString()) || removed;
    if (removed) this.changed();
  }

  private changed(): void {
    void vscode.commands.executeCommand('setContext', RESULTS_KEY, [...this.results.keys()]);
    this.lensesChanged.fire();
  }
}

function targetOf(result: Result): vscode.Uri {
  return vscode.Uri.joinPath(result.source, '..', result.name);
}

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

function tabsOf(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) =>
    group.tabs.filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()),
  );
}
