// The language client's lifecycle and what the language server gives the sidebar, in real VS Code:
// "Run all" / "Run service" lenses on a Compose file while the engine is connected, hovers on a named
// volume (its live state) and a bind mount's source (what is on the host), lenses that follow a change
// of `dockside.compose.files`, and restarts that leave no error in the Dockside output.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lineOf, useWorkbench, UI_TIMEOUT, type Workbench } from '../helpers/vscode';

const compose = `name: lifecycle-e2e
services:
  web:
    image: nginx
    volumes:
      - ./site:/usr/share/nginx/html:ro
      - data:/data
  worker:
    image: busybox
volumes:
  data:
`;
// A YAML file whose name no default pattern of dockside.compose.files matches.
const stack = `services:
  app:
    image: busybox
`;

const workbench = useWorkbench({
  files: { 'lifecycle/compose.yaml': compose, 'lifecycle/site/index.html': '<p>hello</p>\n', 'lifecycle/stack.yml': stack },
});

/** The lenses VS Code shows in the active editor, by their text. */
async function lensTexts(vs: Workbench): Promise<string[]> {
  const lenses = vs.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration');
  return (await lenses.allTextContents()).map((text) => text.trim());
}

/** Hovers at a place of the active editor (Ctrl+K Ctrl+I) and returns the hover once it shows `expected`. */
async function hoverAt(vs: Workbench, line: number, column: number, expected: string): Promise<string> {
  // The pointer away from the text, so that no hover of the mouse's stands in for the keyboard's.
  await vs.page.mouse.move(0, 0);
  await vs.goTo(line, column);
  await vs.page.keyboard.press('Control+K');
  await vs.page.keyboard.press('Control+I');
  const hover = vs.page.locator('.monaco-hover:visible', { hasText: expected });
  await hover.waitFor().catch(async (error: Error) => {
    const shown = await vs.page.locator('.monaco-hover').allTextContents();
    throw new Error(`${error.message}\nhovers: ${shown.join(' | ')}\nthe Dockside output:\n${docksideOutput(vs)}`);
  });
  const text = (await hover.textContent()) ?? '';
  await vs.page.keyboard.press('Escape');
  await hover.waitFor({ state: 'hidden' });
  return text;
}

/** Every output channel log of the Dockside channel VS Code keeps under its data folder. */
function docksideOutput(vs: Workbench): string {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/^\d+-Dockside\.log$/.test(name)) found.push(readFileSync(path, 'utf8'));
    }
  };
  walk(vs.server.dataDir);
  return found.join('\n');
}

/** Waits until the Dockside output has a line matching `line`; returns the whole output. */
async function untilOutputHas(vs: Workbench, line: RegExp): Promise<string> {
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    const output = docksideOutput(vs);
    if (output.split('\n').some((l) => line.test(l))) return output;
    if (Date.now() > deadline) assert.fail(`the Dockside output never had a line matching ${line}:\n${output}`);
    await vs.page.waitForTimeout(200);
  }
}

test('with the engine connected, a Compose file has Run lenses; hovers show the live volume and the host path', { timeout: 120_000 }, () =>
  workbench().step('lifecycle-lenses', async () => {
    const vs = workbench();
    await vs.open('lifecycle/compose.yaml');
    const editor = vs.page.locator('.editor-group-container.active .monaco-editor');
    await editor.locator('.codelens-decoration', { hasText: 'Run all' }).waitFor();
    await editor.locator('.codelens-decoration', { hasText: 'Run service' }).nth(1).waitFor();
    const lenses = await lensTexts(vs);
    assert.deepEqual(
      lenses.filter((l) => /Run (all|service)/.test(l)),
      ['Run all', 'Run service', 'Run service'],
      `lenses: ${lenses.join(' | ')}`,
    );

    const bindLine = lineOf(vs.workspace, 'lifecycle/compose.yaml', '- ./site');
    const bind = await hoverAt(vs, bindLine, 11, 'Bind mount');
    assert.match(bind, new RegExp(`of the host path ${join(vs.workspace, 'lifecycle', 'site')} \\(written \\./site\\)`));
    assert.match(bind, /On this machine it is a folder\./);
    const volumeLine = lineOf(vs.workspace, 'lifecycle/compose.yaml', '- data:/data');
    const volume = await hoverAt(vs, volumeLine, 10, 'on the Docker Engine');
    assert.match(volume, /Volume lifecycle-e2e_data on the Docker Engine/);
    assert.match(volume, /Does not exist yet: up creates it\./);

    await vs.screenshot('lifecycle-lenses');
  }),
);

test(
  'dockside.compose.files: a YAML file gains its lenses when a pattern names it, and loses them when none does',
  { timeout: 120_000 },
  () =>
    workbench().step('lifecycle-compose-files', async () => {
      const vs = workbench();
      await vs.open('lifecycle/stack.yml');
      const editor = vs.page.locator('.editor-group-container.active .monaco-editor');
      const runAll = editor.locator('.codelens-decoration', { hasText: 'Run all' });
      // Not a Compose file by default: the compose.yaml beside it has its lenses, this one has none.
      await editor.locator('.view-line', { hasText: 'image: busybox' }).waitFor();
      assert.equal(await runAll.count(), 0);

      const settings = join(vs.workspace, '.vscode', 'settings.json');
      mkdirSync(join(vs.workspace, '.vscode'), { recursive: true });
      writeFileSync(settings, `${JSON.stringify({ 'dockside.compose.files': ['compose.yaml', 'stack.yml'] }, null, 2)}\n`);
      await runAll.waitFor();
      await editor.locator('.codelens-decoration', { hasText: 'Run service' }).waitFor();
      await vs.screenshot('lifecycle-compose-files');

      writeFileSync(settings, '{}\n');
      await runAll.waitFor({ state: 'detached' });
      assert.deepEqual(
        (await lensTexts(vs)).filter((l) => /Run (all|service)/.test(l)),
        [],
      );
    }),
);

test(
  'a restart of the language server is not an error: the Dockside output says why it restarted, and shows no [Error] line',
  { timeout: 120_000 },
  () =>
    workbench().step('lifecycle-restart', async () => {
      const vs = workbench();
      // The two restarts of the test before, and one asked for from the Command Palette.
      await vs.runCommand('Dockside: Restart Language Server');
      const output = await untilOutputHas(vs, /Restarting the language server: asked for\./);
      await untilOutputHas(vs, /Restarting the language server: dockside\.compose\.files changed\./);
      // Each stop's exit: as information, no longer as "[Error] Server process exited with code 0."
      await untilOutputHas(vs, /^\[Info\s+- .*\] Server process exited with code 0\.$/);
      const errors = docksideOutput(vs)
        .split('\n')
        .filter((line) => line.startsWith('[Error'));
      assert.deepEqual(errors, [], `the Dockside output:\n${output}`);

      // The restarted server answers: the Compose file still has its lenses.
      await vs.open('lifecycle/compose.yaml');
      await vs.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration', { hasText: 'Run all' }).waitFor();
    }),
);
