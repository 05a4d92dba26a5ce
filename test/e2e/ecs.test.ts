// The 'ECS (local)' view in real VS Code, on the Docker Engine npm test starts: a task definition of the
// workspace runs as a task (its container serves on the published port and unfolds to its mounts), stops
// as the user; then runs as a service of 2 tasks, scales to 1, and stops after the confirmation; a schedule
// shows its next run. Everything is labelled by the task definition's family and removed afterwards.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { removeLabelled, testEngine, TEST_IMAGE, TEST_LABEL, uniqueName } from '../helpers/docker';
import { untilServed } from '../helpers/until';
import { UI_TIMEOUT, useWorkbench } from '../helpers/vscode';

const family = uniqueName('ecs-e2e');
const port = 18_000 + Math.floor(Math.random() * 1000);
const file = `ecs-e2e/web.task-definition.json`;
const definition = {
  family,
  networkMode: 'awsvpc',
  containerDefinitions: [
    {
      name: 'web',
      image: TEST_IMAGE,
      command: [
        'sh',
        '-c',
        `mkdir -p /www && echo served-by-${family} > /www/index.html && echo web-is-up && exec httpd -f -p ${port} -h /www`,
      ],
      portMappings: [{ containerPort: port }],
      linuxParameters: { tmpfs: [{ containerPath: '/scratch', size: 8 }] },
      stopTimeout: 2,
      dockerLabels: { [TEST_LABEL]: family },
    },
  ],
};

const { docker } = testEngine();
const workbench = useWorkbench({
  files: { [file]: JSON.stringify(definition, null, 2) },
  // No registry is reached: the sandbox is the local test image, kept running by sleep.
  settings: { 'dockside.ecs.sandboxImage': TEST_IMAGE, 'dockside.ecs.sandboxCommand': ['sleep', '2147483647'] },
});
after(() => removeLabelled(docker, `com.amazonaws.ecs.task-definition-family=${family}`));

const row = (text: string | RegExp) => workbench().page.locator('.part.sidebar .monaco-list-row').filter({ hasText: text });

/** Opens the sidebar with only ECS (local) expanded: the list draws only the rows it has room for. */
async function openSidebar(): Promise<void> {
  await workbench().showViewContainer('Dockside');
  await workbench().foldViews(['Stacks', 'Volumes']);
}

async function runningTasks(): Promise<number> {
  const filters = JSON.stringify({
    label: [`com.amazonaws.ecs.task-definition-family=${family}`, 'dockside.ecs.role=container'],
    status: ['running'],
  });
  return (await docker.listContainers({ filters })).length;
}

/** Answers the input box titled `title` (waiting for it: the next box reuses the same widget). */
async function answerInput(title: string, value: string): Promise<void> {
  const widget = workbench().quickInputTitled(title);
  await widget.waitFor();
  await widget.locator('input').fill(value);
  await workbench().page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
}

test('Run Task from the view: the task runs, serves on its published port, and stops as the user', { timeout: 180_000 }, () =>
  workbench().step('ecs-task', async () => {
    const vs = workbench();
    await openSidebar();
    const definitionRow = row(family).filter({ hasText: 'web.task-definition.json' });
    await definitionRow.waitFor({ timeout: 60_000 });
    await vs.contextMenu(definitionRow, 'Run Task');
    await vs.page
      .locator('.notifications-toasts', { hasText: new RegExp(`Task ${family}:1 \\w+ is RUNNING`) })
      .waitFor({ timeout: 60_000 });
    const task = row(new RegExp(`${family}:1 \\w{8}`));
    await task.filter({ hasText: 'RUNNING' }).waitFor();
    assert.equal(await runningTasks(), 1);
    // RUNNING is the container started, not yet httpd listening: wait until the port answers.
    assert.match(await untilServed(`http://127.0.0.1:${port}/`, UI_TIMEOUT), new RegExp(`served-by-${family}`));
    await vs.screenshot('ecs-task');

    // Logs per container: the engine's log in an output channel of its own.
    if ((await task.getAttribute('aria-expanded')) !== 'true') await task.locator('.monaco-tl-twistie').click();
    const web = row(/^web/).filter({ hasText: `127.0.0.1:${port}→${port}/tcp` });
    // The container unfolds to its mounts, as a stack's do in the Stacks view.
    await vs.expand(web);
    await row('tmpfs → /scratch').filter({ hasText: 'tmpfs · read-write · size=8m' }).waitFor();
    await vs.contextMenu(web, 'Logs');
    await vs.page.locator('.part.panel .view-line', { hasText: 'web-is-up' }).waitFor();

    await vs.contextMenu(task, 'Stop Task');
    await task.filter({ hasText: 'STOPPED — Task stopped by user' }).waitFor({ timeout: 60_000 });
    assert.equal(await runningTasks(), 0);
    await vs.contextMenu(task, 'Remove Task');
    await task.waitFor({ state: 'detached' });
  }),
);

test('Run as Service keeps 2 tasks, Scale takes it to 1, Stop Service asks first', { timeout: 180_000 }, () =>
  workbench().step('ecs-service', async () => {
    const vs = workbench();
    const definitionRow = row(family).filter({ hasText: 'web.task-definition.json' });
    await vs.contextMenu(definitionRow, 'Run as Service…');
    await answerInput('Service name', `${family}-svc`);
    await answerInput(`Desired count for ${family}-svc`, '2');
    const service = row(`${family}-svc`);
    await service.filter({ hasText: '2/2 running' }).waitFor({ timeout: 60_000 });
    assert.equal(await runningTasks(), 2);
    await vs.screenshot('ecs-service');

    await vs.contextMenu(service, 'Scale…');
    await answerInput(`Desired count for ${family}-svc`, '1');
    await service.filter({ hasText: '1/1 running' }).waitFor({ timeout: 60_000 });

    await vs.contextMenu(service, 'Stop Service');
    await vs.answerDialog(`Stop service ${family}-svc?`, 'Cancel');
    assert.equal(await runningTasks(), 1, 'cancelling keeps the service');
    await vs.contextMenu(service, 'Stop Service');
    await vs.answerDialog(`Stop service ${family}-svc?`, 'Stop Service');
    await service.waitFor({ state: 'detached', timeout: 60_000 });
    assert.equal(await runningTasks(), 0);
  }),
);

test('Schedule… offers presets and shows the next run', { timeout: 60_000 }, () =>
  workbench().step('ecs-schedule', async () => {
    const vs = workbench();
    await vs.contextMenu(row(family).filter({ hasText: 'web.task-definition.json' }), 'Schedule…');
    await vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'rate(5 minutes)' }).click();
    const schedule = row(`${family} rate(5 minutes)`);
    await schedule.filter({ hasText: /next in [45] minutes/ }).waitFor();
    await vs.screenshot('ecs-schedule');
    await vs.contextMenu(schedule, 'Stop Schedule');
    await schedule.waitFor({ state: 'detached' });
  }),
);
