// Flow 2 in real VS Code: right-click a Compose file in the explorer → Convert to Task Definition. The
// task definition opens with no problems, and the report of what could not be carried over is shown;
// Save Beside the Source, offered in the result's editor title, puts the saved file in its place.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../helpers/paths';
import { renderedText, squeeze, useWorkbench, type Workbench } from '../helpers/vscode';

interface Loss {
  path: string;
  reason: string;
}

const workbench = useWorkbench();

test('Convert to Task Definition from the explorer opens a clean task definition and the report', { timeout: 120_000 }, () =>
  workbench().step('convert', async () => {
    const vs = workbench();
    const { page } = vs;
    const source = join(vs.workspace, 'shop', 'compose.yaml');
    // What the conversion reports, from the CLI on the same files: the editor must show the same report.
    const reportFile = join(vs.workspace, '..', 'report.json');
    const cli = spawnSync(
      process.execPath,
      [join(projectRoot, 'dist', 'cli.js'), 'convert', source, '--to', 'ecs', '--report', reportFile],
      { encoding: 'utf8' },
    );
    assert.equal(cli.status, 0, cli.stderr);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Record<'errors' | 'dropped' | 'approximated' | 'notes', Loss[]>;
    assert.equal(report.errors.length, 0, 'the shop example converts without errors');
    assert.ok(report.dropped.length > 0, 'the shop example has something Fargate cannot carry (its bind mount)');

    await vs.explorerRow('shop').click();
    await vs.contextMenu(vs.explorerRow('shop/compose.yaml'), 'Convert to Task Definition');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Fargate, one task definition' }).click();
    // The project has a profile: the pick offers it with the service it adds, not picked (as the CLI
    // converts without --profile); the services without a profile are always converted.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'debug' }).waitFor();
    assert.ok(
      report.notes.some((n) => n.path === 'services.debug.profiles'),
      'the report says the debug service is left out',
    );
    await page.keyboard.press('Enter');

    // The result opens beside the source, as an unsaved JSON document.
    await page.locator('.tab.active', { hasText: 'Untitled-1' }).waitFor();
    const result = page.locator('.editor-group-container.active .monaco-editor').first();
    await result.locator('.view-line', { hasText: '"family": "shop"' }).waitFor();
    assert.match(await renderedText(result), /"containerDefinitions": \[/);
    await page.locator('.notifications-toasts', { hasText: 'Converted; the report is in the Dockside Conversion output.' }).waitFor();

    // The report, in the Dockside Conversion output, from its first line.
    const output = page.locator('.part.panel .output-view .monaco-editor');
    await output.locator('.view-line', { hasText: 'services.' }).first().waitFor();
    // Scrolled to its top with the wheel: a click could land on a link to a source line.
    await output.hover();
    const header = output.locator('.view-line', { hasText: `Converted ${source} to ECS` });
    for (let i = 0; i < 40 && !(await header.isVisible()); i++) await page.mouse.wheel(0, -400);
    await header.waitFor();
    const shown = squeeze(await renderedText(output));
    assert.ok(
      shown.includes(squeeze(`Dropped (no counterpart) (${report.dropped.length}):`)),
      `no "Dropped" heading in the report:\n${shown}`,
    );
    const firstDrop = report.dropped[0]!;
    assert.ok(
      shown.includes(squeeze(`${firstDrop.path}: ${firstDrop.reason}`)),
      `the report lacks ${firstDrop.path}: ${firstDrop.reason}\n${shown}`,
    );
    await vs.screenshot('convert');

    // No problems for the task definition. The checker does look at it: a mistake typed into it shows up,
    // and undoing the mistake takes the problem away again.
    const panel = await vs.showProblems();
    const untitledRows = panel.locator('.monaco-list-row', { hasText: 'Untitled-1' });
    await page.locator('.tab', { hasText: 'Untitled-1' }).first().click();
    await vs.goTo(2, 3);
    await page.keyboard.type('"cpuu": "256", ');
    await panel.locator('.monaco-list-row', { hasText: 'cpuu' }).first().waitFor();
    for (let i = 0; i < 20 && (await renderedText(result)).includes('cpuu'); i++) await page.keyboard.press('Control+Z');
    assert.ok(!(await renderedText(result)).includes('cpuu'), 'undo did not take the typed mistake away');
    await untitledRows.first().waitFor({ state: 'detached' });
    assert.equal(await panel.locator('.monaco-list-row', { hasText: 'cpuu' }).count(), 0);
  }),
);

const saved = () => join(workbench().workspace, 'shop', 'shop.task-definition.json');
const saveBeside = (vs: Workbench) =>
  vs.page.locator('.editor-group-container.active .editor-actions .action-label[aria-label^="Save Beside the Source"]');

async function convertShop(vs: Workbench): Promise<void> {
  await vs.contextMenu(vs.explorerRow('shop/compose.yaml'), 'Convert to Task Definition');
  await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Fargate, one task definition' }).click();
  // The profiles pick, left as offered (debug not picked).
  await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'debug' }).waitFor();
  await vs.page.keyboard.press('Enter');
  await vs.page.locator('.tab.active', { hasText: /^Untitled-\d+/ }).waitFor();
  await vs.page.locator('.editor-group-container.active .view-line', { hasText: '"family": "shop"' }).waitFor();
}

