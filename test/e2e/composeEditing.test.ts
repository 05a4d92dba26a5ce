// Flow 1 in real VS Code: a Compose file with mistakes shows Dockside's findings in the Problems panel
// and as squiggles, completion offers the project's services in `depends_on`, hover shows the docs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from '../helpers/paths';
import { until } from '../helpers/until';
import { lineOf, useWorkbench } from '../helpers/vscode';

interface Finding {
  file: string;
  range: { start: { line: number; character: number } };
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

/** A rendered element's inline style (the tests are type-checked without the DOM's types). */
type Styled = { style: { top: string } };

const workbench = useWorkbench();

test('the Problems panel and the squiggles show what the CLI finds in examples/mistakes', { timeout: 120_000 }, () =>
  workbench().step('compose-editing', async () => {
    const vs = workbench();
    const { page } = vs;
    // The editor and the CLI share one core: every error and warning the CLI prints is in the panel,
    // at the same place. (VS Code lists hints as faded text in the editor, not in the panel.)
    const cli = spawnSync(
      process.execPath,
      [join(projectRoot, 'dist', 'cli.js'), 'validate', join(vs.workspace, 'mistakes'), '--format', 'json'],
      { encoding: 'utf8' },
    );
    const findings = (JSON.parse(cli.stdout) as Finding[]).filter((f) => f.severity === 'error' || f.severity === 'warning');
    assert.ok(findings.length >= 5, `the mistakes example should have errors and warnings: ${cli.stdout}${cli.stderr}`);

    await vs.open('mistakes/compose.yaml');
    const panel = await vs.showProblems();
    const rows = panel.locator('.monaco-list-row').filter({ hasText: /dockside\(?(compose|yaml)\// });
    await rows.filter({ hasText: 'Unknown key "imgae" in service "cache". Did you mean "image"?' }).waitFor();
    await rows.nth(findings.length - 1).waitFor();
    const shown = await rows.allTextContents();
    for (const f of findings) {
      const where = `[Ln ${f.range.start.line + 1}, Col ${f.range.start.character + 1}]`;
      assert.ok(
        shown.some((row) => row.includes(f.message) && row.replace(/[()]/g, '').includes(`dockside${f.code}`) && row.includes(where)),
        `Problems panel lacks ${f.code} ${where} "${f.message}"; it shows:\n${shown.join('\n')}`,
      );
    }
    assert.equal(shown.length, findings.length, `one row per finding:\n${shown.join('\n')}`);
    const badge = await page
      .locator('.part.panel .composite.title .action-item', { hasText: 'Problems' })
      .locator('.badge-content')
      .textContent();
    assert.equal(badge?.trim(), String(findings.length));

    // The squiggles: an error under the mistyped key, a warning under the Docker socket mount.
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    const squiggledLines = async (kind: 'error' | 'warning') =>
      editor
        .locator(`.view-overlays > div:has(.squiggly-${kind})`)
        .evaluateAll((divs) => divs.map((d) => (d as unknown as Styled).style.top));
    const lineTop = (text: string) => editor.locator('.view-line', { hasText: text }).evaluate((d) => (d as unknown as Styled).style.top);
    // The editor draws its decorations a frame at a time: wait for each line's squiggle, then check none is extra.
    await until('an error squiggle on the line of "imgae"', async () =>
      (await squiggledLines('error')).includes(await lineTop('imgae: redis:7')),
    );
    await until('a warning squiggle on the Docker socket mount', async () =>
      (await squiggledLines('warning')).includes(await lineTop('/var/run/docker.sock:/var/run/docker.sock')),
    );
    assert.ok(!(await squiggledLines('error')).includes(await lineTop('image: nginx:1.25')), 'a correct line is squiggled');

    // Hover on a key: its documentation from Dockside's schema, with the allowed values.
    await vs.goTo(lineOf(vs.workspace, 'mistakes/compose.yaml', 'restart: sometimes'), 5);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:visible', { hasText: 'What happens when a container exits' });
    await hover.waitFor();
    assert.match((await hover.textContent()) ?? '', /Allowed values: no, always, on-failure, unless-stopped/);
    await vs.screenshot('compose-editing');
    await page.keyboard.press('Escape');
  }),
);

test('completion in depends_on offers the other services of the project', { timeout: 60_000 }, () =>
  workbench().step('compose-completion', async () => {
    const vs = workbench();
    const { page } = vs;
    await vs.open('shop/compose.yaml');
    // A new key under web's `depends_on:`; web already waits for api.
    await vs.goTo(lineOf(vs.workspace, 'shop/compose.yaml', 'depends_on:'));
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('      ');
    await page.keyboard.press('Control+Space');
    const labels = page.locator('.suggest-widget.visible .monaco-list-row .label-name');
    await labels.first().waitFor();
    const offered = await labels.allTextContents();
    assert.ok(offered.includes('db') && offered.includes('debug'), `services db and debug not offered: ${offered.join(', ')}`);
    assert.ok(!offered.includes('web'), `web offered to wait for itself: ${offered.join(', ')}`);
    assert.ok(!offered.includes('api'), `api offered although web already waits for it: ${offered.join(', ')}`);
    await vs.screenshot('compose-completion');
    await page.keyboard.press('Escape');
  }),
);
