// Deploying to Amazon ECS from VS Code, against `dockside ecs serve` (no machine here reaches AWS), set as
// dockside.aws.endpointUrl with credentials in the extension host's environment: "Deploy to Amazon ECS…"
// from the explorer's context menu on a Compose file with deploy.replicas: 2 and no network settings asks
// for the cluster, then the subnets, security groups and public IP (listed from the endpoint's EC2), shows
// what would change in a modal, and deploys; the ECS (AWS) view then shows the service with its counts and
// its tasks. A project with profiles and three services asks which profiles and whether one ECS service
// per Compose service. The endpoint's containers are labelled with the run and removed afterwards.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateClusterCommand, DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { removeLabelled, TEST_IMAGE, TEST_LABEL, testEngine, uniqueName } from '../helpers/docker';
import { startEndpoint, type RunningEndpoint } from '../helpers/ecsEndpoint';
import { until } from '../helpers/until';
import { openWorkbench, type Workbench } from '../helpers/vscode';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { docker } = testEngine();
const runId = uniqueName('ecs-aws-e2e');
const project = runId.replace(/[^a-z0-9]/g, '');
const folder = mkdtempSync(join(tmpdir(), 'dockside-ecs-aws-e2e-'));
const cluster = 'e2e';
const credentials = { accessKeyId: 'e2e-local', secretAccessKey: 'e2e-local-secret' };
let endpoint: RunningEndpoint;
let ecs: ECSClient;
let vs: Workbench;

const compose = [
  `name: ${project}`,
  'x-ecs:',
  '  executionRoleArn: arn:aws:iam::ACCOUNT_ID:role/ecsTaskExecutionRole',
  'services:',
  '  web:',
  `    image: ${TEST_IMAGE}`,
  '    command: ["sh", "-c", "echo web is up; exec sleep 3600"]',
  '    stop_grace_period: 2s',
  '    deploy:',
  '      replicas: 2',
  '',
].join('\n');

// A project with profiles and more than one service: the deploy asks which profiles, then the shape.
const shaped = `${project}s`;
const shapedCompose = [
  `name: ${shaped}`,
  'x-ecs:',
  '  executionRoleArn: arn:aws:iam::ACCOUNT_ID:role/ecsTaskExecutionRole',
  'services:',
  ...['api', 'worker', 'debug'].flatMap((name) => [
    `  ${name}:`,
    `    image: ${TEST_IMAGE}`,
    `    command: ["sh", "-c", "echo ${name} is up; exec sleep 3600"]`,
    '    stop_grace_period: 2s',
    ...(name === 'api' ? [] : [`    profiles: [${name === 'worker' ? 'jobs' : 'debug'}]`]),
  ]),
  '',
].join('\n');