test(
  "Save Beside the Source, offered in the result's editor title, puts the saved file in the Untitled editor's place",
  { timeout: 60_000 },
  () =>
    workbench().step('convert-save', async () => {
      const vs = workbench();
      const { page } = vs;
      // The result of the first test is still open and unsaved, long after its notification: the action
      // stays on it, in its editor title and as a CodeLens on its first line.
      await page.locator('.tab', { hasText: 'Untitled-1' }).first().click();
      const result = page.locator('.editor-group-container.active .monaco-editor').first();
      await result.locator('.codelens-decoration', { hasText: 'Save Beside the Source as shop.task-definition.json' }).waitFor();
      const columns = await page.locator('.editor-group-container').count();
      // What the CLI converts the same file to, which is what the editor shows.
      const cli = spawnSync(
        process.execPath,
        [join(projectRoot, 'dist', 'cli.js'), 'convert', join(vs.workspace, 'shop', 'compose.yaml'), '--to', 'ecs'],
        {
          encoding: 'utf8',
        },
      );
      assert.equal(cli.status, 0, cli.stderr);
      await saveBeside(vs).click();

      // The saved file opens where the Untitled editor was, which closes without asking to save.
      await page.locator('.editor-group-container.active .tab.active', { hasText: 'shop.task-definition.json' }).waitFor();
      await page.locator('.tab', { hasText: 'Untitled-1' }).waitFor({ state: 'detached' });
      assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'closing the Untitled editor asked something');
      assert.equal(await page.locator('.editor-group-container').count(), columns, 'saving opened another editor column');
      assert.equal(await page.locator('.tab', { hasText: 'shop.task-definition.json' }).count(), 1);
      assert.equal(await page.locator('.tab.dirty').count(), 0, 'an editor is left unsaved');
      assert.deepEqual(JSON.parse(readFileSync(saved(), 'utf8')), JSON.parse(cli.stdout));
      // A saved file is no conversion result: the action is gone from its title.
      await saveBeside(vs).waitFor({ state: 'detached' });
    }),
);

test('Save Beside the Source asks before replacing a file, and saves what the editor holds', { timeout: 60_000 }, () =>
  workbench().step('convert-replace', async () => {
    const vs = workbench();
    const { page } = vs;
    const before = readFileSync(saved(), 'utf8');
    await convertShop(vs);
    // An edit made to the result before saving is saved with it.
    await vs.goTo(2, 3);
    await page.keyboard.type('"tags": [], ');
    await page.locator('.editor-group-container.active .view-line', { hasText: '"tags": [], "family"' }).waitFor();

    const question = 'shop.task-definition.json already exists beside compose.yaml. Replace it?';
    await saveBeside(vs).click();
    await vs.answerDialog(question, 'Cancel');
    assert.equal(readFileSync(saved(), 'utf8'), before, 'the file was replaced though the answer was Cancel');
    await page.locator('.tab.active', { hasText: /^Untitled-\d+/ }).waitFor();

    await saveBeside(vs).click();
    await vs.answerDialog(question, 'Replace');
    await page.locator('.editor-group-container.active .tab.active', { hasText: 'shop.task-definition.json' }).waitFor();
    await page.locator('.tab', { hasText: /^Untitled-/ }).waitFor({ state: 'detached' });
    assert.deepEqual((JSON.parse(readFileSync(saved(), 'utf8')) as { tags?: unknown }).tags, []);
  }),
);

test(
  'Convert to Compose File on an unsaved task definition (a conversion result) converts what the editor holds',
  { timeout: 60_000 },
  () =>
    workbench().step('convert-unsaved', async () => {
      const vs = workbench();
      const { page } = vs;
      await convertShop(vs);
      const activeTab = page.locator('.editor-group-container.active .tab.active');
      const definition = (await activeTab.innerText()).trim();
      await vs.runCommand('Dockside: Convert to Compose File');

      // Its Compose file opens as a new Untitled editor (named after its first line), with the services the task definition holds
      // (the first two: the editor renders only the lines in view).
      await activeTab.filter({ hasText: 'name: shop' }).waitFor();
      const result = page.locator('.editor-group-container.active .monaco-editor').first();
      for (const service of ['web', 'api']) await result.locator('.view-line', { hasText: new RegExp(`^\\s{2}${service}:$`) }).waitFor();
      const toast = page.locator('.notifications-toasts .notification-toast', {
        hasText: 'Converted; the report is in the Dockside Conversion output.',
      });
      // Nothing on disk to save beside: the result is saved as any Untitled editor is. (The conversion to a
      // task definition just before left its own message, which does offer it.)
      await toast.filter({ hasNotText: 'Save Beside the Source' }).waitFor();
      // The report (its end in view) locates what was not carried over exactly in the unsaved document, by its name.
      await page
        .locator('.part.panel .output-view .view-line', { hasText: new RegExp(`^\\s*${definition}:\\d+\\s+\\w`) })
        .first()
        .waitFor();
    }),
);
