// What the end-to-end suites under test/e2e share: real VS Code (code-server, see scripts/code-server.mjs)
// with the packaged dist/dockside.vsix installed, on a copy of examples/ in a temp folder, driven by a
// real browser (Debian's chromium through playwright-core) the way a user drives it: Quick Open, menus,
// the keyboard, the Problems and Output panels. test/run.mjs installs code-server and chromium when
// missing and packages the .vsix before these suites run.
//
// Screenshots go to .test-tmp/e2e/<name>.png; with DOCKSIDE_SCREENSHOTS=1 (npm run screenshots) those
// the README shows also to docs/screenshots/<name>.png. A failed step leaves <name>-failure.png.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ensureChromium, startCodeServer, type CodeServer } from '../../scripts/code-server.mjs';
import { projectRoot } from './paths';

export const vsix = join(projectRoot, 'dist', 'dockside.vsix');
export const screenshotDir = join(projectRoot, '.test-tmp', 'e2e');
export const docsScreenshotDir = join(projectRoot, 'docs', 'screenshots');
/** `npm run screenshots`: the flows run on examples/ exactly as a newcomer sees them, for the README. */
export const takingScreenshots = process.env.DOCKSIDE_SCREENSHOTS === '1';
/** The screenshots the README shows (`docs/screenshots/<name>.png`): the only ones a screenshot run copies there. */
const readmeScreenshots = (): Set<string> =>
  new Set([...readFileSync(join(projectRoot, 'README.md'), 'utf8').matchAll(/docs\/screenshots\/([\w-]+)\.png/g)].map((m) => m[1]!));

/** How long one UI expectation may take: the language server, a conversion, an engine call. */
export const UI_TIMEOUT = 30_000;

export interface Workbench {
  page: Page;
  /** The examples/ copy VS Code has open. */
  workspace: string;
  server: CodeServer;
  /** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor tab. */
  open(relativePath: string): Promise<void>;
  /** The quick pick or input box titled `title` (one widget serves them all: the title tells which is up). */
  quickInputTitled(title: string | RegExp): Locator;
  /** Runs the command titled `title` ("Dockside: Restart Language Server") from the Command Palette. */
  runCommand(title: string): Promise<void>;
  /** Moves the cursor of the active editor with Go to Line (Ctrl+G). */
  goTo(line: number, column?: number): Promise<void>;
  /** Shows the Problems panel (it toggles, so only when hidden). */
  showProblems(): Promise<Locator>;
  /** The explorer's row for a workspace file or folder. */
  explorerRow(relativePath: string): Locator;
  /** Shows the activity bar's view container titled `title` (clicking it when shown would hide it). */
  showViewContainer(title: string): Promise<void>;
  /**
   * The side bar's tree row whose label is exactly `label` (its description follows in the row's text),
   * in the view titled `view` when given (on a shared engine another view may list the same name).
   */
  sidebarRow(label: string, view?: string): Locator;
  /**
   * Folds (or unfolds) the side bar's views whose titles start with each of `views`, clicking only those
   * not already so: a view's list draws only the rows it has room for, so a test gives the side bar to
   * the views it reads.
   */
  foldViews(views: string[], folded?: boolean): Promise<void>;
  /** Expands a tree row (once) and waits until it is. */
  expand(row: Locator): Promise<void>;
  /** Right-clicks `target` and runs the context-menu item titled exactly `title`. */
  contextMenu(target: Locator, title: string): Promise<void>;
  /**
   * Runs a context-menu item and waits for `shows`, what the item brings up. A view that refreshes
   * closes an open context menu, taking the pick with it (views following the engine refresh on every
   * engine event, other processes' included); the user then opens the menu again, and so does this.
   */
  fromContextMenu(target: Locator, title: string, shows: Locator): Promise<void>;
  /** Answers VS Code's modal dialog whose text has `text` with the button `button`. */
  answerDialog(text: string, button: string): Promise<void>;
  /** Runs a step; on failure saves <name>-failure.png and adds where code-server's log is. */
  step<T>(name: string, body: () => Promise<T>): Promise<T>;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

// The terminal draws on a canvas unless told otherwise; its DOM renderer leaves the text readable.
const E2E_SETTINGS = { 'terminal.integrated.gpuAcceleration': 'off' };

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export interface WorkbenchOptions {
  /** User settings on top of scripts/code-server.mjs's USER_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Files to add to the examples/ copy before VS Code opens it: relative path → text. */
  files?: Record<string, string>;
  /** Added to the environment code-server (and so the extension host) runs in. */
  env?: Record<string, string>;
}

/** Starts code-server with Dockside on a fresh copy of examples/ and opens it in chromium, trusted. */
export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  if (!existsSync(vsix))
    throw new Error(`${vsix} is missing: run the end-to-end tests through test/run.mjs (npm test), which packages it first`);
  ensureChromium();
  const temp = mkdtempSync(join(tmpdir(), 'dockside-e2e-'));
  const workspace = join(temp, 'examples');
  cpSync(join(projectRoot, 'examples'), workspace, { recursive: true });
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  let server: CodeServer;
  try {
    server = await startCodeServer({
      folder: workspace,
      vsix,
      settings: { ...E2E_SETTINGS, ...options.settings },
      log: () => undefined,
      // The extension's local ECS state goes in the run's own data folder, not the user's.
      env: { XDG_DATA_HOME: join(temp, 'xdg-data'), ...options.env },
    });
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  return openInBrowser(server, workspace, async () => {
    await server.stop();
    rmSync(temp, { recursive: true, force: true });
  });
}

/**
 * Opens VS Code as served by `server` (started on `workspace`) in chromium and trusts the folder.
 * `cleanup` runs when the workbench closes, after the browser, or at once when it cannot open.
 */
export async function openInBrowser(server: CodeServer, workspace: string, cleanup: () => Promise<void>): Promise<Workbench> {
  const executablePath = ensureChromium();
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await cleanup();
  };
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT);
    await page.goto(server.folderUrl);
    // Workspace trust is on, as for users: trust the folder in the dialog VS Code opens with.
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Yes, I trust the authors' }).click({ timeout: 60_000 });
    await page.locator('.monaco-dialog-box').waitFor({ state: 'detached' });
    return makeWorkbench(page, workspace, server, close);
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * One workbench for the tests of a file: opened before the first, closed after the last. Returns a
 * getter, since the workbench exists only once the tests run. Options that take work to find (a free
 * port) can be a function, called when the workbench opens.
 */