before(async () => {
  endpoint = await startEndpoint({
    stateDir: join(folder, 'state'),
    runId,
    cwd: folder,
    args: ['--backoff-ms', '300', '--no-pull', '--stop-tasks'],
  });
  ecs = new ECSClient({ endpoint: endpoint.url, region: 'eu-west-1', credentials });
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  vs = await openWorkbench({
    files: { 'deploy-e2e/compose.yaml': compose, 'deploy-shape/compose.yaml': shapedCompose },
    settings: { 'dockside.aws.endpointUrl': endpoint.url, 'dockside.aws.region': 'eu-west-1' },
    env: {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_CONFIG_FILE: join(folder, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(folder, 'no-credentials'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
});

after(async () => {
  await vs?.close();
  ecs?.destroy();
  await endpoint?.interrupt();
  await removeLabelled(docker, `${TEST_LABEL}=${runId}`);
  rmSync(folder, { recursive: true, force: true });
});

/** The quick pick titled `title`, once it shows. */
async function quickPick(title: string | RegExp) {
  const widget = vs.quickInputTitled(title);
  await widget.waitFor();
  return widget;
}

/** The network of a new awsvpc service, as asked under `title`: the endpoint's one subnet, no group (the VPC default), no public IP. */
async function answerNetwork(title: string | RegExp): Promise<void> {
  const subnets = await quickPick(title);
  await subnets
    .locator('.monaco-list-row', { hasText: /subnet-/ })
    .first()
    .click();
  await vs.page.keyboard.press('Enter');
  const groups = await quickPick(title);
  await groups.locator('.monaco-list-row', { hasText: /sg-/ }).first().waitFor();
  await vs.page.keyboard.press('Enter');
  const publicIp = await quickPick(title);
  await publicIp.locator('.monaco-list-row', { hasText: 'No public IP' }).click();
}

test(
  'Deploy to Amazon ECS… from the explorer: cluster, network asked for, confirmed, deployed; the ECS (AWS) view shows it',
  { timeout: 300_000 },
  () =>
    vs.step('ecs-aws-deploy', async () => {
      const page = vs.page;
      await vs.showViewContainer('Explorer');
      await vs.expand(vs.explorerRow('deploy-e2e'));
      // The menu offers the deploy once VS Code has applied the folder's trust (isWorkspaceTrusted): open it until it does.
      const compose = vs.explorerRow('deploy-e2e/compose.yaml');
      const offered = page.locator('.context-view .monaco-menu .action-label', { hasText: /^Deploy to Amazon ECS…$/ });
      await until(
        'the explorer menu to offer Deploy to Amazon ECS…',
        async () => {
          await compose.click({ button: 'right' });
          const shown = await offered.waitFor({ timeout: 2_000 }).then(
            () => true,
            () => false,
          );
          await page.keyboard.press('Escape');
          return shown;
        },
        60_000,
        0,
      );
      await vs.fromContextMenu(vs.explorerRow('deploy-e2e/compose.yaml'), 'Deploy to Amazon ECS…', page.locator('.quick-input-widget'));

      // The cluster, then the network a new awsvpc service needs.
      const clusters = await quickPick('Deploy to Amazon ECS');
      await clusters.locator('.monaco-list-row', { hasText: cluster }).click();
      await answerNetwork(`Network of the new service ${project}`);

      // What would change, before any change.
      const dialog = page.locator('.monaco-dialog-box', { hasText: `Deploy to cluster ${cluster} in account 000000000000 (eu-west-1)?` });
      await dialog.waitFor({ timeout: 60_000 });
      const shown = await dialog.innerText();
      assert.match(
        shown,
        new RegExp(`Service:\\s+${project} \\(create\\): 2 desired \\(deploy\\.replicas of web\\), FARGATE, subnets subnet-\\w+`),
      );
      assert.match(shown, /\+ containerDefinitions\[web\]/);
      assert.equal(
        (await ecs.send(new DescribeServicesCommand({ cluster, services: [project] }))).services?.[0],
        undefined,
        'nothing changed yet',
      );
      await vs.screenshot('ecs-aws-confirm');
      await vs.answerDialog(`Deploy to cluster ${cluster}`, 'Deploy');

      await page
        .locator('.notifications-toasts', { hasText: `Deployed ${project}:1 to service ${project} in cluster ${cluster}: 2/2 running.` })
        .waitFor({ timeout: 180_000 });
      const deployed = (await ecs.send(new DescribeServicesCommand({ cluster, services: [project] }))).services?.[0];
      assert.deepEqual([deployed?.runningCount, deployed?.desiredCount], [2, 2]);
      // The steps and events went to the output.
      await page
        .locator('.part.panel .view-line', { hasText: `Created service ${project} running ${project}:1 with 2 desired.` })
        .waitFor();

      // The ECS (AWS) view: the cluster, the service with its counts, its two running tasks.
      await vs.showViewContainer('Dockside');
      await vs.foldViews(['Stacks', 'Volumes', 'ECS (local)']);
      await vs.foldViews(['ECS (AWS)'], false);
      await vs
        .sidebarRow('profile')
        .waitFor()
        .catch(() => undefined);
      const clusterRow = vs.sidebarRow(cluster);
      await vs.expand(clusterRow);
      const service = vs.sidebarRow(project);
      await service.filter({ hasText: '2/2 running' }).waitFor({ timeout: 60_000 });
      await vs.expand(service);
      await page
        .locator('.part.sidebar .monaco-list-row', { hasText: new RegExp(`${project}:1 \\w{8}`) })
        .filter({ hasText: 'RUNNING' })
        .nth(1)
        .waitFor();
      await vs.screenshot('ecs-aws-view');
    }),
);

test(
  'from the ECS (AWS) view: Scale… takes the service to 1, Tail Logs shows what a container wrote to CloudWatch Logs, the registered revision converts to Compose',
  { timeout: 180_000 },
  () =>
    vs.step('ecs-aws-actions', async () => {
      const page = vs.page;
      const service = vs.sidebarRow(project);
      const countBox = vs.quickInputTitled(`Desired count for ${project}`);
      await vs.fromContextMenu(service, 'Scale…', countBox);
      await countBox.locator('input').fill('1');
      await page.keyboard.press('Enter');
      // Once the task scaled in has stopped: 1 running, nothing pending.
      await service.filter({ has: page.locator('.label-description', { hasText: /^1\/1 running$/ }) }).waitFor({ timeout: 90_000 });
      assert.equal((await ecs.send(new DescribeServicesCommand({ cluster, services: [project] }))).services?.[0]?.desiredCount, 1);

      const task = page
        .locator('.part.sidebar .monaco-list-row', { hasText: new RegExp(`${project}:1 \\w{8}`) })
        .filter({ hasText: 'RUNNING' })
        .first();
      await vs.expand(task);
      const web = vs.sidebarRow('web').first();
      const logLine = page.locator('.part.panel .view-line', { hasText: 'web is up' });
      await vs.fromContextMenu(web, 'Tail Logs', logLine);
      await vs.screenshot('ecs-aws-logs');

      // The registered revision, back to Compose: a new editor with the service and its image.
      const image = page.locator('.editor-instance .view-line', { hasText: `image: ${TEST_IMAGE}` });
      await vs.fromContextMenu(service, 'Convert to Compose File', image);
      await page.locator('.editor-instance .view-line', { hasText: /^\s*web:$/ }).waitFor();
    }),
);

test(
  'Deploy to Amazon ECS… from the palette, of a Compose project with profiles: the profiles picked, one ECS service per Compose service',
  { timeout: 300_000 },
  () =>
    vs.step('ecs-aws-deploy-shape', async () => {
      const page = vs.page;
      // From the palette this time: it deploys the active editor's Compose file.
      await vs.open('deploy-shape/compose.yaml');
      await vs.runCommand('Dockside: Deploy to Amazon ECS…');

      // The profiles (none active: COMPOSE_PROFILES is unset), each with the services it adds: jobs picked, debug not.
      const profiles = await quickPick('Deploy to Amazon ECS: profiles');
      await profiles.locator('.monaco-list-row', { hasText: 'debug' }).waitFor();
      await profiles.locator('.monaco-list-row', { hasText: 'jobs' }).filter({ hasText: 'worker' }).click();
      await page.keyboard.press('Enter');
      const shape = await quickPick('Deploy to Amazon ECS: services');
      await shape.locator('.monaco-list-row', { hasText: 'One ECS service' }).filter({ hasText: 'api, worker' }).waitFor();
      await shape.locator('.monaco-list-row', { hasText: 'One ECS service per Compose service' }).click();
      const clusters = await quickPick('Deploy to Amazon ECS');
      await clusters.locator('.monaco-list-row', { hasText: cluster }).click();
      await answerNetwork(/^Network of the new service/);

      const dialog = page.locator('.monaco-dialog-box', { hasText: `Deploy to cluster ${cluster} in account 000000000000 (eu-west-1)?` });
      await dialog.waitFor({ timeout: 60_000 });
      const shown = await dialog.innerText();
      for (const name of ['api', 'worker']) assert.match(shown, new RegExp(`Service:\\s+${shaped}-${name} \\(create\\)`), shown);
      assert.doesNotMatch(shown, /debug/, 'a service of a profile not picked is deployed');
      await vs.answerDialog(`Deploy to cluster ${cluster}`, 'Deploy');

      for (const name of ['api', 'worker'])
        await page
          .locator('.notifications-toasts', {
            hasText: `Deployed ${shaped}-${name}:1 to service ${shaped}-${name} in cluster ${cluster}: 1/1 running.`,
          })
          .waitFor({ timeout: 180_000 });
      const services = ['api', 'worker', 'debug'].map((name) => `${shaped}-${name}`);
      const described = await ecs.send(new DescribeServicesCommand({ cluster, services }));
      assert.deepEqual(
        described.services?.map((s) => [s.serviceName, s.runningCount, s.taskDefinition?.split('/').pop()]),
        [
          [`${shaped}-api`, 1, `${shaped}-api:1`],
          [`${shaped}-worker`, 1, `${shaped}-worker:1`],
        ],
      );
      assert.deepEqual(
        described.failures?.map((f) => f.arn?.split('/').pop()),
        [`${shaped}-debug`],
      );
    }),
);

test("the Dockside output channels hold the deploy's steps and never a credential", () => {
  // VS Code keeps each output channel in a log file of the user-data folder.
  const logs = readdirSync(vs.server.dataDir, { recursive: true, encoding: 'utf8' }).filter((f) => /Dockside.*\.log$/.test(f));
  const deployLog = logs.find((f) => f.includes('ECS Deploy'));
  assert.ok(deployLog, `no output log of the deploy among ${logs.join(', ')}`);
  assert.match(readFileSync(join(vs.server.dataDir, deployLog), 'utf8'), new RegExp(`Deployed ${project}:1 to service ${project}`));
  for (const file of logs) {
    const text = readFileSync(join(vs.server.dataDir, file), 'utf8');
    for (const secret of [credentials.accessKeyId, credentials.secretAccessKey])
      assert.ok(!text.includes(secret), `${file} shows a credential`);
  }
});
