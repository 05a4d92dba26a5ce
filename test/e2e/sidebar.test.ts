// Flows 3 and 4 in real VS Code, on the Docker Engine npm test starts, with the shop of examples/ as a
// newcomer runs it: Up from the Stacks view (its images are built, api turns healthy, then web starts;
// each service's mounts are under it), Show Logs, the Volumes view (the shop's volume listed, inspected, its files browsed), Down (the
// Volumes view stops showing the removed container), and Remove Volume.
//
// A test run gives the project a unique name, its own image tag and free ports through the copy's
// shop/.env, so that runs can share the engine; `npm run screenshots` runs the example untouched, as
// the stack `shop` the README shows, and refuses to start while the engine has a shop of its own.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freePort, removeProject } from '../helpers/compose';
import { testEngine, TEST_IMAGE, uniqueName } from '../helpers/docker';
import { HELPER_VOLUME_LABEL } from '../../engine/src/volumes/helper';
import type { Locator } from 'playwright-core';
import { until } from '../helpers/until';
import { renderedText, takingScreenshots, useWorkbench, type WorkbenchOptions } from '../helpers/vscode';

const project = takingScreenshots ? 'shop' : uniqueName('dockside-e2e');
const tag = takingScreenshots ? 'dev' : project; // examples/shop/.env says TAG=dev
const volume = `${project}_dbdata`;
const images = ['web', 'api', 'db'].map((service) => `local/shop-${service}:${tag}`);

const { docker } = testEngine();
/** The images this run builds (a screenshot run may find the example's own already there: those stay). */
let imagesBuilt: string[] = [];

before(async () => {
  if (takingScreenshots) {
    const filters = JSON.stringify({ label: ['com.docker.compose.project=shop'] });
    const containers = await docker.listContainers({ all: true, filters });
    const { Volumes } = await docker.listVolumes({ filters: JSON.stringify({ name: [volume] }) });
    if (containers.length > 0 || (Volumes ?? []).some((v) => v.Name === volume))
      throw new Error(
        `npm run screenshots runs examples/shop as the stack "shop", and the engine already has one (or its volume ${volume}): take it down with Down and Remove Volumes… first.`,
      );
  }
  const present = await Promise.all(
    images.map((image) =>
      docker
        .getImage(image)
        .inspect()
        .then(
          () => true,
          () => false,
        ),
    ),
  );
  imagesBuilt = images.filter((_, i) => !present[i]);
});
const workbench = useWorkbench(async (): Promise<WorkbenchOptions> => ({
  files: takingScreenshots
    ? {}
    : {
        'shop/.env': `COMPOSE_PROJECT_NAME=${project}\nREGISTRY=local\nTAG=${tag}\nWEB_PORT=${await freePort()}\nAPI_PORT=${await freePort()}\n`,
      },
  // The helper container that reads volumes: the local test image, since no registry is reached.
  settings: { 'dockside.volumes.helperImage': TEST_IMAGE },
}));
after(async () => {
  await removeProject(docker, project);
  for (const image of imagesBuilt)
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined);
});

/** Screenshots show the views at work, not a tooltip the pointer happens to raise: it rests over the editor. */
async function screenshot(name: string): Promise<void> {
  const vs = workbench();
  await vs.page.mouse.move(1000, 300);
  const hover = vs.page.locator('.workbench-hover');
  await hover.waitFor({ state: 'detached', timeout: 3_000 }).catch(async () => {
    await vs.page.keyboard.press('Escape');
    await hover.waitFor({ state: 'detached' });
  });
  await vs.screenshot(name);
}

async function untilNoHelperUses(name: string): Promise<void> {
  const filters = JSON.stringify({ label: [`${HELPER_VOLUME_LABEL}=${name}`] });
  await until(`no helper container to use ${name}`, async () => (await docker.listContainers({ all: true, filters })).length === 0);
}

test('Up from the Stacks view runs the shop: its images are built and its services turn running, api healthy', { timeout: 240_000 }, () =>
  workbench().step('stacks', async () => {
    const vs = workbench();
    await vs.showViewContainer('Dockside');
    // Stacks and Volumes get the side bar: the ECS and Swarm views, folded, have their own suites.
    await vs.foldViews(['ECS (local)', 'ECS (AWS)', 'Swarm']);
    const stack = vs.sidebarRow(project);
    await stack.waitFor();
    // The progress notification, then the result.
    await vs.fromContextMenu(stack, 'Up', vs.page.locator('.notifications-toasts', { hasText: `stack "${project}"` }));
    await vs.page.locator('.notifications-toasts', { hasText: `Started stack "${project}": 3 containers` }).waitFor({ timeout: 180_000 });
    await vs.expand(stack);
    const service = (name: string) => vs.sidebarRow(name, 'Stacks');
    await service('api').filter({ hasText: 'running · healthy' }).waitFor();
    await service('web').filter({ hasText: 'running' }).waitFor();
    await service('db').filter({ hasText: 'running' }).waitFor();
    // The debug service belongs to a profile Up did not activate.
    await service('debug').filter({ hasText: 'profile debug' }).waitFor();
    await stack.filter({ hasText: '3/3 running' }).waitFor();
    // Under a service, its container's mounts; bind sources read as the Compose files write them. The
    // Volumes view is folded meanwhile, so the Stacks view has the room to show them (the suite after
    // this one unfolds it).
    await vs.foldViews(['Volumes']);
    await vs.expand(service('web'));
    await vs.sidebarRow('./web/static → /www', 'Stacks').filter({ hasText: 'bind · read-only' }).waitFor();
    await vs.expand(service('db'));
    await vs.sidebarRow(`${volume} → /var/lib/db`, 'Stacks').filter({ hasText: 'volume · read-write' }).waitFor();
    await vs.sidebarRow('tmpfs → /run/secrets-cache', 'Stacks').waitFor();
    await vs.sidebarRow('./db_password.txt → /run/secrets/db_password', 'Stacks').waitFor();
    const containers = await docker.listContainers({ filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }) });
    assert.deepEqual(containers.map((c) => c.Labels['com.docker.compose.service']).sort(), ['api', 'db', 'web']);
    assert.deepEqual(
      containers.map((c) => c.State),
      ['running', 'running', 'running'],
    );
    await screenshot('stacks');
    await vs.foldViews(['Volumes'], false);
  }),
);