export function useWorkbench(options: WorkbenchOptions | (() => Promise<WorkbenchOptions>) = {}): () => Workbench {
  let workbench: Workbench | undefined;
  before(async () => {
    workbench = await openWorkbench(typeof options === 'function' ? await options() : options);
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
  const editorFocused = page.locator('.editor-group-container.active .monaco-editor.focused');
  const screenshot = async (name: string) => {
    mkdirSync(screenshotDir, { recursive: true });
    const path = join(screenshotDir, `${name}.png`);
    await page.screenshot({ path });
    if (takingScreenshots && readmeScreenshots().has(name)) {
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
      // Quick Open hands the focus to the editor a moment after the tab shows: keys typed before then are lost.
      await editorFocused.waitFor();
    },
    quickInputTitled(title) {
      return page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
    },
    async runCommand(title) {
      await page.keyboard.press('F1');
      await quickInput.fill(`>${title}`);
      const command = title.split(': ').pop()!;
      await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().click();
    },
    async goTo(line, column) {
      await page.keyboard.press('Control+G');
      await quickInput.fill(`:${line}${column ? `:${column}` : ''}`);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      await editorFocused.waitFor();
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
    async showViewContainer(title) {
      const tab = page.locator(`.activitybar li.action-item:has(a[aria-label^="${title}"])`);
      if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
      await page.locator('.part.sidebar .composite.title', { hasText: title.toUpperCase() }).waitFor();
    },
    sidebarRow(label, view) {
      const within = view
        ? page
            .locator('.part.sidebar .pane')
            .filter({ has: page.locator('.pane-header', { hasText: new RegExp(`^${escapeRegExp(view)}$`, 'i') }) })
        : page.locator('.part.sidebar');
      return within
        .locator('.monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
    },
    async foldViews(views, folded = true) {
      for (const view of views) {
        const header = page.locator('.part.sidebar .pane-header', { hasText: new RegExp(`^${escapeRegExp(view)}`, 'i') });
        if (((await header.getAttribute('aria-expanded')) === 'true') === folded) await header.click();
      }
    },
    async expand(row) {
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
      await row.and(page.locator('[aria-expanded="true"]')).waitFor();
    },
    async contextMenu(target, title) {
      // A list can re-render between finding the row and the click landing (a view refreshing as the
      // engine changes), and the menu would then be another row's: the row right-clicked is the focused
      // one, so check that it is ours, and try again when it is not.
      for (let attempt = 1; ; attempt++) {
        await target.click({ button: 'right' });
        if ((await target.getAttribute('class'))?.split(' ').includes('focused') ?? true) break;
        await page.keyboard.press('Escape');
        if (attempt === 5) throw new Error(`the context menu kept opening on another row than ${target}`);
      }
      // Away and back, so that pointing at the item is a move the menu sees even where the last one ended.
      await page.mouse.move(0, 0);
      const item = page
        .locator('.context-view .monaco-menu .action-item')
        .filter({ has: page.locator('.action-label', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) });
      // The menu takes a click only once it has settled; pointing at the item and pressing Enter always works.
      await item.hover();
      await page
        .locator('.context-view .monaco-menu .action-item.focused')
        .filter({ has: page.locator('.action-label', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
        .waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.context-view .monaco-menu').waitFor({ state: 'detached' });
    },
    async fromContextMenu(target, title, shows) {
      for (let attempt = 1; ; attempt++) {
        await this.contextMenu(target, title);
        try {
          await shows.waitFor({ timeout: attempt === 3 ? UI_TIMEOUT : 5_000 });
          return;
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
    },
    async answerDialog(text, button) {
      const dialog = page.locator('.monaco-dialog-box', { hasText: text });
      await dialog.locator('.monaco-button', { hasText: new RegExp(`^${escapeRegExp(button)}$`) }).click();
      await dialog.waitFor({ state: 'detached' });
    },
    async step(name, body) {
      try {
        return await body();
      } catch (error) {
        await screenshot(`${name}-failure`).catch(() => undefined);
        // What VS Code told the user by then, toasts that have timed out included (the center lists them).
        await page.keyboard.press('Escape').catch(() => undefined);
        await page.keyboard.press('Control+K').catch(() => undefined);
        await page.keyboard.press('Control+Shift+N').catch(() => undefined);
        await page
          .locator('.notifications-center')
          .waitFor({ timeout: 5_000 })
          .catch(() => undefined);
        const said = await page
          .evaluate(
            "[...document.querySelectorAll('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message')].map((e) => e.textContent).join('\\n')",
          )
          .catch(() => '');
        if (error instanceof Error && said) error.message += `\nnotifications:\n${String(said)}`;
        if (error instanceof Error)
          error.message += `\n(screenshot: ${join(screenshotDir, `${name}-failure.png`)}; code-server log: ${server.log})`;
        throw error;
      }
    },
    screenshot,
    close,
  };
}

/** The 1-based number of the first line of a workspace file whose trimmed text starts with `start`. */
export function lineOf(workspace: string, relativePath: string, start: string): number {
  const index = readFileSync(join(workspace, relativePath), 'utf8')
    .split('\n')
    .findIndex((l) => l.trim().startsWith(start));
  if (index < 0) throw new Error(`${relativePath} has no line starting with ${start}`);
  return index + 1;
}

/** The text of a Monaco view (an editor, the Output panel) as rendered, without the line breaks wrapping adds. */
export async function renderedText(view: Locator): Promise<string> {
  // Monaco reuses line elements as it scrolls, so their order in the page is not the order on screen: sort by position.
  const lines = await view.locator('.view-line').evaluateAll((nodes) =>
    nodes.map((node) => ({
      top: parseFloat((node as unknown as { style: { top: string } }).style.top) || 0,
      text: node.textContent ?? '',
    })),
  );
  return lines
    .sort((a, b) => a.top - b.top)
    .map((line) => line.text)
    .join('\n')
    .replace(/\u00a0/g, ' ');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Text with every run of white space removed, to compare a report with its wrapped rendering. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}
