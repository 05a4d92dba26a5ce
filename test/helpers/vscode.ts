// What the end-to-end suites under test/e2e share: real VS Code (code-server, see scripts/code-server.mjs)
// with the packaged dist/dockside.vsix installed, on a copy of examples/ in a temp folder, driven by a
// real browser (Debian's chromium through playwright-core) the way a user drives it: Quick Open, menus,
// the keyboard, the Problems and Output panels. test/run.mjs installs code-server and chromium when
// missing and packages the .vsix before these suites run.
//
// Screenshots go to .test-tmp/e2e/<name>.png; with DOCKSIDE_SCREENSHOTS=1 (npm run screenshots) also
// to docs/screenshots/<name>.png, which the README shows. A failed step leaves <name>-failure.png.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ensureChromium, startCodeServer, type CodeServer } from '../../scripts/code-server.mjs';
import { projectRoot } from './paths';

export const vsix = join(projectRoot, 'dist', 'dockside.vsix');
export const screenshotDir = join(projectRoot, '.test-tmp', 'e2e');
export const docsScreenshotDir = join(projectRoot, 'docs', 'screenshots');

/** How long one UI expectation may take: the language server, a conversion, an engine call. */
export const UI_TIMEOUT = 30_000;

export interface Workbench {
  page: Page;
  /** The examples/ copy VS Code has open. */
  workspace: string;
  server: CodeServer;
  /** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor tab. */
  open(relativePath: string): Promise<void>;
  /** Moves the cursor of the active editor with Go to Line (Ctrl+G). */
  goTo(line: number, column?: number): Promise<void>;
  /** Shows the Problems panel (it toggles, so only when hidden). */
  showProblems(): Promise<Locator>;
  /** The explorer's row for a workspace file or folder. */
  explorerRow(relativePath: string): Locator;
  /** Runs a step; on failure saves <name>-failure.png and adds where code-server's log is. */
  step<T>(name: string, body: () => Promise<T>): Promise<T>;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/** Starts code-server with Dockside on a fresh copy of examples/ and opens it in chromium, trusted. */
export async function openWorkbench(): Promise<Workbench> {
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run the end-to-end tests through test/run.mjs (npm test), which packages it first`);
  const executablePath = ensureChromium();
  const temp = mkdtempSync(join(tmpdir(), 'dockside-e2e-'));
  const workspace = join(temp, 'examples');
  cpSync(join(projectRoot, 'examples'), workspace, { recursive: true });
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(temp, { recursive: true, force: true });
  };
  try {
    server = await startCodeServer({ folder: workspace, vsix, log: () => undefined });
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.goto(server.folderUrl);
    // Workspace trust is on, as for users: trust the folder in the dialog VS Code opens with.
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Yes, I trust the authors' }).click({ timeout: 60_000 });
    await page.locator('.monaco-dialog-box').waitFor({ state: 'detached' });
    return makeWorkbench(page, workspace, server as CodeServer, close);
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * One workbench for the tests of a file: opened before the first, closed after the last. Returns a
 * getter, since the workbench exists only once the tests run.
 */
export function useWorkbench(): () => Workbench {
  let workbench: Workbench | undefined;
  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench?.close();
  });
  return () => {
    if (!workbench) throw new Error('the workbench did not open; see the error of the before hook');
    return workbench;
  };
}

function makeWorkbench(page: Page, workspace: string, server: CodeServer, close: () => Promise<void>): Workbench {
  const quickInput = page.locator('.quick-input-widget input');
  const screenshot = async (name: string) => {
    mkdirSync(screenshotDir, { recursive: true });
    const path = join(screenshotDir, `${name}.png`);
    await page.screenshot({ path });
    if (process.env.DOCKSIDE_SCREENSHOTS === '1' && !name.endsWith('-failure')) {
      mkdirSync(docsScreenshotDir, { recursive: true });
      copyFileSync(path, join(docsScreenshotDir, `${name}.png`));
    }
  };
  return {
    page,
    workspace,
    server,
    async open(relativePath) {
      const name = basename(relativePath);
      const folder = dirname(relativePath);
      await page.keyboard.press('Control+P');
      await quickInput.fill(relativePath);
      let row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name });
      if (folder !== '.') row = row.filter({ hasText: folder });
      await row.first().click();
      await page.locator('.tab.active', { hasText: name }).waitFor();
      // Tabs name the folder only when two names collide; the breadcrumbs always do.
      const crumbs = page.locator('.editor-group-container.active .breadcrumbs-control');
      await crumbs.filter({ hasText: [...folder.split('/').filter((p) => p !== '.'), name].join('') }).waitFor();
    },
    async goTo(line, column) {
      await page.keyboard.press('Control+G');
      await quickInput.fill(`:${line}${column ? `:${column}` : ''}`);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    },
    async showProblems() {
      const panel = page.locator('.markers-panel');
      if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
      await panel.waitFor();
      return panel;
    },
    explorerRow(relativePath) {
      return page.locator(`.explorer-folders-view .monaco-list-row:has(.monaco-icon-label[aria-label="${join(workspace, relativePath)}"])`);
    },
    async step(name, body) {
      try {
        return await body();
      } catch (error) {
        await screenshot(`${name}-failure`).catch(() => undefined);
        if (error instanceof Error) error.message += `\n(screenshot: ${join(screenshotDir, `${name}-failure.png`)}; code-server log: ${server.log})`;
        throw error;
      }
    },
    screenshot,
    close,
  };
}

/** The 1-based number of the first line of a workspace file whose trimmed text starts with `start`. */
export function lineOf(workspace: string, relativePath: string, start: string): number {
  const index = readFileSync(join(workspace, relativePath), 'utf8').split('\n').findIndex((l) => l.trim().startsWith(start));
  if (index < 0) throw new Error(`${relativePath} has no line starting with ${start}`);
  return index + 1;
}

/** The text of a Monaco view (an editor, the Output panel) as rendered, without the line breaks wrapping adds. */
export async function renderedText(view: Locator): Promise<string> {
  const lines = await view.locator('.view-line').allTextContents();
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/** Text with every run of white space removed, to compare a report with its wrapped rendering. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}