test('Show Logs follows every service in a terminal: prefixes in their colours, the text as written', { timeout: 60_000 }, () =>
  workbench().step('stack-logs', async () => {
    const vs = workbench();
    const terminal = vs.page.locator('.part.panel .terminal-wrapper.active');
    await vs.fromContextMenu(vs.sidebarRow(project), 'Show Logs', terminal);
    // busybox httpd logs each request on stderr: the api's healthchecks, and a visit to the shop's page.
    const web = (await docker.getContainer(`${project}-web-1`).inspect()).NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort;
    assert.ok(web, 'web publishes no port');
    assert.match(await (await fetch(`http://127.0.0.1:${web}/`)).text(), /<h1>The shop<\/h1>/);
    await terminal.locator('.xterm-rows', { hasText: /api\s*¦\s*\S+ response:200/ }).waitFor();
    await terminal.locator('.xterm-rows', { hasText: /web\s*¦\s*\S+ response:200/ }).waitFor();
    // Each service's prefix has its colour (a class, or a style where xterm adjusts it for contrast); the
    // text after it has none, stderr or not.
    const looks = async (span: Locator) => `${(await span.getAttribute('class')) ?? ''} ${(await span.getAttribute('style')) ?? ''}`.trim();
    const prefix = (service: string) => terminal.locator('.xterm-rows span', { hasText: new RegExp(`^${service}\\s*$`) }).first();
    const [apiLooks, webLooks] = [await looks(prefix('api')), await looks(prefix('web'))];
    assert.notEqual(apiLooks, '', 'the api prefix has no colour');
    assert.notEqual(apiLooks, webLooks, 'api and web are not told apart by colour');
    const texts = terminal.locator('.xterm-rows span', { hasText: 'response:200' });
    assert.ok((await texts.count()) >= 2);
    for (const span of await texts.all()) assert.equal(await looks(span), '', `the text "${await span.textContent()}" is painted`);
    await screenshot('stack-logs');
  }),
);

test("the Volumes view lists the shop's volume; Inspect shows it; its files can be browsed", { timeout: 90_000 }, () =>
  workbench().step('volumes', async () => {
    const vs = workbench();
    const row = vs.sidebarRow(volume);
    await row.filter({ hasText: `in use by ${project}-db-1 (${project})` }).waitFor();

    const editor = vs.page.locator('.editor-group-container.active .monaco-editor').first();
    await vs.fromContextMenu(row, 'Inspect Volume', editor.locator('.view-line', { hasText: `"Name": "${volume}"` }));
    assert.match(await renderedText(editor), /"Driver": "local"/);

    await vs.expand(row);
    await vs.sidebarRow(`${project}-db-1`).filter({ hasText: 'running · /var/lib/db' }).waitFor();
    const files = vs.sidebarRow('Files');
    await vs.expand(files);
    // The db counts its starts in the volume, one date per line.
    const starts = vs.sidebarRow('starts');
    await starts.waitFor();
    await starts.click();
    await vs.page.locator('.tab.active', { hasText: 'starts' }).waitFor();
    await editor
      .locator('.view-line', { hasText: /\d\d:\d\d:\d\d/ })
      .first()
      .waitFor();
    await screenshot('volumes');
  }),
);

test('Down from the Stacks view stops the stack after the confirmation, and the Volumes view follows', { timeout: 90_000 }, () =>
  workbench().step('stack-down', async () => {
    const vs = workbench();
    const user = vs.sidebarRow(`${project}-db-1`);
    await user.filter({ hasText: 'running' }).waitFor();
    await vs.fromContextMenu(vs.sidebarRow(project), 'Down', vs.page.locator('.monaco-dialog-box', { hasText: `"${project}"` }));
    await vs.answerDialog(`"${project}"`, 'Down');
    await vs.page.locator('.notifications-toasts', { hasText: `Stack "${project}" is down` }).waitFor({ timeout: 60_000 });
    // The db container is gone: the Volumes view no longer lists it (running or not) under its volume.
    await user.waitFor({ state: 'detached' });
    await vs.sidebarRow(volume).filter({ hasText: 'unused' }).waitFor();
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
