// Deploy to Swarm in real VS Code: the extension is pointed (dockside.docker.host) at an engine of the
// suite's own made a single-node Swarm manager (test/helpers/swarmEngine.ts; the shared engine is never
// put in swarm mode). A Compose project of the workspace, written as the examples are (a web service
// serving on a published port, a worker of 2 replicas, an overlay network, a config from a file, a debug
// service of a profile), is deployed from the Stacks view, its profile left out; the Swarm view then
// shows the stack, its services with their running and desired tasks and published port, and the
// worker's tasks; the web service serves. The engine, and everything on it, goes when the suite ends.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { freePort } from '../helpers/compose';
import { TEST_IMAGE, uniqueName } from '../helpers/docker';
import { startSwarmEngine, type SwarmEngine } from '../helpers/swarmEngine';
import { untilServed } from '../helpers/until';
import { UI_TIMEOUT, useWorkbench, type WorkbenchOptions } from '../helpers/vscode';

const project = uniqueName('swarm-e2e');
let engine: SwarmEngine | undefined;
let port = 0;

const compose = (published: number): string => `name: ${project}
services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && cp /etc/site/index.html /www/ && exec httpd -f -p 8080 -h /www"]
    ports:
      - target: 8080
        published: ${published}
        mode: host
    configs:
      - source: page
        target: /etc/site/index.html
    networks: [back]
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    deploy:
      replicas: 2
    networks: [back]
  debug:
    image: ${TEST_IMAGE}
    command: ["sleep", "3600"]
    profiles: [debug]
networks:
  back: {}
configs:
  page:
    file: ./index.html
`;

const workbench = useWorkbench(async (): Promise<WorkbenchOptions> => {
  engine = await startSwarmEngine();
  port = await freePort();
  return {
    files: { 'swarm/compose.yaml': compose(port), 'swarm/index.html': `<h1>served by ${project}</h1>\n` },
    settings: { 'dockside.docker.host': engine.host },
  };
});
after(() => engine?.stop());

test(
  'Deploy to Swarm from the Stacks view: the Swarm view shows the stack, its services running/desired, their tasks',
  { timeout: 240_000 },
  () =>
    workbench().step('swarm-deploy', async () => {
      const vs = workbench();
      await vs.showViewContainer('Dockside');
      // The Stacks and Swarm views get the side bar: the others are folded.
      await vs.foldViews(['Volumes', 'ECS (local)', 'ECS (AWS)']);
      await vs.foldViews(['Swarm'], false);
      // The engine is a manager with no stack yet: the view lists its one node, ready.
      await vs.sidebarRow('Nodes', 'Swarm').filter({ hasText: '1/1 ready' }).waitFor({ timeout: 60_000 });

      const stack = vs.sidebarRow(project, 'Stacks');
      await stack.waitFor({ timeout: 60_000 });
      const nameBox = vs.quickInputTitled('Deploy to Swarm: stack name');
      const profiles = vs.quickInputTitled('Deploy to Swarm: profiles');
      await vs.fromContextMenu(stack, 'Deploy to Swarm…', profiles);
      // The project's one profile, with the service it adds, not picked (COMPOSE_PROFILES is unset): left so.
      await profiles.locator('.monaco-list-row', { hasText: 'debug' }).waitFor();
      await vs.page.keyboard.press('Enter');
      await nameBox.waitFor();
      // The stack is named after the project unless the user says otherwise.
      assert.equal(await nameBox.locator('input').inputValue(), project);
      await vs.page.keyboard.press('Enter');
      await vs.page
        .locator('.notifications-toasts', { hasText: `Stack ${project} is deployed: 2 services (2 created, 0 updated, 0 unchanged).` })
        .waitFor({ timeout: 180_000 });

      // The Swarm view gets the side bar: its list draws only the rows it has room for.
      await vs.foldViews(['Stacks']);
      const deployed = vs.sidebarRow(project, 'Swarm');
      await deployed.filter({ hasText: '2 services · 3/3 tasks' }).waitFor();
      const service = (name: string) => vs.sidebarRow(name, 'Swarm');
      await service('web')
        .filter({ hasText: `1/1 · ${port}→8080/tcp (host)` })
        .waitFor();
      await service('worker').filter({ hasText: '2/2' }).waitFor();
      await vs.expand(service('worker'));
      for (const task of ['worker.1', 'worker.2']) await service(task).filter({ hasText: 'running' }).waitFor();

      // What the view shows is what the engine runs, under the stack's labels, and web serves its page.
      const services = await engine!.docker.listServices({ filters: JSON.stringify({ label: [`com.docker.stack.namespace=${project}`] }) });
      assert.deepEqual(services.map((s) => s.Spec?.Name).sort(), [`${project}_web`, `${project}_worker`]);
      assert.match(await untilServed(`http://127.0.0.1:${port}/`, UI_TIMEOUT), new RegExp(`served by ${project}`));
      await vs.screenshot('swarm');
    }),
);
