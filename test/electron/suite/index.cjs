// The extension-host suite `npm run test:electron` runs inside VS Code desktop (see ../run.mjs): the
// extension's API-level behaviour through VS Code's own providers, without a UI. Plain CommonJS, as the
// extension host loads it with require(); no test framework, each check throws on failure.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

const workspace = () => vscode.workspace.workspaceFolders[0].uri.fsPath;

/** The diagnostics of `uri` once `ready` accepts them (the server publishes them after opening). */
function diagnosticsOf(uri, ready, timeout = 20_000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const list = vscode.languages.getDiagnostics(uri);
      if (ready(list)) {
        listener.dispose();
        clearTimeout(timer);
        resolve(list);
      }
    };
    const listener = vscode.languages.onDidChangeDiagnostics(check);
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`no diagnostics for ${uri.fsPath} within ${timeout} ms: ${JSON.stringify(vscode.languages.getDiagnostics(uri))}`));
    }, timeout);
    check();
  });
}

const checks = {
  async 'the extension activates and contributes its commands'() {
    const extension = vscode.extensions.getExtension('dockside.dockside');
    assert.ok(extension, 'dockside.dockside is not installed');
    await extension.activate();
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
      'dockside.compose.convertToTaskDefinition',
      'dockside.taskDefinition.convertToCompose',
      'dockside.compose.showEffectiveConfiguration',
    ]) {
      assert.ok(commands.includes(id), `${id} is not registered`);
    }
  },

  async 'a Compose file with mistakes gets its diagnostics'() {
    const uri = vscode.Uri.file(path.join(workspace(), 'mistakes', 'compose.yaml'));
    await vscode.window.showTextDocument(uri);
    const list = await diagnosticsOf(uri, (l) => l.some((d) => d.source === 'dockside'));
    const typo = list.find((d) => d.message === 'Unknown key "imgae" in service "cache". Did you mean "image"?');
    assert.ok(typo, `no diagnostic for the "imgae" typo: ${list.map((d) => d.message).join('\n')}`);
    assert.equal(typo.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(typo.range.start.line, 16);
    assert.ok(
      list.some((d) => d.code === 'compose/undefined-network' || d.code?.value === 'compose/undefined-network'),
      'no compose/undefined-network',
    );
  },

  async 'completion in depends_on offers the other services, hover explains a key'() {
    const uri = vscode.Uri.file(path.join(workspace(), 'shop', 'compose.yaml'));
    const editor = await vscode.window.showTextDocument(uri);
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.trim() === 'depends_on:');
    assert.ok(line >= 0, 'shop/compose.yaml has no depends_on mapping');
    await editor.edit((edit) => edit.insert(new vscode.Position(line + 1, 0), '      \n'));
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, new vscode.Position(line + 1, 6));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('db') && labels.includes('debug'), `services not offered: ${labels.join(', ')}`);
    assert.ok(!labels.includes('web'), 'a service offered to wait for itself');
    await vscode.commands.executeCommand('undo');

    const init = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.trim() === 'init: true');
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(init, 5));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /init/i, `no documentation for "init" on line ${init + 1}: ${text}`);
  },
};

async function run() {
  const failures = [];
  for (const [name, check] of Object.entries(checks)) {
    try {
      await check();
      console.log(`✔ ${name}`);
    } catch (error) {
      console.log(`✖ ${name}\n${error.stack ?? error}`);
      failures.push(name);
    }
  }
  if (failures.length) throw new Error(`${failures.length} of ${Object.keys(checks).length} checks failed: ${failures.join('; ')}`);
}

module.exports = { run };
