// Flows 3 and 4 in real VS Code, on the Docker Engine npm test starts: run a stack from the Dockside
// sidebar (Up, its services turn running and healthy, Logs, Down), and the Volumes view (the stack's
// volume listed, inspected, its files browsed, removed after the confirmation). The stack is a small one
// on the local test image, under a unique project name, labelled so that whatever a failed run leaves
// on the engine is removed afterwards.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { removeLabelled, testEngine, TEST_IMAGE, TEST_LABEL, uniqueName } from '../helpers/docker';
import { HELPER_VOLUME_LABEL } from '../../engine/src/volumes/helper';
import { until } from '../helpers/until';
import { renderedText, useWorkbench } from '../helpers/vscode';

const project = uniqueName('dockside-e2e');
const volume = `${project}_data`;
const label = `${TEST_LABEL}: ${project}`;
const stackFile = `sidebar/compose.yaml`;
// web writes a file into its volume and is healthy once the file is there; worker waits for that.
const compose = `name: ${project}
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; echo 'kept in a volume' > /data/greeting.txt; echo web is up; while true; do sleep 1 & wait $$!; done"]
    volumes: [data:/data]
    healthcheck:
      test: ["CMD", "test", "-f", "/data/greeting.txt"]
      interval: 1s
      timeout: 2s
      retries: 5
    labels:
      ${label}
  worker:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; echo worker is up; while true; do echo working; sleep 1 & wait $$!; done"]
    depends_on:
      web:
        condition: service_healthy
    labels:
      ${label}
volumes:
  data:
    labels:
      ${label}
`;

const { docker } = testEngine();
const workbench = useWorkbench({
  files: { [stackFile]: compose },
  // The helper container that reads volumes: the local test image, since no registry is reached.
  settings: { 'dockside.volumes.helperImage': TEST_IMAGE },
});
after(() => removeLabelled(docker, `${TEST_LABEL}=${project}`));

async function untilNoHelperUses(name: string): Promise<void> {
  const filters = JSON.stringify({ label: [`${HELPER_VOLUME_LABEL}=${name}`] });
  await until(`no helper container to use ${name}`, async () => (await docker.listContainers({ all: true, filters })).length === 0);
}

test('Up from the Stacks view runs the stack: its services turn running and healthy', { timeout: 180_000 }, () =>
  workbench().step('stacks', async () => {
    const vs = workbench();
    await vs.showViewContainer('Dockside');
    const stack = vs.sidebarRow(project);
    await stack.waitFor();
    // The progress notification, then the result.
    await vs.fromContextMenu(stack, 'Up', vs.page.locator('.notifications-toasts', { hasText: `stack "${project}"` }));
    await vs.page.locator('.notifications-toasts', { hasText: `Started stack "${project}": 2 containers` }).waitFor({ timeout: 90_000 });
    await vs.expand(stack);
    await vs.sidebarRow('web').filter({ hasText: 'running · healthy' }).waitFor({ timeout: 60_000 });
    await vs.sidebarRow('worker').filter({ hasText: 'running' }).waitFor();
    await stack.filter({ hasText: '2/2 running' }).waitFor();
    const containers = await docker.listContainers({ filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }) });
    assert.deepEqual(containers.map((c) => c.State).sort(), ['running', 'running']);
    await vs.screenshot('stacks');
  }),
);

test('Show Logs follows every service of the stack in a terminal', { timeout: 60_000 }, () =>
  workbench().step('stack-logs', async () => {
    const vs = workbench();
    const terminal = vs.page.locator('.part.panel .terminal-wrapper.active');
    await vs.fromContextMenu(vs.sidebarRow(project), 'Show Logs', terminal);
    // Each line is prefixed with its service; "working" is printed every second.
    await terminal.locator('.xterm-rows', { hasText: /worker\s*\|\s*working/ }).waitFor();
    await terminal.locator('.xterm-rows', { hasText: /web\s*\|\s*web is up/ }).waitFor();
    await vs.screenshot('stack-logs');
  }),
);

test("the Volumes view lists the stack's volume; Inspect shows it; its files can be browsed", { timeout: 90_000 }, () =>
  workbench().step('volumes', async () => {
    const vs = workbench();
    const row = vs.sidebarRow(volume);
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', new RegExp(`${project}`));

    const editor = vs.page.locator('.editor-group-container.active .monaco-editor').first();
    await vs.fromContextMenu(row, 'Inspect Volume', editor.locator('.view-line', { hasText: `"Name": "${volume}"` }));
    assert.match(await renderedText(editor), /"Driver": "local"/);

    await vs.expand(row);
    const files = vs.sidebarRow('Files');
    await vs.expand(files);
    const greeting = vs.sidebarRow('greeting.txt');
    await greeting.waitFor();
    await greeting.click();
    await vs.page.locator('.tab.active', { hasText: 'greeting.txt' }).waitFor();
    await editor.locator('.view-line', { hasText: 'kept in a volume' }).waitFor();
    await vs.screenshot('volumes');
  }),
);

test('Down from the Stacks view stops the stack after the confirmation', { timeout: 90_000 }, () =>
  workbench().step('stack-down', async () => {
    const vs = workbench();
    await vs.fromContextMenu(vs.sidebarRow(project), 'Down', vs.page.locator('.monaco-dialog-box', { hasText: `"${project}"` }));
    await vs.answerDialog(`"${project}"`, 'Down');
    await vs.page.locator('.notifications-toasts', { hasText: `Stack "${project}" is down` }).waitFor({ timeout: 60_000 });
    await vs.sidebarRow(project).filter({ hasText: 'not running' }).waitFor();
    const containers = await docker.listContainers({
      all: true,
      filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
    });
    assert.deepEqual(containers, []);
    // Down keeps volumes.
    assert.equal((await docker.getVolume(volume).inspect()).Name, volume);
  }),
);

test('Remove Volume deletes the volume once confirmed, and not before', { timeout: 60_000 }, () =>
  workbench().step('volume-remove', async () => {
    const vs = workbench();
    const row = vs.sidebarRow(volume);
    // While its Files folder is open the view keeps re-reading it through short-lived helper containers
    // (each helper's own engine events refresh the view), and Remove refuses while one exists ("in use
    // by <helper> (stopped)"): a known fault of the Volumes view. Close the folder and let the last
    // helper go before removing.
    const files = vs.sidebarRow('Files');
    if ((await files.getAttribute('aria-expanded')) === 'true') await files.locator('.monaco-tl-twistie').click();
    await untilNoHelperUses(volume);
    // Cancelling the confirmation keeps the volume.
    const confirmation = vs.page.locator('.monaco-dialog-box', { hasText: `Delete volume "${volume}"?` });
    await vs.fromContextMenu(row, 'Remove Volume…', confirmation);
    await vs.answerDialog(`Delete volume "${volume}"?`, 'Cancel');
    assert.equal((await docker.getVolume(volume).inspect()).Name, volume);

    await vs.fromContextMenu(row, 'Remove Volume…', confirmation);
    await vs.answerDialog(`Delete volume "${volume}"?`, 'Delete Volume');
    await row.waitFor({ state: 'detached' });
    const { Volumes } = await docker.listVolumes({ filters: JSON.stringify({ name: [volume] }) });
    assert.deepEqual(
      (Volumes ?? []).map((v) => v.Name).filter((n) => n === volume),
      [],
    );
  }),
);
