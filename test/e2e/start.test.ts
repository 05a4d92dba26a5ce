// `npm start` in real VS Code: it opens a fresh copy of examples/ in a temp folder, so what a newcomer types
// while trying Dockside out (VS Code for the Web saves by itself) goes to the copy, and the repository's
// examples/ stays byte for byte as it was. The test starts what npm start starts, through the same function.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { examples, startOnExamples } from '../../scripts/start.mjs';
import { projectRoot } from '../helpers/paths';
import { until } from '../helpers/until';
import { openInBrowser, UI_TIMEOUT } from '../helpers/vscode';

/** Every file under `folder`, dotfiles included, by path relative to it, with its bytes. */
function files(folder: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.set(relative(folder, path), readFileSync(path));
    }
  };
  walk(folder);
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
}

test(
  'npm start opens a copy of examples/: what is typed in a Compose file is saved to the copy, and examples/ stays as it is',
  { timeout: 180_000 },
  async () => {
    const before = files(examples);
    for (const kept of ['shop/.env', 'shop/compose.override.yaml', 'shop/compose.production.yaml'])
      assert.ok(before.has(kept), `examples/ has no ${kept}`);

    // The extension's local ECS state goes in the run's own folder, not the user's data folder.
    const data = mkdtempSync(join(tmpdir(), 'dockside-start-data-'));
    const { folder, server } = await startOnExamples({ log: () => undefined, env: { XDG_DATA_HOME: data } });
    const vs = await openInBrowser(server, folder, async () => {
      await server.stop();
      rmSync(dirname(folder), { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    });
    try {
      await vs.step('start-copy', async () => {
        // A copy outside the repository, of every file (.env and the override files included), and it is what VS Code opened.
        assert.match(relative(projectRoot, folder), /^\.\.\//, `the copy ${folder} is inside the repository`);
        assert.deepEqual([...files(folder).keys()], [...before.keys()]);
        assert.deepEqual(files(folder), before);
        assert.equal(new URL(server.folderUrl).searchParams.get('folder'), folder);

        await vs.open('shop/compose.yaml');
        await vs.page.keyboard.press('Control+Home');
        await vs.page.keyboard.type('# typed while trying Dockside out');
        await vs.page.keyboard.press('Enter');
        // No Ctrl+S: VS Code for the Web saves by itself a moment after the last key.
        const copy = join(folder, 'shop', 'compose.yaml');
        const expected = `# typed while trying Dockside out\n${before.get('shop/compose.yaml')!.toString('utf8')}`;
        await until(
          () => `VS Code to save the edit to the copy, which reads:\n${readFileSync(copy, 'utf8')}`,
          () => readFileSync(copy, 'utf8') === expected,
          UI_TIMEOUT,
          100,
        );
        await vs.page.locator('.tab.active:not(.dirty)', { hasText: 'compose.yaml' }).waitFor();

        // The repository's examples/: the same files, byte for byte.
        const after = files(examples);
        assert.deepEqual([...after.keys()], [...before.keys()]);
        for (const [path, bytes] of before) assert.ok(after.get(path)!.equals(bytes), `examples/${path} changed`);
      });
    } finally {
      await vs.close();
    }
  },
);
